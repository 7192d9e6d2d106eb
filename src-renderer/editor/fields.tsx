/**
 * The control for one setting of a layer kind, made from its field (whole number, number,
 * choice, or a set of toggles), shared by the node body and the inspector. Numbers commit on
 * Enter or when the box is left, one undo step each; while typing, the box says what is wrong
 * with what it holds. A toggle commits when it is ticked or unticked.
 */
import { useEffect, useId, useState } from 'react';
import type { ParamField, ParamValue } from '../../src-shared/layers';
import { fieldRange, readFieldText, steppedValue } from './field-text';
import { toggleOptions, toggled } from './toggles';

export interface FieldControlProps {
  field: ParamField;
  value: ParamValue;
  /** The widths of the node's inputs (null: not known yet), for fields whose options depend on them. */
  inWidths?: readonly (number | null)[];
  /** `stepped`: by an arrow key (a held key's steps are one undo step); otherwise typed and committed, or chosen. */
  onCommit(value: ParamValue, how: 'set' | 'stepped'): void;
  /** The accessible name (the label is not always on screen). */
  label: string;
  testId?: string;
  /** Shows what is wrong under the box (the inspector); the node shows it in a bubble. */
  variant?: 'node' | 'inspector';
}

export function FieldControl(props: FieldControlProps): React.JSX.Element {
  const { field } = props;
  if (field.type === 'choice') {
    return (
      <select
        className="nodrag"
        value={String(props.value)}
        aria-label={props.label}
        data-testid={props.testId}
        onChange={(e) => props.onCommit(e.target.value, 'set')}
      >
        {field.options.map((o) => (
          <option key={o} value={o}>
            {field.optionLabels?.[o] ?? o}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'toggles') return <Toggles {...props} field={field} value={Array.isArray(props.value) ? (props.value as readonly string[]) : []} />;
  return <NumberBox {...props} field={field} value={Number(props.value)} />;
}

/** One checkbox per option the node's inputs offer, and for names it holds that are no option (an input it no longer has), so they can be unticked. */
function Toggles(props: FieldControlProps & { field: Extract<ParamField, { type: 'toggles' }>; value: readonly string[] }): React.JSX.Element {
  const { field, value, onCommit } = props;
  const options = toggleOptions(field, value, props.inWidths ?? []);
  return (
    <span className="field-toggles" role="group" aria-label={props.label} data-testid={props.testId}>
      {options.length === 0 && <span className="muted small">Connect its input to choose.</span>}
      {options.map((o) => (
        <label key={o.value} className={o.offered ? undefined : 'field-toggle-stale'} title={o.offered ? o.value : `${o.value}: not an input of this layer any more`}>
          <input type="checkbox" className="nodrag" checked={value.includes(o.value)} onChange={() => onCommit(toggled(field, value, o.value, props.inWidths ?? []), 'set')} />
          {o.label}
        </label>
      ))}
    </span>
  );
}

/** Characters the widest value of a field takes ("4096", "0.85"), so no value is clipped. */
function boxChars(field: Extract<ParamField, { type: 'int' | 'number' }>): number {
  const decimals = field.type === 'number' ? Math.max(0, -Math.floor(Math.log10(field.step))) + 1 : 0;
  return Math.max(2, String(Math.trunc(field.max)).length + (decimals > 0 ? decimals + 1 : 0));
}

function NumberBox(props: FieldControlProps & { field: Extract<ParamField, { type: 'int' | 'number' }>; value: number }): React.JSX.Element {
  const { field, value, onCommit } = props;
  const [draft, setDraft] = useState(String(value));
  const messageId = useId();
  // Undo, redo or the other editor of the same setting changed it: show the new value.
  useEffect(() => setDraft(String(value)), [value]);
  const read = readFieldText(field, draft);
  const problem = read.ok ? null : read.problem;
  const commit = (): void => {
    if (read.ok && read.value !== value) onCommit(read.value, 'set');
    else if (!read.ok) setDraft(String(value));
  };
  return (
    <span className={`field-box field-${props.variant ?? 'node'}`}>
      <input
        type="text"
        inputMode={field.type === 'int' ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        value={draft}
        style={{ width: `calc(${boxChars(field)}ch + 16px)` }}
        aria-label={props.label}
        aria-invalid={problem !== null}
        aria-describedby={problem ? messageId : undefined}
        title={problem ?? `${field.label}: ${fieldRange(field)}`}
        data-testid={props.testId}
        className="nodrag"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            // A valid value is committed and the box let go; an invalid one stays, with its message.
            if (read.ok) (e.target as HTMLInputElement).blur();
          } else if (e.key === 'Escape') {
            setDraft(String(value));
            // Blurring would commit the old draft first: the revert must land before.
            queueMicrotask(() => (e.target as HTMLInputElement).blur());
          } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
            e.preventDefault();
            const from = read.ok ? read.value : value;
            const next = steppedValue(field, from, e.key === 'ArrowUp' ? 1 : -1);
            setDraft(String(next));
            if (next !== value) onCommit(next, 'stepped');
          }
        }}
      />
      {problem && (
        <span id={messageId} className="field-message" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
