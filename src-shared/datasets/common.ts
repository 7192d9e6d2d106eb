/** Settings and helpers the built-in sets share. */
import { intField, numberField } from '../layers/types';
import { pyInt } from '../export/quote';
import type { Dataset, DatasetField } from './types';

/** Most samples a generated set (or a file's inline rows) may have. */
export const MAX_SAMPLES = 100_000;
/** Classes a spiral or a set of clusters may have. */
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 5;

export const samplesField = (label = 'Examples'): DatasetField => intField(label, 1, MAX_SAMPLES);
export const seedField: DatasetField = intField('Data seed', 0, 0xffffffff);
export const noiseField: DatasetField = { ...numberField('Noise', 0, 10, 0.01), hint: 'Standard deviation added to each point' };
export const classesField = (optional = false): DatasetField => ({
  ...intField('Classes', MIN_CLASSES, MAX_CLASSES),
  hint: 'More than two: give the Output one unit per class, softmax with cross-entropy',
  optional,
});

/** The output width a classification set is trained with by default: one output for two classes, else one per class. */
export function defaultOutputs(classes: number): number {
  return classes === 2 ? 1 : classes;
}

/**
 * Targets as an Output of `width` units reads them: two classes as 0/1 on one output, or one-hot
 * rows of `classes` values (softmax with cross-entropy).
 */
export function encodeTargets(data: Dataset, width: number): Dataset {
  if (!data.labels || !data.classes || width === data.outputSize) return data;
  if (width !== data.classes) throw new Error(`${data.name} has ${data.classes} classes: train it with 1 output (two classes) or ${data.classes}`);
  const oneHot = (labels: Int32Array): Float64Array => {
    const targets = new Float64Array(labels.length * width);
    for (let i = 0; i < labels.length; i++) targets[i * width + labels[i]] = 1;
    return targets;
  };
  const held = data.heldOut;
  return { ...data, outputSize: width, targets: oneHot(data.labels), ...(held?.labels ? { heldOut: { ...held, targets: oneHot(held.labels) } } : {}) };
}

/** A 2-D classification set of `classes` labels, its targets as its default Output reads them. */
export function planeSet(name: string, inputs: Float64Array, labels: Int32Array, classes: number): Dataset {
  const data: Dataset = {
    name,
    inputSize: 2,
    outputSize: 1,
    count: labels.length,
    inputs,
    targets: Float64Array.from(labels),
    kind: 'classification',
    classes,
    labels,
    display: 'points',
    domain: { x: [-1.25, 1.25], y: [-1.25, 1.25] },
  };
  return encodeTargets(data, defaultOutputs(classes));
}

/** Python's y from integer `labels`: a column of 0/1 for one output, one-hot rows for one output per class. */
export function pythonLabels(classes: number, outputs: number): string {
  return outputs === 1 ? 'y = labels.reshape(-1, 1).astype(float)' : `y = np.eye(${pyInt(classes)})[labels]  # one-hot: one output per class`;
}

export const planeShape = (classes: number): { inputs: number; outputs: number; classes: number } => ({ inputs: 2, outputs: defaultOutputs(classes), classes });
