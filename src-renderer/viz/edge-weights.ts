/**
 * Feeds the editor's canvas the weights on show: the live snapshot, or the frame being scrubbed
 * to, so the graph's connections take the same colours as the heatmaps. Cleared when there are no
 * weights to show or the design has changed since the run was loaded (they would not fit it).
 */
import { useEdgeWeights, type EdgeWeights } from '../editor/edge-weights';
import type { StoreApi } from 'zustand';
import type { TrainingState } from '../store/training';

function shownParameters(s: TrainingState) {
  // Stale weights do not fit the design; a diverged run's last ones mean nothing.
  if (s.stale || (s.engineState === 'diverged' && s.scrubIndex === null)) return null;
  const frame = s.scrubIndex === null ? s.snapshot : s.frames[s.scrubIndex];
  return frame?.parameters ?? null;
}

export function startEdgeWeightSync(store: StoreApi<TrainingState>): () => void {
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
  push(store.getState());
  return store.subscribe(push);
}
