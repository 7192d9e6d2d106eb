/**
 * Reading a table a person brings: CSV, TSV or semicolon-separated text (papaparse finds the
 * separator), or a JSON list of objects. Each column's type is detected; every cell that does not
 * fit — text in a numeric column, an empty cell, a row of the wrong length — is named by its
 * column, its data row (numbered from 1 after the header) and its line in the file, and nothing is
 * silently turned into 0 or NaN: such rows are dropped only when asked, and counted.
 */
import Papa from 'papaparse';
import { TABLE_LIMITS, type Cell, type ColumnType, type Scaler, type TableColumn, type TableParams } from './card';

/** Largest table file read: 5 million cells of up to about 20 characters each. */
export const MAX_TABLE_BYTES = 100 * 1024 * 1024;

/** What is said of a file over MAX_TABLE_BYTES (by its size, before it is read). */
export const tableTooLarge = (name: string, bytes: number): string =>
  `${name} is ${(bytes / 2 ** 20).toFixed(0)} MB; tables of up to ${MAX_TABLE_BYTES / 2 ** 20} MB (${TABLE_LIMITS.cells.toLocaleString('en-US')} cells) can be imported. Use fewer rows or columns.`;

export interface ColumnSummary {
  name: string;
  /** What its cells look like: numbers throughout (bar a few bad cells), or categories. */
  type: ColumnType;
  /** A categorical column's categories in first-seen order (up to TABLE_LIMITS.categories); none for a numeric one. */
  categories: string[];
  /** How many different values it holds, counted up to one past TABLE_LIMITS.categories. */
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
  /** Numbers were read with decimal commas (a column made numeric later reads its cells the same way). */
  decimalComma: boolean;
}

export class TableError extends Error {}

/** Most cell problems listed one by one; the rest are counted. */
const LISTED = 20;
/** A column is numeric when at least this share of its filled cells are numbers: the rest are mistakes to fix. */
const NUMERIC_SHARE = 0.9;

/** ASCII whitespace and the no-break space: a cell's own spaces around a number do not count. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Share of the progress the reading of rows takes; checking the columns takes the rest. */
const READ_SHARE = 0.7;

/** A category's name without the spaces (or a stray carriage return) around it: " setosa" and "setosa\r" are "setosa". */
function trimSpaces(text: string): string {
  return isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) ? text.trim() : text;
}

/**
 * A text cell as a name: trimmed, and without the quote a CSV export (ours, or a spreadsheet's)
 * puts before text that would otherwise run as a formula (`'=…`, `'+`, `'-`, `'@…`).
 */
function cellName(text: string): string {
  const t = trimSpaces(text);
  return t.charCodeAt(0) === 39 && /^'[=+\-@\t\r]/.test(t) ? t.slice(1) : t;
}

/** Nothing but spaces (checked by hand first: trimming every cell would copy it). */
function blank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c)) return c < 128 ? false : text.trim() === '';
  }
  return true;
}

const notANumber = (text: string): string => `holds ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} where the column holds numbers`;

/** How many different numbers a column holds (NaN, a cell with none, not counted), up to one past the categories a column may have. */
function distinctNumbers(values: Float64Array): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length && seen.size <= TABLE_LIMITS.categories; i++) if (!Number.isNaN(values[i])) seen.add(values[i]);
  return seen.size;
}

/**
 * A cell's number, or NaN when it is not one: `[+-]digits[.digits][e[+-]digits]` (".5" and "1."
 * too), or `[+-]digits,digits` where the file writes decimal commas; nothing else Number() would
 * take (hex, "Infinity", "1_000"), and nothing too large to hold. Read by hand, once a cell: it is
 * the import's hottest loop.
 */
