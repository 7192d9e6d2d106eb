/**
 * File-level actions on the document: New, Open, Save, Save As, presets, Import ONNX, and keeping the platform's
 * copy (title, close prompt, crash recovery) in step with the document. Buttons, shortcuts and
 * menu commands all end up here.
 */
import { parseExperiment, serializeExperiment, type Experiment } from '../../src-shared/experiment';
import { importedRun, MAX_ONNX_BYTES } from '../../src-shared/export/onnx-import';
import type { DocumentReport, OpenedFile } from '../../src-shared/protocol/app-api';
import { compileDesign } from '../../src-shared/network/compile';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { getPlatform } from '../platform';
import { importOnnxFile } from '../platform/onnx-import';
import type { Recovery } from '../platform/types';
import { layout } from '../store/design-ops';
import { emptySetup, revisionOf, runsNoticeOf, toExperiment, useDocumentStore, type OpenDocument } from '../store/document';
import { useTrainingStore } from '../store/training';
import { useViewStore, type Theme } from '../store/view';
import { commitFocusedField } from './focused-field';
import { measureWith } from './geometry';

/** Lays a setup's layers out the way the canvas draws them (presets and imported models come on a rough grid). */
function laidOut(setup: ExperimentSetup): ExperimentSetup {
  const { measure, column } = measureWith(setup.design, compileDesign(setup.design).facts);
  return { ...setup, design: layout(setup.design, measure, column) };
}

/** The document as an experiment file's text. */
export function currentText(): string {
  return serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()));
}

/**
 * May the current document be replaced? Desktop: main asks natively (it has the latest text).
 * Browser: the page asks Save / Don't Save / Cancel itself.
 */
export async function mayReplaceDocument(): Promise<boolean> {
  const platform = getPlatform();
  const { dirty, title, unsaved } = useDocumentStore.getState();
  if (platform.nativeDocumentGuard) {
    if (!dirty) return true;
    flushDocumentState();
    return platform.confirmDiscardChanges();
  }
  if (!dirty) return true;
  const choice = await useViewStore.getState().askDiscard(title, unsaved);
  if (choice === 'cancel') return false;
  if (choice === 'discard') return true;
  return saveDocument(false);
}

/** Puts a document in place and lets the training side show its run. */
function loadDocument(document: OpenDocument): void {
  useDocumentStore.getState().open(document);
  useTrainingStore.getState().loadRun(useDocumentStore.getState().run);
  const view = useViewStore.getState();
  view.setGalleryOpen(false);
  view.requestFit();
  flushDocumentState();
}

/** An experiment file's content as a document to open. */
function fromExperiment(experiment: Experiment, filePath: string | null, unsaved: OpenDocument['unsaved'] = false): OpenDocument {
  const { name, notes, setup, runs, view } = experiment;
  return { filePath, name, notes, setup, runs, view, unsaved };
}

/** `guarded`: the caller (main, for menu commands) has already settled unsaved changes. */
export async function newDocument(options: { guarded?: boolean } = {}): Promise<void> {
  if (!options.guarded && !(await mayReplaceDocument())) return;
  // Named after the file it is first saved as.
  loadDocument({ filePath: null, name: null, setup: emptySetup() });
}

export async function openPreset(id: string, options: { guarded?: boolean } = {}): Promise<void> {
  const preset = getPreset(id);
  if (!preset) {
    useViewStore.getState().notify({ tone: 'error', text: `There is no preset called “${id}”.` });
    return;
  }
  if (!options.guarded && !(await mayReplaceDocument())) return;
  loadDocument({ filePath: null, name: preset.title, notes: preset.summary, setup: laidOut(structuredClone(preset.setup)) });
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
  if (file.kind === 'lesson') {
    lessonOpener?.(file, options);
    return;
  }
  const parsed = parseExperiment(file.text);
  if (!parsed.ok) {
    view.showProblems({ title: `${baseName(file.filePath)} could not be opened`, problems: parsed.problems });
    return;
  }
  if (!options.guarded && !(await mayReplaceDocument())) return;
  const { experiment } = parsed;
  loadDocument(fromExperiment(experiment, file.filePath));
  if (experiment.view?.theme === 'light' || experiment.view?.theme === 'dark') view.setTheme(experiment.view.theme);
  const warnings = [...(file.warnings ?? []), ...parsed.warnings];
  if (warnings.length > 0) {
    view.notify({ tone: 'warning', text: `Opened ${baseName(file.filePath)} with ${warnings.length} note${warnings.length === 1 ? '' : 's'}: ${warnings[0].path}: ${warnings[0].message}` });
  }
}

/**
 * A lesson step's setup on screen: a new, untouched document (the learner's edits in it are
 * theirs; leaving the lesson keeps them as an ordinary experiment). The lesson asked about
 * unsaved work once, when it began.
 */
