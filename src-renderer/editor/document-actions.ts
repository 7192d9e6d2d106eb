/**
 * File-level actions on the document: New, Open, Save, Save As, presets, and keeping the platform's
 * copy (title, close prompt, crash recovery) in step with the store. Buttons, shortcuts and menu
 * commands all end up here.
 */
import { createExperiment, parseExperiment, serializeExperiment, type Experiment } from '../../src-shared/experiment';
import type { OpenedFile } from '../../src-shared/protocol/app-api';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { getPlatform } from '../platform';
import { emptySetup, useDesignStore } from '../store/design';
import { layout } from '../store/design-ops';
import { useTrainingStore } from '../store/training';
import { useViewStore } from '../store/view';
import { commitFocusedField } from './focused-field';
import { handleY, nodeHeight } from './geometry';

/** Lines a setup's layers up the way the canvas draws them (presets are built on a flat row). */
function laidOut(setup: ExperimentSetup): ExperimentSetup {
  return { ...setup, design: layout(setup.design, (n) => ({ height: nodeHeight(n), anchor: handleY(n.params.units) })) };
}

/**
 * What the file says about itself, kept from opening to saving: its name (which may differ from
 * the file's) and notes, which the editor does not show but must not lose.
 */
let documentMeta: { name: string | null; notes: string } = { name: null, notes: '' };

/** The document as an experiment file: setup, the current run (if any) and the view. */
export function currentExperiment(): Experiment {
  const design = useDesignStore.getState();
  const experiment = createExperiment(design.setup, { name: documentMeta.name ?? design.documentName, notes: documentMeta.notes });
  const run = useTrainingStore.getState().runForSave();
  if (run) experiment.runs = [{ id: 'run-1', createdAt: new Date().toISOString(), ...run }];
  experiment.view = { theme: useViewStore.getState().theme };
  return experiment;
}

export function currentText(): string {
  return serializeExperiment(currentExperiment());
}

/**
 * May the current document be replaced? Desktop: main asks natively (it has the latest text).
 * Browser: the page asks Save / Don't Save / Cancel itself.
 */
async function mayReplaceDocument(): Promise<boolean> {
  const platform = getPlatform();
  const { dirty, documentName } = useDesignStore.getState();
  if (platform.nativeDocumentGuard) {
    if (!dirty) return true;
    flushDocumentState();
    return platform.confirmDiscardChanges();
  }
  if (!dirty) return true;
  const choice = await useViewStore.getState().askDiscard(documentName);
  if (choice === 'cancel') return false;
  if (choice === 'discard') return true;
  return saveDocument(false);
}

/** Puts a setup in place as a new document and lets the training side catch up. */
function loadDocument(
  setup: ExperimentSetup,
  document: { filePath: string | null; name: string; notes?: string },
  run?: Experiment['runs'][number],
): void {
  documentMeta = { name: document.name, notes: document.notes ?? '' };
  useDesignStore.getState().loadSetup(setup, document);
  const training = useTrainingStore.getState();
  if (run) training.restoreRun(run);
  else if (setup.design.nodes.length > 0) training.reset();
  const view = useViewStore.getState();
  view.setGalleryOpen(false);
  view.requestFit();
  flushDocumentState();
}

/** `guarded`: the caller (main, for menu commands) has already settled unsaved changes. */
export async function newDocument(options: { guarded?: boolean } = {}): Promise<void> {
  if (!options.guarded && !(await mayReplaceDocument())) return;
  loadDocument(emptySetup(), { filePath: null, name: 'Untitled' });
  documentMeta = { name: null, notes: '' }; // named after the file it is first saved as
}

export async function openPreset(id: string, options: { guarded?: boolean } = {}): Promise<void> {
  const preset = getPreset(id);
  if (!preset) {
    useViewStore.getState().notify({ tone: 'error', text: `There is no preset called “${id}”.` });
    return;
  }
  if (!options.guarded && !(await mayReplaceDocument())) return;
  loadDocument(laidOut(structuredClone(preset.setup)), { filePath: null, name: preset.title, notes: preset.summary });
}

/**
 * Shows an opened file, or why it could not be opened (the current design stays).
 * `guarded`: unsaved changes were already settled (desktop, or the page asked before picking).
 */
export async function applyOpenedFile(file: OpenedFile, options: { guarded: boolean }): Promise<void> {
  const view = useViewStore.getState();
  if (!file.ok) {
    view.showProblems({ title: `${baseName(file.filePath)} could not be opened`, problems: file.problems });
    return;
  }
  const parsed = parseExperiment(file.text);
  if (!parsed.ok) {
    view.showProblems({ title: `${baseName(file.filePath)} could not be opened`, problems: parsed.problems });
    return;
  }
  if (!options.guarded && !(await mayReplaceDocument())) return;
  const { experiment } = parsed;
  loadDocument(experiment.setup, { filePath: file.filePath, name: experiment.name, notes: experiment.notes }, experiment.runs.at(-1));
  if (experiment.view?.theme === 'light' || experiment.view?.theme === 'dark') view.setTheme(experiment.view.theme);
  const warnings = [...(file.warnings ?? []), ...parsed.warnings];
  if (warnings.length > 0) {
    view.notify({ tone: 'warning', text: `Opened ${baseName(file.filePath)} with ${warnings.length} note${warnings.length === 1 ? '' : 's'}: ${warnings[0].path}: ${warnings[0].message}` });
  }
}

