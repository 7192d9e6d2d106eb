/**
 * Reading a table a person brings: CSV, TSV or semicolon-separated text (papaparse finds the
 * separator), or a JSON list of objects. Each column's type is detected; every cell that does not
 * fit — text in a numeric column, an empty cell, a row of the wrong length — is named by its
 * column, its data row (numbered from 1 after the header) and its line in the file, and nothing is
 * silently turned into 0 or NaN: such rows are dropped only when asked, and counted.
 */
import Papa from 'papaparse';
import { TABLE_LIMITS, type Cell, type ColumnType, type TableColumn, type TableParams } from './card';

/** Largest table file read: 5 million cells of up to about 20 characters each. */
export const MAX_TABLE_BYTES = 100 * 1024 * 1024;

export interface ColumnSummary {
  name: string;
  /** What its cells look like: numbers throughout (bar a few bad cells), or categories. */
  type: ColumnType;
  /** Distinct values (categories), first-seen order; numeric columns: the first few. */
  categories: string[];
  distinct: number;
}

/** A cell that does not fit its column, where to find it, and what it holds. */
export interface CellProblem {
  column: string | null;
  /** Data row, from 1 after the header. */
  row: number;
  /** Line in the file where the row starts. */
  line: number;
  message: string;
}

export interface ParsedTable {
  /** What was read: "CSV", "TSV", "semicolon-separated", "JSON". */
  format: string;
  columns: ColumnSummary[];
  /** Cells as read: numbers where a column is numeric and the cell is a number, else text; null where empty or missing. */
  rows: (Cell | null)[][];
  /** The file line each row starts on. */
  lines: number[];
  problems: CellProblem[];
  /** What was done that a person should know (decimal commas read as points, a byte order mark). */
  notes: string[];
}

export class TableError extends Error {}

