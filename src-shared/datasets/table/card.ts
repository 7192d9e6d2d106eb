/**
 * A table's data card: what each column is (its role, its type, how it is scaled, its categories'
 * order) and how the rows are split into training and test. It is saved with the rows in the
 * experiment file, so a table trains the same wherever the file goes.
 */

export type ColumnType = 'numeric' | 'categorical';
export type ColumnRole = 'input' | 'target' | 'ignore';
/** How a numeric column is scaled, fitted on the training rows only. */
export type Scaler = 'none' | 'zscore' | 'minmax';

export const COLUMN_TYPES = ['numeric', 'categorical'] as const satisfies readonly ColumnType[];
export const COLUMN_ROLES = ['input', 'target', 'ignore'] as const satisfies readonly ColumnRole[];
export const SCALERS = ['none', 'zscore', 'minmax'] as const satisfies readonly Scaler[];

export interface TableColumn {
  name: string;
  role: ColumnRole;
  type: ColumnType;
  /** Numeric columns: how values are scaled (inputs default to z-score; so do numeric targets). */
  scaler?: Scaler;
  /** Categorical columns: the categories in order — a target's classes, an input's one-hot columns. */
  categories?: string[];
}

/** A cell: a number in a numeric column, the category's name in a categorical one. */
export type Cell = number | string;

export interface TableSplit {
  /** Share of the rows held out for testing, in percent (stratified by class for a categorical target). */
  testPercent: number;
  /** Seeds the choice of test rows (NumPy's RandomState, so the exports draw the same rows). */
  seed: number;
}

export interface TableParams {
  /** The table's name (its file's, without the extension, unless renamed). */
  name?: string;
  columns: TableColumn[];
  rows: Cell[][];
  split?: TableSplit;
}

/**
 * How much a table may hold inline in an experiment file. 100,000 rows as for every set; 5 million
 * cells keeps a file under about 60 MB and its parse well under a second and 200 MB of memory; a
 * categorical column of more than 1,000 categories is almost surely an identifier or free text,
 * and a target of more than 100 classes wants more data than a table of this size holds.
 */
export const TABLE_LIMITS = {
  rows: 100_000,
  columns: 1_000,
  cells: 5_000_000,
  categories: 1_000,
  classes: 100,
  /** Characters of a column's name or a category. */
  name: 200,
  /** Most a split may hold out: something must be left to train on. */
  testPercent: 90,
} as const;

export const targetColumn = (p: TableParams): TableColumn | undefined => p.columns.find((c) => c.role === 'target');
export const inputColumns = (p: TableParams): TableColumn[] => p.columns.filter((c) => c.role === 'input');

/** The network's inputs a column becomes: one for a number, one per category (one-hot) for a category. */
export function inputWidth(column: TableColumn): number {
  return column.type === 'numeric' ? 1 : (column.categories?.length ?? 0);
}

/** The names of the network's inputs: a numeric column's own, `colour=red` for each category of a categorical one. */
export function inputNames(p: TableParams): string[] {
  return inputColumns(p).flatMap((c) => (c.type === 'numeric' ? [c.name] : (c.categories ?? []).map((k) => `${c.name}=${k}`)));
}
