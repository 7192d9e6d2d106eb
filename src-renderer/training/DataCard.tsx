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
import { useDesignStore } from '../store/design';
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

export function DataCard(props: { task: TableTask }): React.JSX.Element {
  const { task } = props;
  const setTask = useDesignStore((s) => s.setTask);
  const commit = (next: TableTask): void => setTask(next as TaskSpec);
  // Counting the split's rows walks the whole table: once per card, not per render.
  const facts = useMemo(() => tableKind.describe(task).replace(/^\((.*)\)$/, '$1'), [task]);
  return (
    <fieldset className="tp-settings data-card" data-testid="data-card">
      <legend>Task</legend>
      <p className="small data-card__facts">
        <strong>{task.name ?? 'Table'}</strong> {facts}
      </p>
      <table className="data-card__columns">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Role</th>
            <th scope="col">Scaler</th>
          </tr>
        </thead>
        <tbody>
          {task.columns.map((c) => (
            <tr key={c.name} className={c.role === 'ignore' ? 'data-card__ignored' : undefined}>
              <th scope="row" title={`${c.name}: ${typeText(c)}`}>
                <span className="data-card__name">{c.name}</span>
                <span className="data-card__type">{typeText(c)}</span>
              </th>
              <td>
                <select aria-label={`Role of ${c.name}`} value={c.role} onChange={(e) => commit(withRole(task, c.name, e.target.value as ColumnRole))}>
                  {COLUMN_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {c.type === 'numeric' ? (
                  <select aria-label={`Scaler of ${c.name}`} value={c.scaler ?? 'zscore'} onChange={(e) => commit(withScaler(task, c.name, e.target.value as Scaler))}>
                    {SCALERS.map((s) => (
                      <option key={s} value={s}>
                        {SCALER_LABELS[s]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="muted small">{c.role === 'target' ? 'classes' : 'one-hot'}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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
