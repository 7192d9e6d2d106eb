/**
 * Reading an experiment file. Never throws: every way a file can be wrong (not text, not JSON,
 * not ours, from a newer version, malformed fields, weights that do not fit) becomes a list of
 * problems, each with the JSON path it concerns and what was expected and found.
 */
import type { FileProblem } from './problems';
import { migrate, MIGRATIONS, type Migration } from './migrate';
import { fromZodIssues, problem, WHOLE_FILE } from './problems';
import { findJsonSyntaxError } from './json-syntax';
import { checkReferences } from './references';
import { fileText, restoreLists } from './file-bytes';
import { taskProblems } from '../datasets';
import { namedRun, runFit, runRecordProblems } from './run-binding';
import { ExperimentSchema, LIMITS, type Experiment } from './schema';

export type ParseResult =
  | { ok: true; experiment: Experiment; /** things ignored or upgraded; the file still opens */ warnings: FileProblem[] }
  | { ok: false; problems: FileProblem[] };

export interface ParseOptions {
  /** Upgrade steps by version (tests use this to exercise the mechanism). */
  migrations?: Readonly<Record<number, Migration>>;
  currentVersion?: number;
}

const MAX_WARNINGS = 50;

export function parseExperiment(text: string, options: ParseOptions = {}): ParseResult {
  try {
    return parseUnsafe(text, options);
  } catch (e) {
    return crashed(e);
  }
}

/**
 * Reading a file's bytes: long base64 weight lists are decoded from the bytes themselves, so a
 * large file is never also held as one string (experiment/file-bytes.ts), and bytes that are
 * not UTF-8 are said instead of silently replaced.
 */
export function parseExperimentBytes(bytes: Uint8Array, options: ParseOptions = {}): ParseResult {
  try {
    if (bytes.length > LIMITS.fileBytes) return fail(tooLarge(bytes.length));
    const file = fileText(bytes);
    const read = parseUnsafe(file.text, options, file.lists);
    // Syntax errors are placed by line and column: in the file as it is, not in the text without its lists.
    if (!read.ok && read.problems[0]?.path === WHOLE_FILE && file.lists.size > 0) return parseUnsafe(new TextDecoder().decode(bytes), options);
    if (!read.ok || !file.notUtf8) return read;
    const { byte, line } = file.notUtf8;
    const warning = problem(
      [],
      `the file is not UTF-8 text from byte ${byte + 1} (line ${line}) on: what is not UTF-8 reads as "\ufffd", and saving keeps it so. If it was written as Latin-1 or Windows-1252, convert it to UTF-8 (most editors: Save with Encoding → UTF-8) and open it again`,
    );
    return { ...read, warnings: [warning, ...read.warnings] };
  } catch (e) {
    return crashed(e);
  }
}

/** A bug here must not take the app down with the file; say what happened instead. */
function crashed(e: unknown): ParseResult {
  return fail(problem([], `the file could not be read: ${(e as Error)?.message ?? String(e)}`));
}

function tooLarge(length: number): FileProblem {
  return problem([], `expected a file of at most ${LIMITS.fileBytes / 1024 / 1024} MB, got ${(length / 1024 / 1024).toFixed(1)} MB`);
}

function parseUnsafe(text: string, options: ParseOptions, lists?: ReadonlyMap<string, Uint8Array>): ParseResult {
  if (typeof text !== 'string') return fail(problem([], 'expected the text of a file'));
  if (text.length > LIMITS.fileBytes) return fail(tooLarge(text.length));
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const wide = wideEncoding(body);
  if (wide) return fail(problem([], `expected UTF-8 text, got ${wide}: save it as UTF-8 (in most editors: Save with Encoding → UTF-8) and open it again`));
  if (looksBinary(body)) return fail(problem([], 'expected JSON text, got binary data: this is not an NN Designer experiment file'));
  if (body.trim() === '') return fail(problem([], 'expected JSON text, got an empty file'));

  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    return fail(problem([], jsonErrorMessage(body, (e as Error).message)));
  }
  if (lists) restoreLists(doc, lists);

  const migrated = migrate(doc, options.migrations ?? MIGRATIONS, options.currentVersion);
  if (!migrated.ok) return { ok: false, problems: migrated.problems };

  const parsed = ExperimentSchema.safeParse(migrated.doc);
  const references = checkReferences(migrated.doc);
  // An unknown layer kind is said once, by checkReferences, not again as a schema mismatch.
  const unknownKinds = references.filter((p) => p.path.endsWith('.type')).map((p) => p.path.slice(0, -'.type'.length));
  const schemaProblems = parsed.success ? [] : fromZodIssues(parsed.error.issues).filter((p) => !unknownKinds.some((k) => p.path === k || p.path.startsWith(`${k}.`)));
  const problems = [...schemaProblems, ...references];
  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  // What the task's own settings say that the schema checks field by field cannot (a table's rows against its columns).
  const taskProblemsFound = taskProblems(parsed.data.setup.task).map((p) => problem(['setup', 'task', ...p.path], p.message));
  if (taskProblemsFound.length > 0) return { ok: false, problems: taskProblemsFound };
  const runProblems = parsed.data.runs.flatMap(runRecordProblems);
  if (runProblems.length > 0) return { ok: false, problems: runProblems };
  const { experiment, warnings: runWarnings } = bindRuns(parsed.data);

  const unknown: FileProblem[] = [];
  collectUnknownKeys(migrated.doc, parsed.data, [], unknown);
  const warnings = [...migrated.warnings, ...runWarnings, ...unknown.slice(0, MAX_WARNINGS)];
  if (unknown.length > MAX_WARNINGS) warnings.push(problem([], `and ${unknown.length - MAX_WARNINGS} more unknown fields, ignored`));
  return { ok: true, experiment, warnings };
}

