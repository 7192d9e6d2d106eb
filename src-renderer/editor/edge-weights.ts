/**
 * The weights the canvas paints its connections with. The training side writes the latest
 * snapshot's weights here, keyed by the design node the weights lead into (the layer's nodeId);
 * each connection then draws its neuron-to-neuron lines with the weight's colour and thickness.
 * Empty (no run yet): connections are drawn in a neutral colour.
 */
import { create } from 'zustand';

export interface EdgeWeights {
  /** fan_in × fan_out, row-major (the engine's LayerParameters.W). */
  W: ArrayLike<number>;
  fanIn: number;
  fanOut: number;
}

export interface EdgeWeightsState {
  /** Keyed by the id of the layer the weights lead into. */
  byTarget: Readonly<Record<string, EdgeWeights>>;
  /** The largest |w| over all layers, so thickness compares across connections. */
  maxAbs: number;
  setWeights(byTarget: Record<string, EdgeWeights>): void;
  clear(): void;
}

export const useEdgeWeights = create<EdgeWeightsState>()((set) => ({
  byTarget: {},
  maxAbs: 0,
  setWeights(byTarget) {
    let maxAbs = 0;
    for (const layer of Object.values(byTarget)) {
      for (let i = 0; i < layer.W.length; i++) maxAbs = Math.max(maxAbs, Math.abs(layer.W[i]));
    }
    set({ byTarget, maxAbs });
  },
  clear() {
    set({ byTarget: {}, maxAbs: 0 });
  },
}));
