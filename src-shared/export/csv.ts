/**
 * A task's data as a CSV table, for a spreadsheet or another tool. A table (imported or drawn)
 * comes back as it was read: its own columns and cells, in its own units, plus a `split` column
 * naming each row's set when it has a split. A built-in set is written as the network sees it
 * (the addition as the post's integers a, b and their sum) with its class or target, and its test
 * rows marked. Text cells that a spreadsheet would run as a formula are quoted as text
 * (a leading `'`, as spreadsheets write it; the import takes it off again): a table's cells are
 * strings from a file.
 */
import Papa from 'papaparse';
import { buildDataset, type TaskSpec } from '../datasets';
import { ADDITION_INPUT_SCALE, ADDITION_OUTPUT_SCALE } from '../datasets/addition';
import { splitRows, type Cell, type TableParams } from '../datasets/table';

export interface DataCsv {
  text: string;
  /** Data rows written (the header not counted). */
  rows: number;
}

const SPLIT_COLUMN = 'split';
/** A text cell a spreadsheet would run as a formula: papaparse's own pattern misses one with a line break in it. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function exportDataCsv(task: TaskSpec): DataCsv {
  return task.dataset === 'table' || task.dataset === 'drawn' ? tableCsv(task) : builtInCsv(task);
}

function format(header: string[], rows: Cell[][]): DataCsv {
  // CRLF as RFC 4180 and spreadsheets expect; a trailing newline so tools read the last row whole.
  const text = Papa.unparse({ fields: header, data: rows }, { escapeFormulae: FORMULA_START, newline: '\r\n' }) + '\r\n';
  return { text, rows: rows.length };
}

function tableCsv(p: TableParams): DataCsv {
  const header = p.columns.map((c) => c.name);
  if (!p.split || p.split.testPercent <= 0) return format(header, p.rows);
  const test = new Set(splitRows(p).test);
  // A column of the table's own may already be called "split": the set's column takes another name.
  let name = SPLIT_COLUMN;
  while (header.includes(name)) name = `_${name}`;
  return format([...header, name], p.rows.map((row, i) => [...row, test.has(i) ? 'test' : 'train']));
}

function builtInCsv(task: TaskSpec): DataCsv {
  const data = buildDataset(task);
  const addition = data.display === 'addition';
  const inputs = addition ? ['a', 'b'] : (data.inputNames ?? Array.from({ length: data.inputSize }, (_, j) => `x${j + 1}`));
  const classes = data.kind === 'classification';
  const targets = classes ? ['class'] : addition ? ['sum'] : data.outputSize === 1 ? ['target'] : Array.from({ length: data.outputSize }, (_, j) => `target${j + 1}`);
  const rowsOf = (count: number, x: Float64Array, y: Float64Array, labels: Int32Array | undefined, set: string | null): Cell[][] =>
    Array.from({ length: count }, (_, i) => {
      const ins = Array.from({ length: data.inputSize }, (_, j) => x[i * data.inputSize + j]);
      const outs = Array.from({ length: data.outputSize }, (_, j) => y[i * data.outputSize + j]);
      const row: Cell[] = addition
        ? [Math.round(ins[0] * ADDITION_INPUT_SCALE), Math.round(ins[1] * ADDITION_INPUT_SCALE), Math.round(outs[0] * ADDITION_OUTPUT_SCALE)]
        : [...ins, ...(classes ? [labels ? (data.classNames?.[labels[i]] ?? labels[i]) : outs[0]] : outs)];
      return set ? [...row, set] : row;
    });
  const test = data.test;
  const header = [...inputs, ...targets, ...(test ? [SPLIT_COLUMN] : [])];
  const rows = rowsOf(data.count, data.inputs, data.targets, data.labels, test ? 'train' : null);
  // Held-out pairs (the post's addition test pairs) have no labels of their own: their targets say it.
  if (test) rows.push(...rowsOf(test.count, test.inputs, test.targets, undefined, 'test'));
  return format(header, rows);
}
