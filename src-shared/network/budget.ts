/**
 * How much memory training a plan takes, estimated before anything is allocated, so a design too
 * big for the machine is refused with its numbers instead of taking the engine down.
 */
import type { TrainingConfig } from '../engine/config';
import type { DesignProblem, Plan } from './compile';

/** The most memory one run may plan for: weights, gradients, optimizer state, working rows and data. */
export const MEMORY_BUDGET_BYTES = 1024 ** 3;

/** Rows evaluated at once outside training (predictions, grids): engine/network.ts ROW_CHUNK. */
const PASS_ROWS = 256;
/** Snapshots and checkpoints keep copies of the weights: at most this many values (engine/session.ts). */
const CHECKPOINT_VALUES = 4_000_000;

export function estimateTrainingBytes(plan: Plan, training: TrainingConfig, samples: number, inputs: number, outputs: number): number {
  const p = plan.parameterCount;
  const optimizerCopies = training.optimizer.type === 'adam' ? 2 : training.optimizer.type === 'momentum' ? 1 : 0;
  const rows = Math.max(PASS_ROWS, training.updateMode === 'batch' ? samples : training.updateMode === 'minibatch' ? training.batchSize : 1);
  const widths = plan.steps.reduce((sum, s) => sum + s.width, 0);
  const weights = p * (2 + optimizerCopies) + Math.min(CHECKPOINT_VALUES, 300 * p) + 2 * p; // W+gW, state, checkpoints, a snapshot
  const working = rows * widths * 3; // each node's output, gradient and pre-activation
  const data = samples * (inputs + outputs) * 2; // the set, and a shuffled batch's copy
  return 8 * (weights + working + data);
}

const mb = (bytes: number): string => `${Math.ceil(bytes / 1024 ** 2).toLocaleString('en-US')} MB`;

export function budgetProblems(plan: Plan, training: TrainingConfig, samples: number, inputs: number, outputs: number): DesignProblem[] {
  const bytes = estimateTrainingBytes(plan, training, samples, inputs, outputs);
  if (bytes <= MEMORY_BUDGET_BYTES) return [];
  return [
    {
      path: 'setup.design.nodes',
      message: `Training this network needs about ${mb(bytes)} of memory (${plan.parameterCount.toLocaleString('en-US')} weights and biases${training.updateMode === 'batch' ? `, ${samples.toLocaleString('en-US')} rows per full-batch pass` : ''}), more than the ${mb(MEMORY_BUDGET_BYTES)} budget`,
      fix: training.updateMode === 'batch' && samples > 10_000 ? 'Use mini-batches, or fewer or smaller layers' : 'Use fewer or smaller layers',
    },
  ];
}