/** Most cell problems listed one by one; the rest are counted. */
const LISTED = 20;
/** A column is numeric when at least this share of its filled cells are numbers: the rest are mistakes to fix. */
const NUMERIC_SHARE = 0.9;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** A cell's number, or null when it is not one (text, or a number too large to hold). */
function numberOf(text: string, decimalComma: boolean): number | null {
  const t = text.trim();
  const s = decimalComma && DECIMAL_COMMA.test(t) ? t.replace(',', '.') : t;
  if (!NUMBER.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Reads a table's text; `onProgress` hears the share read so far (0–1). Throws TableError for a file that is no table at all. */
export function parseTable(text: string, name: string, onProgress?: (share: number) => void): ParsedTable {
  if (text.length > MAX_TABLE_BYTES) throw new TableError(`${name} is ${(text.length / 2 ** 20).toFixed(0)} MB; tables of up to ${MAX_TABLE_BYTES / 2 ** 20} MB (${TABLE_LIMITS.cells.toLocaleString('en-US')} cells) can be imported. Use fewer rows or columns.`);
  const notes: string[] = [];
  let body = text;
  if (body.charCodeAt(0) === 0xfeff) body = body.slice(1); // a byte order mark (Excel writes one)
  if (body.trim() === '') throw new TableError(`${name} is empty: a table needs a header row and at least one data row.`);
  const first = body.trimStart()[0];
  const raw = first === '[' || first === '{' ? readJson(body, name) : readDelimited(body, name, notes, onProgress);
  return summarize(raw, name, notes);
}

interface RawTable {
  format: string;
  header: string[];
  rows: string[][] | unknown[][];
  lines: number[];
  decimalComma: boolean;
  ragged: CellProblem[];
}

function readDelimited(text: string, name: string, notes: string[], onProgress?: (share: number) => void): RawTable {
  const header: string[] = [];
  const rows: string[][] = [];
  const lines: number[] = [];
  const ragged: CellProblem[] = [];
  let line = 1;
  let cursor = 0;
  let delimiter = ',';
  let tooMany = false;
  Papa.parse<string[]>(text, {
    delimiter: '',
    delimitersToGuess: [',', '\t', ';', '|'],
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      const start = line;
      // The line the next row starts on: this row's line breaks, quoted ones included.
      for (let i = text.indexOf('\n', cursor); i >= 0 && i < result.meta.cursor; i = text.indexOf('\n', i + 1)) line++;
      cursor = result.meta.cursor;
      delimiter = result.meta.delimiter;
      const cells = result.data;
      if (header.length === 0) {
        header.push(...cells.map((c) => c.trim()));
        return;
      }
      if (rows.length >= TABLE_LIMITS.rows || (rows.length + 1) * header.length > TABLE_LIMITS.cells) {
        tooMany = true;
        parser.abort();
        return;
      }
      if (cells.length !== header.length) {
        ragged.push({ column: null, row: rows.length + 1, line: start, message: `has ${cells.length} cell${cells.length === 1 ? '' : 's'} where the header has ${header.length} columns` });
      }
      rows.push(cells);
      lines.push(start);
      if (onProgress && rows.length % 5000 === 0) onProgress(cursor / text.length);
    },
  });
  if (tooMany) {
    throw new TableError(`${name} has more than ${TABLE_LIMITS.rows.toLocaleString('en-US')} rows or ${TABLE_LIMITS.cells.toLocaleString('en-US')} cells, more than an experiment keeps inline. Use a sample of its rows.`);
  }
  onProgress?.(1);
  const format = { ',': 'CSV', '\t': 'TSV', ';': 'semicolon-separated', '|': 'pipe-separated' }[delimiter] ?? 'delimited';
  // Semicolons usually mean decimal commas ("1,5"): read them as numbers, and say so.
  const decimalComma = delimiter === ';' && rows.some((r) => r.some((c) => DECIMAL_COMMA.test(c.trim())));
  if (decimalComma) notes.push('Numbers written with a decimal comma (1,5) were read as 1.5.');
  return { format, header, rows, lines, decimalComma, ragged };
}

function readJson(text: string, name: string): RawTable {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new TableError(`${name} is not valid JSON (${(e as Error).message}); a JSON table is a list of objects, one per row: [{"x": 1, "label": "a"}, …].`);
  }
  if (!Array.isArray(doc) || doc.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new TableError(`${name} is JSON but not a list of objects; a JSON table is one object per row: [{"x": 1, "label": "a"}, …].`);
  }
  if (doc.length > TABLE_LIMITS.rows) throw new TableError(`${name} has ${doc.length.toLocaleString('en-US')} rows; an experiment keeps up to ${TABLE_LIMITS.rows.toLocaleString('en-US')} inline.`);
  const header: string[] = [];
  const seen = new Set<string>();
  for (const r of doc as Record<string, unknown>[]) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        header.push(k);
      }
    }
  }
  if (doc.length * header.length > TABLE_LIMITS.cells) throw new TableError(`${name} has ${(doc.length * header.length).toLocaleString('en-US')} cells; an experiment keeps up to ${TABLE_LIMITS.cells.toLocaleString('en-US')} inline.`);
  const rows = (doc as Record<string, unknown>[]).map((r) => header.map((k) => r[k]));
  // Each object is a row; lines are not known in JSON, so rows are named by number only.
  return { format: 'JSON', header, rows, lines: rows.map(() => 0), decimalComma: false, ragged: [] };
}

