/**
 * Dense: every neuron sees every input, z = x @ W + b, then its activation. The kind behind the
 * post's every layer; chains of them run in the WebAssembly kernel (engine/network.ts), other
 * graphs run this op, with the same loops in the same order.
 */
import { activate, ACTIVATIONS, backpropActivation, type Activation } from '../engine/activations';
import { denseDown, denseForward, denseGradients } from '../engine/dense-math';
import { ACTIVATION_LABELS, numpyBackprop, onnxActivation, torchActivation } from './activation-code';
import type { Emitters } from './emit';
import { MAX_UNITS } from './limits';
import { choiceField, defineKind, INIT_CHUNK, intField, type LayerOp, type Trainable, type TrainableSpec } from './types';

export type DenseParams = {
  units: number;
  activation: Activation;
};

/** One dense layer's arrays and its pre-activations for the rows of a pass. */
export class DenseOp implements LayerOp {
  readonly trainable: Trainable;
  private z = new Float64Array(0);

  constructor(
    private readonly n: number,
    private readonly m: number,
    private readonly activation: Activation,
  ) {
    this.trainable = { W: new Float64Array(n * m), b: new Float64Array(m), gW: new Float64Array(n * m), gb: new Float64Array(m) };
  }

  reserve(rows: number): void {
    if (this.z.length < rows * this.m) this.z = new Float64Array(rows * this.m);
  }

  forward(inputs: readonly Float64Array[], out: Float64Array, pass: { rows: number }): void {
    const { W, b } = this.trainable;
    denseForward(inputs[0], 0, this.n, W, b, this.z, this.m, pass.rows);
    activate(this.activation, this.z, out, pass.rows * this.m, this.m);
  }

  backward(
    inputs: readonly Float64Array[],
    out: Float64Array,
    grad: Float64Array,
    inputGrads: readonly (Float64Array | null)[],
    pass: { rows: number },
    scale: number,
    preActivation: boolean,
  ): void {
    const { rows } = pass;
    const { W, gW, gb } = this.trainable;
    if (!preActivation) backpropActivation(this.activation, this.z, out, grad, rows * this.m, this.m);
    denseGradients(inputs[0], 0, this.n, grad, this.m, rows, gW, gb, scale);
    const down = inputGrads[0];
    if (down) denseDown(grad, W, this.n, this.m, rows, down, true);
  }
}

/**
 * Weights are drawn W first, `randn(fan_in, fan_out)` row by row, times the scheme's factor; with
 * `randn_bias` the bias `randn(fan_out) * scale` right after its W (the post's single neuron).
 */
export const denseWeights: TrainableSpec<DenseParams> = {
  shape: (p, inWidths) => ({ fanIn: inWidths[0], fanOut: p.units }),
  *initialize(t, { fanIn, fanOut }, rs, { scheme, scale }) {
    const factor = scheme === 'xavier' ? Math.sqrt(2 / (fanIn + fanOut)) : scheme === 'he' ? Math.sqrt(2 / fanIn) : scale;
    for (let start = 0; start < t.W.length; start += INIT_CHUNK) {
      const end = Math.min(t.W.length, start + INIT_CHUNK);
      for (let i = start; i < end; i++) t.W[i] = rs.gaussian() * factor;
      yield;
    }
    if (scheme === 'randn_bias') for (let j = 0; j < t.b.length; j++) t.b[j] = rs.gaussian() * scale;
    else t.b.fill(0);
  },
};

/** Code shared with Output, which is a dense layer with a loss. */
export const denseEmitters: Emitters<DenseParams> = {
  numpy: {
    uses: (p) => [p.activation],
    forward: (n) => [`${n.local('z')} = ${n.inputs[0]} @ ${n.W} + ${n.b}`, `${n.out} = ${n.params.activation}(${n.local('z')})`],
    backward(n, grad, preActivation, scale) {
      const d = n.local('d');
      return {
        lines: [
          `${d} = ${preActivation ? grad : numpyBackprop(n.params.activation, grad, n.out, n.local('z'))}`,
          `d_${n.W} = ${n.inputs[0]}.T @ ${d}${scale}`,
          `d_${n.b} = ${d}.sum(axis=0, keepdims=True)${scale}`,
        ],
        inputGrad: () => `(${d} @ ${n.W}.T)`,
      };
    },
  },
  torch: {
    module: (n) => `nn.Linear(${n.inWidths[0]}, ${n.width})`,
    forward: (n) => [`${n.out} = ${torchActivation(n.params.activation, `${n.module}(${n.inputs[0]})`)}`],
  },
  onnx(n) {
    const act = onnxActivation(n.params.activation, `${n.name}.z`, n.out);
    return [{ op: 'Gemm', inputs: [n.inputs[0], n.weight, n.bias], outputs: [act ? `${n.name}.z` : n.out] }, ...(act ? [act] : [])];
  },
};

export const dense = defineKind<DenseParams>({
  type: 'dense',
  label: 'Dense',
  hint: 'Each neuron weighs every input',
  role: 'hidden',
  fields: { units: intField('Units', 1, MAX_UNITS, true), activation: choiceField('Activation', ACTIVATIONS, ACTIVATION_LABELS, true) },
  defaults: { units: 3, activation: 'sigmoid' },
  inputs: { min: 1, max: 1 },
  infer: (p) => p.units,
  trainable: denseWeights,
  createOp: (p, inWidths) => new DenseOp(inWidths[0], p.units, p.activation),
  emit: denseEmitters,
});