export function numberOf(text: string, decimalComma: boolean): number {
  let a = 0;
  let b = text.length;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  let i = a;
  let c = text.charCodeAt(i);
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  let digits = 0;
  while (isDigit(c)) {
    digits++;
    c = text.charCodeAt(++i);
  }
  let comma = -1;
  if (c === 46 || (c === 44 && decimalComma && digits > 0)) {
    if (c === 44) comma = i;
    c = text.charCodeAt(++i);
    let after = 0;
    while (isDigit(c)) {
      after++;
      c = text.charCodeAt(++i);
    }
    if (comma >= 0 && after === 0) return Number.NaN;
    digits += after;
  }
  if (digits === 0) return Number.NaN;
  if ((c === 101 || c === 69) && comma < 0) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    let exponent = 0;
    while (isDigit(c)) {
      exponent++;
      c = text.charCodeAt(++i);
    }
    if (exponent === 0) return Number.NaN;
  }
  if (i !== b) return Number.NaN;
  const v = comma >= 0 ? Number(`${text.slice(a, comma)}.${text.slice(comma + 1, b)}`) : Number(a === 0 && b === text.length ? text : text.slice(a, b));
  return Number.isFinite(v) ? v : Number.NaN;
}

/** Reads a table's text; `onProgress` hears the share read so far (0–1). Throws TableError for a file that is no table at all. */
export function parseTable(text: string, name: string, onProgress?: (share: number) => void): ParsedTable {
  if (text.length > MAX_TABLE_BYTES) throw new TableError(tableTooLarge(name, text.length));
  const notes: string[] = [];
  let body = text;
  if (body.charCodeAt(0) === 0xfeff) body = body.slice(1); // a byte order mark (Excel writes one)
  if (blank(body)) throw new TableError(`${name} is empty: a table needs a header row and at least one data row.`);
  let start = 0;
  while (isSpace(body.charCodeAt(start))) start++;
  const first = body[start];
  const reader = first === '[' || first === '{' ? readJson(body, name) : readDelimited(body, name, notes, onProgress);
  return reader.finish(onProgress);
}

/** Most rows a file may have, and most cells. */
const tooManyRows = (name: string): TableError =>
  new TableError(`${name} has more than ${TABLE_LIMITS.rows.toLocaleString('en-US')} rows or ${TABLE_LIMITS.cells.toLocaleString('en-US')} cells, more than an experiment keeps inline. Use a sample of its rows.`);

/**
 * Takes a table's rows as they are read and keeps only what the table needs: each cell's number
 * in its column's array, and the text of cells that are not numbers (of every cell, in a column
 * once it has shown text), so a large file's cells are not all held as strings at once.
 */
class TableReader {
  readonly names: string[];
  readonly width: number;
  count = 0;
  readonly lines: number[] = [];
  readonly ragged: CellProblem[] = [];
  /** Rows with fewer cells than the header: how many they have (the rest are missing, not empty). */
  readonly short = new Map<number, number>();
  private numbers: Float64Array[];
  readonly texts: (string | undefined)[][];
  /** The first row whose cell in the column is text, not a number; −1: none yet. */
  readonly firstText: Int32Array;
  private readonly numeric: Int32Array;
  private readonly filled: Int32Array;
  /** A number was read with a decimal comma. */
  decimalCommaSeen = false;

  constructor(
    readonly name: string,
    header: string[],
    readonly format: string,
    readonly decimalComma: boolean,
    readonly notes: string[],
    /** Keep every cell's text (JSON: the document holds it all already). */
    private readonly keepAll: boolean,
  ) {
    if (header.length === 1) {
      throw new TableError(
        `${name} has one column (${JSON.stringify(header[0])}): a table needs at least two, an input and a target. If its columns are separated by something other than commas, tabs or semicolons, save it as CSV.`,
      );
    }
    if (header.length > TABLE_LIMITS.columns) throw new TableError(`${name} has ${header.length} columns; a table may have up to ${TABLE_LIMITS.columns}.`);
    const names = header.map((h, j) => h || `column ${j + 1}`);
    const duplicates = names.filter((n, j) => names.indexOf(n) !== j);
    if (duplicates.length > 0) throw new TableError(`${name} names the column ${JSON.stringify(duplicates[0])} twice: give each column its own name in the header.`);
    const tooLong = names.find((n) => n.length > TABLE_LIMITS.name);
    if (tooLong) throw new TableError(`${name} has a column name of ${tooLong.length} characters; names may have up to ${TABLE_LIMITS.name}.`);
    this.names = names;
    this.width = names.length;
    this.numbers = names.map(() => new Float64Array(1024).fill(Number.NaN));
    this.texts = names.map(() => []);
    this.firstText = new Int32Array(this.width).fill(-1);
    this.numeric = new Int32Array(this.width);
    this.filled = new Int32Array(this.width);
  }

