/**
 * How a network does on the rows a split holds out, as training goes: their loss and accuracy,
 * and the training rows' accuracy beside them. The engine scores every checkpoint of such a task
 * (about 300 a run, however fast it trains); a saved run's frames, replayed from its seed, are
 * scored the same way, so a reopened run draws the same curves. Tasks without a split are not
 * scored at checkpoints (their accuracy comes with each snapshot, as it always has): their runs
 * cost what they cost before.
 */
import type { Dataset } from '../datasets';
import { classMetrics, heldOutSet, METRIC_SAMPLES, type ClassMetrics } from './metrics';
import type { Model } from './model';
import { ROW_CHUNK } from './network';

export interface RunScores {
  /** Share of training rows classified right (up to METRIC_SAMPLES rows, evenly spaced). */
  accuracy?: number;
  /** Mean loss on the held-out rows, in the training loss's units. */
  testLoss?: number;
  /** Share of held-out rows classified right. */
  testAccuracy?: number;
}

type Rows = Pick<Dataset, 'count' | 'inputSize' | 'outputSize' | 'inputs' | 'targets'>;

/**
 * Mean loss of the network's current weights on up to `limit` rows of `data`, evenly spaced,
 * summed as `Trainer.evaluateLoss` sums it (the same numbers, bit for bit, when all rows count).
 */
export function meanLoss(network: Model, data: Rows, limit = METRIC_SAMPLES): number {
  if (data.count === 0) return Number.NaN;
  const n = Math.min(data.count, limit);
  let inputs = data.inputs;
  let targets = data.targets;
  if (n < data.count) {
    const step = data.count / n;
    inputs = new Float64Array(n * data.inputSize);
    targets = new Float64Array(n * data.outputSize);
    for (let i = 0; i < n; i++) {
      const s = Math.floor(i * step);
      inputs.set(data.inputs.subarray(s * data.inputSize, (s + 1) * data.inputSize), i * data.inputSize);
      targets.set(data.targets.subarray(s * data.outputSize, (s + 1) * data.outputSize), i * data.outputSize);
    }
  }
  let sum = 0;
  for (let start = 0; start < n; start += ROW_CHUNK) {
    const rows = Math.min(ROW_CHUNK, n - start);
    network.forward(inputs, start * data.inputSize, rows);
    sum += network.lossSum(targets, start * data.outputSize, rows);
  }
  return sum / n;
}

/** The held-out rows' loss and (for a classifier) accuracy and confusion; null without a split. */
export function heldOutView(network: Model, data: Dataset): { testLoss: number; testMetrics?: ClassMetrics } | null {
  const held = heldOutSet(data);
  if (!held) return null;
  const testLoss = meanLoss(network, held);
  const testMetrics = classMetrics(held, (x, n) => network.predict(x, n));
  return testMetrics ? { testLoss, testMetrics } : { testLoss };
}

/** The scores of the network's current weights; undefined for a task without a split. */
export function runScores(network: Model, data: Dataset): RunScores | undefined {
  const held = heldOutView(network, data);
  if (!held) return undefined;
  const train = classMetrics(data, (x, n) => network.predict(x, n));
  const scores: RunScores = {};
  if (train) scores.accuracy = train.accuracy;
  if (Number.isFinite(held.testLoss)) scores.testLoss = held.testLoss;
  if (held.testMetrics) scores.testAccuracy = held.testMetrics.accuracy;
  return scores;
}
