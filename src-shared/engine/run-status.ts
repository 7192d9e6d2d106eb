/**
 * What happened to a run, in one place for the CLI and the app: converged, stalled, saturated
 * (every output pinned at 0 or 1 and the loss frozen: the learning rate or the initial weights
 * are far too large), diverged, no better than chance (a classifier that ended getting no more
 * right than always answering its most common class), or simply finished. Works on a thinned
 * loss history: windows are measured in epochs, not points.
 */
import { ADDITION_OUTPUT_SCALE, type DisplayStyle } from '../datasets';
import type { Activation } from '../network/design';
import type { TrainingConfig } from './config';
import type { EngineState } from '../protocol/engine';
import type { EpochRecord } from './trainer';

/** Mean squared error below which the outputs sit within about 0.03 of their targets. */
export const CONVERGED_LOSS = 1e-3;

export type RunState = EngineState;

export type RunStatus =
  | { kind: 'idle' }
  | { kind: 'training' }
  | { kind: 'converged'; loss: number }
  | { kind: 'stalled'; loss: number; epochs: number }
  | {
      kind: 'saturated';
      loss: number;
      /** What pinned the outputs: a learning rate far above `suggestedRate`, or huge initial weights. */
      cause: 'learning-rate' | 'initial-weights';
      learningRate: number;
      suggestedRate: number;
      message: string;
    }
  | {
      kind: 'chance';
      loss: number | null;
      /** Share of the samples classified right, and what always answering the most common class gets. */
      accuracy: number;
      chance: number;
      /** What happened and what to try. */
      message: string;
    }
  | { kind: 'finished'; loss: number | null }
  | { kind: 'diverged'; message: string };

export type RunSettings = Pick<TrainingConfig, 'updateMode' | 'reduction' | 'batchSize' | 'learningRate' | 'optimizer' | 'init'>;

export interface RunFacts {
  state: RunState;
  /** Loss per epoch, possibly thinned (the last point is the latest epoch). */
  history: readonly EpochRecord[];
  /** Epochs the run is set to train. */
  epochs: number;
  /** The engine's own words when the loss became NaN or infinite. */
  divergence?: string | null;
  /** The network's outputs for a few training samples (the prediction table's), and the output activation. */
  outputs?: { activation: Activation; values: readonly number[] } | null;
  training?: RunSettings;
  samples?: number;
  /** For classification: the share classified right and the confusion matrix (rows: the true class). */
  metrics?: { accuracy: number; confusion: readonly (readonly number[])[] } | null;
}

/** The share of samples in the most common class: what answering it every time gets right. */
export function chanceAccuracy(confusion: readonly (readonly number[])[]): number | null {
  const counts = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const total = counts.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(...counts) / total : null;
}

/** At or within a twentieth of the way from chance to every sample right: no better than guessing. */
function noBetterThanChance(accuracy: number, chance: number): boolean {
  return accuracy <= chance + 0.05 * (1 - chance);
}

const percent = (share: number): string => `${Number((share * 100).toFixed(1))}%`;

/** The network's own outputs behind a prediction table (addition's rows show sums, scaled up). */
export function networkOutputs(rows: readonly { predicted: readonly number[] }[], display: DisplayStyle): number[] {
  const scale = display === 'addition' ? ADDITION_OUTPUT_SCALE : 1;
  return rows.flatMap((r) => r.predicted.map((v) => v / scale));
}

/** The loss point at least `epochs` before the last one, or null when the history is shorter. */
function pointBefore(history: readonly EpochRecord[], epochs: number): EpochRecord | null {
  const last = history[history.length - 1];
  if (!last) return null;
  for (let i = history.length - 2; i >= 0; i--) if (history[i].epoch <= last.epoch - epochs) return history[i];
  return null;
}

/**
 * A run has stalled when, over the last stretch of epochs (a tenth of the run, at least 100
 * epochs), the loss fell by less than 1% while still far from converged: the single neuron on XOR.
 */
export function isStalled(history: readonly EpochRecord[], totalEpochs: number): { stalled: boolean; window: number } {
  const window = Math.max(100, Math.floor(totalEpochs / 10));
  const then = pointBefore(history, window);
  const now = history[history.length - 1]?.loss;
  if (!then || !(now > CONVERGED_LOSS)) return { stalled: false, window };
  return { stalled: then.loss - now < 0.01 * then.loss, window };
}

/** Outputs a bounded activation can only reach by saturating: within 1e-4 of 0 or 1 (every one). */
function outputsPinned(outputs: RunFacts['outputs']): boolean {
  if (!outputs || outputs.values.length === 0) return false;
  if (outputs.activation !== 'sigmoid' && outputs.activation !== 'softmax' && outputs.activation !== 'tanh') return false;
  const low = outputs.activation === 'tanh' ? -1 : 0;
  return outputs.values.every((v) => Math.abs(v - low) < 1e-4 || Math.abs(v - 1) < 1e-4);
}

/** The loss has not moved (relative change below 1e-6) over the last 10 epochs or more. */
function lossFrozen(history: readonly EpochRecord[]): boolean {
  const last = history[history.length - 1];
  const then = pointBefore(history, 10);
  if (!last || !then) return false;
  return Math.abs(then.loss - last.loss) <= 1e-6 * Math.abs(then.loss);
}

/**
 * A learning rate that suits the post's networks for these settings: about 2 per summed example
 * (the post's single neuron takes 2 per sample; its 2-4-1 net 2 for a sum over 4), at most 2 and at
 * least 0.001, to one significant digit. Adam scales its own steps: its usual 0.001.
 */