  /** Whether one more row fits the limits. */
  get full(): boolean {
    return this.count >= TABLE_LIMITS.rows || (this.count + 1) * this.width > TABLE_LIMITS.cells;
  }

  add(cells: ArrayLike<unknown>, line: number): void {
    const i = this.count++;
    if (i >= this.numbers[0].length) {
      const capacity = Math.min(TABLE_LIMITS.rows, this.numbers[0].length * 2);
      this.numbers = this.numbers.map((old) => {
        const grown = new Float64Array(capacity).fill(Number.NaN);
        grown.set(old);
        return grown;
      });
    }
    this.lines.push(line);
    if (cells.length !== this.width) {
      this.ragged.push({ column: null, row: i + 1, line, message: `has ${cells.length} cell${cells.length === 1 ? '' : 's'} where the header has ${this.width} columns` });
      if (cells.length < this.width) this.short.set(i, cells.length);
    }
    const n = Math.min(cells.length, this.width);
    for (let j = 0; j < n; j++) {
      const v = cells[j];
      let number = Number.NaN;
      let text: string;
      if (typeof v === 'string') {
        if (blank(v)) continue;
        text = v;
        number = numberOf(v, this.decimalComma);
        if (this.decimalComma && !Number.isNaN(number) && v.includes(',')) this.decimalCommaSeen = true;
      } else if (v === undefined || v === null) continue;
      else {
        text = typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
        if (typeof v === 'number' && Number.isFinite(v)) number = v;
      }
      this.filled[j]++;
      if (Number.isNaN(number)) {
        if (this.firstText[j] < 0) this.firstText[j] = i;
        this.texts[j][i] = text;
      } else {
        this.numbers[j][i] = number;
        this.numeric[j]++;
        if (this.keepAll || this.firstText[j] >= 0) this.texts[j][i] = text;
      }
    }
  }

  /** Columns whose text is missing for number cells read before their first text: a categorical column needs it. */
  textsMissing(types: ColumnType[]): number[] {
    if (this.keepAll) return [];
    return types.flatMap((t, j) => (t === 'categorical' && this.firstText[j] > 0 ? [j] : []));
  }

  finish(onProgress?: (share: number) => void, reread?: (columns: number[], before: number) => void): ParsedTable {
    const { names, width, count, lines } = this;
    if (count === 0) throw new TableError(`${this.name} has no data rows under its header: a table needs at least one row of values.`);
    const types: ColumnType[] = names.map((_, j) => (this.filled[j] > 0 && this.numeric[j] >= NUMERIC_SHARE * this.filled[j] ? 'numeric' : 'categorical'));
    const missing = this.textsMissing(types);
    if (missing.length > 0) reread?.(missing, Math.max(...missing.map((j) => this.firstText[j])));
    if (this.decimalCommaSeen) this.notes.push('Numbers written with a decimal comma (1,5) were read as 1.5.');

    const problems: CellProblem[] = [...this.ragged];
    const categories = names.map(() => new Map<string, string>());
    const rows = new Array<(Cell | null)[]>(count);
    for (let i = 0; i < count; i++) {
      const row = new Array<Cell | null>(width);
      const cellsRead = this.short.get(i) ?? width;
      for (let j = 0; j < width; j++) {
        const t = this.texts[j][i];
        if (types[j] === 'numeric') {
          const n = this.numbers[j][i];
          if (!Number.isNaN(n)) row[j] = n;
          else if (t !== undefined) {
            // Kept as written: a column made categorical reads it as a name; as numbers, its row is named.
            problems.push({ column: names[j], row: i + 1, line: lines[i], message: notANumber(t) });
            row[j] = t;
          } else row[j] = null;
        } else if (t !== undefined) {
          const trimmed = cellName(t);
          const key = trimmed.length > TABLE_LIMITS.name ? trimmed.slice(0, TABLE_LIMITS.name) : trimmed;
          const seen = categories[j];
          let name = seen.get(key);
          if (name === undefined) {
            name = key;
            if (seen.size <= TABLE_LIMITS.categories) seen.set(key, key);
          }
          row[j] = name;
        } else row[j] = null;
        if (row[j] === null && j < cellsRead) problems.push({ column: names[j], row: i + 1, line: lines[i], message: 'is empty' });
      }
      rows[i] = row;
      if (onProgress && i % 10_000 === 9_999) onProgress(READ_SHARE + ((1 - READ_SHARE) * i) / count);
    }
    // Cell problems in the order of the file (a ragged row's first, then its cells).
    problems.sort((a, b) => a.row - b.row);
    const columns: ColumnSummary[] = names.map((n, j) => ({
      name: n,
      type: types[j],
      categories: types[j] === 'categorical' ? [...categories[j].keys()].slice(0, TABLE_LIMITS.categories) : [],
      distinct: types[j] === 'categorical' ? categories[j].size : distinctNumbers(this.numbers[j].subarray(0, count)),
    }));
    onProgress?.(1);
    return { format: this.format, columns, rows, lines, problems, notes: this.notes, decimalComma: this.decimalComma };
  }
}

