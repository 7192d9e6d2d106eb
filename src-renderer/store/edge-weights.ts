/**
 * The weights the canvas paints its connections with, keyed by the design node the weights lead
 * into (the layer's nodeId); each connection then draws its neuron-to-neuron lines with the
 * weight's colour and thickness. They follow the frame on show — the live snapshot, or the one
 * being scrubbed to — so the graph takes the same colours as the heatmaps. Empty (no run, stale
 * weights, a diverged run): connections are drawn in a neutral colour.
 */
import { create, type StoreApi } from 'zustand';
import type { TrainingState } from './training';

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

function shownParameters(s: TrainingState) {
  // Stale weights do not fit the design; a diverged run's last ones mean nothing.
  if (s.stale || (s.engineState === 'diverged' && s.scrubIndex === null)) return null;
  const frame = s.scrubIndex === null ? s.snapshot : s.frames[s.scrubIndex];
  return frame?.parameters ?? null;
}

/** Keeps the edge weights on the frame the training store shows; returns the function that stops. */
export function startEdgeWeightSync(training: StoreApi<TrainingState>): () => void {
  let shown: ReturnType<typeof shownParameters> = null;
  const push = (s: TrainingState): void => {
    const parameters = shownParameters(s);
    if (parameters === shown) return;
    shown = parameters;
    const finite = parameters?.every((p) => p.W.every(Number.isFinite));
    if (!parameters || !finite || parameters.length !== s.layers.length) {
      useEdgeWeights.getState().clear();
      return;
    }
    const byTarget: Record<string, EdgeWeights> = {};
    s.layers.forEach((layer, i) => {
      byTarget[layer.nodeId] = { W: parameters[i].W, fanIn: layer.inSize, fanOut: layer.outSize };
    });
    useEdgeWeights.getState().setWeights(byTarget);
  };
  push(training.getState());
  return training.subscribe(push);
}
