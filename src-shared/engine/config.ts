/** How a network is trained. Defaults follow the post; everything else is an explicit option. */

export type UpdateMode =
  | 'sample' // one update per sample, in dataset order (the post's single neuron)
  | 'shuffle' // one update per sample, order from one permutation per epoch (the post's addition)
  | 'minibatch' // shuffled, one update per `batchSize` samples
  | 'batch'; // one update per epoch over all samples (the post's XOR MLP)

/** Batch gradients summed (the post's `X.T @ d`) or averaged over the batch. */
export type Reduction = 'sum' | 'mean';

export type Optimizer =
  | { type: 'sgd' }
  | { type: 'momentum'; momentum: number }
  | { type: 'adam'; beta1: number; beta2: number; epsilon: number };

export type InitScheme =
  | 'randn' // W = randn(fan_in, fan_out) * scale, zero biases (the post's MLPs)
  | 'randn_bias' // as randn, then b = randn(fan_out) * scale right after each W (the post's single neuron)
  | 'xavier' // randn * sqrt(2 / (fan_in + fan_out)), zero biases
  | 'he'; // randn * sqrt(2 / fan_in), zero biases

/**
 * A penalty on the weights (never the biases), added to what each update minimises: L2 is
 * rate/2 · Σw² (gradient rate·w, PyTorch's weight_decay and TF Playground's L2), L1 is
 * rate · Σ|w| (gradient rate·sign w). See engine/regularization.ts.
 */
export interface Regularization {
  type: 'l1' | 'l2';
  rate: number;
}

export interface TrainingConfig {
  epochs: number;
  learningRate: number;
  updateMode: UpdateMode;
  batchSize: number;
  reduction: Reduction;
  optimizer: Optimizer;
  init: { scheme: InitScheme; scale: number };
  /** Seeds the model's RandomState: weights first, then one permutation per epoch. */
  seed: number;
  /** None when absent (every file written before it was a setting). */
  regularization?: Regularization;
}

export const DEFAULT_TRAINING: TrainingConfig = {
  epochs: 1000,
  learningRate: 1,
  updateMode: 'shuffle',
  batchSize: 16,
  reduction: 'sum',
  optimizer: { type: 'sgd' },
  init: { scheme: 'randn', scale: 0.5 },
  seed: 42,
};
