/**
 * The activation functions as each export writes them, shared by the kinds that apply one
 * (Dense, Output, Activation). The engine's own versions are in engine/activations.ts; these say
 * the same arithmetic in NumPy, PyTorch and ONNX.
 */
import { LEAKY_SLOPE, type Activation } from '../engine/activations';
import type { OnnxOp } from './emit';
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

/** Human names of the activations, for the inspector and the palette. */
export const ACTIVATION_LABELS: Record<Activation, string> = {
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
  linear: 'linear',
  softmax: 'softmax',
};