function summarize(raw: RawTable, name: string, notes: string[]): ParsedTable {
  const { header, lines } = raw;
  if (header.length === 0 || raw.rows.length === 0) throw new TableError(`${name} has no data rows under its header: a table needs at least one row of values.`);
  if (header.length === 1) {
    throw new TableError(
      `${name} has one column (${JSON.stringify(header[0])}): a table needs at least two, an input and a target. If its columns are separated by something other than commas, tabs or semicolons, save it as CSV.`,
    );
  }
  if (header.length > TABLE_LIMITS.columns) throw new TableError(`${name} has ${header.length} columns; a table may have up to ${TABLE_LIMITS.columns}.`);
  const problems: CellProblem[] = [...raw.ragged];
  const names = header.map((h, j) => h || `column ${j + 1}`);
  const duplicates = names.filter((n, j) => names.indexOf(n) !== j);
  if (duplicates.length > 0) throw new TableError(`${name} names the column ${JSON.stringify(duplicates[0])} twice: give each column its own name in the header.`);
  const tooLong = names.find((n) => n.length > TABLE_LIMITS.name);
  if (tooLong) throw new TableError(`${name} has a column name of ${tooLong.length} characters; names may have up to ${TABLE_LIMITS.name}.`);

  // Each column: how many of its filled cells are numbers decides its type.
  const numbers = names.map(() => 0);
  const filled = names.map(() => 0);
  const cellText = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'string' ? (v.trim() === '' ? null : v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
  for (const r of raw.rows) {
    names.forEach((_, j) => {
      const v = r[j];
      const t = cellText(v);
      if (t === null) return;
      filled[j]++;
      if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && numberOf(v, raw.decimalComma) !== null)) numbers[j]++;
    });
  }
  const types: ColumnType[] = names.map((_, j) => (filled[j] > 0 && numbers[j] >= NUMERIC_SHARE * filled[j] ? 'numeric' : 'categorical'));

  const categories = names.map(() => new Map<string, number>());
  const rows: (Cell | null)[][] = raw.rows.map((r, i) =>
    names.map((column, j) => {
      const v = r[j];
      const t = cellText(v);
      const where = { column, row: i + 1, line: lines[i] };
      if (t === null) {
        if (j < r.length || raw.format === 'JSON') problems.push({ ...where, message: 'is empty' });
        return null;
      }
      if (types[j] === 'numeric') {
        const n = typeof v === 'number' ? v : typeof v === 'string' ? numberOf(v, raw.decimalComma) : null;
        if (n === null || !Number.isFinite(n)) {
          problems.push({ ...where, message: `holds ${JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t)} where the column holds numbers` });
          return null;
        }
        return n;
      }
      const key = t.length > TABLE_LIMITS.name ? t.slice(0, TABLE_LIMITS.name) : t;
      const seen = categories[j];
      if (!seen.has(key) && seen.size <= TABLE_LIMITS.categories) seen.set(key, seen.size);
      return key;
    }),
  );
  const columns: ColumnSummary[] = names.map((n, j) => {
    const distinct = types[j] === 'categorical' ? categories[j].size : new Set(rows.map((r) => r[j]).filter((v) => v !== null)).size;
    return { name: n, type: types[j], categories: types[j] === 'categorical' ? [...categories[j].keys()].slice(0, TABLE_LIMITS.categories) : [], distinct };
  });
  return { format: raw.format, columns, rows, lines, problems, notes };
}

/** "Column "age", data row 17 (line 18): holds "n/a" where the column holds numbers." */
export function problemText(p: CellProblem): string {
  const where = p.line > 0 ? `data row ${p.row} (line ${p.line})` : `data row ${p.row}`;
  return `${p.column === null ? '' : `Column ${JSON.stringify(p.column)}, `}${where}: ${p.message}`;
}

export interface CardChoice {
  /** Columns to learn from; default every column but the target. */
  inputs?: string[];
  /** The column to predict; default the last one. */
  target?: string;
  /** Columns whose type the person set (a numeric-looking code that is really a category). */
  types?: Record<string, ColumnType>;
  testPercent?: number;
  seed?: number;
  /** Drop the rows with problems instead of refusing the table. */
  dropInvalidRows?: boolean;
}

export type CardResult = { ok: true; table: TableParams; dropped: number; notes: string[] } | { ok: false; problems: string[] };

/**
 * A data card for the parsed table, as the person chose it: roles, types, z-score for numeric
 * inputs and a numeric target, categories in first-seen order. Rows with problems are refused
 * (each named), or dropped and counted when asked.
 */
