/**
 * The dense layer's loops in plain TypeScript: the engine's reference arithmetic (the WebAssembly
 * kernel reproduces it bit for bit). Every sum starts from +0 and runs in the order written, as
 * the post's NumPy code computes `x @ W + b`, `X.T @ d` and `d @ W.T` for small arrays.
 */

/** z = x @ W + b for `rows` rows of x (n values each) from value offset `xo`; W is n × m. */
export function denseForward(x: Float64Array, xo: number, n: number, W: Float64Array, b: Float64Array, z: Float64Array, m: number, rows: number): void {
  for (let r = 0; r < rows; r++) {
    const zo = r * m;
    const ro = xo + r * n;
    for (let j = 0; j < m; j++) z[zo + j] = 0;
    for (let k = 0; k < n; k++) {
      const xk = x[ro + k];
      const wo = k * m;
      for (let j = 0; j < m; j++) z[zo + j] += xk * W[wo + j];
    }
    for (let j = 0; j < m; j++) z[zo + j] += b[j];
  }
}

/** gW = input.T @ delta and gb = delta summed over the rows, both times `scale`. */
export function denseGradients(
  input: Float64Array,
  io: number,
  n: number,
  delta: Float64Array,
  m: number,
  rows: number,
  gW: Float64Array,
  gb: Float64Array,
  scale: number,
): void {
  gW.fill(0);
  gb.fill(0);
  for (let r = 0; r < rows; r++) {
    const xo = io + r * n;
    const d = r * m;
    for (let k = 0; k < n; k++) {
      const xk = input[xo + k];
      const wo = k * m;
      for (let j = 0; j < m; j++) gW[wo + j] += xk * delta[d + j];
    }
    for (let j = 0; j < m; j++) gb[j] += delta[d + j];
  }
  if (scale !== 1) {
    for (let i = 0; i < gW.length; i++) gW[i] *= scale;
    for (let j = 0; j < m; j++) gb[j] *= scale;
  }
}

/**
 * What a dense layer passes down: delta @ W.T, written into `down` (rows × n), or added to what
 * is there with `accumulate` (a layer whose output feeds several layers sums their gradients).
 */
export function denseDown(delta: Float64Array, W: Float64Array, n: number, m: number, rows: number, down: Float64Array, accumulate: boolean): void {
  for (let r = 0; r < rows; r++) {
    const d = r * m;
    const po = r * n;
    for (let k = 0; k < n; k++) {
      const wo = k * m;
      let s = 0;
      for (let j = 0; j < m; j++) s += delta[d + j] * W[wo + j];
      down[po + k] = accumulate ? down[po + k] + s : s;
    }
  }
}
