/**
 * The activation functions as each export writes them, shared by the kinds that apply one
 * (Dense, Output, Activation). The engine's own versions are in engine/activations.ts; these say
 * the same arithmetic in NumPy, PyTorch and ONNX.
 */
import { ACTIVATIONS, LEAKY_SLOPE, type Activation } from '../engine/activations';
import type { OnnxOp } from './emit';
import { ATTRIBUTE, checkAttributes, float32Decimal, floatAttribute, intAttribute, type OnnxNode, type OnnxReadContext } from './onnx-read';
import type { ParamField } from './types';

/** What a kind that applies an activation holds: the function, and leaky ReLU's slope (0.01 when a file leaves it out). */
export interface ActivationSetting {
  activation: Activation;
  slope?: number;
}

/** Leaky ReLU's slope below zero: a setting of each kind that applies an activation, shown only for leaky ReLU. */
export const SLOPE_FIELD: ParamField = {
  type: 'number',
  label: 'Leaky slope',
  min: 0,
  max: 1,
  step: 0.01,
  default: LEAKY_SLOPE,
  when: { key: 'activation', is: 'leaky_relu' },
};

export const slopeOf = (p: ActivationSetting): number => p.slope ?? LEAKY_SLOPE;

/** NumPy definitions, in the post's style. */
export const NUMPY_ACTIVATIONS: Record<Activation, string> = {
  sigmoid: 'def sigmoid(x):\n    return 1 / (1 + np.exp(-x))',
  tanh: 'def tanh(x):\n    return np.tanh(x)',
  relu: 'def relu(x):\n    return np.maximum(x, 0)',
  leaky_relu: `def leaky_relu(x, slope=${LEAKY_SLOPE}):\n    return np.where(x > 0, x, slope * x)`,
  linear: 'def linear(x):\n    return x',
  softmax: 'def softmax(x):\n    e = np.exp(x - x.max(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)',
};

/** The activation applied to `x` in a NumPy script (a slope other than the default is passed to `leaky_relu`). */
export function numpyActivation(p: ActivationSetting, x: string, num: (v: number) => string): string {
  const slope = slopeOf(p);
  return p.activation === 'leaky_relu' && slope !== LEAKY_SLOPE ? `leaky_relu(${x}, ${num(slope)})` : `${p.activation}(${x})`;
}

/** dL/dz from dL/da (`g`), the output `a` and pre-activation `z`, as the engine computes it. */
export function numpyBackprop(p: ActivationSetting, g: string, a: string, z: string, num: (v: number) => string): string {
  switch (p.activation) {
    case 'sigmoid':
      return `${g} * ${a} * (1 - ${a})`;
    case 'tanh':
      return `${g} * (1 - ${a} * ${a})`;
    case 'relu':
      return `np.where(${z} > 0, ${g}, 0.0)`;
    case 'leaky_relu':
      return `np.where(${z} > 0, ${g}, ${g} * ${num(slopeOf(p))})`;
    case 'linear':
      return g;
    case 'softmax':
      return `${a} * (${g} - (${g} * ${a}).sum(axis=1, keepdims=True))`;
  }
}

/** The activation applied to a tensor expression, in torch's own functions. */
export function torchActivation(p: ActivationSetting, x: string, num: (v: number) => string): string {
  switch (p.activation) {
    case 'sigmoid':
      return `torch.sigmoid(${x})`;
    case 'tanh':
      return `torch.tanh(${x})`;
    case 'relu':
      return `torch.relu(${x})`;
    case 'leaky_relu':
      return `F.leaky_relu(${x}, ${num(slopeOf(p))})`;
    case 'linear':
      return x;
    case 'softmax':
      return `torch.softmax(${x}, dim=1)`;
  }
}

/** ONNX operator types of the activations (linear has none). */
export const ONNX_ACTIVATIONS: Record<Activation, string | null> = {
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'Relu',
  leaky_relu: 'LeakyRelu',
  linear: null,
  softmax: 'Softmax',
};

/** The operator applying the activation to tensor `input`, into `output`; null for linear. */
export function onnxActivation(p: ActivationSetting, input: string, output: string): OnnxOp | null {
  const op = ONNX_ACTIVATIONS[p.activation];
  if (!op) return null;
  const attributes = op === 'LeakyRelu' ? [{ name: 'alpha', float: slopeOf(p) }] : op === 'Softmax' ? [{ name: 'axis', int: 1 }] : undefined;
  return { op, inputs: [input], outputs: [output], ...(attributes ? { attributes } : {}) };
}

const ACTIVATION_OF_OP: Readonly<Record<string, Activation>> = Object.fromEntries(
  ACTIVATIONS.flatMap((a) => (ONNX_ACTIVATIONS[a] ? [[ONNX_ACTIVATIONS[a] as string, a]] : [])),
);
/** The ONNX operators that are activations. */
export const ONNX_ACTIVATION_OPS = Object.keys(ACTIVATION_OF_OP);

/**
 * The activation an ONNX operator applies, with leaky ReLU's slope (its `alpha`); null when the
 * operator is no activation. Refuses settings NN Designer cannot hold, naming the attribute.
 */
export function readOnnxActivation(node: OnnxNode, ctx: OnnxReadContext): ActivationSetting | null {
  const activation = Object.hasOwn(ACTIVATION_OF_OP, node.op) ? ACTIVATION_OF_OP[node.op] : undefined;
  if (!activation) return null;
  if (activation === 'leaky_relu') {
    checkAttributes(node, ctx, { alpha: ATTRIBUTE.FLOAT });
    const slope = float32Decimal(floatAttribute(node, 'alpha', LEAKY_SLOPE));
    const range = SLOPE_FIELD as Extract<ParamField, { type: 'number' }>;
    if (!(slope >= range.min && slope <= range.max)) {
      ctx.refuse(node, `its attribute alpha is ${slope}; a leaky ReLU's slope in NN Designer is a number from ${range.min} to ${range.max}`);
    }
    return slope === LEAKY_SLOPE ? { activation } : { activation, slope };
  }
  if (activation === 'softmax') {
    checkAttributes(node, ctx, { axis: ATTRIBUTE.INT });
    // On a batch of vectors both defaults (1 before opset 13, -1 from it) are the vector's axis.
    const axis = intAttribute(node, 'axis', 1);
    if (axis !== 1 && axis !== -1) ctx.refuse(node, `its attribute axis is ${axis}: on a batch of vectors that takes the softmax across the samples`, 'Take the softmax over axis 1 (or -1)');
    return { activation };
  }
  checkAttributes(node, ctx, {});
  return { activation };
}

/** Human names of the activations, for the inspector and the palette. */
export const ACTIVATION_LABELS: Record<Activation, string> = {
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
  linear: 'linear',
  softmax: 'softmax',
};
