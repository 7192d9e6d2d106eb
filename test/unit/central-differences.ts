/** Gradient checks for tests: backprop's gradient against central differences of the objective. */
import { sampleLoss, type Loss } from '../../src-shared/engine/losses';
import type { Trainable } from '../../src-shared/layers';

/**
 * The objective each loss's gradient belongs to. The post's squared error updates with
 * `(out - y)·f'`, the gradient of ½Σ(out − y)², while it reports the mean of (y − out)².
 */
export function objective(loss: Loss, out: Float64Array, y: Float64Array, rows: number, k: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    if (loss === 'squared_error') for (let j = 0; j < k; j++) total += 0.5 * (out[r * k + j] - y[r * k + j]) ** 2;
    else total += sampleLoss(loss, out, r * k, y, r * k, k);
  }
  return total;
}

/**
 * The largest relative gap, over every weight and bias of `layers`, between the gradient
 * backprop left in their gW and gb and central differences of `f` (which must recompute the objective).
 */
export function worstGradientError(layers: readonly Trainable[], f: () => number, h = 1e-6): number {
  const analytic = layers.flatMap((l) => [...l.gW, ...l.gb]);
  const numeric: number[] = [];
  for (const l of layers) {
    for (const p of [l.W, l.b]) {
      for (let i = 0; i < p.length; i++) {
        const keep = p[i];
        p[i] = keep + h;
        const up = f();
        p[i] = keep - h;
        const down = f();
        p[i] = keep;
        numeric.push((up - down) / (2 * h));
      }
    }
  }
  let worst = 0;
  analytic.forEach((a, i) => (worst = Math.max(worst, Math.abs(a - numeric[i]) / Math.max(1e-3, Math.abs(a) + Math.abs(numeric[i])))));
  return worst;
}
