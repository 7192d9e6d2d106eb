/**
 * The frame every plot shows: the live snapshot, or a recorded one while the user scrubs back
 * in time. Recorded frames carry only weights; their grid and predictions are rebuilt once and
 * cached.
 */
import { useMemo } from 'react';
import { buildDataset, type Dataset } from '../../src-shared/datasets';
import { buildFrame, forwardNetwork, parametersAreFinite } from '../../src-shared/engine/frame';
import type { Snapshot } from '../../src-shared/protocol/engine';
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
  const layers = useTrainingStore((s) => s.layers);
  const setup = useTrainingStore((s) => s.loadedSetup);
  const frame = scrubIndex === null ? null : frames[scrubIndex];
  return useMemo(() => {
    if (!frame || !setup || layers.length === 0) return snapshot ? { ...snapshot, live: true } : null;
    let shown = rebuilt.get(frame);
    if (!shown) {
      const resolution = snapshot?.grid?.resolution ?? DEFAULT_RESOLUTION;
      // Re-evaluating a small network is a millisecond of work, done only when the user scrubs.
      const replayed = parametersAreFinite(frame.parameters) ? buildFrame(forwardNetwork(layers, frame.parameters), datasetOf(setup), resolution) : { predictions: [] };
      shown = { ...frame, ...replayed, live: false };
      rebuilt.set(frame, shown);
    }
    return shown;
  }, [frame, snapshot, layers, setup]);
}

const datasets = new WeakMap<ExperimentSetup, Dataset>();

/** The loaded setup's data, built once per setup (the engine has its own copy). */
function datasetOf(setup: ExperimentSetup): Dataset {
  let d = datasets.get(setup);
  if (!d) datasets.set(setup, (d = buildDataset(setup.task)));
  return d;
}