const FORMATS: Record<string, string> = { ',': 'CSV', '\t': 'TSV', ';': 'semicolon-separated', '|': 'pipe-separated' };

/**
 * Delimited text through papaparse, a row at a time. Each row's file line is counted from the
 * line breaks it spans (quoted ones too). A column that turns out categorical after numbers came
 * first is read once more for the text of those first cells.
 */
function readDelimited(text: string, name: string, notes: string[], onProgress?: (share: number) => void): { finish: (progress?: (share: number) => void) => ParsedTable } {
  let reader: TableReader | null = null;
  let tooMany = false;
  const each = (visit: (cells: string[], line: number, parser: Papa.Parser, read: number) => void): void => {
    let line = 1;
    let cursor = 0;
    let header = true;
    Papa.parse<string[]>(text, {
      // Guessed from the first rows, then the same for a second reading.
      delimiter: reader ? (DELIMITERS[reader.format] ?? '') : '',
      delimitersToGuess: [',', '\t', ';', '|'],
      skipEmptyLines: 'greedy',
      step: (result, parser) => {
        const start = line;
        for (let i = text.indexOf('\n', cursor); i >= 0 && i < result.meta.cursor; i = text.indexOf('\n', i + 1)) line++;
        cursor = result.meta.cursor;
        if (header) {
          header = false;
          if (reader) return;
          // Semicolons usually mean decimal commas ("1,5"): read them as numbers, and say so.
          const delimiter = result.meta.delimiter;
          reader = new TableReader(name, result.data.map((c) => c.trim()), FORMATS[delimiter] ?? 'delimited', delimiter === ';', notes, false);
          return;
        }
        visit(result.data, start, parser, cursor / text.length);
      },
    });
  };
  each((cells, line, parser, read) => {
    const r = reader as TableReader;
    if (r.full) {
      tooMany = true;
      parser.abort();
      return;
    }
    r.add(cells, line);
    if (onProgress && r.count % 5000 === 0) onProgress(READ_SHARE * read);
  });
  if (tooMany) throw tooManyRows(name);
  const read = reader as TableReader | null;
  if (!read) throw new TableError(`${name} is empty: a table needs a header row and at least one data row.`);
  return {
    finish: (progress) =>
      read.finish(progress, (columns, before) => {
        let row = 0;
        each((cells, _line, parser) => {
          if (row >= before) return parser.abort();
          for (const j of columns) if (read.texts[j][row] === undefined && j < cells.length && !blank(cells[j])) read.texts[j][row] = cells[j];
          row++;
        });
      }),
  };
}

const DELIMITERS: Record<string, string> = Object.fromEntries(Object.entries(FORMATS).map(([d, f]) => [f, d]));

function readJson(text: string, name: string): TableReader {
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
  if (header.length === 0) throw new TableError(`${name} has no data rows under its header: a table needs at least one row of values.`);
  const reader = new TableReader(name, header, 'JSON', false, [], true);
  // Each object is a row; lines are not known in JSON, so rows are named by number only.
  for (const r of doc as Record<string, unknown>[]) reader.add(header.map((k) => r[k]), 0);
  return reader;
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
  /** Numeric columns' scalers the person set (default z-score). */
  scalers?: Record<string, Scaler>;
  testPercent?: number;
  seed?: number;
  /** Drop the rows with problems instead of refusing the table. */
  dropInvalidRows?: boolean;
  /** How the person asks for that, said when rows are refused ("with --drop-invalid-rows", the command line's flag, unless told). */
  dropHint?: string;
}

