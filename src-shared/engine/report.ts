import { ADDITION_INPUT_SCALE, ADDITION_OUTPUT_SCALE, type Dataset } from '../datasets';
import { classMetrics, heldOutSet } from './metrics';

export interface PredictionRow {
  /** The inputs as the user thinks of them: [0, 1], or 23 and 45 for addition. */
  inputs: number[];
  predicted: number[];
  expected: number[];
  /** The line the post would print. */
  text: string;
}

const fmt4 = (v: number): string => v.toFixed(4);
/** Inputs as the post shows them (`[0 1]`); other values to 3 decimals, which is plenty to read. */
const fmtInput = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(3));

/**
 * The prediction table in the post's style: `[0 1] → 0.9931  (expected 1)` for gates and tables,
 * ` 23 + 45 =  65.7  (actual: 68)` for addition (on its test pairs). At most `limit` rows: it is
 * sent with every snapshot, and a table of thousands of points is no use to anyone.
 */
export function predictionRows(
  data: Dataset,
  predict: (inputs: Float64Array, count: number) => Float64Array,
  limit = 16,
): PredictionRow[] {
  const full = data.display === 'addition' && data.test ? data.test : data;
  const count = Math.min(full.count, limit);
  const set = { count, inputs: full.inputs.subarray(0, count * data.inputSize), targets: full.targets.subarray(0, count * data.outputSize) };
  const out = predict(set.inputs, set.count);
  const rows: PredictionRow[] = [];
  const ni = data.inputSize;
  const no = data.outputSize;
  for (let i = 0; i < set.count; i++) {
    const inputs = Array.from(set.inputs.subarray(i * ni, (i + 1) * ni));
    const predicted = Array.from(out.subarray(i * no, (i + 1) * no));
    const expected = Array.from(set.targets.subarray(i * no, (i + 1) * no));
    if (data.display === 'addition') {
      const [a, b] = inputs.map((v) => Math.round(v * ADDITION_INPUT_SCALE));
      const sum = predicted[0] * ADDITION_OUTPUT_SCALE;
      const actual = Math.round(expected[0] * ADDITION_OUTPUT_SCALE);
      rows.push({
        inputs: [a, b],
        predicted: [sum],
        expected: [actual],
        text: `${String(a).padStart(2)} + ${String(b).padStart(2)} = ${sum.toFixed(1).padStart(5)}  (actual: ${actual})`,
      });
    } else if (data.classNames || data.targetScale) {
      rows.push({ inputs, predicted, expected, text: tableRowText(data, inputs, predicted, expected) });
    } else {
      const show = (v: number[]): string => (v.length === 1 ? fmt4(v[0]) : `[${v.map(fmt4).join(' ')}]`);
      const exp = expected.length === 1 ? String(expected[0]) : `[${expected.join(' ')}]`;
      rows.push({ inputs, predicted, expected, text: `[${inputs.map(fmtInput).join(' ')}] → ${show(predicted)}  (expected ${exp})` });
    }
  }
  return rows;
}

/**
 * A table's row in its own terms: the inputs in the table's units (scaled ones scaled back),
 * the class by name with its probability (`→ versicolor (0.9731)  (expected versicolor)`), or a
 * numeric target scaled back (`→ 23.4120  (expected 25.1000)`).
 */
function tableRowText(data: Dataset, inputs: number[], predicted: number[], expected: number[]): string {
  const shown = inputs.map((v, j) => {
    const s = data.inputScales?.[j];
    return fmtInput(s ? v * s.scale + s.shift : v);
  });
  const names = data.classNames;
  if (names) {
    const k = predicted.length;
    const best = k === 1 ? (predicted[0] >= 0.5 ? 1 : 0) : predicted.indexOf(Math.max(...predicted));
    const p = k === 1 ? (best === 1 ? predicted[0] : 1 - predicted[0]) : predicted[best];
    const truth = k === 1 ? (expected[0] >= 0.5 ? 1 : 0) : expected.indexOf(1);
    return `[${shown.join(' ')}] → ${names[best]} (${fmt4(p)})  (expected ${names[truth]})`;
  }
  const t = data.targetScale ?? { shift: 0, scale: 1 };
  return `[${shown.join(' ')}] → ${fmt4(predicted[0] * t.scale + t.shift)}  (expected ${fmt4(expected[0] * t.scale + t.shift)})`;
}

/**
 * Under a table's rows, how many it gets right: `Accuracy: 98.3% of 120 training rows`, and
 * `Test accuracy: 100.0% of 30 test rows` when a split holds rows out. Nothing for other tasks
 * (their tables say it row by row) or a number to predict.
 */
export function accuracyLines(data: Dataset, predict: (inputs: Float64Array, count: number) => Float64Array): string[] {
  if (!data.classNames) return [];
  const lines: string[] = [];
  const train = classMetrics(data, predict, data.count);
  if (train) lines.push(`Accuracy: ${(train.accuracy * 100).toFixed(1)}% of ${data.count} training rows`);
  const held = heldOutSet(data);
  const test = held ? classMetrics(held, predict, held.count) : null;
  if (held && test) lines.push(`Test accuracy: ${(test.accuracy * 100).toFixed(1)}% of ${held.count} test rows`);
  return lines;
}

/** `Epoch  2000  Loss: 0.000355`, as the post prints the XOR run. */
export function epochLine(epoch: number, loss: number): string {
  return `Epoch ${String(epoch).padStart(5)}  Loss: ${loss.toFixed(6)}`;
}

/** Epochs between the loss lines the post prints: a fifth of the run (2000 of 10000), as the NumPy export's `epochs // 5`. */
export function reportInterval(epochs: number): number {
  return Math.max(1, Math.floor(epochs / 5));
}

/** Whether the post's printout has a loss line for this epoch: 0, 2000, 4000, 6000, 8000 of 10000. */
export function isReportEpoch(epoch: number, epochs: number): boolean {
  return epoch < epochs && epoch % reportInterval(epochs) === 0;
}