/**
 * Runs saved before they named their layers, once they are known to fit the design, get the
 * names and the design recorded, so a later reorder cannot move their weights. Runs of an earlier
 * design stay as they are; the latest run with weights is the one the app would show, so only
 * its not fitting is said.
 */
function bindRuns(experiment: Experiment): { experiment: Experiment; warnings: FileProblem[] } {
  const design = experiment.setup.design;
  const warnings: FileProblem[] = [];
  let latest = -1;
  experiment.runs.forEach((r, i) => {
    if (r.parameters.length > 0) latest = i;
  });
  const runs = experiment.runs.map((run, i) => {
    if (run.parameters.length === 0) return run;
    const fit = runFit(run, design);
    if (!fit.fits) {
      if (i === latest) warnings.push(problem(['runs', i], `${run.id} is kept in the file but not shown or continued: ${fit.reason}`));
      return run;
    }
    return run.design && run.parameters.every((p) => p.node !== undefined) ? run : namedRun(run, design, fit.order);
  });
  return { experiment: { ...experiment, runs }, warnings };
}

function fail(p: FileProblem): ParseResult {
  return { ok: false, problems: [p] };
}

/** NUL bytes or many control or undecodable characters near the start mean this is not text. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 4096);
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd > 8 && odd > head.length / 100;
}

/**
 * Where the JSON goes wrong, as a line and a column: found by scanning the text, since JSON
 * engines give no position for some errors.
 */
function jsonErrorMessage(text: string, raw: string): string {
  const found = findJsonSyntaxError(text);
  if (!found) return `the file is not valid JSON: ${raw}`;
  const where = `line ${found.line}, column ${found.column}`;
  if (found.truncated) return `the file ends too soon at ${where}: it looks truncated (cut off while saving or copying?)`;
  return `the file is not valid JSON at ${where}: ${found.reason}`;
}

/**
 * UTF-16 or UTF-32 read as UTF-8: a NUL beside nearly every character (and a byte order mark
 * turned into two U+FFFD). Names the encoding, so the message is not "binary data".
 */
function wideEncoding(text: string): string | null {
  const bom = text.startsWith('\ufffd\ufffd');
  const head = text.slice(bom ? 2 : 0, 4098);
  if (head.length < 4) return null;
  let nuls = 0;
  let nulRuns3 = 0;
  for (let i = 0; i < head.length; i++) {
    if (head.charCodeAt(i) !== 0) continue;
    nuls++;
    if (head.startsWith('\0\0\0', i)) nulRuns3++;
  }
  const share = nuls / head.length;
  const bigEndian = head.charCodeAt(0) === 0;
  if (share > 0.6 && nulRuns3 > 0) return `UTF-32 (${bigEndian ? 'big' : 'little'}-endian)`;
  if (share > 0.35 && share < 0.6) return `UTF-16 (${bigEndian ? 'big' : 'little'}-endian)`;
  return null;
}

/** Fields the schema does not know are dropped on reading; say which, so nothing vanishes silently. */
function collectUnknownKeys(raw: unknown, parsed: unknown, path: (string | number)[], out: FileProblem[]): void {
  if (out.length > MAX_WARNINGS) return;
  // Weight lists (numbers, or base64) read as Float64Array: nothing nested.
  if (parsed instanceof Float64Array) return;
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    if (typeof parsed[0] !== 'object') return; // lists of numbers: nothing nested
    parsed.forEach((p, i) => collectUnknownKeys(raw[i], p, [...path, i], out));
    return;
  }
  if (!isPlainObject(raw) || !isPlainObject(parsed)) return;
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(parsed, key)) out.push(problem([...path, key], 'unknown field, ignored'));
    else collectUnknownKeys(raw[key], parsed[key], [...path, key], out);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export { WHOLE_FILE };