export type CardResult =
  | { ok: true; table: TableParams; dropped: number; notes: string[] }
  /** `invalidRows`: how many rows have missing or unreadable cells in the columns used (dropping them may help). */
  | { ok: false; problems: string[]; invalidRows?: number };

/** A cell as a column of `type` reads it: a number or a category's name, null when empty, undefined when it is no number. */
function cellAs(v: Cell | null, type: ColumnType, decimalComma: boolean): Cell | null | undefined {
  if (v === null) return null;
  if (type === 'categorical') return typeof v === 'string' ? cellName(v) : String(v);
  if (typeof v === 'number') return v;
  const n = numberOf(v, decimalComma);
  return Number.isNaN(n) ? undefined : n;
}

/** Per column, under the given types: how many cells are empty or missing, and how many are not numbers in a numeric column. */
export function cellIssues(parsed: ParsedTable, types: readonly ColumnType[]): { empty: number; unreadable: number }[] {
  const issues = parsed.columns.map(() => ({ empty: 0, unreadable: 0 }));
  for (const row of parsed.rows) {
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (v === null) issues[j].empty++;
      else if (types[j] === 'numeric' && typeof v === 'string' && Number.isNaN(numberOf(v, parsed.decimalComma))) issues[j].unreadable++;
    }
  }
  return issues;
}

/**
 * A data card for the parsed table, as the person chose it: roles, types, scalers (z-score unless
 * chosen), categories in first-seen order. Rows with problems are refused (each named), or dropped
 * and counted when asked. Rows the card keeps as they were read are shared with `parsed`, not copied.
 */
/**
 * A column the Data as CSV export adds (`split`: train or test on every row). It says where a row
 * was, not what it is: by default neither the target nor an input.
 */
function isSplitColumn(parsed: ParsedTable, j: number): boolean {
  return /^_*split$/.test(parsed.columns[j].name) && parsed.rows.length > 0 && parsed.rows.every((r) => r[j] === 'train' || r[j] === 'test');
}

/** The roles a table starts with: the last column the target, every other an input (`target`: another), split columns neither. */
export function defaultRoles(parsed: ParsedTable, target?: string): { target: string; inputs: string[] } {
  const names = parsed.columns.map((c) => c.name);
  const usable = names.filter((_, j) => !isSplitColumn(parsed, j));
  const chosen = target ?? usable[usable.length - 1] ?? names[names.length - 1] ?? '';
  return { target: chosen, inputs: usable.filter((n) => n !== chosen) };
}

