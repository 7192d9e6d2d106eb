import { describe, expect, it } from 'vitest';
import { recordFrame, thin, type RecordedFrame } from '../../src-renderer/store/recorder';

const frame = (updates: number): RecordedFrame => ({
  epoch: updates,
  updates,
  parameters: [{ W: Float64Array.of(updates), b: Float64Array.of(0) }],
});

function recordAll(updates: number[], max: number, spacing = 1): { frames: RecordedFrame[]; spacing: number } {
  let state = { frames: [] as RecordedFrame[], spacing };
  for (const u of updates) state = recordFrame(state.frames, frame(u), state.spacing, max);
  return state;
}

describe('recordFrame', () => {
  it('keeps every frame while there is room', () => {
    const { frames } = recordAll([0, 1, 2, 3, 4], 10);
    expect(frames.map((f) => f.updates)).toEqual([0, 1, 2, 3, 4]);
  });

  it('never holds more than the limit, keeps the first and the latest, and spreads the rest evenly', () => {
    const updates = Array.from({ length: 5000 }, (_, i) => i * 3);
    const { frames, spacing } = recordAll(updates, 300);
    expect(frames.length).toBeLessThanOrEqual(300);
    expect(frames.length).toBeGreaterThan(100);
    expect(frames[0].updates).toBe(0);
    expect(frames[frames.length - 1].updates).toBe(updates[updates.length - 1]);
    const gaps = frames.slice(1, -1).map((f, i) => f.updates - frames[i].updates);
    // Even coverage: no gap more than twice the spacing, none below it (the last one may be shorter).
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(spacing / 2);
      expect(g).toBeLessThanOrEqual(spacing * 2);
    }
  });

  it('replaces the newest frame when frames arrive closer than the spacing', () => {
    const { frames } = recordAll([0, 100, 101, 102], 300, 50);
    expect(frames.map((f) => f.updates)).toEqual([0, 100, 102]);
  });

  it('starts a new recording when time goes backwards (a reset)', () => {
    const { frames, spacing } = recordAll([0, 10, 20, 0], 300, 10);
    expect(frames.map((f) => f.updates)).toEqual([0]);
    expect(spacing).toBe(1);
  });

  it('replaces a frame with the same update count (a pause re-sends the state)', () => {
    const state = recordAll([0, 10], 300);
    const again = { ...frame(10), epoch: 99 };
    const next = recordFrame(state.frames, again, state.spacing, 300);
    expect(next.frames).toHaveLength(2);
    expect(next.frames[1].epoch).toBe(99);
  });
});

describe('thin', () => {
  it('keeps first and last and drops frames closer than the spacing', () => {
    const frames = [0, 1, 2, 3, 4, 5, 6, 7].map(frame);
    expect(thin(frames, 3).map((f) => f.updates)).toEqual([0, 3, 6, 7]);
  });
});
