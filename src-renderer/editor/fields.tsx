/**
 * Form controls for a layer kind's settings, built from the registry's field descriptions (an
 * int, a number or a choice), shared by the nodes and the inspector. Numbers are committed when
 * the user is done typing (Enter, Tab, leaving the field), never on the way: typing 5000 must not
 * make a layer of 5, 50 and 500 units first. A value that is not acceptable stays on screen,
 * marked, with what is wrong, until it is fixed or Escape brings the last good value back.
 */
import { useEffect, useId, useState } from 'react';
import type { ParamField } from '../../src-shared/layers';
import { fieldProblem } from '../../src-shared/network/compile';

/** Why the typed text is not acceptable for a numeric field, in the field's words, or null. */
export function numberProblem(field: Extract<ParamField, { type: 'int' | 'number' }>, text: string): string | null {
  const what = field.label.toLowerCase();
  if (text.trim() === '') return `Enter the ${what}`;
  const n = Number(text);
  if (!Number.isFinite(n)) return `${field.label} must be a number`;
  if (field.type === 'int' && !Number.isInteger(n)) return `${field.label} must be a whole number (not ${text})`;
  if (n < field.min) return `${field.label} must be at least ${field.min}`;
  if (n > field.max) return `${field.label} can be at most ${field.max.toLocaleString('en-US')}`;
  return fieldProblem(field, n) === null ? null : `${field.label} must be from ${field.min} to ${field.max}`;
}

interface NumberInputProps {
  field: Extract<ParamField, { type: 'int' | 'number' }>;
  value: number;
  onCommit(value: number): void;
  label: string;
  /** Shows the message under the field (the inspector) instead of only as a tooltip. */
  showMessage?: boolean;
  testId?: string;
}

export function NumberInput({ field, value, onCommit, label, showMessage, testId }: NumberInputProps): React.JSX.Element {
  const [draft, setDraft] = useState(String(value));
  const messageId = useId();
  useEffect(() => {
    // Undo, redo or the other editor changed the value: show it unless the draft already means it.
    setDraft((current) => (Number(current) === value && numberProblem(field, current) === null ? current : String(value)));
  }, [value, field]);
  const problem = numberProblem(field, draft);
  const commit = (): void => {
    if (problem === null && Number(draft) !== value) onCommit(Number(draft));
  };
  return (
    <span className={`number-input number-input--${field.type}`}>
      <input
        type="text"
        inputMode={field.type === 'int' ? 'numeric' : 'decimal'}
        value={draft}
        aria-label={label}
        aria-invalid={problem !== null}
        aria-describedby={problem && showMessage ? messageId : undefined}
        title={problem ?? label}
        data-testid={testId}
        className="nodrag"
        size={Math.max(4, String(field.max).length + 1)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(String(value));
          if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
            e.preventDefault();
            const step = field.type === 'int' ? 1 : field.step;
            const next = Math.min(field.max, Math.max(field.min, Number((value + (e.key === 'ArrowUp' ? step : -step)).toPrecision(12))));
            setDraft(String(next));
            if (next !== value) onCommit(next);
          }
        }}
      />
      {problem && (
        <span id={messageId} className={showMessage ? 'field-message' : 'field-message field-message--tip'} role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}

interface ChoiceInputProps {
  field: Extract<ParamField, { type: 'choice' }>;
  value: string;
  onChange(value: string): void;
  label: string;
  testId?: string;
}

export function ChoiceInput({ field, value, onChange, label, testId }: ChoiceInputProps): React.JSX.Element {
  return (
    <select className="nodrag" value={value} aria-label={label} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
      {field.options.map((o) => (
        <option key={o} value={o}>
          {field.optionLabels?.[o] ?? o}
        </option>
      ))}
    </select>
  );
}

/** The control for one field of a kind. */
export function ParamInput(props: {
  field: ParamField;
  value: string | number;
  onChange(value: string | number): void;
  label: string;
  showMessage?: boolean;
  testId?: string;
}): React.JSX.Element {
  const { field, value, onChange, label, showMessage, testId } = props;
  return field.type === 'choice' ? (
    <ChoiceInput field={field} value={String(value)} onChange={onChange} label={label} testId={testId} />
  ) : (
    <NumberInput field={field} value={Number(value)} onCommit={onChange} label={label} showMessage={showMessage} testId={testId} />
  );
}
