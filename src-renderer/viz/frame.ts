/**
 * The frame every plot shows: the live snapshot, or a recorded one while the user scrubs back
 * in time. Recorded frames carry only weights; their grid and predictions are rebuilt once and
 * cached.
 */
import { useMemo } from 'react';
import { buildDataset, type Dataset } from '../../src-shared/datasets';
import { buildFrame, forwardNetwork, parametersAreFinite } from '../../src-shared/engine/frame';
import type { Model } from '../../src-shared/engine/model';
import type { LayerParameters } from '../../src-shared/engine/network';
import { inputStats, resolveSlice, type InputStats, type PlaneSlice, type ResolvedSlice } from '../../src-shared/engine/slice';
import type { Plan } from '../../src-shared/network/compile';
import type { Snapshot } from '../../src-shared/protocol/engine';
import { checkSetup } from '../../src-shared/setup-check';
import type { ExperimentSetup } from '../../src-shared/setup';
import type { RecordedFrame } from '../store/recorder';
import { useTrainingStore } from '../store/training';

export interface DisplayedFrame extends Snapshot {
  /** False while scrubbed back to a recorded frame. */
  live: boolean;
}

const DEFAULT_RESOLUTION = 48;
/** A recorded frame rebuilt, for the slice it was rebuilt over. */
const rebuilt = new WeakMap<RecordedFrame, { slice: PlaneSlice | null; shown: DisplayedFrame }>();

export function useDisplayedFrame(): DisplayedFrame | null {
  const snapshot = useTrainingStore((s) => s.snapshot);
  const scrubIndex = useTrainingStore((s) => s.scrubIndex);
  const frames = useTrainingStore((s) => s.frames);
  const setup = useTrainingStore((s) => s.loadedSetup);
  const slice = useTrainingStore((s) => s.slice);
  const frame = scrubIndex === null ? null : frames[scrubIndex];
  return useMemo(() => {
    const loaded = setup ? loadedOf(setup) : null;
    if (!frame || !loaded) return snapshot ? { ...snapshot, live: true } : null;
    const cached = rebuilt.get(frame);
    if (cached?.slice === slice) return cached.shown;
    const resolution = snapshot?.grid?.resolution ?? DEFAULT_RESOLUTION;
    // Re-evaluating a small network is a millisecond of work, done only when the user scrubs.
    const replayed = parametersAreFinite(frame.parameters)
      ? buildFrame(forwardNetwork(loaded.plan, frame.parameters), loaded.dataset, resolution, sliceOf(loaded, slice))
      : { predictions: [] };
    const shown = { ...frame, ...replayed, live: false };
    rebuilt.set(frame, { slice, shown });
    return shown;
  }, [frame, snapshot, setup, slice]);
}

interface Loaded {
  plan: Plan;
  dataset: Dataset;
  /** For more than two inputs: each input's mean and range, for slices. */
  stats: InputStats | null;
}

/** The slice a loaded task's grids span for the user's choice (as the engine resolves it). */
function sliceOf(loaded: Loaded, slice: PlaneSlice | null): ResolvedSlice | undefined {
  return loaded.stats ? resolveSlice(loaded.dataset, loaded.stats, slice) : undefined;
}

const loadedSetups = new WeakMap<ExperimentSetup, Loaded | null>();

/** The loaded setup's compiled plan, or null when it does not compile. */
export function planOf(setup: ExperimentSetup | null): Plan | null {
  return (setup && loadedOf(setup)?.plan) ?? null;
}

/** The loaded setup's plan and data, built once per setup (the engine has its own copy). */
function loadedOf(setup: ExperimentSetup): Loaded | null {
  if (loadedSetups.has(setup)) return loadedSetups.get(setup) ?? null;
  const compiled = checkSetup(setup).compiled;
  let loaded: Loaded | null = null;
  if (compiled.ok) {
    const dataset = buildDataset(setup.task, compiled.plan.outputSize);
    loaded = { plan: compiled.plan, dataset, stats: dataset.inputSize > 2 ? inputStats(dataset) : null };
  }
  loadedSetups.set(setup, loaded);
  return loaded;
}

const probes = new WeakMap<readonly LayerParameters[], Model>();

/**
 * The network of the frame on show, for reading its output at any point of the plane (the
 * boundary's hover readout), in the network's units; for more than two inputs, at a point of
 * `slice` (the grid's). Built once per set of weights, only when asked.
 */
export function probeOf(
  setup: ExperimentSetup | null,
  parameters: readonly LayerParameters[],
  slice?: PlaneSlice,
): ((x: number, y: number) => Float64Array) | null {
  const loaded = setup ? loadedOf(setup) : null;
  if (!loaded || !parametersAreFinite(parameters)) return null;
  const width = loaded.plan.inputSize;
  if (width !== 2 && slice?.values.length !== width) return null;
  return (x, y) => {
    let network = probes.get(parameters);
    if (!network) probes.set(parameters, (network = forwardNetwork(loaded.plan, parameters)));
    const row = slice ? Float64Array.from(slice.values) : new Float64Array(2);
    const [ax, ay] = slice ? slice.axes : [0, 1];
    row[ax] = x;
    row[ay] = y;
    return network.predict(row, 1);
  };
}

/** The loaded task's inputs' means and ranges (more than two inputs), for the slice's sliders. */
export function statsOf(setup: ExperimentSetup | null): InputStats | null {
  return (setup && loadedOf(setup)?.stats) ?? null;
}
