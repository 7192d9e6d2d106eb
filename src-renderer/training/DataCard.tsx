/**
 * A table task's data card in the Task panel: the rows and the split, and each column's role and
 * scaler (a categorical column's categories become one-hot inputs, or the classes), with the
 * test share. Each change is one undoable edit of the task; the Problems list says when the
 * design no longer fits the card's widths.
 */
import { useMemo } from 'react';
import { COLUMN_ROLES, SCALERS, TABLE_LIMITS, type ColumnRole, type Scaler, type TableColumn, type TableParams } from '../../src-shared/datasets/table/card';
import type { TaskSpec } from '../../src-shared/datasets';
import { table as tableKind } from '../../src-shared/datasets/table';
import type { Design } from '../../src-shared/network/design';
import { tableSetup } from '../../src-shared/presets/table-setup';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { NumberField, wholeIn } from './NumberField';
import { ROLE_LABELS, SCALER_LABELS } from './table-labels';

type TableTask = TableParams & { dataset: 'table' };

/** The card with one column's role changed; a new target makes the previous one an input. */
export function withRole(table: TableTask, name: string, role: ColumnRole): TableTask {
  return {
    ...table,
    columns: table.columns.map((c) => {
      if (c.name === name) return { ...c, role };
      return role === 'target' && c.role === 'target' ? { ...c, role: 'input' } : c;
    }),
  };
}

export function withScaler(table: TableTask, name: string, scaler: Scaler): TableTask {
  return { ...table, columns: table.columns.map((c) => (c.name === name && c.type === 'numeric' ? { ...c, scaler } : c)) };
}

export function withTestPercent(table: TableTask, testPercent: number): TableTask {
  const { split: _split, ...rest } = table;
  return testPercent > 0 ? { ...rest, split: { testPercent, seed: table.split?.seed ?? 42 } } : rest;
}

const typeText = (c: TableColumn): string => (c.type === 'numeric' ? 'numbers' : `${(c.categories ?? []).length} categories`);

/** The layer settings at the two ends that a card decides: the inputs' width, the output's units, activation and loss. */
function endsOf(design: Design): string {
  const ends = design.nodes.filter((n) => n.type === 'input' || n.type === 'output').map((n) => ({ type: n.type, ...n.params }));
  return JSON.stringify(ends.sort((a, b) => a.type.localeCompare(b.type)));
}

/** The default design for the card, when the current one no longer fits it (its ends differ and the design has problems). */
function useFittedDesign(task: TableTask): Design | null {
  const design = useDocumentStore((s) => s.setup.design);
  const broken = useDesignStore((s) => s.problems.length > 0);
  return useMemo(() => {
    if (!broken) return null;
    const fitted = tableSetup(task).design;
    return endsOf(fitted) === endsOf(design) ? null : fitted;
  }, [task, design, broken]);
}

/** "7 → 14 tanh → 3 softmax": a chain design's layers in a few words. */
const shapeText = (design: Design): string =>
  design.nodes
    .map((n) => {
      const p = n.params as { units?: number; activation?: string };
      return n.type === 'input' ? `${p.units}` : `${p.units} ${p.activation}`;
    })
    .join(' → ');

export function DataCard(props: { task: TableTask }): React.JSX.Element {
  const { task } = props;
  const setTask = useDesignStore((s) => s.setTask);
  const fitted = useFittedDesign(task);
  const commit = (next: TableTask): void => setTask(next as TaskSpec);
  // Counting the split's rows walks the whole table: once per card, not per render.
  const facts = useMemo(() => tableKind.describe(task).replace(/^\((.*)\)$/, '$1'), [task]);
  return (
    <fieldset className="tp-settings data-card" data-testid="data-card">
      <legend>Task</legend>
      <p className="small data-card__facts">
        <strong>{task.name ?? 'Table'}</strong> {facts}
      </p>
      <ul className="data-card__columns" aria-label="Columns">
        {task.columns.map((c) => (
          <li key={c.name} className={c.role === 'ignore' ? 'data-card__ignored' : undefined}>
            <span className="data-card__head">
              <span className="data-card__name" title={c.name}>
                {c.name}
              </span>
              <span className="data-card__type">{typeText(c)}</span>
            </span>
            <select aria-label={`Role of ${c.name}`} value={c.role} onChange={(e) => commit(withRole(task, c.name, e.target.value as ColumnRole))}>
              {COLUMN_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
            {c.type === 'numeric' ? (
              <select aria-label={`Scaler of ${c.name}`} value={c.scaler ?? 'zscore'} onChange={(e) => commit(withScaler(task, c.name, e.target.value as Scaler))}>
                {SCALERS.map((s) => (
                  <option key={s} value={s}>
                    {SCALER_LABELS[s]}
                  </option>
                ))}
              </select>
            ) : (
              <span className="data-card__coded muted small">{c.role === 'target' ? 'classes' : 'one-hot'}</span>
            )}
          </li>
        ))}
      </ul>
      {fitted && (
        <div className="data-card__refit" role="status">
          <span className="small">The design no longer fits the card’s inputs and target.</span>
          <button type="button" onClick={() => setTask(task, { design: fitted })} data-testid="data-card-refit">
            Fit the design: {shapeText(fitted)}
          </button>
        </div>
      )}
      <NumberField
        label="Test rows (%)"
        value={task.split?.testPercent ?? 0}
        check={wholeIn(0, TABLE_LIMITS.testPercent)}
        step={5}
        hint="Held out of training (each class alike); the scalers are fitted on the training rows."
        onCommit={(v) => commit(withTestPercent(task, v))}
        testId="data-card-test-percent"
      />
    </fieldset>
  );
}
