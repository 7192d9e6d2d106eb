/**
 * Zod field builders whose every failure reads "expected …, got …". Each builder carries one
 * plain-language expectation, so a file's problems say what a person should write, not which
 * internal check failed (`expected a whole number from 1 to 4096, got -3`).
 */
import { base64Length, decodeFloat64 } from './float64-base64';
import { z } from './zod';

/** A short, safe rendering of whatever a file holds where something else was expected. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'a number too large to store (above 1.8e308)' : 'a negative number too large to store (below -1.8e308)';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Zod's issue as the error callback sees it; only `input` matters here. */
interface IssueInput {
  input?: unknown;
}

/** The error option shared by a schema and all its checks. */
export function expecting(expected: string): { error: (issue: IssueInput) => string } {
  return {
    error: (issue) => (issue.input === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${describeValue(issue.input)}`),
  };
}

export function wholeNumber(min: number, max: number): z.ZodNumber {
  const e = expecting(`a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
}

/** Any finite number (JSON cannot hold NaN; 1e999 parses to Infinity and is refused here). */
export function finiteNumber(what = 'a number'): z.ZodNumber {
  return z.number(expecting(what));
}

export function positiveNumber(): z.ZodNumber {
  const e = expecting('a number greater than 0');
  return z.number(e).positive(e);
}

export function numberFrom(min: number, max: number): z.ZodNumber {
  const e = expecting(`a number from ${min} to ${max}`);
  return z.number(e).min(min, e).max(max, e);
}

export function text(maxLength: number, what = 'text'): z.ZodString {
  const e = expecting(`${what} of at most ${maxLength} characters`);
  return z.string(e).max(maxLength, e);
}

export function nonEmptyText(maxLength: number, what = 'text'): z.ZodString {
  const e = expecting(`non-empty ${what} of at most ${maxLength} characters`);
  return z.string(e).min(1, e).max(maxLength, e);
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, expecting(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`));
}

export function exactly<const T extends string | number>(value: T): z.ZodLiteral<T> {
  return z.literal(value, expecting(JSON.stringify(value)));
}

export function list<T extends z.ZodType>(item: T, max: number, what: string, min = 0): z.ZodArray<T> {
  const range = min > 0 ? `from ${min} to ${max}` : `at most ${max}`;
  const e = expecting(`a list of ${range} ${what}`);
  return z.array(item, e).min(min, e).max(max, e);
}

export function record<T extends z.core.$ZodLooseShape>(shape: T, what = 'an object'): z.ZodObject<T> {
  return z.object(shape, expecting(what));
}

/** Objects that differ by one tag field (`type`, `dataset`): an unknown tag names the choices. */
export function tagged<const Options extends readonly [z.ZodObject, ...z.ZodObject[]]>(
  tag: string,
  options: Options,
  tags: readonly string[],
): z.ZodDiscriminatedUnion<[...Options], string> {
  const choices = tags.map((t) => JSON.stringify(t)).join(', ');
  return z.discriminatedUnion(tag, options as unknown as [...Options], {
    error: (issue: IssueInput) => {
      const input = issue.input;
      if (input === null || typeof input !== 'object' || Array.isArray(input)) return `expected an object, got ${describeValue(input)}`;
      const found = (input as Record<string, unknown>)[tag];
      return found === undefined ? `missing; expected one of ${choices}` : `expected one of ${choices}, got ${describeValue(found)}`;
    },
  });
}

/**
 * A list of float64 values as the file writes it: a JSON list of numbers, or, for long lists,
 * `{"float64": "<base64 of the little-endian bytes>"}` (experiment/float64-base64.ts). Read into a
 * Float64Array; the count is checked before anything is decoded.
 */
export function float64Values(max: number, what: string): z.ZodType<Float64Array, unknown> {
  const expected = `a list of at most ${max} ${what} (numbers, or {"float64": "<base64>"})`;
  const maxText = base64Length(max);
  return z
    .unknown()
    .transform((value, ctx): Float64Array => {
      const fail = (message: string, path: PropertyKey[] = []): Float64Array => {
        ctx.issues.push({ code: 'custom', message, input: value, path });
        return new Float64Array(0);
      };
      if (Array.isArray(value)) {
        if (value.length > max) return fail(`expected ${expected}, got ${describeValue(value)}`);
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`expected a number, got ${describeValue(v)}`, [i]);
        }
        return Float64Array.from(value as number[]);
      }
      if (value instanceof Float64Array) {
        if (value.length > max) return fail(`expected ${expected}, got a list of ${value.length} numbers`);
        for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i])) return fail(`expected a number, got ${value[i]}`, [i]);
        return value;
      }
      const base64 = typeof value === 'object' && value !== null ? (value as { float64?: unknown }).float64 : undefined;
      // A file read as bytes hands long lists over as their bytes (experiment/file-bytes.ts).
      if (typeof base64 === 'string' || base64 instanceof Uint8Array) {
        const keys = Object.keys(value as object);
        if (keys.length !== 1) return fail(`expected only "float64" beside the base64 text, got ${keys.filter((k) => k !== 'float64').map((k) => JSON.stringify(k)).join(', ')}`);
        const encoded = base64;
        if (encoded.length > maxText) return fail(`expected at most ${max} ${what} (${maxText} characters of base64), got ${encoded.length} characters`, ['float64']);
        const decoded = decodeFloat64(encoded);
        if (typeof decoded === 'string') return fail(`expected ${decoded}`, ['float64']);
        for (let i = 0; i < decoded.length; i++) {
          if (!Number.isFinite(decoded[i])) return fail(`expected finite numbers, got ${decoded[i]} as value ${i}`, ['float64']);
        }
        return decoded;
      }
      return fail(value === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${describeValue(value)}`);
    })
    .meta({
      anyOf: [
        { type: 'array', items: { type: 'number' }, maxItems: max },
        {
          type: 'object',
          properties: { float64: { type: 'string', maxLength: maxText, contentEncoding: 'base64', description: 'The values as little-endian IEEE 754 float64 bytes.' } },
          required: ['float64'],
          additionalProperties: false,
        },
      ],
    });
}
