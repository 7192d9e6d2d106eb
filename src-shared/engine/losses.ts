import type { Activation } from './activations';

export const LOSSES = ['squared_error', 'mse', 'bce', 'cross_entropy'] as const;
/**
 * - `squared_error`: the post's loss: gradient `(out - y)·f'`, reported as the mean of `(y - out)²`.
 * - `mse`: mean over outputs of `(out - y)²`, gradient `2(out - y)/k`.
 * - `bce`: binary cross-entropy on outputs in (0, 1).
 * - `cross_entropy`: `-Σ y·log(out)`, for softmax outputs and one-hot targets.
 */
export type Loss = (typeof LOSSES)[number];

const EPS = 1e-12;

/** Loss of one sample: `k` outputs `out[o..o+k)` against targets `y[t..t+k)`. */
export function sampleLoss(loss: Loss, out: Float64Array, o: number, y: Float64Array, t: number, k: number): number {
  let sum = 0;
  switch (loss) {
    case 'squared_error':
    case 'mse':
      for (let j = 0; j < k; j++) {
        const e = y[t + j] - out[o + j];
        sum += e * e;
      }
      return sum / k;
    case 'bce':
      for (let j = 0; j < k; j++) {
        const p = Math.min(Math.max(out[o + j], EPS), 1 - EPS);
        sum -= y[t + j] * Math.log(p) + (1 - y[t + j]) * Math.log(1 - p);
      }
      return sum / k;
    case 'cross_entropy':
      for (let j = 0; j < k; j++) if (y[t + j] !== 0) sum -= y[t + j] * Math.log(Math.max(out[o + j], EPS));
      return sum;
  }
}

/**
 * Whether the loss and the output activation combine into the simple `delta = out - y`
 * (scaled by 1/k for bce), which is exact and avoids dividing by a saturated output.
 */
export function fusesWithActivation(loss: Loss, activation: Activation): boolean {
  return (loss === 'bce' && activation === 'sigmoid') || (loss === 'cross_entropy' && activation === 'softmax');
}

/** dL/d(out) for one sample, written into g. */
export function lossGradient(
  loss: Loss,
  out: Float64Array,
  o: number,
  y: Float64Array,
  t: number,
  k: number,
  g: Float64Array,
): void {
  switch (loss) {
    case 'squared_error':
      for (let j = 0; j < k; j++) g[o + j] = out[o + j] - y[t + j];
      return;
    case 'mse':
      for (let j = 0; j < k; j++) g[o + j] = (2 * (out[o + j] - y[t + j])) / k;
      return;
    case 'bce':
      for (let j = 0; j < k; j++) {
        const p = Math.min(Math.max(out[o + j], EPS), 1 - EPS);
        g[o + j] = (p - y[t + j]) / (p * (1 - p)) / k;
      }
      return;
    case 'cross_entropy':
      for (let j = 0; j < k; j++) g[o + j] = -y[t + j] / Math.max(out[o + j], EPS);
      return;
  }
}

/** dL/dz for a fused pair (see `fusesWithActivation`). */
export function fusedDelta(loss: Loss, out: Float64Array, o: number, y: Float64Array, t: number, k: number, g: Float64Array): void {
  const scale = loss === 'bce' ? 1 / k : 1;
  for (let j = 0; j < k; j++) g[o + j] = (out[o + j] - y[t + j]) * scale;
}
