/**
 * How well a classifier does: the class each output picks (one output: 1 at 0.5 and above; one
 * per class: the largest), accuracy, and the confusion matrix (rows: true class, columns: predicted).
 */
import type { Dataset } from '../datasets';

export interface ClassMetrics {
  accuracy: number;
  /** classes × classes counts: confusion[true][predicted]. */
  confusion: number[][];
  /** How many samples were counted (large sets are sampled evenly). */
  samples: number;
}

/** The class row `r` of `values` (`width` per row) stands for. */
export function classOf(values: ArrayLike<number>, r: number, width: number): number {
  if (width === 1) return values[r] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < width; j++) if (values[r * width + j] > values[r * width + best]) best = j;
  return best;
}

/** Classes of a classification set: its own count, or what its targets' width implies. */
export function classCount(data: Pick<Dataset, 'kind' | 'classes' | 'outputSize'>): number | null {
  if (data.kind !== 'classification') return null;
  return data.classes ?? (data.outputSize === 1 ? 2 : data.outputSize);
}

/** The most samples metrics look at per snapshot: enough to read, cheap at 30 snapshots a second. */
export const METRIC_SAMPLES = 2000;

/**
 * Accuracy and confusion of `predict` on `data` (at most `limit` samples, evenly spaced);
 * null for regression.
 */
export function classMetrics(
  data: Dataset,
  predict: (inputs: Float64Array, count: number) => Float64Array,
  limit = METRIC_SAMPLES,
): ClassMetrics | null {
  const classes = classCount(data);
  if (classes === null || data.count === 0) return null;
  const n = Math.min(data.count, limit);
  const step = data.count / n;
  const rows = Array.from({ length: n }, (_, i) => Math.floor(i * step));
  const inputs = new Float64Array(n * data.inputSize);
  rows.forEach((s, i) => inputs.set(data.inputs.subarray(s * data.inputSize, (s + 1) * data.inputSize), i * data.inputSize));
  const out = predict(inputs, n);
  const width = data.outputSize;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let right = 0;
  rows.forEach((s, i) => {
    const truth = data.labels ? data.labels[s] : classOf(data.targets, s, width);
    const guess = classOf(out, i, width);
    confusion[truth][guess]++;
    if (truth === guess) right++;
  });
  return { accuracy: right / n, confusion, samples: n };
}

/** The rows a split holds out, as a dataset of their own (for the same metrics as the training rows); null without a split. */
export function heldOutSet(data: Dataset): Dataset | null {
  const held = data.heldOut;
  if (!held || held.count === 0) return null;
  return { ...data, count: held.count, inputs: held.inputs, targets: held.targets, ...(held.labels ? { labels: held.labels } : {}), heldOut: undefined };
}
