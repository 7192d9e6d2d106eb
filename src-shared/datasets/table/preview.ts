/**
 * What the import dialog shows of a table before it becomes an experiment, and what it checks
 * while the person sets each column's role, type and scaler and the test split: the first rows,
 * each column's detected type, distinct values and bad cells, and whether the card the choices
 * make can train (or why not, naming column, data row and line). The current experiment is not
 * touched until the person imports.
 */
import { inputNames, TABLE_LIMITS, type Cell, type ColumnRole, type ColumnType, type Scaler, type TableParams } from './card';
import { splitRows } from './encode';
import { cardFor, cellIssues, defaultRoles, type CardChoice, type CellProblem, type ColumnSummary, type ParsedTable } from './import';
import { tableProblems } from './index';

/** Rows shown in the preview. */
export const PREVIEW_ROWS = 8;
/** Problems of the file listed in the preview (the rest are counted). */
export const PREVIEW_PROBLEMS = 20;
/** Categories a column's summary carries to the dialog. */
const SUMMARY_CATEGORIES = 12;
/** Tables this small keep every row for training unless a split is asked for. */
const SPLIT_FROM_ROWS = 50;

export interface TablePreview {
  /** The file's name, and the table's (without the extension). */
  fileName: string;
  name: string;
  format: string;
  rows: number;
  columns: ColumnSummary[];
  head: (Cell | null)[][];
  headLines: number[];
  problems: CellProblem[];
  problemCount: number;
  notes: string[];
  /** Numbers are written with decimal commas (a column made numeric reads its cells so). */
  decimalComma: boolean;
}

export interface ColumnChoice {
  name: string;
  role: ColumnRole;
  type: ColumnType;
  scaler: Scaler;
}

export interface ImportChoice {
  columns: ColumnChoice[];
  testPercent: number;
  seed: number;
  dropInvalidRows: boolean;
}

export interface CardCheck {
  ok: boolean;
  /** Why the choices cannot make a table to train on (each names its column, data row and line). */
  problems: string[];
  /** Rows with missing or unreadable cells in the columns used, under the chosen types. */
  invalidRows: number;
  /** Per column, under the chosen types. */
  issues: { empty: number; unreadable: number }[];
  /** What the card makes, when it can. */
  summary?: { rows: number; train: number; test: number; inputs: number; classes?: number; dropped: number; notes: string[] };
}

/** The table's name from its file's: without the extension. */
export const tableNameOf = (fileName: string): string => fileName.replace(/\.(csv|tsv|tab|txt|json)$/i, '') || 'Table';

export function tablePreview(parsed: ParsedTable, fileName: string): TablePreview {
  return {
    fileName,
    name: tableNameOf(fileName),
    format: parsed.format,
    rows: parsed.rows.length,
    columns: parsed.columns.map((c) => ({ ...c, categories: c.categories.slice(0, SUMMARY_CATEGORIES) })),
    head: parsed.rows.slice(0, PREVIEW_ROWS),
    headLines: parsed.lines.slice(0, PREVIEW_ROWS),
    problems: parsed.problems.slice(0, PREVIEW_PROBLEMS),
    problemCount: parsed.problems.length,
    notes: parsed.notes,
    decimalComma: parsed.decimalComma,
  };
}

/** The choices the dialog starts with: what `nn-designer new --data` would do (the last column the target — not a split column a CSV export added —, z-score), and a 20 % test split once there are rows to spare. */
export function defaultChoice(parsed: ParsedTable): ImportChoice {
  const { target, inputs } = defaultRoles(parsed);
  return {
    columns: parsed.columns.map((c) => ({ name: c.name, role: c.name === target ? 'target' : inputs.includes(c.name) ? 'input' : 'ignore', type: c.type, scaler: 'zscore' })),
    testPercent: parsed.rows.length >= SPLIT_FROM_ROWS ? 20 : 0,
    seed: 42,
    dropInvalidRows: false,
  };
}

export function cardChoiceOf(choice: ImportChoice): CardChoice {
  return {
    inputs: choice.columns.filter((c) => c.role === 'input').map((c) => c.name),
    target: choice.columns.find((c) => c.role === 'target')?.name ?? '',
    types: Object.fromEntries(choice.columns.map((c) => [c.name, c.type])),
    scalers: Object.fromEntries(choice.columns.map((c) => [c.name, c.scaler])),
    testPercent: choice.testPercent,
    seed: choice.seed,
    dropInvalidRows: choice.dropInvalidRows,
    dropHint: 'below',
  };
}

/** The card the choices make, or every reason they cannot make one. */
export function cardOf(parsed: ParsedTable, name: string, choice: ImportChoice): { ok: true; table: TableParams; dropped: number; notes: string[] } | { ok: false; problems: string[]; invalidRows: number } {
  const targets = choice.columns.filter((c) => c.role === 'target');
  if (targets.length !== 1) return { ok: false, problems: [targets.length === 0 ? 'Choose the column to predict: set one column’s role to target.' : 'Only one column can be the target.'], invalidRows: 0 };
  if (choice.testPercent < 0 || choice.testPercent > TABLE_LIMITS.testPercent || !Number.isFinite(choice.testPercent)) {
    return { ok: false, problems: [`The test split is a share from 0 to ${TABLE_LIMITS.testPercent} %.`], invalidRows: 0 };
  }
  const card = cardFor(parsed, name, cardChoiceOf(choice));
  if (!card.ok) return { ok: false, problems: card.problems, invalidRows: card.invalidRows ?? 0 };
  if (card.table.split) {
    const { train, test } = splitRows(card.table);
    const share = `A ${choice.testPercent} % test split of ${card.table.rows.length.toLocaleString('en-US')} rows`;
    if (test.length === 0) return { ok: false, problems: [`${share} holds out no row: choose a larger share, or 0 to train on every row.`], invalidRows: 0 };
    if (train.length === 0) return { ok: false, problems: [`${share} leaves no row to train on: choose a smaller share.`], invalidRows: 0 };
  }
  const problems = tableProblems(card.table);
  if (problems.length > 0) return { ok: false, problems: problems.map((p) => `The ${p.path[0]}: ${p.message}.`), invalidRows: 0 };
  return card;
}

export function checkChoice(parsed: ParsedTable, name: string, choice: ImportChoice): CardCheck {
  const issues = cellIssues(
    parsed,
    choice.columns.map((c) => c.type),
  );
  const card = cardOf(parsed, name, choice);
  if (!card.ok) return { ok: false, problems: card.problems, invalidRows: card.invalidRows, issues };
  const { train, test } = splitRows(card.table);
  const target = card.table.columns.find((c) => c.role === 'target');
  return {
    ok: true,
    problems: [],
    invalidRows: card.dropped,
    issues,
    summary: {
      rows: card.table.rows.length,
      train: train.length,
      test: test.length,
      inputs: inputNames(card.table).length,
      ...(target?.type === 'categorical' ? { classes: target.categories?.length ?? 0 } : {}),
      dropped: card.dropped,
      notes: card.notes,
    },
  };
}
