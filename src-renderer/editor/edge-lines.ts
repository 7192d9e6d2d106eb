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

/** The part of a layer's neuron layout that says where its neurons sit: how many, how many across. */
export interface LineEnds {
  shown: number;
  columns: number;
}

/**
 * One line of a connection on the canvas: from a row of the source's neurons to a row of the
 * target's. Between two columns of neurons a line is one neuron to one neuron, so it names that
 * weight (fan-in index, fan-out index); into or out of a grid a line stands for the neurons of a
 * row, several weights, and names none.
 */
export interface RowLine {
  from: number;
  to: number;
  weight: [number, number] | null;
}

/** The lines to draw between the neurons each side draws, a row to a row, each pair once. */
export function rowLines(pattern: LinePattern, from: LineEnds, to: LineEnds): RowLine[] {
  const single = from.columns === 1 && to.columns === 1;
  const rowsOf = (e: LineEnds): number => Math.ceil(e.shown / e.columns);
  const lines: RowLine[] = [];
  if (pattern.kind === 'full') {
    for (let a = 0; a < rowsOf(from); a++) for (let b = 0; b < rowsOf(to); b++) lines.push({ from: a, to: b, weight: single ? [a, b] : null });
    return lines;
  }
  const seen = new Set<number>();
  for (let i = 0; i < from.shown && i + pattern.offset < to.shown; i++) {
    const a = Math.floor(i / from.columns);
    const b = Math.floor((i + pattern.offset) / to.columns);
    const key = a * 65536 + b;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push({ from: a, to: b, weight: null });
  }
  return lines;
}
