/**
 * The curves beside the loss (a classifier's accuracy, the held-out rows' loss and accuracy):
 * points in epoch order, fed by the engine's checkpoints and snapshots and by a reopened run's
 * replayed frames, which may arrive out of order. A point at an epoch already there replaces it.
 */
import { boundHistory, HISTORY_LIMIT } from '../../src-shared/engine/loss-history';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import type { Checkpoint, Snapshot } from '../../src-shared/protocol/engine';

/** Accuracy at a point of the run (epochs of progress: updates ÷ updates per epoch). */
export interface AccuracyPoint {
  epoch: number;
  accuracy: number;
}

/** `points` with `added` merged in epoch order, the later of two at one epoch kept. A new array: the input is not changed. */
export function mergeSeries<T extends { epoch: number }>(points: readonly T[], added: readonly T[]): T[] {
  if (added.length === 0) return points as T[];
  const sorted = [...added].sort((a, b) => a.epoch - b.epoch);
  const last = points[points.length - 1];
  // The usual case: every new point comes after the last one.
  let merged: T[];
  if (!last || sorted[0].epoch > last.epoch) merged = [...points, ...sorted];
  else {
    const byEpoch = new Map<number, T>();
    for (const p of points) byEpoch.set(p.epoch, p);
    for (const p of sorted) byEpoch.set(p.epoch, p);
    merged = [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  }
  return merged;
}

/** Accuracy points past HISTORY_LIMIT are thinned evenly (every other one), the last kept. */
export function boundAccuracy(points: AccuracyPoint[]): AccuracyPoint[] {
  let out = points;
  while (out.length > HISTORY_LIMIT) out = out.filter((_, i) => i % 2 === 0 || i === out.length - 1);
  return out;
}

/** Loss points are thinned as the training loss is (each stretch keeps its lowest and highest). */
export function boundLoss(points: EpochRecord[]): EpochRecord[] {
  boundHistory(points, HISTORY_LIMIT);
  return points;
}

export interface ScorePoints {
  accuracy: AccuracyPoint[];
  testLoss: EpochRecord[];
  testAccuracy: AccuracyPoint[];
}

/**
 * The points checkpoints and a snapshot give, each at its updates ÷ `updatesPerEpoch` (a run of
 * long epochs still gets a smooth curve). The addition task's test pairs are not here: they come
 * from its prediction table (training store).
 */
export function scorePoints(checkpoints: readonly Checkpoint[], snapshot: Snapshot | null, updatesPerEpoch: number): ScorePoints {
  const at = (updates: number, epoch: number): number => (updatesPerEpoch > 0 ? updates / updatesPerEpoch : epoch);
  const out: ScorePoints = { accuracy: [], testLoss: [], testAccuracy: [] };
  const add = (epoch: number, scores: { accuracy?: number; testLoss?: number; testAccuracy?: number }): void => {
    if (scores.accuracy !== undefined) out.accuracy.push({ epoch, accuracy: scores.accuracy });
    if (scores.testLoss !== undefined) out.testLoss.push({ epoch, loss: scores.testLoss });
    if (scores.testAccuracy !== undefined) out.testAccuracy.push({ epoch, accuracy: scores.testAccuracy });
  };
  for (const c of checkpoints) if (c.scores) add(at(c.updates, c.epoch), c.scores);
  if (snapshot) {
    add(at(snapshot.updates, snapshot.epoch), {
      ...(snapshot.metrics ? { accuracy: snapshot.metrics.accuracy } : {}),
      ...(snapshot.testLoss !== undefined ? { testLoss: snapshot.testLoss } : {}),
      ...(snapshot.testMetrics ? { testAccuracy: snapshot.testMetrics.accuracy } : {}),
    });
  }
  return out;
}
