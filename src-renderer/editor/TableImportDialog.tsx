/**
 * The import dialog: while the worker reads, a progress bar and Cancel; then the table's first
 * rows and its columns — each one's detected type, its values and bad cells — with the role,
 * type and scaler the person gives it, the test split, what the card makes (or why it cannot),
 * and Import. Dialogs hold focus while open (modal-focus.ts).
 */
import { useRef } from 'react';
import { COLUMN_ROLES, SCALERS, TABLE_LIMITS, type Cell, type ColumnRole, type ColumnType, type Scaler } from '../../src-shared/datasets/table/card';
import type { CardCheck, ColumnChoice, ImportChoice, TablePreview } from '../../src-shared/datasets/table/preview';
import { numberOf, problemText } from '../../src-shared/datasets/table/import';
import { hiddenUnitsFor, tableOutputFor } from '../../src-shared/presets/table-setup';
import { ROLE_LABELS, SCALER_LABELS, TYPE_LABELS } from '../training/table-labels';
import { useModalFocus } from './modal-focus';
import { closeTableImport, importChosenTable, setImportChoice, useTableImport, withColumn } from './table-import';
import './TableImportDialog.css';

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function ReadingDialog(props: { fileName: string; share: number }): React.JSX.Element {
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useModalFocus(dialog, true, { initialFocus: () => cancel.current, onEscape: closeTableImport });
  const percent = Math.round(props.share * 100);
  return (
    <div className="modal-backdrop table-reading">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="table-reading-title" data-testid="table-reading" ref={dialog} tabIndex={-1}>
        <h2 id="table-reading-title">Reading {props.fileName}…</h2>
        <progress className="table-progress" max={100} value={percent} aria-label={`Reading ${props.fileName}`} />
        <p className="small">{percent} % read. The app keeps working meanwhile; nothing changes until you import.</p>
        <div className="button-row end">
          <button type="button" ref={cancel} onClick={closeTableImport}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

/** A column's values in a few words: its categories, or how many different numbers. */
function valuesText(column: TablePreview['columns'][number]): string {
  const many = column.distinct > TABLE_LIMITS.categories ? `over ${TABLE_LIMITS.categories.toLocaleString('en-US')}` : column.distinct.toLocaleString('en-US');
  if (column.type === 'numeric') return `${many} different number${column.distinct === 1 ? '' : 's'}`;
  const shown = column.categories.slice(0, 4).join(', ');
  return `${many} categor${column.distinct === 1 ? 'y' : 'ies'}: ${shown}${column.distinct > 4 ? ', …' : ''}`;
}

function issuesText(issues: { empty: number; unreadable: number } | undefined): string {
  if (!issues || issues.empty + issues.unreadable === 0) return '—';
  return [issues.empty > 0 ? `${count(issues.empty, 'empty cell')}` : '', issues.unreadable > 0 ? `${count(issues.unreadable, 'cell')} not a number` : ''].filter(Boolean).join(', ');
}

function ColumnsTable(props: { preview: TablePreview; choice: ImportChoice; check: CardCheck | null }): React.JSX.Element {
  const { preview, choice, check } = props;
  const set = (name: string, change: Partial<Omit<ColumnChoice, 'name'>>): void => setImportChoice((c) => withColumn(c, name, change));
  return (
    <div className="table-import__scroll table-import__columns">
      <table className="table-import__grid" data-testid="table-columns">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Detected</th>
            <th scope="col">Values</th>
            <th scope="col">Bad cells</th>
            <th scope="col">Role</th>
            <th scope="col">Type</th>
            <th scope="col">Scaler</th>
          </tr>
        </thead>
        <tbody>
          {choice.columns.map((c, j) => {
            const detected = preview.columns[j];
            const issues = check?.issues[j];
            const bad = issues !== undefined && issues.empty + issues.unreadable > 0 && c.role !== 'ignore';
            return (
              <tr key={c.name} data-testid={`column-${c.name}`} className={c.role === 'ignore' ? 'table-import__ignored' : undefined}>
                <th scope="row" className="table-import__name" title={c.name}>
                  {c.name}
                </th>
                <td>{detected.type === 'numeric' ? 'numbers' : 'text'}</td>
                <td className="table-import__values" title={valuesText(detected)}>
                  {valuesText(detected)}
                </td>
                <td className={bad ? 'table-import__bad' : 'muted'}>{issuesText(issues)}</td>
                <td>
                  <select aria-label={`Role of ${c.name}`} value={c.role} onChange={(e) => set(c.name, { role: e.target.value as ColumnRole })}>
                    {COLUMN_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select aria-label={`Type of ${c.name}`} value={c.type} onChange={(e) => set(c.name, { type: e.target.value as ColumnType })}>
                    <option value="numeric">{TYPE_LABELS.numeric}</option>
                    <option value="categorical">{TYPE_LABELS.categorical}</option>
                  </select>
                </td>
                <td>
                  {c.type === 'numeric' ? (
                    <select aria-label={`Scaler of ${c.name}`} value={c.scaler} onChange={(e) => set(c.name, { scaler: e.target.value as Scaler })}>
                      {SCALERS.map((s) => (
                        <option key={s} value={s}>
                          {SCALER_LABELS[s]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="muted small">one-hot</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function FirstRows(props: { preview: TablePreview; choice: ImportChoice }): React.JSX.Element {
  const { preview, choice } = props;
  const numeric = choice.columns.map((c) => c.type === 'numeric');
  const cellClass = (v: Cell | null, j: number): string | undefined => {
    if (v === null) return 'table-import__empty';
    if (numeric[j]) return typeof v === 'number' || !Number.isNaN(numberOf(v, preview.decimalComma)) ? 'table-import__number' : 'table-import__unreadable';
    return undefined;
  };
  return (
    // Scrolls with the keyboard too: it holds nothing else to focus.
    <div className="table-import__scroll table-import__rows" tabIndex={0} role="region" aria-label="The table's first rows">
      <table className="table-import__grid table-import__cells" data-testid="table-rows">
        <thead>
          <tr>
            <th scope="col" className="muted">
              Line
            </th>
            {preview.columns.map((c, j) => (
              <th key={c.name} scope="col" title={c.name} className={numeric[j] ? 'table-import__number' : undefined}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.head.map((row, i) => (
            <tr key={i}>
              <td className="muted">{preview.headLines[i] || i + 1}</td>
              {row.map((v, j) => (
                <td key={j} className={cellClass(v, j)}>
                  {v === null ? 'empty' : String(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What Import makes: the rows, the split, the inputs and the design fitted to them. */
function summaryText(summary: NonNullable<CardCheck['summary']>, target: string): string {
  const output = tableOutputFor(summary.classes);
  const design = `${summary.inputs} → ${hiddenUnitsFor(summary.inputs)} tanh → ${output.units} ${output.activation}`;
  const split = summary.test > 0 ? `${count(summary.train, 'training row')} and ${count(summary.test, 'test row')}` : `${count(summary.rows, 'training row')}, none held out`;
  const task = summary.classes === undefined ? `the number in ${target}` : `${target} (${summary.classes} classes)`;
  return `Import makes ${split}; ${count(summary.inputs, 'input')} to predict ${task}; the design ${design}.`;
}

function PreviewDialog(props: { preview: TablePreview; choice: ImportChoice; check: CardCheck | null; importing: boolean }): React.JSX.Element {
  const { preview, choice, check, importing } = props;
  const dialog = useRef<HTMLDivElement>(null);
  const target = choice.columns.find((c) => c.role === 'target')?.name ?? '';
  useModalFocus(dialog, !importing, { onEscape: closeTableImport });
  return (
    <div className="modal-backdrop" hidden={importing}>
      <div className="modal table-import" role="dialog" aria-modal="true" aria-labelledby="table-import-title" aria-describedby="table-import-facts" data-testid="table-import" ref={dialog} tabIndex={-1}>
        <h2 id="table-import-title">Import {preview.fileName}</h2>
        <p id="table-import-facts" className="small">
          {preview.format} · {count(preview.rows, 'row')} · {count(preview.columns.length, 'column')}. Choose what each column is; nothing changes until you import.
          {preview.notes.map((n) => ` ${n}`).join('')}
        </p>
        <h3 className="panel-title">Columns</h3>
        <ColumnsTable preview={preview} choice={choice} check={check} />
        <h3 className="panel-title">First rows</h3>
        <FirstRows preview={preview} choice={choice} />
        {preview.problemCount > 0 && (
          <details className="table-import__file-problems small" data-testid="table-file-problems">
            <summary>
              {count(preview.problemCount, 'cell')} that do{preview.problemCount === 1 ? 'es' : ''} not fit {preview.problemCount === 1 ? 'its' : 'their'} column as detected
            </summary>
            <ul>
              {preview.problems.map((p, i) => (
                <li key={i}>{problemText(p)}</li>
              ))}
              {preview.problemCount > preview.problems.length && <li className="muted">…and {(preview.problemCount - preview.problems.length).toLocaleString('en-US')} more</li>}
            </ul>
          </details>
        )}
        <div className="table-import__verdict" aria-live="polite" data-testid="table-verdict">
          {check === null && <p className="muted small">Checking…</p>}
          {check && !check.ok && (
            <div className="table-import__problems" role="alert">
              <p>This table cannot be imported as chosen:</p>
              <ul>
                {check.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          {check && (check.invalidRows > 0 || choice.dropInvalidRows) && (
            <label className="table-import__drop">
              <input type="checkbox" checked={choice.dropInvalidRows} onChange={(e) => setImportChoice((c) => ({ ...c, dropInvalidRows: e.target.checked }))} data-testid="table-drop-rows" />{' '}
              Drop the {check.invalidRows > 0 ? count(check.invalidRows, 'row') : 'rows'} with missing or unreadable cells in the columns used
            </label>
          )}
          {check?.ok && check.summary && (
            <p className="table-import__summary" data-testid="table-summary">
              <span className="table-import__ok" aria-hidden="true">
                ✓
              </span>{' '}
              {summaryText(check.summary, target)}
              {check.summary.dropped > 0 && ` ${check.summary.notes.find((n) => n.startsWith('Dropped')) ?? ''}`}
            </p>
          )}
        </div>
        <div className="table-import__footer">
          <div className="table-import__split">
            <label>
              Test rows{' '}
              <input
                type="number"
                min={0}
                max={TABLE_LIMITS.testPercent}
                step={5}
                value={choice.testPercent}
                aria-label="Share of rows held out for testing, in percent"
                onChange={(e) => setImportChoice((c) => ({ ...c, testPercent: e.target.value === '' ? 0 : Number(e.target.value) }))}
                data-testid="table-test-percent"
              />{' '}
              %
            </label>
            <span className="muted small">held out of training, {target && choice.columns.find((c) => c.name === target)?.type === 'categorical' ? 'the same share of each class' : 'chosen at random'} (seed {choice.seed}); the scalers are fitted on the training rows.</span>
          </div>
          <button type="button" onClick={closeTableImport}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!check?.ok || importing} onClick={() => void importChosenTable()} data-testid="table-import-button">
            Import
          </button>
        </div>
      </div>
    </div>
  );
}

export function TableImportDialog(): React.JSX.Element | null {
  const state = useTableImport();
  if (state.phase === 'closed') return null;
  if (state.phase === 'reading') return <ReadingDialog fileName={state.fileName} share={state.share} />;
  return <PreviewDialog preview={state.preview} choice={state.choice} check={state.check} importing={state.importing} />;
}
