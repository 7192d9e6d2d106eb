/** Activation on its own: f applied to each value (softmax: to each row), the width unchanged. */
import { activate, ACTIVATIONS, backpropActivation, type Activation } from '../engine/activations';
import { ACTIVATION_LABELS, numpyBackprop, onnxActivation, torchActivation } from './activation-code';
import { choiceField, defineKind, type LayerOp } from './types';

export type ActivationParams = {
  activation: Activation;
};

class ActivationOp implements LayerOp {
  readonly trainable = null;
  constructor(
    private readonly f: Activation,
    private readonly width: number,
  ) {}

  reserve(): void {}

  forward(inputs: readonly Float64Array[], out: Float64Array, pass: { rows: number }): void {
    activate(this.f, inputs[0], out, pass.rows * this.width, this.width);
  }

  backward(inputs: readonly Float64Array[], out: Float64Array, grad: Float64Array, inputGrads: readonly (Float64Array | null)[], pass: { rows: number }): void {
    const down = inputGrads[0];
    if (!down) return;
    const count = pass.rows * this.width;
    backpropActivation(this.f, inputs[0], out, grad, count, this.width);
    for (let i = 0; i < count; i++) down[i] += grad[i];
  }
}

export const activation = defineKind<ActivationParams>({
  type: 'activation',
  label: 'Activation',
  hint: 'Sigmoid, tanh, ReLU… applied to each value',
  role: 'hidden',
  fields: { activation: choiceField('Function', ACTIVATIONS, ACTIVATION_LABELS, true) },
  defaults: { activation: 'relu' },
  inputs: { min: 1, max: 1 },
  infer: (_p, inWidths) => inWidths[0],
  keepsNeurons: true,
  createOp: (p, _inWidths, width) => new ActivationOp(p.activation, width),
  emit: {
    numpy: {
      uses: (p) => [p.activation],
      forward: (n) => [`${n.out} = ${n.params.activation}(${n.inputs[0]})`],
      backward: (n, grad) => ({ lines: [], inputGrad: () => `(${numpyBackprop(n.params.activation, grad, n.out, n.inputs[0])})` }),
    },
    torch: { forward: (n) => [`${n.out} = ${torchActivation(n.params.activation, n.inputs[0])}`] },
    onnx: (n) => [onnxActivation(n.params.activation, n.inputs[0], n.out) ?? { op: 'Identity', inputs: [n.inputs[0]], outputs: [n.out] }],
  },
});