export function showLessonSetup(name: string, notes: string, setup: ExperimentSetup): void {
  loadDocument({ filePath: null, name, notes, setup: laidOut(setup) });
}

/** Who takes a lesson file opened through File → Open (the lesson mode, once it is set up). */
let lessonOpener: ((file: Extract<OpenedFile, { ok: true }>, options: { guarded: boolean }) => void) | null = null;
export function takeLessonFiles(opener: typeof lessonOpener): void {
  lessonOpener = opener;
}

/** The file picker (the browser's, or the desktop's native one behind the same element); null when cancelled. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    const done = (file: File | null): void => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.append(input);
    input.click();
  });
}

/**
 * File → Import ONNX: a model this app exported, or one another tool made from the operators the
 * layer kinds read, opens as a new, unsaved document whose run holds the model's weights, so it
 * predicts at once and trains on from them. The file is read and imported in a worker (both
 * editions pick it the same way); one that cannot be read says why and changes nothing.
 */
export async function importOnnxModel(): Promise<void> {
  const file = await pickFile('.onnx,application/onnx');
  if (!file) return;
  const view = useViewStore.getState();
  const title = `${file.name} could not be imported`;
  if (file.size > MAX_ONNX_BYTES) {
    view.showProblems({ title, problems: [{ path: file.name, message: `The file is ${(file.size / 2 ** 20).toFixed(0)} MB; NN Designer imports models of up to ${MAX_ONNX_BYTES / 2 ** 20} MB` }] });
    return;
  }
  const result = await importOnnxFile(file);
  if (!result.ok) {
    view.showProblems({ title, problems: [{ path: file.name, message: result.message }] });
    return;
  }
  if (!(await mayReplaceDocument())) return;
  const { imported } = result;
  const name = file.name.replace(/\.onnx$/i, '') || 'Imported model';
  const notes = [`Imported from ${file.name}.`, ...imported.notes].join('\n');
  loadDocument({ filePath: null, name, notes, setup: laidOut(imported.setup), runs: [importedRun(imported, new Date())], unsaved: true });
  const layers = imported.setup.design.nodes.length;
  view.notify({
    tone: 'info',
    text: `Imported ${file.name}: ${layers} layers with their weights. ${imported.notes.join(' ')} Train goes on from them; Save keeps the model as an .nnd file.`,
  });
}

/**
 * Opens a document made on the page (an imported table's experiment) as a new, unsaved one, its
 * layers laid out as the canvas draws them; asks about unsaved work first. False: the user kept it.
 */
export async function openUnsavedDocument(document: { name: string; notes: string; setup: ExperimentSetup }): Promise<boolean> {
  if (!(await mayReplaceDocument())) return false;
  loadDocument({ filePath: null, name: document.name, notes: document.notes, setup: laidOut(document.setup), unsaved: true });
  return true;
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
  const doc = useDocumentStore.getState();
  // What is written; the Save dialog can stay open while a run trains on (or an edit lands), and
  // then the document differs from what is on disk: it stays dirty by itself.
  const written = revisionOf(doc);
  const now = new Date();
  try {
    const saved = await getPlatform().saveFile(serializeExperiment(toExperiment(doc, now)), { saveAs, suggestedName: doc.title });
    if (!saved) return false;
    // Every run is kept; what had to become a summary (past 100 runs, an earlier design) is said.
    const runsNotice = runsNoticeOf(doc, now);
    useDocumentStore.getState().markSaved(saved.filePath, written);
    flushDocumentState();
    if (runsNotice) useViewStore.getState().notify({ tone: 'info', text: runsNotice });
    return true;
  } catch (e) {
    useViewStore.getState().notify({ tone: 'error', text: `Not saved: ${(e as Error).message}` });
    return false;
  }
}

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
function takeDocumentState(): DocumentReport {
  if (syncTimer !== undefined) clearTimeout(syncTimer);
  syncTimer = undefined;
  const { filePath, dirty, unsaved } = useDocumentStore.getState();
  return { filePath, dirty, text: currentText(), unsaved };
}

/**
 * Main's request before it decides about unsaved work (close, New, Open…): the value being typed
 * counts, and edits still inside the debounce count.
 */
function answerFlushRequest(): DocumentReport {
  commitFocusedField();
  return takeDocumentState();
}

function scheduleSync(delay: number): void {
  if (syncTimer !== undefined) return;
  syncTimer = setTimeout(flushDocumentState, delay);
}

