/**
 * A run's loss history, thinned so it stays small whatever the epoch count: at most `max` points
 * plus the epochs the post prints (`keep`), spread evenly over the epochs, each stretch keeping
 * its lowest and highest loss so spikes and plateaus still show. One thinning rule serves the
 * trainer, the engine's progress, the renderer and saved files.
 */

export interface LossPoint {
  epoch: number;
  loss: number;
}

/** Points a live history holds at most (besides kept epochs); saved files use the same number. */
export const HISTORY_LIMIT = 2000;

/**
 * At most `max` points (plus those whose epoch `keep` names): the first and last, and in each of
 * equal stretches of epochs between them the lowest and highest loss, in epoch order. Histories
 * already short enough come back unchanged, so thinning twice is thinning once.
 */
export function thinLossHistory<T extends LossPoint>(history: readonly T[], max: number, keep?: (epoch: number) => boolean): T[] {
  const n = history.length;
  const kept = keep ? history.reduce((c, p) => c + (keep(p.epoch) ? 1 : 0), 0) : 0;
  if (n - kept <= Math.max(2, max)) return history.slice();
  const first = history[0];
  const last = history[n - 1];
  const out: T[] = [first];
  const buckets = max < 4 ? 0 : Math.floor((max - 2) / 2);
  const span = last.epoch - first.epoch;
  let i = 1;
  const pinned: number[] = [];
  for (let k = 0; k <= buckets; k++) {
    // Bucket `buckets` is a sweep for kept epochs only (and everything when there are no buckets).
    const sweep = k === buckets;
    const end = sweep ? Infinity : first.epoch + (span * (k + 1)) / buckets;
    let lo = -1;
    let hi = -1;
    pinned.length = 0;
    for (; i < n - 1 && history[i].epoch < end; i++) {
      if (keep?.(history[i].epoch)) pinned.push(i);
      if (sweep) continue;
      if (lo < 0 || history[i].loss < history[lo].loss) lo = i;
      if (hi < 0 || history[i].loss > history[hi].loss) hi = i;
    }
    const picks = [...new Set([...pinned, ...(lo >= 0 ? [lo, hi] : [])])].sort((a, b) => a - b);
    for (const p of picks) out.push(history[p]);
  }
  out.push(last);
  return out;
}

/**
 * Keeps `points` (mutated in place, so holders of the array see it) within `max` points besides
 * kept epochs: when it grows past that it is thinned to half, so appending stays cheap on average.
 */
export function boundHistory<T extends LossPoint>(points: T[], max = HISTORY_LIMIT, keep?: (epoch: number) => boolean): void {
  if (points.length <= max) return;
  const kept = keep ? points.reduce((c, p) => c + (keep(p.epoch) ? 1 : 0), 0) : 0;
  if (points.length - kept <= max) return;
  const thinned = thinLossHistory(points, Math.max(4, Math.floor(max / 2)), keep);
  points.length = 0;
  for (const p of thinned) points.push(p);
}

/** An append-only loss history that thins itself (the trainer's): O(1) per point on average. */
export class LossHistory<T extends LossPoint = LossPoint> {
  readonly points: T[] = [];
  private kept = 0;

  constructor(
    private readonly keep?: (epoch: number) => boolean,
    private readonly max = HISTORY_LIMIT,
  ) {}

  push(point: T): void {
    this.points.push(point);
    if (this.keep?.(point.epoch)) this.kept++;
    if (this.points.length - this.kept > this.max) {
      boundHistory(this.points, this.max, this.keep);
      this.kept = this.keep ? this.points.reduce((c, p) => c + (this.keep?.(p.epoch) ? 1 : 0), 0) : 0;
    }
  }

  /** Starts over from `points` (a restored run's), thinned if need be. */
  replace(points: readonly T[]): void {
    this.points.length = 0;
    this.kept = 0;
    for (const p of points) this.push(p);
  }
}
