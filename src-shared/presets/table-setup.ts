/**
 * The design and settings a table starts with (File → Import data, `nn-designer new --data`):
 * one hidden layer fitted to the inputs' width, and an Output the target asks for — one sigmoid
 * unit with binary cross-entropy for two classes, a softmax per class with cross-entropy for more,
 * a linear unit with mean squared error for a number. Adam on mini-batches of the z-scored
 * inputs: it learns a well-separated table in a few hundred epochs without tuning.
 */
import { defaultOutputs, type TableParams } from '../datasets';
import { inputNames, targetColumn } from '../datasets/table';
import { DEFAULT_TRAINING, type TrainingConfig } from '../engine/config';
import { chainDesign } from '../network/chain';
import type { ExperimentSetup } from '../setup';

/** Hidden units for `inputs` inputs: twice as many, from 8 to 64 (Iris: 4 → 8 → 3). */
export const hiddenUnitsFor = (inputs: number): number => Math.min(64, Math.max(8, 2 * inputs));

export const TABLE_TRAINING: TrainingConfig = {
  ...DEFAULT_TRAINING,
  epochs: 300,
  learningRate: 0.01,
  updateMode: 'minibatch',
  batchSize: 16,
  reduction: 'mean',
  optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  init: { scheme: 'xavier', scale: 1 },
  seed: 42,
};

/** The Output a target asks for: `classes` of a categorical one, undefined for a number. */
export function tableOutputFor(classes: number | undefined) {
  return classes === undefined
    ? ({ units: 1, activation: 'linear', loss: 'mse' } as const)
    : defaultOutputs(classes) === 1
      ? ({ units: 1, activation: 'sigmoid', loss: 'bce' } as const)
      : ({ units: classes, activation: 'softmax', loss: 'cross_entropy' } as const);
}

export function tableSetup(table: TableParams): ExperimentSetup {
  const inputs = inputNames(table).length;
  const target = targetColumn(table);
  const classes = target?.type === 'categorical' ? (target.categories ?? []).length : undefined;
  const output = tableOutputFor(classes);
  return {
    design: chainDesign(inputs, [{ units: hiddenUnitsFor(inputs), activation: 'tanh' }], output),
    task: { dataset: 'table', ...table },
    training: { ...TABLE_TRAINING },
  };
}
