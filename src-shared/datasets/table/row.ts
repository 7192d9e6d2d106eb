/**
 * One row of a table's inputs in the network's terms and back: a person types the values of the
 * input columns (a number, or one of a column's categories); the row is scaled with the scalers
 * the card fitted on the training rows and one-hot encoded, as training saw its rows; and the
 * network's outputs are read in the table's terms — a class name with its probability, or a
 * number in the target's own units.
 */
import { inputColumns, targetColumn, type Cell, type TableColumn, type TableParams } from './card';
import { fitScalers, splitRows, type FittedScaler } from './encode';
import { numberOf } from './import';

/** What one input column takes, and how it becomes the network's inputs. */
export type RowField =
  | { name: string; type: 'numeric'; scaler: FittedScaler; /** its mean over the training rows, in its units */ mean: number }
  | { name: string; type: 'categorical'; categories: string[] };

export type EncodedRow = { ok: true; inputs: number[] } | { ok: false; problems: { column: string; message: string }[] };

export type ReadPrediction =
  | {
      kind: 'class';
      /** The class the network picks (one output: the second class at 0.5 and above; several: the largest). */
      best: string;
      /** Each class with its output: probabilities when they are (a sigmoid's two, a softmax's k), else the raw outputs. */
      classes: { name: string; value: number }[];
      probabilities: boolean;
    }
  | { kind: 'number'; /** the target's column */ name: string; /** in the target's units */ value: number };

export interface RowCodec {
  fields: RowField[];
  /** The table's row `index` (the first training row when none is given) as values the fields take. */
  valuesOf(index?: number): Cell[];
  encode(values: readonly (Cell | null | undefined)[]): EncodedRow;
  read(outputs: readonly number[]): ReadPrediction;
}

/** A codec for the table: the scalers are fitted once (on the training rows, as the dataset's). */
export function tableRowCodec(table: TableParams): RowCodec {
  const { train } = splitRows(table);
  const scalers = fitScalers(table, train);
  const inputs = inputColumns(table);
  const fields: RowField[] = inputs.map((c) => {
    const j = table.columns.indexOf(c);
    if (c.type === 'categorical') return { name: c.name, type: 'categorical', categories: c.categories ?? [] };
    let sum = 0;
    for (const i of train) sum += table.rows[i][j] as number;
    return { name: c.name, type: 'numeric', scaler: scalers.get(j) as FittedScaler, mean: train.length > 0 ? sum / train.length : 0 };
  });
  const target = targetColumn(table) as TableColumn;
  const targetScale = target.type === 'numeric' ? (scalers.get(table.columns.indexOf(target)) as FittedScaler) : null;
  return {
    fields,
    valuesOf(index = train[0] ?? 0) {
      const row = table.rows[index] ?? table.rows[0];
      return inputs.map((c) => row[table.columns.indexOf(c)]);
    },
    encode(values) {
      const out: number[] = [];
      const problems: { column: string; message: string }[] = [];
      fields.forEach((f, k) => {
        const v = values[k];
        if (f.type === 'numeric') {
          const n = typeof v === 'number' ? v : typeof v === 'string' ? numberOf(v, false) : Number.NaN;
          if (!Number.isFinite(n)) problems.push({ column: f.name, message: v === null || v === undefined || v === '' ? 'needs a number' : `needs a number, not ${JSON.stringify(v)}` });
          out.push((n - f.scaler.shift) / f.scaler.scale);
        } else {
          const at = f.categories.indexOf(String(v));
          if (at < 0) problems.push({ column: f.name, message: `needs one of ${f.categories.map((c) => JSON.stringify(c)).join(', ')}` });
          for (let i = 0; i < f.categories.length; i++) out.push(i === at ? 1 : 0);
        }
      });
      return problems.length > 0 ? { ok: false, problems } : { ok: true, inputs: out };
    },
    read(outputs) {
      if (targetScale) return { kind: 'number', name: target.name, value: outputs[0] * targetScale.scale + targetScale.shift };
      const names = target.categories ?? [];
      if (outputs.length === 1) {
        const p = outputs[0];
        return { kind: 'class', best: names[p >= 0.5 ? 1 : 0], classes: [{ name: names[0], value: 1 - p }, { name: names[1], value: p }], probabilities: p >= 0 && p <= 1 };
      }
      let best = 0;
      for (let i = 1; i < outputs.length; i++) if (outputs[i] > outputs[best]) best = i;
      const sum = outputs.reduce((a, b) => a + b, 0);
      const probabilities = outputs.every((o) => o >= 0 && o <= 1) && Math.abs(sum - 1) < 1e-6;
      return { kind: 'class', best: names[best], classes: names.map((name, i) => ({ name, value: outputs[i] })), probabilities };
    },
  };
}

/** One row of input values as the network's inputs (for a single row; a form keeps a `tableRowCodec`). */
export function encodeRow(table: TableParams, values: readonly (Cell | null | undefined)[]): EncodedRow {
  return tableRowCodec(table).encode(values);
}
