/**
 * A number setting that commits when the user is done typing (Enter or leaving the field), so
 * one change is one undo step, and says at once why a value cannot be used.
 */
import { useEffect, useId, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number;
  /** Why `v` is not acceptable, or null. */
  check(v: number): string | null;
  onCommit(v: number): void;
  step?: number | 'any';
  min?: number;
  hint?: string;
  testId?: string;
}

export function NumberField(props: NumberFieldProps): React.JSX.Element {
  const { value, check, onCommit } = props;
  const [draft, setDraft] = useState(String(value));
  const id = useId();
  useEffect(() => setDraft(String(value)), [value]);
  const parsed = draft.trim() === '' ? NaN : Number(draft);
  const problem = Number.isNaN(parsed) ? 'Enter a number' : check(parsed);

  const commit = (): void => {
    if (problem === null && parsed !== value) onCommit(parsed);
  };

  return (
    <div className="tp-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={props.step ?? 'any'}
        min={props.min}
        value={draft}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : props.hint ? `${id}-hint` : undefined}
        data-testid={props.testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(String(value));
        }}
      />
      {problem ? (
        <span id={`${id}-problem`} className="tp-field__problem" role="alert">
          {problem}
        </span>
      ) : (
        props.hint && (
          <span id={`${id}-hint`} className="tp-field__hint">
            {props.hint}
          </span>
        )
      )}
    </div>
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(v: T): void;
  testId?: string;
}): React.JSX.Element {
  const id = useId();
  return (
    <div className="tp-field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export const positive = (v: number): string | null => (v > 0 && Number.isFinite(v) ? null : 'Must be a positive number');
export const wholeIn =
  (lo: number, hi: number) =>
  (v: number): string | null =>
    Number.isInteger(v) && v >= lo && v <= hi ? null : `A whole number from ${lo} to ${hi}`;
export const fraction = (v: number): string | null => (v >= 0 && v < 1 ? null : 'From 0 up to (not including) 1');
export const nonNegative = (v: number): string | null => (v >= 0 && Number.isFinite(v) ? null : 'Must be 0 or more');
