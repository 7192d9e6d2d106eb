/**
 * The runs of one setup over several seeds as one picture: at common epochs, the median loss
 * and the lowest and highest. Each run's history is thinned (the file keeps up to
 * HISTORY_POINTS records) and runs stop at different epochs (a stop rule), so each is read at
 * the common epochs by log-linear interpolation between its records, and after its last epoch
 * it holds its final loss (where it ended).
 */
/** A loss record as a trainer and a saved run both keep it. */
export interface LossPoint {
  epoch: number;
  loss: number;
}

export interface SeedBand {
  epochs: number[];
  median: number[];
  min: number[];
  max: number[];
}

/** Most common epochs a band is read at: more than a plot's width in pixels gains nothing. */
export const BAND_POINTS = 400;

/** A history's loss at `epoch`: interpolated on a log scale between its records, held past its ends; null without a finite record. */
export function lossAt(history: readonly LossPoint[], epoch: number): number | null {
  const h = history.filter((r) => Number.isFinite(r.loss) && r.loss > 0);
  return h.length === 0 ? null : readAt(h, epoch);
}

/** `lossAt` of a history already cut to its finite, positive records (at least one). */
function readAt(h: readonly LossPoint[], epoch: number): number {
  if (epoch <= h[0].epoch) return h[0].loss;
  const last = h[h.length - 1];
  if (epoch >= last.epoch) return last.loss;
  let lo = 0;
  let hi = h.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (h[mid].epoch <= epoch) lo = mid;
    else hi = mid;
  }
  const a = h[lo];
  const b = h[hi];
  const t = (epoch - a.epoch) / (b.epoch - a.epoch);
  return Math.exp(Math.log(a.loss) + t * (Math.log(b.loss) - Math.log(a.loss)));
}

export function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The band over `histories` (runs without a finite record are left out); null when none has one. */
export function seedBand(histories: readonly (readonly LossPoint[])[], points = BAND_POINTS): SeedBand | null {
  const finite = histories.map((h) => h.filter((r) => Number.isFinite(r.loss) && r.loss > 0)).filter((h) => h.length > 0);
  if (finite.length === 0) return null;
  const first = Math.min(...finite.map((h) => h[0].epoch));
  const last = Math.max(...finite.map((h) => h[h.length - 1].epoch));
  const count = Math.max(1, Math.min(points, last - first + 1));
  const epochs = [...new Set(Array.from({ length: count }, (_, i) => (count === 1 ? first : Math.round(first + ((last - first) * i) / (count - 1)))))];
  const band: SeedBand = { epochs, median: [], min: [], max: [] };
  for (const e of epochs) {
    const values = finite.map((h) => readAt(h, e)).sort((a, b) => a - b);
    band.median.push(median(values));
    band.min.push(values[0]);
    band.max.push(values[values.length - 1]);
  }
  return band;
}
