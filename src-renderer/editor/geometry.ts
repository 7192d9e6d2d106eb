/**
 * Where a layer node draws its parts. Shared by the node (which draws them), the edges (which fan
 * out from each neuron) and the layout (which lines up layers of different heights), so all three
 * agree for every kind: the rows a node has follow from its kind's fields, not from its name.
 */
import { isNodeType, kindOf, type Params } from '../../src-shared/layers';
import type { NodeFacts } from '../../src-shared/network/compile';
import type { DesignNode } from '../../src-shared/network/design';
import { nodeFields } from './kinds';

export const NODE_WIDTH = 156;
/** Title row above the neurons. */
export const NODE_HEADER = 40;
/** The row of settings edited on the node itself (units, activation, rate), for kinds that have one. */
export const NODE_CONTROLS = 44;
/** One line per setting shown but not edited on the node (the Output's loss). */
export const NODE_TEXT_ROW = 18;
/** The line with the node's width and parameter count. */
export const NODE_FACTS = 22;
export const NEURON_SLOT = 22;
export const NEURON_RADIUS = 7;
export const NEURON_PAD = 8;
/** Most neurons drawn one by one; beyond it the last slot reads "+N". */
export const MAX_DRAWN_NEURONS = 8;

export interface NeuronColumn {
  /** Neurons drawn as circles. */
  drawn: number;
  /** Neurons summarised as "+N" in the last slot (0 when all are drawn). */
  hidden: number;
  slots: number;
}

export function neuronColumn(units: number | null): NeuronColumn {
  const n = units !== null && Number.isFinite(units) ? Math.max(0, Math.floor(units)) : 0;
  if (n <= MAX_DRAWN_NEURONS) return { drawn: n, hidden: 0, slots: Math.max(1, n) };
  return { drawn: MAX_DRAWN_NEURONS - 1, hidden: n - (MAX_DRAWN_NEURONS - 1), slots: MAX_DRAWN_NEURONS };
}

/** Height of the neuron area. */
export function neuronAreaHeight(units: number | null): number {
  return neuronColumn(units).slots * NEURON_SLOT + 2 * NEURON_PAD;
}

/** Centre of neuron `i`, measured from the node's top edge. */
export function neuronY(i: number): number {
  return NODE_HEADER + NEURON_PAD + i * NEURON_SLOT + NEURON_SLOT / 2;
}

/** Where the connecting handles sit: the middle of the neuron column. */
export function handleY(units: number | null): number {
  return NODE_HEADER + neuronAreaHeight(units) / 2;
}

/**
 * How many neurons a node draws: its width as the compiler inferred it, else its own `units`
 * setting (a Dense layer not connected yet), else unknown (null: one "?" slot).
 */
export function displayWidth(node: Pick<DesignNode, 'params'>, facts: NodeFacts | undefined): number | null {
  if (facts?.width != null) return facts.width;
  const units = (node.params as Params).units;
  return typeof units === 'number' && Number.isFinite(units) ? units : null;
}

/** The node's height, and where its handles sit, before the browser measures it (layout needs both up front). */
export function nodeMetrics(node: Pick<DesignNode, 'type' | 'params'>, width: number | null): { height: number; anchor: number } {
  const kind = isNodeType(node.type) ? kindOf(node.type) : null;
  const fields = kind ? nodeFields(kind, node.params as Params) : { inline: [], shown: [] };
  const height = NODE_HEADER + neuronAreaHeight(width) + (fields.inline.length > 0 ? NODE_CONTROLS : 0) + fields.shown.length * NODE_TEXT_ROW + NODE_FACTS;
  return { height, anchor: handleY(width) };
}

/** The layout's measure for a design whose facts are known. */
export function measureWith(facts: Readonly<Record<string, NodeFacts>>): (node: DesignNode) => { height: number; anchor: number } {
  return (node) => nodeMetrics(node, displayWidth(node, facts[node.id]));
}
