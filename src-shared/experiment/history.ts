import { thinLossHistory } from '../engine/loss-history';
import { HISTORY_POINTS, type HistoryPoint } from './schema';

/**
 * Thins a loss history to at most `max` points for saving (plus the epochs `keep` names: the ones
 * the post prints). Keeps the first and last points and, in each of equal stretches of epochs
 * between, the lowest and highest loss, so spikes and plateaus still show. Histories already
 * short enough come back unchanged (so re-saving is a no-op).
 */
export function decimateHistory(history: readonly HistoryPoint[], max = HISTORY_POINTS, keep?: (epoch: number) => boolean): HistoryPoint[] {
  return thinLossHistory(history, max, keep);
}
