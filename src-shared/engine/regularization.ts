/**
 * L1 and L2 regularisation: a penalty on the weights (W of every layer with weights, never the
 * biases), whose gradient joins each update's gradient after the data's, before the optimizer
 * takes its step; once per update, whatever the update mode or the reduction (as PyTorch's
 * weight_decay and Keras's regularisers apply it). The loss the engine reports is the data's
 * alone: the penalty is not in it, so runs with and without regularisation plot on one scale.
 */
import type { Trainable } from '../layers';
import type { Regularization } from './config';

export const REGULARIZATION_LABELS: Record<Regularization['type'], string> = { l1: 'L1', l2: 'L2' };

/** Adds the penalty's gradient to each layer's weight gradient: rate·w (L2) or rate·sign w (L1; 0 at 0). */
export function addPenaltyGradient(layers: readonly Trainable[], reg: Regularization): void {
  const { rate } = reg;
  for (const { W, gW } of layers) {
    if (reg.type === 'l2') for (let i = 0; i < W.length; i++) gW[i] += rate * W[i];
    else for (let i = 0; i < W.length; i++) gW[i] += rate * Math.sign(W[i]);
  }
}

/** The penalty itself at the layers' weights: rate/2 · Σw² (L2) or rate · Σ|w| (L1). */
export function weightPenalty(layers: readonly Pick<Trainable, 'W'>[], reg: Regularization): number {
  let sum = 0;
  for (const { W } of layers) {
    if (reg.type === 'l2') for (let i = 0; i < W.length; i++) sum += W[i] * W[i];
    else for (let i = 0; i < W.length; i++) sum += Math.abs(W[i]);
  }
  return reg.type === 'l2' ? (reg.rate / 2) * sum : reg.rate * sum;
}
