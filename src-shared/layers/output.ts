/**
 * Output: the network's answer, a dense layer with its activation, and the loss it is judged by.
 * The graph's single sink. Its weights are drawn like a Dense layer's.
 */
import { ACTIVATIONS, type Activation } from '../engine/activations';
import { LOSSES, type Loss } from '../engine/losses';
import { ACTIVATION_LABELS, SLOPE_FIELD, slopeOf } from './activation-code';
import { DenseOp, denseEmitters, denseWeights, readOnnxDense } from './dense';
import { MAX_UNITS } from './limits';
import type { OnnxNode, OnnxReadContext, OnnxReader } from './onnx-read';
import { choiceField, defineKind, intField, type ShapeProblem } from './types';

export type OutputParams = {
  units: number;
  activation: Activation;
  loss: Loss;
  /** Leaky ReLU's slope; 0.01 when absent. */
  slope?: number;
};

export const LOSS_LABELS: Record<Loss, string> = {
  squared_error: 'squared error (the post’s)',
  mse: 'mean squared error',
  bce: 'binary cross-entropy',
  cross_entropy: 'cross-entropy',
};

function check(p: OutputParams): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (p.loss === 'cross_entropy' && p.activation !== 'softmax' && p.units > 1) {
    problems.push({
      message: 'Cross-entropy loss expects a softmax Output',
      fix: 'Set the Output activation to softmax, or choose another loss',
      param: 'loss',
      set: { params: { activation: 'softmax' }, summary: 'Output: softmax' },
    });
  }
  if (p.units === 1 && (p.activation === 'softmax' || p.loss === 'cross_entropy')) {
    // One output is one class against the other: a sigmoid, judged by binary cross-entropy.
    problems.push(
      p.activation === 'softmax'
        ? { message: 'A softmax over one unit always outputs 1', fix: 'Use sigmoid for a single output, or give the Output one unit per class', param: 'activation', set: { params: { activation: 'sigmoid', ...(p.loss === 'cross_entropy' ? { loss: 'bce' } : {}) }, summary: p.loss === 'cross_entropy' ? 'Output: sigmoid, binary cross-entropy' : 'Output: sigmoid' } }
        : { message: 'Cross-entropy loss expects a softmax Output', fix: 'For a single output, use binary cross-entropy; or give the Output one unit per class with softmax', param: 'loss', set: { params: { loss: 'bce' }, summary: 'Output: binary cross-entropy' } },
    );
  }
  return problems;
}

/** The loss a model without one (ONNX keeps none) is judged by: the one its output activation is made for. */
function lossFor(activation: Activation, units: number): Loss {
  if (activation === 'softmax' && units > 1) return 'cross_entropy';
  return activation === 'sigmoid' ? 'bce' : 'mse';
}

/** The graph's last layer: a dense layer (Gemm or MatMul, its activation) whose result is the graph's output. */
const outputReader: OnnxReader<OutputParams> = {
  ops: ['Gemm', 'MatMul'],
  read(node: OnnxNode, ctx: OnnxReadContext) {
    const layer = readOnnxDense(node, ctx);
    if (!ctx.isOutput(layer.output) || ctx.readers(layer.output) > 0) return null;
    return { ...layer, params: { ...layer.params, loss: lossFor(layer.params.activation, layer.params.units) } };
  },
};

export const output = defineKind<OutputParams>({
  type: 'output',
  label: 'Output',
  hint: 'The answer, and the loss it is judged by',
  role: 'output',
  fields: {
    units: intField('Units', 1, MAX_UNITS, true),
    activation: choiceField('Activation', ACTIVATIONS, ACTIVATION_LABELS, true),
    loss: choiceField('Loss', LOSSES, LOSS_LABELS),
    slope: SLOPE_FIELD,
  },
  defaults: { units: 1, activation: 'sigmoid', loss: 'squared_error' },
  inputs: { min: 1, max: 1 },
  infer: (p) => p.units,
  check,
  trainable: denseWeights,
  createOp: (p, inWidths) => new DenseOp(inWidths[0], p.units, p.activation, slopeOf(p)),
  emit: denseEmitters,
  fromOnnx: outputReader,
});
