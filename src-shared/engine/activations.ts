import { exp } from './exp';

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Leaky ReLU's slope below zero when a layer does not set one (every file before it was a setting). */
export const LEAKY_SLOPE = 0.01;

/** a = f(z) for `count` values laid out in rows of `width` (softmax works row by row); `slope` is leaky ReLU's. */
export function activate(f: Activation, z: Float64Array, a: Float64Array, count: number, width: number, slope = LEAKY_SLOPE): void {
  switch (f) {
    case 'sigmoid':
      for (let i = 0; i < count; i++) a[i] = 1 / (1 + exp(-z[i]));
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) a[i] = Math.tanh(z[i]);
      return;
    case 'relu':
      for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : slope * z[i];
      return;
    case 'linear':
      for (let i = 0; i < count; i++) a[i] = z[i];
      return;
    case 'softmax':
      for (let row = 0; row < count; row += width) {
        let max = -Infinity;
        for (let j = row; j < row + width; j++) if (z[j] > max) max = z[j];
        let sum = 0;
        for (let j = row; j < row + width; j++) sum += a[j] = exp(z[j] - max);
        for (let j = row; j < row + width; j++) a[j] /= sum;
      }
      return;
  }
}

/**
 * Turns dL/da (in `g`) into dL/dz in place. Written as the post writes it, `g * a * (1 - a)`,
 * evaluated left to right, so the float64 results match NumPy's.
 */
export function backpropActivation(
  f: Activation,
  z: Float64Array,
  a: Float64Array,
  g: Float64Array,
  count: number,
  width: number,
  slope = LEAKY_SLOPE,
): void {
  switch (f) {
    case 'sigmoid':
      for (let i = 0; i < count; i++) g[i] = g[i] * a[i] * (1 - a[i]);
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) g[i] = g[i] * (1 - a[i] * a[i]);
      return;
    case 'relu':
      for (let i = 0; i < count; i++) if (!(z[i] > 0)) g[i] = 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < count; i++) if (!(z[i] > 0)) g[i] *= slope;
      return;
    case 'linear':
      return;
    case 'softmax':
      // Jacobian-vector product: dz_i = a_i (g_i - Σ_j g_j a_j).
      for (let row = 0; row < count; row += width) {
        let dot = 0;
        for (let j = row; j < row + width; j++) dot += g[j] * a[j];
        for (let j = row; j < row + width; j++) g[j] = a[j] * (g[j] - dot);
      }
      return;
  }
}
