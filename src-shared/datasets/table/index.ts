/** A table of the user's own: columns with a data card, rows kept in the experiment file. */
import { defaultOutputs } from '../common';
import { defineDataset, type DatasetProblem } from '../types';
import { inputColumns, inputNames, TABLE_LIMITS, targetColumn, type TableParams } from './card';
import { splitRows, tableData } from './encode';
import { tablePython } from './python';

export * from './card';
export { fitScaler, fitScalers, splitRows, tableData, tableScales, type FittedScaler } from './encode';
export { encodeRow, tableRowCodec, type EncodedRow, type ReadPrediction, type RowCodec, type RowField } from './row';

/** Everything that makes a card and its rows unusable together, each with its place in the task. */
export function tableProblems(p: TableParams): DatasetProblem[] {
  const problems: DatasetProblem[] = [];
  const targets = p.columns.filter((c) => c.role === 'target');
  if (targets.length !== 1) {
    problems.push({ path: ['columns'], message: `expected exactly one column with the role "target", got ${targets.length}` });
  }
  if (inputColumns(p).length === 0) problems.push({ path: ['columns'], message: 'expected at least one column with the role "input"' });
  const names = new Set<string>();
  p.columns.forEach((c, j) => {
    if (names.has(c.name)) problems.push({ path: ['columns', j, 'name'], message: `expected each column's own name, got ${JSON.stringify(c.name)} twice` });
    names.add(c.name);
    if (c.type === 'categorical') {
      const categories = c.categories ?? [];
      if (categories.length === 0) problems.push({ path: ['columns', j, 'categories'], message: 'expected the categories of a categorical column' });
      if (new Set(categories).size !== categories.length) problems.push({ path: ['columns', j, 'categories'], message: 'expected each category once' });
      if (c.role === 'target' && (categories.length < 2 || categories.length > TABLE_LIMITS.classes)) {
        problems.push({ path: ['columns', j, 'categories'], message: `expected a target of 2 to ${TABLE_LIMITS.classes} classes, got ${categories.length}` });
      }
      if (c.scaler !== undefined) problems.push({ path: ['columns', j, 'scaler'], message: 'expected no scaler on a categorical column (its categories become one-hot inputs)' });
    } else if (c.categories !== undefined) problems.push({ path: ['columns', j, 'categories'], message: 'expected no categories on a numeric column' });
  });
  const cells = p.rows.length * p.columns.length;
  if (cells > TABLE_LIMITS.cells) problems.push({ path: ['rows'], message: `expected at most ${TABLE_LIMITS.cells.toLocaleString('en-US')} cells, got ${cells.toLocaleString('en-US')}` });
  const categories = p.columns.map((c) => new Set(c.categories ?? []));
  for (let i = 0; i < p.rows.length && problems.length < 20; i++) {
    const row = p.rows[i];
    if (row.length !== p.columns.length) {
      problems.push({ path: ['rows', i], message: `expected ${p.columns.length} cells, one per column, got ${row.length}` });
      continue;
    }
    row.forEach((v, j) => {
      const c = p.columns[j];
      if (c.type === 'numeric' && typeof v !== 'number') problems.push({ path: ['rows', i, j], message: `expected a number in the numeric column ${JSON.stringify(c.name)}, got ${JSON.stringify(v)}` });
      if (c.type === 'categorical' && (typeof v !== 'string' || !categories[j].has(v))) {
        problems.push({ path: ['rows', i, j], message: `expected one of the categories of ${JSON.stringify(c.name)}, got ${JSON.stringify(v)}` });
      }
    });
  }
  if (p.split && p.rows.length > 0 && problems.length === 0) {
    const { train, test } = splitRows(p);
    if (train.length === 0) problems.push({ path: ['split', 'testPercent'], message: `expected some rows left to train on; ${p.split.testPercent}% of ${p.rows.length} rows holds them all out` });
    else if (test.length === 0) problems.push({ path: ['split', 'testPercent'], message: `expected at least one test row; ${p.split.testPercent}% of ${p.rows.length} rows rounds to none` });
  }
  return problems;
}

export const table = defineDataset<'table', TableParams>({
  id: 'table',
  label: 'Table',
  fields: {
    name: { type: 'text', label: 'Name', max: TABLE_LIMITS.name, optional: true },
    columns: { type: 'columns', label: 'columns' },
    rows: { type: 'cells', label: 'rows' },
    split: { type: 'split', label: 'split' },
  },
  // The smallest table that means something: XOR as four rows.
  defaults: {
    name: 'XOR table',
    columns: [
      { name: 'x1', role: 'input', type: 'numeric', scaler: 'none' },
      { name: 'x2', role: 'input', type: 'numeric', scaler: 'none' },
      { name: 'xor', role: 'target', type: 'categorical', categories: ['0', '1'] },
    ],
    rows: [
      [0, 0, '0'],
      [0, 1, '1'],
      [1, 0, '1'],
      [1, 1, '0'],
    ],
  },
  plane: false,
  check: tableProblems,
  name: (p) => p.name ?? 'Table',
  samples: (p) => splitRows(p).train.length,
  shape: (p) => {
    const target = targetColumn(p);
    const classes = target?.type === 'categorical' ? (target.categories ?? []).length : undefined;
    return { inputs: inputNames(p).length, outputs: classes === undefined ? 1 : defaultOutputs(classes), ...(classes === undefined ? {} : { classes }) };
  },
  inputNames: (p) => inputNames(p),
  build: (p) => tableData(p),
  python: (p, outputs) => tablePython(p, outputs),
  describe: (p) => {
    const { train, test } = splitRows(p);
    const target = targetColumn(p);
    const what = target?.type === 'categorical' ? `${target.name}: ${(target.categories ?? []).length} classes` : `${target?.name ?? 'no target'}: regression`;
    return `(${p.rows.length} rows${test.length > 0 ? `: ${train.length} training, ${test.length} test` : ''}; ${inputNames(p).length} inputs; ${what})`;
  },
});
