/** Small form controls shared by the nodes and the inspector, validating as the user types. */
import { useEffect, useId, useState } from 'react';
import { ACTIVATIONS, LOSSES, MAX_UNITS, type Activation, type Loss } from '../../src-shared/network/design';

export const ACTIVATION_LABELS: Record<Activation, string> = {
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
  linear: 'linear',
  softmax: 'softmax',
};

export const LOSS_LABELS: Record<Loss, string> = {
  squared_error: 'squared error (the post’s)',
  mse: 'mean squared error',
  bce: 'binary cross-entropy',
  cross_entropy: 'cross-entropy',
};

/** Why a units value is not acceptable, or null. */
export function unitsProblem(text: string): string | null {
  if (text.trim() === '') return 'Enter a number of units';
  const n = Number(text);
  if (!Number.isInteger(n)) return 'Units must be a whole number';
  if (n < 1) return 'A layer needs at least 1 unit';
  if (n > MAX_UNITS) return `At most ${MAX_UNITS} units`;
  return null;
}

interface UnitsFieldProps {
  value: number;
  onCommit(units: number): void;
  label: string;
  className?: string;
  /** Shows the validation message under the field (the inspector) instead of only as a tooltip. */
  showMessage?: boolean;
  testId?: string;
}

/**
 * A units field that commits every valid value at once (the node redraws while you type) and
 * shows why an invalid one is refused; leaving the field with an invalid value restores the last
 * valid one.
 */
export function UnitsField({ value, onCommit, label, className, showMessage, testId }: UnitsFieldProps): React.JSX.Element {
  const [draft, setDraft] = useState(String(value));
  const messageId = useId();
  useEffect(() => {
    // Undo, redo or the other editor changed the value: show it unless the draft already means it.
    setDraft((current) => (Number(current) === value && unitsProblem(current) === null ? current : String(value)));
  }, [value]);
  const problem = unitsProblem(draft);
  return (
    <span className={`units-field ${className ?? ''}`}>
      <input
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_UNITS}
        step={1}
        value={draft}
        aria-label={label}
        aria-invalid={problem !== null}
        aria-describedby={problem && showMessage ? messageId : undefined}
        title={problem ?? label}
        data-testid={testId}
        className="nodrag"
        onChange={(e) => {
          setDraft(e.target.value);
          if (unitsProblem(e.target.value) === null) onCommit(Number(e.target.value));
        }}
        onBlur={() => {
          if (problem !== null) setDraft(String(value));
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'Escape') {
            if (e.key === 'Escape' || problem !== null) setDraft(String(value));
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      {showMessage && problem && (
        <span id={messageId} className="field-message" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}

export function ActivationSelect(props: { value: Activation; onChange(a: Activation): void; label: string; testId?: string }): React.JSX.Element {
  return (
    <select
      className="nodrag"
      value={props.value}
      aria-label={props.label}
      data-testid={props.testId}
      onChange={(e) => props.onChange(e.target.value as Activation)}
    >
      {ACTIVATIONS.map((a) => (
        <option key={a} value={a}>
          {ACTIVATION_LABELS[a]}
        </option>
      ))}
    </select>
  );
}

export function LossSelect(props: { value: Loss; onChange(l: Loss): void; label: string; testId?: string }): React.JSX.Element {
  return (
    <select className="nodrag" value={props.value} aria-label={props.label} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value as Loss)}>
      {LOSSES.map((l) => (
        <option key={l} value={l}>
          {LOSS_LABELS[l]}
        </option>
      ))}
    </select>
  );
}