export async function openDocument(): Promise<void> {
  const platform = getPlatform();
  // The desktop's Open settles unsaved changes itself, before its dialog.
  if (!platform.nativeDocumentGuard && !(await mayReplaceDocument())) return;
  const file = await platform.openFile();
  if (file) await applyOpenedFile(file, { guarded: true });
}

export async function openRecentDocument(filePath: string): Promise<void> {
  const platform = getPlatform();
  if (!platform.nativeDocumentGuard && !(await mayReplaceDocument())) return;
  await applyOpenedFile(await platform.openRecent(filePath), { guarded: true });
}

/** Saves; true when the document is now on disk (false when cancelled or it failed). */
export async function saveDocument(saveAs: boolean): Promise<boolean> {
  const design = useDesignStore.getState();
  const written = documentVersion();
  try {
    const saved = await getPlatform().saveFile(currentText(), { saveAs, suggestedName: design.documentName });
    if (!saved) return false;
    useDesignStore.getState().markSaved(saved.filePath);
    // The Save dialog can stay open while a run trains on (or an edit lands): what is on disk is
    // then older than the document, which must stay marked as changed.
    if (!sameVersion(written, documentVersion())) useDesignStore.getState().markChanged();
    flushDocumentState();
    return true;
  } catch (e) {
    useViewStore.getState().notify({ tone: 'error', text: `Not saved: ${(e as Error).message}` });
    return false;
  }
}

/** What a save writes, cheaply comparable: the setup (immutable, so by identity) and the run's progress. */
interface DocumentVersion {
  setup: ExperimentSetup;
  updates: number | null;
}

function documentVersion(): DocumentVersion {
  return { setup: useDesignStore.getState().setup, updates: useTrainingStore.getState().progress?.updates ?? null };
}

const sameVersion = (a: DocumentVersion, b: DocumentVersion): boolean => a.setup === b.setup && a.updates === b.updates;

function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() ?? filePath;
}

// Keeping the platform's copy of the document current ----------------------------------------

const SYNC_DELAY_MS = 400;
/** While training, the run changes constantly: its weights reach the recovery copy this often. */
const RUN_SYNC_DELAY_MS = 2000;
let syncTimer: ReturnType<typeof setTimeout> | undefined;

export function flushDocumentState(): void {
  getPlatform().setDocumentState(takeDocumentState());
}

/** The document as the platform keeps it; whoever takes it is up to date, so no sync is due. */
function takeDocumentState(): { filePath: string | null; dirty: boolean; text: string } {
  if (syncTimer !== undefined) clearTimeout(syncTimer);
  syncTimer = undefined;
  const { filePath, dirty } = useDesignStore.getState();
  return { filePath, dirty, text: currentText() };
}

/**
 * Main's request before it decides about unsaved work (close, New, Open…): the value being typed
 * counts, and edits still inside the debounce count.
 */
function answerFlushRequest(): { filePath: string | null; dirty: boolean; text: string } {
  commitFocusedField();
  return takeDocumentState();
}

function scheduleSync(delay: number): void {
  if (syncTimer !== undefined) return;
  syncTimer = setTimeout(flushDocumentState, delay);
}

/** Starts syncing; returns the function that stops it. */
export function startDocumentSync(): () => void {
  const offDesign = useDesignStore.subscribe((state, previous) => {
    // The close prompt depends on these (whether to ask, which file): main must know at once, or
    // closing right after the first edit would not ask. Steady editing is debounced.
    if (state.dirty !== previous.dirty || state.filePath !== previous.filePath) flushDocumentState();
    else if (state.setup !== previous.setup || state.documentName !== previous.documentName) scheduleSync(SYNC_DELAY_MS);
  });
  // A run that trains changes the document (its weights are saved with it).
  const offTraining = useTrainingStore.subscribe((state, previous) => {
    const before = previous.progress?.updates;
    const after = state.progress?.updates;
    if (before !== undefined && after !== undefined && after !== before) {
      useDesignStore.getState().markChanged();
      scheduleSync(RUN_SYNC_DELAY_MS);
    }
  });
  const onBeforeUnload = (e: BeforeUnloadEvent): void => {
    // The desktop asks in main (Save / Don't Save / Cancel); a browser can only warn.
    if (getPlatform().nativeDocumentGuard || !useDesignStore.getState().dirty) return;
    flushDocumentState();
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  const offFlush = getPlatform().onFlushRequest(answerFlushRequest);
  flushDocumentState();
  return () => {
    offDesign();
    offTraining();
    offFlush();
    window.removeEventListener('beforeunload', onBeforeUnload);
  };
}

/** Offers work left unsaved by an earlier session (a crash, or a closed tab). */
export async function offerRecovery(): Promise<void> {
  const recovery = await getPlatform().takeRecovery();
  if (!recovery) return;
  const parsed = parseExperiment(recovery.text);
  if (!parsed.ok) return;
  const when = new Date(recovery.savedAt);
  const view = useViewStore.getState();
  const id = view.notify({
    tone: 'info',
    text: `Unsaved work on “${parsed.experiment.name}” from ${Number.isNaN(when.getTime()) ? 'an earlier session' : when.toLocaleString()} was kept.`,
    action: {
      label: 'Restore it',
      run: () => {
        useViewStore.getState().dismissNotice(id);
        void (async () => {
          if (!(await mayReplaceDocument())) return;
          const { experiment } = parsed;
          loadDocument(experiment.setup, { filePath: recovery.filePath, name: experiment.name, notes: experiment.notes }, experiment.runs.at(-1));
          // Restored work is not on disk yet.
          useDesignStore.getState().markChanged();
        })();
      },
    },
  });
}