/** Starts syncing; returns the function that stops it. */
export function startDocumentSync(): () => void {
  const offDocument = useDocumentStore.subscribe((doc, previous) => {
    // The close prompt depends on these (whether to ask, which file): main must know at once, or
    // closing right after the first edit would not ask. Steady editing is debounced; a run that
    // trains changes the document constantly (its weights are saved with it), so less often.
    if (doc.dirty !== previous.dirty || doc.filePath !== previous.filePath) flushDocumentState();
    else if (doc.setup !== previous.setup || doc.name !== previous.name || doc.notes !== previous.notes) scheduleSync(SYNC_DELAY_MS);
    else if (doc.run !== previous.run) scheduleSync(RUN_SYNC_DELAY_MS);
  });
  // The theme is saved with the document, but changing it is no edit.
  const showTheme = (theme: Theme): void => {
    const doc = useDocumentStore.getState();
    if (doc.view.theme !== theme) doc.setView({ ...doc.view, theme });
  };
  showTheme(useViewStore.getState().theme);
  const offTheme = useViewStore.subscribe((view) => showTheme(view.theme));
  const onBeforeUnload = (e: BeforeUnloadEvent): void => {
    // The desktop asks in main (Save / Don't Save / Cancel); a browser can only warn.
    if (getPlatform().nativeDocumentGuard || !useDocumentStore.getState().dirty) return;
    flushDocumentState();
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  const offFlush = getPlatform().onFlushRequest(answerFlushRequest);
  flushDocumentState();
  return () => {
    offDocument();
    offTheme();
    offFlush();
    window.removeEventListener('beforeunload', onBeforeUnload);
  };
}

/** A recovery copy as a document: all of it unsaved, or only its runs when it was trained but not edited. */
function recovered(experiment: Experiment, recovery: Recovery): OpenDocument {
  return fromExperiment(experiment, recovery.filePath, recovery.edited === false ? 'runs' : true);
}

/** The copy holds nothing the screen does not show: the same experiment, and no runs. */
function showsAlready(experiment: Experiment): boolean {
  const doc = useDocumentStore.getState();
  return (
    experiment.runs.length === 0 &&
    experiment.name === (doc.name ?? doc.title) &&
    experiment.notes === doc.notes &&
    JSON.stringify(experiment.setup) === JSON.stringify(doc.setup)
  );
}

/**
 * What the page shows at start. The work this tab showed before a reload comes back as it was,
 * without a word: its recovery copy when it had unsaved work (runs included), else its address.
 * Otherwise the link the page was opened with. Then the work earlier sessions left is offered.
 */
export async function resumeSession(address: { own: boolean; open(): Promise<void> } | null): Promise<void> {
  const platform = getPlatform();
  const recovery = await platform.takeRecovery();
  const parsed = recovery?.thisPage && (address?.own ?? true) ? parseExperiment(recovery.text) : null;
  if (recovery && parsed?.ok) {
    loadDocument(recovered(parsed.experiment, recovery));
    await platform.discardRecovery(recovery);
    return offerRecovery();
  }
  await address?.open();
  return offerRecovery(recovery);
}

/**
 * Offers work left unsaved by an earlier session (a crash, or a closed tab), unless it is what
 * the screen shows already (the address reopened it). The copy stays where the platform keeps it
 * until the user restores or discards it: a reload, or closing the notice, offers it again.
 * `taken`: the copy the platform already handed over.
 */
export async function offerRecovery(taken?: Recovery | null): Promise<void> {
  const platform = getPlatform();
  const recovery = taken === undefined ? await platform.takeRecovery() : taken;
  if (!recovery) return;
  const parsed = parseExperiment(recovery.text);
  if (!parsed.ok) return;
  if (showsAlready(parsed.experiment)) {
    await platform.discardRecovery(recovery);
    return offerRecovery();
  }
  const when = new Date(recovery.savedAt);
  const view = useViewStore.getState();
  const settle = (restore: boolean): void => {
    useViewStore.getState().dismissNotice(id);
    void (async () => {
      if (restore) {
        if (!(await mayReplaceDocument())) return void offerRecovery();
        // Restored work is not on disk yet.
        loadDocument(recovered(parsed.experiment, recovery));
      }
      await platform.discardRecovery(recovery);
      // Several sessions may have left work behind: the next one.
      await offerRecovery();
    })();
  };
  const id = view.notify({
    tone: 'info',
    global: true,
    text: `Unsaved work on “${parsed.experiment.name}” from ${Number.isNaN(when.getTime()) ? 'an earlier session' : when.toLocaleString()} was kept.`,
    action: { label: 'Restore it', run: () => settle(true) },
    secondary: { label: 'Discard', run: () => settle(false) },
  });
}

/**
 * Opens an experiment that came with the page's address (a shared link), asking first when
 * there is unsaved work; false when the user kept their work. Like a preset, it is no unsaved
 * work itself: the link holds it.
 */
export async function openSharedExperiment(experiment: Experiment): Promise<boolean> {
  if (!(await mayReplaceDocument())) return false;
  loadDocument(fromExperiment(experiment, null));
  return true;
}
