/**
 * The frame every plot shows: the live snapshot, or a recorded one while the user scrubs back
 * in time. Recorded frames carry only weights; their grid and predictions are rebuilt once and
 * cached.
 */
import { useMemo } from 'react';
import type { Snapshot } from '../../src-shared/protocol/engine';
import { useTrainingStore } from '../store/training';
import type { RecordedFrame } from '../training/recorder';
import { datasetOf, parametersAreFinite, replayFrame } from '../training/replay-frame';

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
      const replayed = parametersAreFinite(frame.parameters) ? replayFrame(layers, frame.parameters, datasetOf(setup), resolution) : { predictions: [] };
      shown = { ...frame, ...replayed, live: false };
      rebuilt.set(frame, shown);
    }
    return shown;
  }, [frame, snapshot, layers, setup]);
}
