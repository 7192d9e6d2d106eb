/**
 * Dense: every neuron sees every input, z = x @ W + b, then its activation. The kind behind the
 * post's every layer; chains of them run in the WebAssembly kernel (engine/network.ts), other
 * graphs run this op, with the same loops in the same order.
 */
import { activate, ACTIVATIONS, backpropActivation, type Activation } from '../engine/activations';
import { denseDown, denseForward, denseGradients } from '../engine/dense-math';
import { ACTIVATION_LABELS, numpyActivation, numpyBackprop, onnxActivation, readOnnxActivation, SLOPE_FIELD, slopeOf, torchActivation } from './activation-code';
import type { Emitters } from './emit';
import { MAX_UNITS } from './limits';
import { ATTRIBUTE, checkAttributes, floatAttribute, intAttribute, ONNX_DOUBLE, ONNX_FLOAT, shapeText, tensorTypeName, type OnnxNode, type OnnxNodeRead, type OnnxReadContext, type OnnxReader, type OnnxTensor } from './onnx-read';
import { choiceField, defineKind, INIT_CHUNK, intField, type LayerOp, type Trainable, type TrainableSpec } from './types';

export type DenseParams = {
  units: number;
  activation: Activation;
  /** Leaky ReLU's slope; 0.01 when absent. */
  slope?: number;
};

/** One dense layer's arrays and its pre-activations for the rows of a pass. */
export class DenseOp implements LayerOp {
  readonly trainable: Trainable;
  private z = new Float64Array(0);

  constructor(
    private readonly n: number,
    private readonly m: number,
    private readonly activation: Activation,
    private readonly slope: number,
  ) {
    this.trainable = { W: new Float64Array(n * m), b: new Float64Array(m), gW: new Float64Array(n * m), gb: new Float64Array(m) };
  }

  reserve(rows: number): void {
    if (this.z.length < rows * this.m) this.z = new Float64Array(rows * this.m);
  }

  forward(inputs: readonly Float64Array[], out: Float64Array, pass: { rows: number }): void {
    const { W, b } = this.trainable;
    denseForward(inputs[0], 0, this.n, W, b, this.z, this.m, pass.rows);
    activate(this.activation, this.z, out, pass.rows * this.m, this.m, this.slope);
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
    if (!preActivation) backpropActivation(this.activation, this.z, out, grad, rows * this.m, this.m, this.slope);
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
    forward: (n) => [`${n.local('z')} = ${n.inputs[0]} @ ${n.W} + ${n.b}`, `${n.out} = ${numpyActivation(n.params, n.local('z'), n.num)}`],
    backward(n, grad, preActivation, scale) {
      const d = n.local('d');
      return {
        lines: [
          `${d} = ${preActivation ? grad : numpyBackprop(n.params, grad, n.out, n.local('z'), n.num)}`,
          `d_${n.W} = ${n.inputs[0]}.T @ ${d}${scale}`,
          `d_${n.b} = ${d}.sum(axis=0, keepdims=True)${scale}`,
        ],
        inputGrad: () => `(${d} @ ${n.W}.T)`,
      };
    },
  },
  torch: {
    module: (n) => `nn.Linear(${n.inWidths[0]}, ${n.width})`,
    forward: (n) => [`${n.out} = ${torchActivation(n.params, `${n.module}(${n.inputs[0]})`, n.num)}`],
  },
  onnx(n) {
    const act = onnxActivation(n.params, `${n.name}.z`, n.out);
    return [{ op: 'Gemm', inputs: [n.inputs[0], n.weight, n.bias], outputs: [act ? `${n.name}.z` : n.out] }, ...(act ? [act] : [])];
  },
};

/**
 * A dense layer from ONNX: Gemm (honouring transA, transB, alpha and beta; C absent, a scalar or
 * one bias per unit), or MatMul with a constant B and, when only it reads the product, the Add of
 * a constant bias; then the activation, when only it reads the result. Shared with Output.
 */
