/**
 * The loss plots' vertical axis (the training loss, and the loss over seeds): a log scale over the
 * finite positive losses shown, rounded out to decades and clamped, a loss of 0 drawn at a floor
 * instead of at −∞.
 */
import { scaleLog, type ScaleLogarithmic } from 'd3';

/** Where a loss of 0 (or below the floor) is drawn. */
export const LOSS_FLOOR = 1e-16;

/** The smallest and largest finite positive loss of the series, or null when there is none. */
export function finiteLossRange(...series: (readonly { loss: number }[])[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const list of series) {
    for (const h of list) {
      if (!(h.loss > 0) || !Number.isFinite(h.loss)) continue;
      if (h.loss < lo) lo = h.loss;
      if (h.loss > hi) hi = h.loss;
    }
  }
  return Number.isFinite(lo) ? [lo, hi] : null;
}

/** The scale from `lo`…`hi` to `height`…0 pixels; a single value is widened by a factor 2 each way. */
export function lossScale(lo: number, hi: number, height: number): ScaleLogarithmic<number, number> {
  const [a, b] = lo === hi ? [lo / 2, hi * 2] : [lo, hi];
  return scaleLog()
    .domain([Math.max(LOSS_FLOOR, a), Math.max(LOSS_FLOOR * 10, b)])
    .range([height, 0])
    .nice()
    .clamp(true);
}
