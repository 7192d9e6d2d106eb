/**
 * Where a layer node draws its neurons. Shared by the node (which draws them), the edges (which
 * fan out from each neuron) and the layout (which centres layers of different heights).
 */
import { unitsOf, type DesignNode } from '../../src-shared/network/design';

export const NODE_WIDTH = 156;
/** Title row above the neurons. */
export const NODE_HEADER = 40;
/** Controls row (units, activation) below the neurons. */
export const NODE_FOOTER = 44;
/** The width and parameter count under the controls. */
export const NODE_FACTS = 18;
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

export function neuronColumn(units: number): NeuronColumn {
  const n = Number.isFinite(units) ? Math.max(0, Math.floor(units)) : 0;
  if (n <= MAX_DRAWN_NEURONS) return { drawn: n, hidden: 0, slots: Math.max(1, n) };
  return { drawn: MAX_DRAWN_NEURONS - 1, hidden: n - (MAX_DRAWN_NEURONS - 1), slots: MAX_DRAWN_NEURONS };
}

/** Height of the neuron area. */
export function neuronAreaHeight(units: number): number {
  return neuronColumn(units).slots * NEURON_SLOT + 2 * NEURON_PAD;
}

/** Centre of neuron `i`, measured from the node's top edge. */
export function neuronY(i: number): number {
  return NODE_HEADER + NEURON_PAD + i * NEURON_SLOT + NEURON_SLOT / 2;
}

/** Where the connecting handles sit: the middle of the neuron column. */
export function handleY(units: number): number {
  return NODE_HEADER + neuronAreaHeight(units) / 2;
}

/** The node's height before the browser measures it (the layout needs it up front). */
export function nodeHeight(node: DesignNode): number {
  return NODE_HEADER + neuronAreaHeight(unitsOf(node) ?? 1) + NODE_FOOTER + NODE_FACTS + (node.type === 'output' ? 18 : 0);
}
