import { describe, expect, it } from 'vitest';
import { Network } from '../../src-shared/engine/network';
import { sampleLoss } from '../../src-shared/engine/losses';
import { RandomState } from '../../src-shared/rng/random-state';
import type { Activation, Loss } from '../../src-shared/network/design';

/**
 * The objective each loss's gradient belongs to. The post's squared error updates with
 * `(out - y)·f'`, the gradient of ½Σ(out − y)², while it reports the mean of (y − out)².
 */
function objective(loss: Loss, out: Float64Array, y: Float64Array, rows: number, k: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    if (loss === 'squared_error') {
      for (let j = 0; j < k; j++) total += 0.5 * (out[r * k + j] - y[r * k + j]) ** 2;
    } else total += sampleLoss(loss, out, r * k, y, r * k, k);
  }
  return total;
}

/** Compares backprop's gradient with central finite differences, for every parameter. */
function checkGradients(hidden: Activation, outAct: Activation, loss: Loss, outputs: number): number {
  const rs = new RandomState(7);
  const rows = 3;
  const net = new Network({ inputSize: 3, layers: [{ units: 4, activation: hidden }, { units: outputs, activation: outAct }], loss });
  net.initialize(rs, 'randn', 0.8);
  for (const l of net.layers) for (let j = 0; j < l.b.length; j++) l.b[j] = rs.gaussian() * 0.3;
  const x = rs.randn(rows, 3);
  const y = new Float64Array(rows * outputs);
  for (let r = 0; r < rows; r++) {
    if (loss === 'cross_entropy') y[r * outputs + (r % outputs)] = 1; // one-hot
    else for (let j = 0; j < outputs; j++) y[r * outputs + j] = rs.randomSample();
  }
  net.forward(x, 0, rows);
  net.backward(x, 0, y, 0, rows);
  const analytic = net.layers.flatMap((l) => [...l.gW, ...l.gb]);
  const f = (): number => objective(loss, net.forward(x, 0, rows), y, rows, outputs);
  const h = 1e-6;
  const numeric: number[] = [];
  for (const l of net.layers) {
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
  analytic.forEach((a, i) => {
    worst = Math.max(worst, Math.abs(a - numeric[i]) / Math.max(1e-3, Math.abs(a) + Math.abs(numeric[i])));
  });
  return worst;
}

describe('backpropagation matches finite differences', () => {
  const hidden: Activation[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'];
  it.each(hidden)('hidden %s → sigmoid output, squared error', (act) => {
    expect(checkGradients(act, 'sigmoid', 'squared_error', 2)).toBeLessThan(1e-6);
  });
  const outputs: [Activation, Loss, number][] = [
    ['sigmoid', 'squared_error', 2],
    ['linear', 'squared_error', 2],
    ['tanh', 'mse', 2],
    ['linear', 'mse', 3],
    ['relu', 'mse', 2],
    ['leaky_relu', 'mse', 2],
    ['sigmoid', 'bce', 2],
    ['softmax', 'bce', 2], // not fused: exercises bce's own gradient
    ['sigmoid', 'cross_entropy', 2], // not fused: exercises cross-entropy's own gradient
    ['softmax', 'cross_entropy', 3],
    ['softmax', 'mse', 3],
  ];
  it.each(outputs)('tanh hidden → %s output, %s loss (%i outputs)', (act, loss, k) => {
    expect(checkGradients('tanh', act, loss, k)).toBeLessThan(1e-6);
  });
});
