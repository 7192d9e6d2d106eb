/**
 * Writing an experiment as text. The output depends only on the values, never on the order keys
 * were set in memory: keys follow the schema's order (unknown keys after, alphabetically), two
 * spaces of indent, lists of numbers on one line, a final newline. So save → load → save gives
 * the same bytes, and diffs between two saves show what changed. Weight lists longer than
 * `DECIMAL_VALUES` are written as base64 float64, and `serializeExperimentPieces` yields them a
 * piece at a time, so a large run is never held as one string.
 */
import { z } from './zod';
import { encodeFloat64Pieces } from './float64-base64';
import { decimateHistory } from './history';
import { formatPath } from './problems';
import { isReportEpoch } from '../engine/report';
import { DECIMAL_VALUES, ExperimentSchema, HISTORY_POINTS, type Experiment } from './schema';

/** A weight list written as base64: printed as a marker the pieces put its text in place of. */
class Encoded {
  constructor(readonly index: number) {}
}

/**
 * A long list of rows of plain values (a table's, up to 5 million cells), printed once: a document
 * never changes such a list in place (an edit makes a new one), so the same list prints the same
 * text at the same indent, and saving or keeping the recovery copy at every edit does not print
 * it again.
 */
class Rows {
  constructor(
    readonly source: readonly unknown[],
    readonly ordered: () => Json[],
  ) {}
}

/** Lists at least this long are worth remembering. */
const REMEMBERED_ROWS = 1000;
const printedRows = new WeakMap<readonly unknown[], { indent: string; text: string }>();

const isPlain = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isRowsOfPlainValues = (value: readonly unknown[]): boolean => value.every((row) => Array.isArray(row) && row.every(isPlain));

type Json = null | boolean | number | string | Encoded | Rows | Json[] | { [key: string]: Json };

/** NUL never appears unescaped in JSON text, so it can mark where base64 text goes. */
const MARK = '\u0000';

export function serializeExperiment(experiment: Experiment): string {
  return [...serializeExperimentPieces(experiment)].join('');
}

/** The file's text in pieces (long weight lists' base64 a piece at a time): their concatenation is `serializeExperiment`. */
export function* serializeExperimentPieces(experiment: Experiment): Generator<string, void, void> {
  const thinned: Experiment = {
    ...experiment,
    runs: experiment.runs.map((r) => {
      const epochs = (r.settings ?? experiment.setup.training).epochs;
      return { ...r, history: decimateHistory(r.history, HISTORY_POINTS, (e) => isReportEpoch(e, epochs)) };
    }),
  };
  const encoded: Float64Array[] = [];
  const text = `${print(order(thinned, ExperimentSchema, [], encoded), '')}\n`;
  const parts = text.split(MARK);
  // Markers come in pairs around an index: text, index, text, index, … text.
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) yield parts[i];
    else yield* encodeFloat64Pieces(encoded[Number(parts[i])]);
  }
}

/** Rebuilds `value` with object keys in the order `schema` declares them. */
function order(value: unknown, schema: z.ZodType | undefined, path: PropertyKey[], encoded: Float64Array[]): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Float64Array) {
    for (let i = 0; i < value.length; i++) {
      if (!Number.isFinite(value[i])) throw new Error(`Cannot save ${formatPath([...path, i])}: it is ${value[i]}, which JSON cannot hold`);
    }
    if (value.length <= DECIMAL_VALUES) return Array.from(value);
    encoded.push(value);
    return new Encoded(encoded.length - 1);
  }
  if (typeof value === 'number') {
    // JSON has no NaN or Infinity; writing null would make a file that cannot be read back.
    if (!Number.isFinite(value)) throw new Error(`Cannot save ${formatPath(path)}: it is ${value}, which JSON cannot hold`);
    return value;
  }
  const inner = unwrap(schema);
  if (Array.isArray(value)) {
    const element = inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined;
    const ordered = (): Json[] => value.map((v, i) => order(v, element, [...path, i], encoded));
    if (value.length >= REMEMBERED_ROWS && (printedRows.has(value) || isRowsOfPlainValues(value))) return new Rows(value, ordered);
    return ordered();
  }
  if (typeof value !== 'object') throw new Error(`Cannot save ${formatPath(path)}: a ${typeof value} is not JSON`);
  const obj = value as Record<string, unknown>;
  const shape = objectShape(inner, obj);
  const known = Object.keys(shape).filter((k) => obj[k] !== undefined);
  const extra = Object.keys(obj)
    .filter((k) => !(k in shape) && obj[k] !== undefined)
    .sort();
  const out: { [key: string]: Json } = {};
  for (const key of [...known, ...extra]) out[key] = order(obj[key], shape[key], [...path, key], encoded);
  return out;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

/** The fields of an object schema; for a tagged union, of the option the value's tag selects. */
function objectShape(schema: z.ZodType | undefined, value: Record<string, unknown>): Record<string, z.ZodType> {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const tag = schema.def.discriminator;
    for (const option of schema.options) {
      if (option instanceof z.ZodObject && (option.shape[tag] as z.ZodType).safeParse(value[tag]).success) {
        return option.shape as Record<string, z.ZodType>;
      }
    }
  }
  return {};
}

/** Lines longer than this are not joined: small objects such as positions stay on one line. */
const INLINE_WIDTH = 100;

function print(value: Json, indent: string): string {
  if (value instanceof Encoded) return `{ "float64": "${MARK}${value.index}${MARK}" }`;
  if (value instanceof Rows) {
    const known = printedRows.get(value.source);
    if (known?.indent === indent) return known.text;
    const text = print(value.ordered(), indent);
    printedRows.set(value.source, { indent, text });
    return text;
  }
  if (!isComposite(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v === 'number')) return `[${value.join(', ')}]`;
    const flat = value.some(isComposite) ? null : oneLine(value.map((v) => print(v, inner)), '[', ']');
    return flat ?? `[\n${value.map((v) => inner + print(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const flat = entries.some(([, v]) => isComposite(v)) ? null : oneLine(entries.map(([k, v]) => `${JSON.stringify(k)}: ${print(v, inner)}`), '{ ', ' }');
  return flat ?? `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v, inner)}`).join(',\n')}\n${indent}}`;
}

const isComposite = (v: Json): v is Json[] | { [key: string]: Json } => v !== null && typeof v === 'object' && !(v instanceof Encoded);

/** Short lists and objects of plain values go on one line (positions, params); null if too long. */
function oneLine(items: string[], open: string, close: string): string | null {
  const line = `${open}${items.join(', ')}${close}`;
  return line.length <= INLINE_WIDTH ? line : null;
}
