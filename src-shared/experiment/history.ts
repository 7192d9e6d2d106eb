import { HISTORY_POINTS, type HistoryPoint } from './schema';

/**
 * Thins a loss history to at most `max` points for saving. Keeps the first and last points and,
 * in each of the equal buckets between, the lowest and highest loss, so spikes and plateaus
 * still show. Histories already short enough come back unchanged (so re-saving is a no-op).
 */
export function decimateHistory(history: readonly HistoryPoint[], max = HISTORY_POINTS): HistoryPoint[] {
  const n = history.length;
  if (n <= Math.max(2, max)) return history.slice();
  if (max < 4) return [history[0], history[n - 1]];
  const buckets = Math.floor((max - 2) / 2);
  const interior = n - 2;
  const out: HistoryPoint[] = [history[0]];
  for (let k = 0; k < buckets; k++) {
    const start = 1 + Math.floor((k * interior) / buckets);
    const end = 1 + Math.floor(((k + 1) * interior) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (history[i].loss < history[lo].loss) lo = i;
      if (history[i].loss > history[hi].loss) hi = i;
    }
    // In epoch order, so the plot's line goes forward in time.
    if (lo === hi) out.push(history[lo]);
    else out.push(history[Math.min(lo, hi)], history[Math.max(lo, hi)]);
  }
  out.push(history[n - 1]);
  return out;
}
