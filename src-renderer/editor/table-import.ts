/**
 * File → Import Data (and a table dropped onto the window): the file is read in its worker with a
 * progress bar and Cancel, the dialog shows its preview and data card, and Import opens a new,
 * unsaved experiment on it with the design a table starts with. Until then the current
 * experiment is untouched; a file that is no table says why, naming column, data row and line.
 */
import { create } from 'zustand';
import { MAX_TABLE_BYTES, tableTooLarge } from '../../src-shared/datasets/table/import';
import type { CardCheck, ColumnChoice, ImportChoice, TablePreview } from '../../src-shared/datasets/table/preview';
import { tableSetup } from '../../src-shared/presets/table-setup';
import { readTableFile, type TableImportWorker } from '../platform/table-import';
import { useViewStore } from '../store/view';
import { openUnsavedDocument, pickFile } from './document-actions';

/** What the file picker offers: delimited text and JSON. */
export const TABLE_FILE_TYPES = '.csv,.tsv,.tab,.txt,.json,text/csv,text/tab-separated-values,text/plain,application/json';

/** Names a dropped file may have to be read as a table (a .json one only when it is a list). */
export const TABLE_FILE_NAME = /\.(csv|tsv|tab|txt)$/i;

export type TableImportState =
  | { phase: 'closed' }
  | { phase: 'reading'; fileName: string; share: number }
  | {
      phase: 'preview';
      preview: TablePreview;
      choice: ImportChoice;
      /** The card the choice makes, checked by the worker (null while the first check is on its way). */
      check: CardCheck | null;
      /** Import was pressed: the card is on its way, or unsaved work is being asked about (the dialog steps aside). */
      importing: boolean;
    };

export const useTableImport = create<TableImportState>(() => ({ phase: 'closed' }));

let worker: TableImportWorker | null = null;
let checkTimer: ReturnType<typeof setTimeout> | undefined;
let checks = 0;
/** Choices are checked once typing or clicking pauses this long. */
const CHECK_DELAY_MS = 120;

export const tableImportOpen = (): boolean => useTableImport.getState().phase !== 'closed';

/** Ends the import: the worker and the rows it holds go; the current experiment stays as it was. */
export function closeTableImport(): void {
  worker?.close();
  worker = null;
  if (checkTimer !== undefined) clearTimeout(checkTimer);
  checkTimer = undefined;
  useTableImport.setState({ phase: 'closed' }, true);
}

export async function pickTableToImport(): Promise<void> {
  const file = await pickFile(TABLE_FILE_TYPES);
  if (file) await importTableFile(file);
}

/** Reads a table file in the worker and opens the dialog on it, or says why it cannot be a table. */
export async function importTableFile(file: File): Promise<void> {
  closeTableImport();
  const fail = (message: string): void => useViewStore.getState().showProblems({ title: `${file.name} could not be imported`, problems: [{ path: file.name, message }] });
  // Said by its size, before it is read.
  if (file.size > MAX_TABLE_BYTES) return fail(tableTooLarge(file.name, file.size));
  const reading = readTableFile(file, file.name, (share) => {
    const s = useTableImport.getState();
    if (worker === reading && s.phase === 'reading') useTableImport.setState({ ...s, share });
  });
  worker = reading;
  useTableImport.setState({ phase: 'reading', fileName: file.name, share: 0 }, true);
  const read = await reading.read;
  if (worker !== reading) return; // cancelled, or another file came
  if (!read.ok) {
    closeTableImport();
    if ('message' in read) fail(read.message);
    return;
  }
  useTableImport.setState({ phase: 'preview', preview: read.preview, choice: read.choice, check: null, importing: false }, true);
  scheduleCheck(0);
}

function scheduleCheck(delay: number): void {
  if (checkTimer !== undefined) clearTimeout(checkTimer);
  checkTimer = setTimeout(() => {
    checkTimer = undefined;
    const s = useTableImport.getState();
    const current = worker;
    if (s.phase !== 'preview' || !current) return;
    const id = ++checks;
    void current.check(s.choice).then((check) => {
      const now = useTableImport.getState();
      // Only the latest check counts: an earlier one may answer after a later choice.
      if (check && id === checks && now.phase === 'preview') useTableImport.setState({ ...now, check });
    });
  }, delay);
}

/** Changes the choices; the worker checks them once the person pauses. */
export function setImportChoice(update: (choice: ImportChoice) => ImportChoice): void {
  const s = useTableImport.getState();
  if (s.phase !== 'preview') return;
  useTableImport.setState({ ...s, choice: update(s.choice) });
  scheduleCheck(CHECK_DELAY_MS);
}

/** A column's new settings; making one the target makes the previous target an input. */
export function withColumn(choice: ImportChoice, name: string, change: Partial<Omit<ColumnChoice, 'name'>>): ImportChoice {
  return {
    ...choice,
    columns: choice.columns.map((c) => {
      if (c.name === name) return { ...c, ...change };
      if (change.role === 'target' && c.role === 'target') return { ...c, role: 'input' };
      return c;
    }),
  };
}

/** Import: the card from the worker becomes a new, unsaved experiment (after asking about unsaved work). */
export async function importChosenTable(): Promise<void> {
  const s = useTableImport.getState();
  const current = worker;
  if (s.phase !== 'preview' || !current || s.importing || !s.check?.ok) return;
  useTableImport.setState({ ...s, importing: true });
  const result = await current.card(s.choice);
  if (worker !== current || !result) return;
  const back = (check?: CardCheck): void => {
    const now = useTableImport.getState();
    if (now.phase === 'preview') useTableImport.setState({ ...now, importing: false, ...(check ? { check } : {}) });
  };
  if (!result.ok) return back({ ok: false, problems: result.problems, invalidRows: result.invalidRows, issues: s.check.issues });
  const { preview } = s;
  const notes = [`Imported from ${preview.fileName} (${preview.format}).`, ...result.notes].join('\n');
  const opened = await openUnsavedDocument({ name: preview.name, notes, setup: tableSetup(result.table) });
  if (!opened) return back();
  closeTableImport();
  const summary = s.check.summary;
  useViewStore.getState().notify({
    tone: 'info',
    text: `Imported ${preview.fileName}: ${result.table.rows.length.toLocaleString('en-US')} rows${summary && summary.test > 0 ? ` (${summary.train.toLocaleString('en-US')} to train, ${summary.test.toLocaleString('en-US')} to test)` : ''}. ${result.notes.join(' ')} Press Train; Save keeps the table in the experiment file.`.replace(/ {2,}/g, ' '),
  });
}