export function readOnnxDense(node: OnnxNode, ctx: OnnxReadContext): OnnxNodeRead<DenseParams> {
  const [a, bName, cName] = node.inputs;
  if (!a || ctx.constant(a)) ctx.refuse(node, `its first input${a ? ` "${a}"` : ''} is a constant: NN Designer's layers multiply the data flowing through the graph by constant weights`);
  const B = bName ? ctx.constant(bName) : null;
  if (!B) ctx.refuse(node, `its weights B${bName ? ` ("${bName}")` : ''} are computed by the graph, not stored in it: NN Designer reads a layer's weights from the model's initializers`);
  if (B.dims.length !== 2) ctx.refuse(node, `its weights B have shape ${shapeText(B.dims)}: a layer's weights are a matrix`);
  checkFloats(node, ctx, B, 'weights B');
  const width = ctx.width(a);
  const taken = [node];
  let output = node.outputs[0];
  let weights: () => { W: Float64Array; b: Float64Array };
  let fanOut: number;
  if (node.op === 'Gemm') {
    checkAttributes(node, ctx, { alpha: ATTRIBUTE.FLOAT, beta: ATTRIBUTE.FLOAT, transA: ATTRIBUTE.INT, transB: ATTRIBUTE.INT });
    if (intAttribute(node, 'transA', 0) !== 0) ctx.refuse(node, 'its attribute transA is 1: it transposes its input, so the rows it multiplies are no longer samples', 'Multiply the input untransposed (transA = 0)');
    const transB = intAttribute(node, 'transB', 0) !== 0;
    const [inB, outB] = transB ? [B.dims[1], B.dims[0]] : B.dims;
    if (inB !== width) ctx.refuse(node, `its weights B have shape ${shapeText(B.dims)}${transB ? ' (transB = 1)' : ''}, for inputs ${inB} wide, but its input is ${width} wide`);
    fanOut = outB;
    const alpha = floatAttribute(node, 'alpha', 1);
    const beta = floatAttribute(node, 'beta', 1);
    const C = cName ? ctx.constant(cName) : null;
    if (cName && !C) ctx.refuse(node, `its bias C ("${cName}") is computed by the graph: NN Designer reads a layer's bias from the model's initializers`);
    if (C) checkBias(node, ctx, C, fanOut, 'C');
    if (C) checkFloats(node, ctx, C, 'bias C');
    weights = () => ({ W: gemmWeights(B.values(), inB, outB, transB, alpha), b: bias(C, fanOut, beta) });
  } else {
    checkAttributes(node, ctx, {});
    if (B.dims[0] !== width) ctx.refuse(node, `its weights B have shape ${shapeText(B.dims)}, for inputs ${B.dims[0]} wide, but its input is ${width} wide`);
    fanOut = B.dims[1];
    // z + b: the Add of a constant bias that only this product feeds belongs to the layer.
    const add = ctx.soleReader(output);
    const other = add?.op === 'Add' && add.inputs.length === 2 && add.attributes.size === 0 ? add.inputs[add.inputs[0] === output ? 1 : 0] : undefined;
    const C = other !== undefined && other !== output ? ctx.constant(other) : null;
    if (add && C) {
      checkBias(add, ctx, C, fanOut, `the constant "${C.name}"`);
      checkFloats(add, ctx, C, `bias "${C.name}"`);
      taken.push(add);
      output = add.outputs[0];
    }
    weights = () => ({ W: Float64Array.from(B.values()), b: bias(C, fanOut, 1) });
  }
  const next = ctx.soleReader(output);
  const activation = next ? readOnnxActivation(next, ctx) : null;
  if (next && activation) {
    taken.push(next);
    output = next.outputs[0];
  }
  if (fanOut < 1 || fanOut > MAX_UNITS) ctx.refuse(node, `it computes ${fanOut.toLocaleString('en-US')} units; an NN Designer layer has from 1 to ${MAX_UNITS.toLocaleString('en-US')}`);
  return { params: { units: fanOut, ...(activation ?? { activation: 'linear' }) }, inputs: [a], output, nodes: taken, weights };
}

/** A bias broadcast onto [rows, units]: a scalar, or one value per unit. Not one per row: rows are samples. */
function checkBias(node: OnnxNode, ctx: OnnxReadContext, C: OnnxTensor, units: number, what: string): void {
  const ok = C.size === 1 ? C.dims.length <= 2 : C.size === units && (C.dims.length === 1 || (C.dims.length === 2 && C.dims[0] === 1));
  if (!ok) ctx.refuse(node, `its bias ${what} has shape ${shapeText(C.dims)}: a layer adds one bias per unit (shape [${units}] or [1, ${units}]) or one for all`);
}

/** Weights are float32 or float64: an integer tensor is no layer's weights. */
function checkFloats(node: OnnxNode, ctx: OnnxReadContext, t: OnnxTensor, what: string): void {
  if (t.dataType !== ONNX_FLOAT && t.dataType !== ONNX_DOUBLE) ctx.refuse(node, `its ${what} ("${t.name}") hold ${tensorTypeName(t.dataType)} values; NN Designer reads float32 and float64 weights`);
}

/** The engine's W (fan_in × fan_out) from Gemm's B, times alpha. */
function gemmWeights(B: Float64Array, fanIn: number, fanOut: number, transB: boolean, alpha: number): Float64Array {
  const W = new Float64Array(fanIn * fanOut);
  for (let i = 0; i < fanIn; i++) for (let j = 0; j < fanOut; j++) W[i * fanOut + j] = alpha * (transB ? B[j * fanIn + i] : B[i * fanOut + j]);
  return W;
}

function bias(C: OnnxTensor | null, units: number, beta: number): Float64Array {
  const b = new Float64Array(units);
  if (!C) return b;
  const c = C.values();
  for (let j = 0; j < units; j++) b[j] = beta * c[c.length === 1 ? 0 : j];
  return b;
}

const denseReader: OnnxReader<DenseParams> = { ops: ['Gemm', 'MatMul'], read: readOnnxDense };

export const dense = defineKind<DenseParams>({
  type: 'dense',
  label: 'Dense',
  hint: 'Each neuron weighs every input',
  role: 'hidden',
  fields: { units: intField('Units', 1, MAX_UNITS, true), activation: choiceField('Activation', ACTIVATIONS, ACTIVATION_LABELS, true), slope: SLOPE_FIELD },
  defaults: { units: 3, activation: 'sigmoid' },
  inputs: { min: 1, max: 1 },
  infer: (p) => p.units,
  trainable: denseWeights,
  createOp: (p, inWidths) => new DenseOp(inWidths[0], p.units, p.activation, slopeOf(p)),
  emit: denseEmitters,
  fromOnnx: denseReader,
});