export function suggestedLearningRate(training: RunSettings, samples: number): number {
  if (training.optimizer.type === 'adam') return 0.001;
  const rows = training.updateMode === 'batch' ? samples : training.updateMode === 'minibatch' ? Math.min(training.batchSize, samples) : 1;
  const summed = training.reduction === 'sum' ? Math.max(1, rows) : 1;
  const rate = Math.min(2, Math.max(0.001, 2 / summed));
  return Number(rate.toPrecision(1));
}

const formatRate = (lr: number): string => (Math.abs(lr) >= 1e6 || (lr !== 0 && Math.abs(lr) < 1e-4) ? lr.toExponential(0).replace('e+', 'e') : String(lr));

function saturation(facts: RunFacts, loss: number): Extract<RunStatus, { kind: 'saturated' }> | null {
  const { training } = facts;
  if (!training || loss <= CONVERGED_LOSS || !outputsPinned(facts.outputs) || !lossFrozen(facts.history)) return null;
  const suggestedRate = suggestedLearningRate(training, facts.samples ?? 1);
  const lr = training.learningRate;
  const rateTooLarge = lr >= 10 * suggestedRate;
  const message = rateTooLarge
    ? `Saturated: every output is pinned at its extreme and the loss (${loss.toPrecision(6)}) no longer moves: learning rate ${formatRate(lr)} ` +
      `drove the weights so large that the gradients vanished. Reset and try a learning rate near ${formatRate(suggestedRate)}.`
    : `Saturated: every output is pinned at its extreme and the loss (${loss.toPrecision(6)}) no longer moves: the weights are so large ` +
      `that the gradients vanished. Reset with a smaller initial weight scale (now ${training.init.scale}), or try Xavier initialisation.`;
  return { kind: 'saturated', loss, cause: rateTooLarge ? 'learning-rate' : 'initial-weights', learningRate: lr, suggestedRate, message };
}

/** What to say about a run now. */
export function runStatus(facts: RunFacts): RunStatus {
  const { state, history, epochs, divergence } = facts;
  if (state === 'diverged') return { kind: 'diverged', message: divergence ?? 'Training diverged: the loss became NaN or infinite.' };
  const loss = history.length > 0 ? history[history.length - 1].loss : null;
  if (loss !== null && loss < CONVERGED_LOSS) return { kind: 'converged', loss };
  const saturated = loss !== null ? saturation(facts, loss) : null;
  if (saturated) return saturated;
  const stall = isStalled(history, epochs);
  if (loss !== null && stall.stalled) return { kind: 'stalled', loss, epochs: stall.window };
  if (state === 'training') return { kind: 'training' };
  const chance = state === 'done' && facts.metrics ? chanceAccuracy(facts.metrics.confusion) : null;
  if (chance !== null && facts.metrics && noBetterThanChance(facts.metrics.accuracy, chance)) {
    const { accuracy } = facts.metrics;
    // Not stalled, so the loss still moves: more of the same, unless each step is far too large.
    const summed = facts.training ? summedGradientAdvice(facts.training, facts.samples ?? 1) : null;
    const advice = summed ?? 'The loss is still falling: train for more epochs (or with a larger learning rate).';
    const message = `No better than chance: ${percent(accuracy)} of the samples right, where always answering the most common class gets ${percent(chance)}. ${advice}`;
    return { kind: 'chance', loss, accuracy, chance, message };
  }
  if (state === 'done') return { kind: 'finished', loss };
  return { kind: 'idle' };
}

/**
 * What to try when a run stalls. A network without a hidden layer cannot separate XOR; summed
 * gradients over many examples per update make each (S)GD step that many times larger than the
 * learning rate suggests (the post's XOR sums 4; a 200-point set with the same rate saturates
 * every neuron) — not Adam's, which scales its steps itself, and not when the total is small; a
 * regularised run settles where the penalty holds it; otherwise the usual suspects.
 */
export function stallAdvice(run: {
  hiddenLayers: number;
  classification: boolean;
  training: Pick<TrainingConfig, 'updateMode' | 'reduction' | 'batchSize' | 'learningRate' | 'optimizer' | 'regularization'>;
  samples: number;
}): string {
  if (run.hiddenLayers === 0 && run.classification) {
    return 'With no hidden layer the network can only draw one straight line; if no line separates the classes (XOR), add a Dense layer.';
  }
  const reg = run.training.regularization;
  if (reg) {
    // The penalty pulls the weights back as the data pushes them: the loss settles where the two balance.
    return (
      `The ${reg.type === 'l1' ? 'L1' : 'L2'} penalty (rate ${reg.rate}) holds the weights back, so the loss settles where the data's pull and the penalty's balance: ` +
      'if the predictions are right that is its purpose; for a lower loss, try a smaller rate.'
    );
  }
  return summedGradientAdvice(run.training, run.samples) ?? 'Try another learning rate or seed, or more hidden units.';
}

/** When summing the gradients of many examples makes each step far larger than the learning rate says: what to do; else null. */
export function summedGradientAdvice(training: Pick<TrainingConfig, 'updateMode' | 'reduction' | 'batchSize' | 'learningRate' | 'optimizer'>, samples: number): string | null {
  const { updateMode, reduction, batchSize, learningRate, optimizer } = training;
  const rows = updateMode === 'batch' ? samples : updateMode === 'minibatch' ? Math.min(batchSize, samples) : 1;
  if (reduction !== 'sum' || optimizer.type === 'adam' || rows <= 16 || learningRate * rows <= 1) return null;
  const smaller = Number((learningRate / rows).toPrecision(2));
  return (
    `Each update sums the gradients of ${rows.toLocaleString('en-US')} examples, so its step is ${rows.toLocaleString('en-US')} times ` +
    `what a learning rate of ${learningRate} takes for one example: try Averaged gradients, or a learning rate near ${smaller}.`
  );
}
