/**
 * What a layer setting's text box holds, read as its kind's field: the value, or what is wrong
 * with it in words (shown while typing). Nothing here commits: the field commits on Enter or
 * when it is left, so "5000" is never applied as 5, 50 and 500 on the way.
 */
import type { ParamField } from '../../src-shared/layers';

type NumericField = Extract<ParamField, { type: 'int' | 'number' }>;

export type FieldText = { ok: true; value: number } | { ok: false; problem: string };

const WHOLE = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** The range a field accepts, as people read it ("a whole number from 1 to 4,096"). */
export function fieldRange(field: NumericField): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  return field.type === 'int' ? `a whole number from ${n(field.min)} to ${n(field.max)}` : `a number from ${n(field.min)} to ${n(field.max)}`;
}

export function readFieldText(field: NumericField, text: string): FieldText {
  const t = text.trim();
  const label = field.label;
  if (t === '') return { ok: false, problem: `Enter ${fieldRange(field)}` };
  if (field.type === 'int' && !WHOLE.test(t)) {
    return { ok: false, problem: DECIMAL.test(t) ? `${label} must be a whole number` : `“${t}” is not a whole number` };
  }
  if (field.type === 'number' && !DECIMAL.test(t)) return { ok: false, problem: `“${t}” is not a number` };
  const value = Number(t);
  if (value < field.min) return { ok: false, problem: `${label}: at least ${field.min.toLocaleString('en-US')}` };
  if (value > field.max) return { ok: false, problem: `${label}: at most ${field.max.toLocaleString('en-US')}` };
  return { ok: true, value };
}

/** The value one arrow-key step away (up: +1), kept in range and off float noise (0.1 + 0.2). */
export function steppedValue(field: NumericField, value: number, direction: 1 | -1): number {
  const step = field.type === 'int' ? 1 : field.step;
  const decimals = field.type === 'int' ? 0 : Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const next = Number((value + direction * step).toFixed(decimals));
  return Math.min(field.max, Math.max(field.min, next));
}
