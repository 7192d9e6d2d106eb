/**
 * The run's recorded frames for time travel: the engine's evenly spaced checkpoints. Frames keep
 * only weights (a few hundred numbers for the post's nets); grids and predictions are rebuilt
 * when a frame is shown, so 300 frames cost well under a megabyte instead of hundreds.
 */
import type { Checkpoint } from '../../src-shared/protocol/engine';

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