export function cardFor(parsed: ParsedTable, name: string, choice: CardChoice = {}): CardResult {
  const names = parsed.columns.map((c) => c.name);
  const target = choice.target ?? names[names.length - 1];
  const problems: string[] = [];
  if (!names.includes(target)) problems.push(`There is no column ${JSON.stringify(target)} to predict; the columns are ${names.map((n) => JSON.stringify(n)).join(', ')}.`);
  const inputs = choice.inputs ?? names.filter((n) => n !== target);
  for (const n of inputs) if (!names.includes(n)) problems.push(`There is no input column ${JSON.stringify(n)}; the columns are ${names.map((c) => JSON.stringify(c)).join(', ')}.`);
  if (inputs.includes(target)) problems.push(`${JSON.stringify(target)} cannot be both an input and the target.`);
  if (inputs.length === 0) problems.push('Choose at least one input column.');
  if (problems.length > 0) return { ok: false, problems };

  const types = parsed.columns.map((c) => choice.types?.[c.name] ?? c.type);
  const used = parsed.columns.map((c) => c.name === target || inputs.includes(c.name));
  // A column the person made categorical reads its numbers as names; one made numeric must hold numbers.
  const rows = parsed.rows.map((r) => r.map((v, j) => (v === null ? null : types[j] === 'categorical' ? String(v) : typeof v === 'number' ? v : Number.NaN)));
  const bad = new Map<number, string>();
  parsed.problems.forEach((p) => {
    const j = p.column === null ? -1 : names.indexOf(p.column);
    if (j < 0 || used[j]) if (!bad.has(p.row - 1)) bad.set(p.row - 1, problemText(p));
  });
  rows.forEach((r, i) => {
    r.forEach((v, j) => {
      if (used[j] && typeof v === 'number' && Number.isNaN(v) && !bad.has(i)) {
        bad.set(i, problemText({ column: names[j], row: i + 1, line: parsed.lines[i], message: `holds ${JSON.stringify(String(parsed.rows[i][j]))} where the column holds numbers` }));
      }
    });
  });
  if (bad.size > 0 && !choice.dropInvalidRows) {
    const listed = [...bad.values()].slice(0, LISTED);
    return {
      ok: false,
      problems: [
        ...listed,
        ...(bad.size > LISTED ? [`…and ${bad.size - LISTED} more rows like these.`] : []),
        `${bad.size} of ${rows.length} rows have missing or unreadable cells in the columns used. Fix them, or drop those rows (the command line: --drop-invalid-rows).`,
      ],
    };
  }
  const kept = rows.filter((_, i) => !bad.has(i));
  if (kept.length === 0) return { ok: false, problems: ['No row is left once the rows with missing or unreadable cells are dropped.'] };

  const columns: TableColumn[] = parsed.columns.map((c, j) => {
    const role = c.name === target ? 'target' : inputs.includes(c.name) ? 'input' : 'ignore';
    if (types[j] === 'numeric') return { name: c.name, role, type: 'numeric', scaler: 'zscore' };
    const seen = [...new Set(kept.map((r) => r[j]).filter((v): v is string => typeof v === 'string'))];
    return { name: c.name, role, type: 'categorical', categories: seen };
  });
  const targetColumn = columns.find((c) => c.role === 'target') as TableColumn;
  if (targetColumn.type === 'categorical') {
    const k = targetColumn.categories?.length ?? 0;
    if (k > TABLE_LIMITS.classes) {
      return {
        ok: false,
        problems: [
          `${JSON.stringify(target)} has ${k.toLocaleString('en-US')} distinct values: as a target that is ${k.toLocaleString('en-US')} classes, and a table can have up to ${TABLE_LIMITS.classes}. If it is a number to predict, make it numeric (regression); if it is an identifier, choose another target and ignore it.`,
        ],
      };
    }
    if (k < 2) return { ok: false, problems: [`${JSON.stringify(target)} has a single value (${JSON.stringify(targetColumn.categories?.[0])}): there is nothing to learn. Choose another target.`] };
  }
  const tooMany = columns.find((c) => c.role === 'input' && c.type === 'categorical' && (c.categories?.length ?? 0) > TABLE_LIMITS.categories);
  if (tooMany) return { ok: false, problems: [`The input ${JSON.stringify(tooMany.name)} has more than ${TABLE_LIMITS.categories} categories: it is probably an identifier or free text. Ignore it.`] };

  // Ignored columns keep their cells (a later card may use them) when every cell is whole; one with a
  // missing or unreadable cell is left out rather than filled with something the file never said.
  const incomplete = new Set(columns.flatMap((c, j) => (c.role === 'ignore' && kept.some((r) => r[j] === null || (typeof r[j] === 'number' && Number.isNaN(r[j]))) ? [j] : [])));
  const keep = (j: number): boolean => !incomplete.has(j);
  const cells = kept.map((r) => r.filter((_, j) => keep(j)) as Cell[]);
  const left = columns.filter((_, j) => !keep(j)).map((c) => JSON.stringify(c.name));
  columns.splice(0, columns.length, ...columns.filter((_, j) => keep(j)));
  const table: TableParams = { name, columns, rows: cells, ...(choice.testPercent ? { split: { testPercent: choice.testPercent, seed: choice.seed ?? 42 } } : {}) };
  const notes = [
    ...parsed.notes,
    ...(bad.size > 0 ? [`Dropped ${bad.size} of ${rows.length} rows with missing or unreadable cells.`] : []),
    ...(left.length > 0 ? [`Left out the ignored column${left.length === 1 ? '' : 's'} ${left.join(', ')}: ${left.length === 1 ? 'it has' : 'they have'} missing or unreadable cells.`] : []),
  ];
  return { ok: true, table, dropped: bad.size, notes };
}