export function cardFor(parsed: ParsedTable, name: string, choice: CardChoice = {}): CardResult {
  const names = parsed.columns.map((c) => c.name);
  const defaults = defaultRoles(parsed, choice.target);
  const target = defaults.target;
  const problems: string[] = [];
  if (!names.includes(target)) problems.push(`There is no column ${JSON.stringify(target)} to predict; the columns are ${names.map((n) => JSON.stringify(n)).join(', ')}.`);
  const inputs = choice.inputs ?? defaults.inputs;
  for (const n of inputs) if (!names.includes(n)) problems.push(`There is no input column ${JSON.stringify(n)}; the columns are ${names.map((c) => JSON.stringify(c)).join(', ')}.`);
  if (inputs.includes(target)) problems.push(`${JSON.stringify(target)} cannot be both an input and the target.`);
  if (inputs.length === 0) problems.push('Choose at least one input column.');
  if (problems.length > 0) return { ok: false, problems };

  const width = names.length;
  const types = parsed.columns.map((c) => choice.types?.[c.name] ?? c.type);
  // A column read as it was detected needs no conversion: its cells are already numbers or names.
  const converted = parsed.columns.map((c, j) => types[j] !== c.type);
  const used = parsed.columns.map((c) => c.name === target || inputs.includes(c.name));
  const usedColumns = names.flatMap((_, j) => (used[j] ? [j] : []));
  const ragged = new Map<number, string>();
  for (const p of parsed.problems) if (p.column === null && !ragged.has(p.row - 1)) ragged.set(p.row - 1, problemText(p));

  // Each row's first problem in the columns used, in the order of the file.
  const bad = new Map<number, string>();
  parsed.rows.forEach((r, i) => {
    const raggedProblem = ragged.get(i);
    if (raggedProblem !== undefined) {
      bad.set(i, raggedProblem);
      return;
    }
    for (const j of usedColumns) {
      const v = cellAs(r[j], types[j], parsed.decimalComma);
      if (v === null || v === undefined) {
        const message = v === null ? 'is empty' : `holds ${JSON.stringify(String(r[j]))} where the column holds numbers`;
        bad.set(i, problemText({ column: names[j], row: i + 1, line: parsed.lines[i], message }));
        return;
      }
    }
  });
  if (bad.size > 0 && !choice.dropInvalidRows) {
    const listed = [...bad.values()].slice(0, LISTED);
    return {
      ok: false,
      invalidRows: bad.size,
      problems: [
        ...listed,
        ...(bad.size > LISTED ? [`…and ${bad.size - LISTED} more rows like these.`] : []),
        `${bad.size} of ${parsed.rows.length} rows ${bad.size === 1 ? 'has' : 'have'} missing or unreadable cells in the columns used. Fix them in the file, or drop ${bad.size === 1 ? 'that row' : 'those rows'} ${choice.dropHint ?? 'with --drop-invalid-rows'}.`,
      ],
    };
  }
  const kept = bad.size > 0 ? parsed.rows.filter((_, i) => !bad.has(i)) : parsed.rows;
  if (kept.length === 0) return { ok: false, problems: ['No row is left once the rows with missing or unreadable cells are dropped.'] };

  const columns: TableColumn[] = parsed.columns.map((c, j) => {
    const role = c.name === target ? 'target' : inputs.includes(c.name) ? 'input' : 'ignore';
    if (types[j] === 'numeric') return { name: c.name, role, type: 'numeric', scaler: choice.scalers?.[c.name] ?? 'zscore' };
    const seen = new Set<string>();
    for (const r of kept) {
      const v = cellAs(r[j], 'categorical', parsed.decimalComma);
      if (typeof v === 'string') seen.add(v);
    }
    return { name: c.name, role, type: 'categorical', categories: [...seen] };
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
  const incomplete = columns.map((c, j) => c.role === 'ignore' && kept.some((r) => cellAs(r[j], types[j], parsed.decimalComma) == null));
  // So is one of more categories than a file holds (an identifier): kept, the file would not open again.
  const tooManyCategories = columns.map((c) => c.role === 'ignore' && (c.categories?.length ?? 0) > TABLE_LIMITS.categories);
  const keep = names.flatMap((_, j) => (incomplete[j] || tooManyCategories[j] ? [] : [j]));
  const asRead = keep.length === width && !keep.some((j) => converted[j]);
  const cells: Cell[][] = asRead ? (kept as Cell[][]) : kept.map((r) => keep.map((j) => cellAs(r[j], types[j], parsed.decimalComma) as Cell));
  const left = columns.filter((_, j) => incomplete[j]).map((c) => JSON.stringify(c.name));
  const many = columns.filter((_, j) => tooManyCategories[j] && !incomplete[j]).map((c) => JSON.stringify(c.name));
  const table: TableParams = {
    name,
    columns: keep.map((j) => columns[j]),
    rows: cells,
    ...(choice.testPercent ? { split: { testPercent: choice.testPercent, seed: choice.seed ?? 42 } } : {}),
  };
  const notes = [
    ...parsed.notes,
    ...(bad.size > 0 ? [`Dropped ${bad.size} of ${parsed.rows.length} rows with missing or unreadable cells.`] : []),
    ...(left.length > 0 ? [`Left out the ignored column${left.length === 1 ? '' : 's'} ${left.join(', ')}: ${left.length === 1 ? 'it has' : 'they have'} missing or unreadable cells.`] : []),
    ...(many.length > 0 ? [`Left out the ignored column${many.length === 1 ? '' : 's'} ${many.join(', ')}: more than ${TABLE_LIMITS.categories.toLocaleString('en-US')} different values (an identifier?), more than a file keeps.`] : []),
  ];
  return { ok: true, table, dropped: bad.size, notes };
}
