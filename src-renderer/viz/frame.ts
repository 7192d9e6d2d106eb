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
const rebuilt = new WeakMap<RecordedFrame, DisplayedFrame>();

export function useDisplayedFrame(): DisplayedFrame | null {
  const snapshot = useTrainingStore((s) => s.snapshot);
  const scrubIndex = useTrainingStore((s) => s.scrubIndex);
  const frames = useTrainingStore((s) => s.frames);
  const setup = useTrainingStore((s) => s.loadedSetup);
  const frame = scrubIndex === null ? null : frames[scrubIndex];
  return useMemo(() => {
    const loaded = setup ? loadedOf(setup) : null;
    if (!frame || !loaded) return snapshot ? { ...snapshot, live: true } : null;
    let shown = rebuilt.get(frame);
    if (!shown) {
      const resolution = snapshot?.grid?.resolution ?? DEFAULT_RESOLUTION;
      // Re-evaluating a small network is a millisecond of work, done only when the user scrubs.
      const replayed = parametersAreFinite(frame.parameters) ? buildFrame(forwardNetwork(loaded.plan, frame.parameters), loaded.dataset, resolution) : { predictions: [] };
      shown = { ...frame, ...replayed, live: false };
      rebuilt.set(frame, shown);
    }
    return shown;
  }, [frame, snapshot, setup]);
}

const loadedSetups = new WeakMap<ExperimentSetup, { plan: Plan; dataset: Dataset } | null>();

/** The loaded setup's compiled plan, or null when it does not compile. */
export function planOf(setup: ExperimentSetup | null): Plan | null {
  return (setup && loadedOf(setup)?.plan) ?? null;
}

/** The loaded setup's plan and data, built once per setup (the engine has its own copy). */
function loadedOf(setup: ExperimentSetup): { plan: Plan; dataset: Dataset } | null {
  if (loadedSetups.has(setup)) return loadedSetups.get(setup) ?? null;
  const compiled = checkSetup(setup).compiled;
  const loaded = compiled.ok ? { plan: compiled.plan, dataset: buildDataset(setup.task, compiled.plan.outputSize) } : null;
  loadedSetups.set(setup, loaded);
  return loaded;
}

const probes = new WeakMap<readonly LayerParameters[], Model>();

/**
 * The network of the frame on show, for reading its output at any point of the plane (the
 * boundary's hover readout): built once per set of weights, only when asked.
 */
export function probeOf(setup: ExperimentSetup | null, parameters: readonly LayerParameters[]): ((x: number, y: number) => Float64Array) | null {
  const loaded = setup ? loadedOf(setup) : null;
  if (!loaded || loaded.plan.inputSize !== 2 || !parametersAreFinite(parameters)) return null;
  return (x, y) => {
    let network = probes.get(parameters);
    if (!network) probes.set(parameters, (network = forwardNetwork(loaded.plan, parameters)));
    return network.predict(Float64Array.of(x, y), 1);
  };
}
