/** Input: the task's features, one neuron each. The graph's single source; its output is the data. */
import { MAX_UNITS } from './limits';
import { defineKind, intField } from './types';

export const input = defineKind({
  type: 'input',
  label: 'Input',
  hint: 'The task’s inputs, one neuron each',
  role: 'input',
  fields: { units: intField('Inputs', 1, MAX_UNITS, true) },
  defaults: { units: 2 },
  inputs: { min: 0, max: 0 },
  infer: (p) => p.units,
  createOp: () => null,
  emit: {
    // The exporters bind the Input's output to the data (x, xb) themselves.
    numpy: { forward: () => [], backward: () => ({ lines: [], inputGrad: () => '' }) },
    torch: { forward: () => [] },
    onnx: () => [],
  },
});
