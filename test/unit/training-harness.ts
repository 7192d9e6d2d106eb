/** For tests of the app's stores against a real engine session: open a preset, wait for a state. */
import { getPreset } from '../../src-shared/presets';
import { useDocumentStore } from '../../src-renderer/store/document';
import { useTrainingStore, type TrainingState } from '../../src-renderer/store/training';

/** Opens a preset as a new, unsaved document. */
export function open(id: string): void {
  const preset = getPreset(id);
  if (!preset) throw new Error(id);
  useDocumentStore.getState().open({ filePath: null, name: preset.title, setup: structuredClone(preset.setup) });
}

/** Resolves with the training store's state once `check` holds (progress and snapshots land on the next frame). */
export function waitFor(check: (s: TrainingState) => boolean, timeoutMs = 20_000): Promise<TrainingState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
    const poll = (): void => {
      const s = useTrainingStore.getState();
      if (check(s)) {
        clearTimeout(timer);
        resolve(s);
      } else setTimeout(poll, 5);
    };
    poll();
  });
}

/** The run trained to its last epoch, with that epoch's snapshot on show. */
export const trained = (s: TrainingState): boolean => s.engineState === 'done' && s.snapshot !== null && s.snapshot.epoch === s.progress?.epochs;
