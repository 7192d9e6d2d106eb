/** Activation on its own: f applied to each value (softmax: to each row), the width unchanged. */
import { activate, ACTIVATIONS, backpropActivation, type Activation } from '../engine/activations';
import { ACTIVATION_LABELS, numpyActivation, numpyBackprop, onnxActivation, ONNX_ACTIVATION_OPS, readOnnxActivation, SLOPE_FIELD, slopeOf, torchActivation } from './activation-code';
import type { OnnxNode, OnnxReadContext, OnnxReader } from './onnx-read';
import { choiceField, defineKind, type LayerOp } from './types';

export type ActivationParams = {
  activation: Activation;
  /** Leaky ReLU's slope; 0.01 when absent. */
  slope?: number;
};

class ActivationOp implements LayerOp {
  readonly trainable = null;
  constructor(
    private readonly f: Activation,
    private readonly width: number,
    private readonly slope: number,
  ) {}

  reserve(): void {}

  forward(inputs: readonly Float64Array[], out: Float64Array, pass: { rows: number }): void {
    activate(this.f, inputs[0], out, pass.rows * this.width, this.width, this.slope);
  }

  backward(inputs: readonly Float64Array[], out: Float64Array, grad: Float64Array, inputGrads: readonly (Float64Array | null)[], pass: { rows: number }): void {
    const down = inputGrads[0];
    if (!down) return;
    const count = pass.rows * this.width;
    backpropActivation(this.f, inputs[0], out, grad, count, this.width, this.slope);
    for (let i = 0; i < count; i++) down[i] += grad[i];
  }
}

/** An activation operator that no Gemm or MatMul took as its own (one reading a merge, or a layer read twice). */
const activationReader: OnnxReader<ActivationParams> = {
  ops: ONNX_ACTIVATION_OPS,
  read(node: OnnxNode, ctx: OnnxReadContext) {
    const setting = readOnnxActivation(node, ctx);
    if (!setting) return null;
    const [x] = node.inputs;
    if (!x || ctx.constant(x)) ctx.refuse(node, 'it applies to a constant, not to data flowing through the graph');
    return { params: setting, inputs: [x], output: node.outputs[0], nodes: [node] };
  },
};

export const activation = defineKind<ActivationParams>({
  type: 'activation',
  label: 'Activation',
  hint: 'Sigmoid, tanh, ReLU… applied to each value',
  role: 'hidden',
  fields: { activation: choiceField('Function', ACTIVATIONS, ACTIVATION_LABELS, true), slope: SLOPE_FIELD },
  defaults: { activation: 'relu' },
  inputs: { min: 1, max: 1 },
  infer: (_p, inWidths) => inWidths[0],
  keepsNeurons: true,
  createOp: (p, _inWidths, width) => new ActivationOp(p.activation, width, slopeOf(p)),
  emit: {
    numpy: {
      uses: (p) => [p.activation],
      forward: (n) => [`${n.out} = ${numpyActivation(n.params, n.inputs[0], n.num)}`],
      backward: (n, grad) => ({ lines: [], inputGrad: () => `(${numpyBackprop(n.params, grad, n.out, n.inputs[0], n.num)})` }),
    },
    torch: { forward: (n) => [`${n.out} = ${torchActivation(n.params, n.inputs[0], n.num)}`] },
    onnx: (n) => [onnxActivation(n.params, n.inputs[0], n.out) ?? { op: 'Identity', inputs: [n.inputs[0]], outputs: [n.out] }],
  },
  fromOnnx: activationReader,
});
