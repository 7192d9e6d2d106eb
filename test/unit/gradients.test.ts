import { describe, expect, it } from 'vitest';
import { Network } from '../../src-shared/engine/network';
import { RandomState } from '../../src-shared/rng/random-state';
import type { Activation, Loss } from '../../src-shared/network/design';
import { objective, worstGradientError } from './central-differences';

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
  return worstGradientError(net.layers, () => objective(loss, net.forward(x, 0, rows), y, rows, outputs));
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
