/**
 * Which neuron of a layer each line of a connection leaves from and lands on. Into a layer with
 * weights every neuron feeds every neuron (one line per weight); into a layer without, each value
 * goes to one neuron: the same one (Add, Activation, Dropout), or, where the layer puts its inputs
 * side by side (Concatenate: its width is the sum of theirs), the column this input starts at.
 */
import type { NodeFacts } from '../../src-shared/network/compile';
import type { DesignEdge } from '../../src-shared/network/design';

export type LinePattern = { kind: 'full' } | { kind: 'one-to-one'; offset: number };

export function linePattern(
  edge: Pick<DesignEdge, 'id' | 'target'>,
  edges: readonly DesignEdge[],
  facts: Readonly<Record<string, NodeFacts>>,
  targetHasWeights: boolean,
): LinePattern {
  if (targetHasWeights) return { kind: 'full' };
  const inputs = edges.filter((e) => e.target === edge.target);
  const widths = inputs.map((e) => facts[e.source]?.width ?? null);
  const width = facts[edge.target]?.width ?? null;
  const sideBySide = inputs.length > 1 && width !== null && widths.every((w) => w !== null) && width === widths.reduce<number>((a, b) => a + (b ?? 0), 0);
  if (!sideBySide) return { kind: 'one-to-one', offset: 0 };
  let offset = 0;
  for (let k = 0; k < inputs.length && inputs[k].id !== edge.id; k++) offset += widths[k] ?? 0;
  return { kind: 'one-to-one', offset };
}

/** The pairs (source neuron, target neuron) to draw among the neurons each side draws. */
export function linePairs(pattern: LinePattern, drawnIn: number, drawnOut: number): [number, number][] {
  const pairs: [number, number][] = [];
  if (pattern.kind === 'full') {
    for (let i = 0; i < drawnIn; i++) for (let j = 0; j < drawnOut; j++) pairs.push([i, j]);
    return pairs;
  }
  for (let i = 0; i < drawnIn; i++) if (i + pattern.offset < drawnOut) pairs.push([i, i + pattern.offset]);
  return pairs;
}
