/**
 * The run's recorded frames for time travel: the engine's evenly spaced checkpoints. Frames keep
 * only weights (a few hundred numbers for the post's nets); grids and predictions are rebuilt
 * when a frame is shown, so 300 frames cost well under a megabyte instead of hundreds. A run
 * opened from a file gets its frames back by training it again from its seed.
 */
import type { LayerParameters } from '../../src-shared/engine/network';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { runScores } from '../../src-shared/engine/scores';
import type { Trainer } from '../../src-shared/engine/trainer';
import type { Checkpoint } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';

export type RecordedFrame = Checkpoint;

export const MAX_FRAMES = 300;

/**
 * Adds a frame, keeping at most `max` frames spread evenly over the run's updates. Frames closer
 * than the current spacing replace the newest one, so the last frame is always the latest state;
 * when the ring is full, every other frame goes and the spacing doubles.
 * Returns the new array (the input is not changed) and the spacing to use next.
 */
export function recordFrame(
  frames: readonly RecordedFrame[],
  frame: RecordedFrame,
  spacing: number,
  max = MAX_FRAMES,
): { frames: RecordedFrame[]; spacing: number } {
  const last = frames[frames.length - 1];
  if (last && frame.updates < last.updates) {
    // Time went backwards (a reset or a restored run): a new recording.
    return { frames: [frame], spacing: 1 };
  }
  if (last && frame.updates === last.updates) return { frames: [...frames.slice(0, -1), frame], spacing };
  const beforeLast = frames[frames.length - 2];
  let next: RecordedFrame[];
  if (frames.length >= 2 && beforeLast && frame.updates - beforeLast.updates < spacing) {
    next = [...frames.slice(0, -1), frame];
  } else {
    next = [...frames, frame];
  }
  while (next.length > max) {
    spacing *= 2;
    next = thin(next, spacing);
  }
  return { frames: next, spacing };
}

/** Keeps the first and last frames and, between them, frames at least `spacing` updates apart. */
export function thin(frames: readonly RecordedFrame[], spacing: number): RecordedFrame[] {
  if (frames.length <= 2) return frames.slice();
  const out = [frames[0]];
  for (let i = 1; i < frames.length - 1; i++) {
    if (frames[i].updates - out[out.length - 1].updates >= spacing) out.push(frames[i]);
  }
  out.push(frames[frames.length - 1]);
  return out;
}

/** Checkpoints a run records, as the engine session spaces them (src-shared/engine/session.ts). */
const CHECKPOINTS_PER_RUN = 300;
const CHECKPOINT_VALUES = 4_000_000;
/** Replaying costs about parameters × updates; past this a saved run keeps only its own frame. */
export const REPLAY_BUDGET = 2e9;
/** Work per slice before yielding, so the page stays responsive while frames are recomputed. */
const SLICE_MS = 12;

const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The frames of a saved run, recomputed by training it again from its seed (training is
 * deterministic: same seed, same draws, same sums). Spaced as the engine spaces them. Null when
 * the run is too long to replay here, cannot be built, or the replay does not end on the saved
 * weights bit for bit (the file was trained elsewhere or edited): then only its own frame is true.
 */
export async function replayFrames(
  setup: ExperimentSetup,
  run: { epoch: number; updates: number; parameters: readonly LayerParameters[] },
  budget = REPLAY_BUDGET,
): Promise<RecordedFrame[] | null> {
  const prepared = prepareTraining(setup, { wasm: false });
  if (!prepared.ok || run.updates <= 0) return null;
  const { trainer } = prepared;
  const parameterCount = trainer.network.parameterCount;
  if (parameterCount * run.updates > budget) return null;
  const count = Math.max(2, Math.min(CHECKPOINTS_PER_RUN, Math.floor(CHECKPOINT_VALUES / parameterCount)));
  const every = Math.max(1, Math.ceil((setup.training.epochs * trainer.updatesPerEpoch) / count));
  const frames: RecordedFrame[] = [frameOf(trainer)];
  while (trainer.updates < run.updates && !trainer.done) {
    const sliceStart = performance.now();
    while (trainer.updates < run.updates && !trainer.done && performance.now() - sliceStart < SLICE_MS) {
      const next = Math.min(run.updates, (Math.floor(trainer.updates / every) + 1) * every);
      if (trainer.run(next - trainer.updates) === 0) break;
      if (trainer.updates === next || trainer.updates === run.updates) frames.push(frameOf(trainer));
    }
    await yieldToPage();
  }
  const last = frames[frames.length - 1];
  if (last.updates !== run.updates || !sameParameters(last.parameters, run.parameters)) return null;
  return frames;
}

/** A frame of the trainer's state, scored as the engine scores its checkpoints (so a reopened run draws the same test curve). */
function frameOf(trainer: Trainer): RecordedFrame {
  const scores = runScores(trainer.network, trainer.data);
  return { epoch: trainer.epoch, updates: trainer.updates, parameters: trainer.network.getParameters(), ...(scores ? { scores } : {}) };
}

function sameParameters(a: readonly LayerParameters[], b: readonly LayerParameters[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, k) => equalArrays(p.W, b[k].W) && equalArrays(p.b, b[k].b));
}

function equalArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Replayed frames (up to and including the saved state) followed by what was recorded since the
 * run was restored, within MAX_FRAMES.
 */
export function mergeReplayed(replayed: readonly RecordedFrame[], recorded: readonly RecordedFrame[]): RecordedFrame[] {
  const merged = [...replayed.slice(0, -1), ...recorded];
  if (merged.length <= MAX_FRAMES) return merged;
  let spacing = 1;
  let out = merged;
  while (out.length > MAX_FRAMES) {
    spacing *= 2;
    out = thin(merged, spacing);
  }
  return out;
}
