/**
 * The document: the experiment being edited as a save writes it — its name, notes, setup, runs
 * and view — and the revision last written to disk. "Dirty" is the comparison of the two, never
 * a flag to keep in step: undoing back to the saved setup is clean again, and a run that trained
 * while the Save dialog was open leaves the document dirty by itself.
 *
 * Who changes what: the design store edits the setup (with undo), the training store hands over
 * the run as it trains (and puts a finished one with the earlier runs when it starts the next),
 * the file actions open and save.
 *
 * Runs are kept as `appendRun` keeps them (src-shared/experiment/runs.ts), the command line's
 * rule: every run stays, the latest 100 in full, older ones and those trained on an earlier
 * design as summaries, and whatever is reduced is said in a notice.
 */
import { create } from 'zustand';
import {
  appendRun,
  createExperiment,
  decimateHistory,
  HISTORY_POINTS,
  latestRunOf,
  runDataProblem,
  runFromTrainer,
  toSaved,
  weightsFor,
  type Experiment,
  type ExperimentView,
  type Run,
  type RunStatus,
} from '../../src-shared/experiment';
import { parametersAreFinite } from '../../src-shared/engine/frame';
import type { LayerParameters } from '../../src-shared/engine/model';
import { compileDesign } from '../../src-shared/network/compile';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { isReportEpoch } from '../../src-shared/engine/report';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import { blankSetup } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainingKey } from '../../src-shared/setup-check';
import type { ExperimentPart, UnsavedWork } from '../../src-shared/unsaved-work';

/** A run of the document: trained in this session, or as a file holds it. */
export interface DocumentRun {
  /** `trainingKey` of the setup it was trained with: it is shown and continued only while the setup matches. */
  setupKey: string;
  /** The setup it was trained with (its settings and seed are saved with it). */
  setup: ExperimentSetup;
  epoch: number;
  updates: number;
  status: RunStatus;
  /** The weights as the engine holds them; none for a diverged run read from a file. */
  parameters: readonly LayerParameters[];
  /** Mean loss per epoch; records from `epoch` on belong to a later state and are not saved. */
  history: readonly EpochRecord[];
  divergedAt?: { epoch: number; update: number };
  /** The saved run (its id) this one continues: a save puts it in that run's place. */
  replaces?: string;
  /** When the run began (ISO). */
  createdAt?: string;
  /** How long it trained, by the clock (pauses excluded), since it was trained or loaded in this session. */
  trainedMs?: number;
  /** The run as the file holds it, written back as it was. */
  asSaved?: Run;
}

/** What a save writes, by identity (each part is immutable): the saved one equals the current one, or the document is dirty. */
export interface Revision {
  name: string | null;
  notes: string;
  setup: ExperimentSetup;
  /** The runs before the one on show, as a save writes them (oldest first). */
  runs: readonly Run[];
  /** The run on show: saved as the newest, or in the place of the run it continues. */
  run: DocumentRun | null;
}

/** A document to put in place: new, a preset, an opened file or recovered work. */
export interface OpenDocument {
  filePath: string | null;
  /** The experiment's own name (it may differ from the file's); null: named after its file. */
  name: string | null;
  notes?: string;
  setup: ExperimentSetup;
  /** The file's runs; the latest one with weights that fit the setup is shown and trained on. */
  runs?: readonly Run[];
  view?: ExperimentView;
  /**
   * Work that is on no disk yet, so dirty from the start: `true` for all of it (recovered after
   * a crash, an imported model); `'runs'` when only its runs are (work of a preset or a link that
   * was trained but not edited).
   */
  unsaved?: boolean | 'runs';
}

export interface DocumentState extends Revision {
  filePath: string | null;
  view: ExperimentView;
  /** What is on disk (or what a new document starts from); null when nothing on disk matches. */
  saved: Revision | null;
  /** The file's name without `.nnd`; else the experiment's name; else "Untitled". */
  title: string;
  dirty: boolean;
  /** What a discard would lose (edits, runs trained since the last save); null when nothing. */
  unsaved: UnsavedWork | null;
  /** Counts the documents put in place, so editing state (undo, selection) starts over with each. */
  generation: number;
  /** What putting runs aside reduced (past 100 runs, or weights of an earlier design) since the last save; said when saving. */
  runsNotice: string | null;

  open(document: OpenDocument): void;
  setSetup(setup: ExperimentSetup): void;
  /** The shown run changed (it trained, or was reset); null: there is none to save. */
  setRun(run: DocumentRun | null): void;
  /** A new run begins: the one on show joins the earlier runs (if it trained at all). */
  archiveRun(): void;
  /** Runs trained elsewhere (over seeds): added after the earlier runs, as `appendRun` keeps them. */
  addRuns(runs: readonly Run[]): void;
  /** How the document is shown (theme): saved with it, but no reason to ask about unsaved work. */
  setView(view: ExperimentView): void;
  /** `written` is now on disk at `filePath`. */
  markSaved(filePath: string, written: Revision): void;
}

/** A new document: the blank preset's task and training, and an empty canvas to build on. */
export function emptySetup(): ExperimentSetup {
  return { ...blankSetup(), design: { nodes: [], edges: [] } };
}

export function revisionOf(doc: Revision): Revision {
  return { name: doc.name, notes: doc.notes, setup: doc.setup, runs: doc.runs, run: doc.run };
}

/** How long each recorded run trained, when this session trained it (a file does not keep it). */
const trainedTimes = new WeakMap<Run, number>();

/**
 * What the document holds that its saved revision does not: the parts of the experiment that
 * changed (by identity, so undoing back is clean again) and the runs trained since. A run shown
 * as the file holds it, or put back among the runs unchanged, is nothing new.
 */
export function unsavedWorkOf(doc: Pick<DocumentState, keyof Revision | 'saved'>): UnsavedWork | null {
  const s = doc.saved;
  const changed: ExperimentPart[] = [];
  if (s) {
    if (s.setup.design !== doc.setup.design) changed.push('design');
    if (s.setup.task !== doc.setup.task) changed.push('task');
    if (s.setup.training !== doc.setup.training) changed.push('training');
    if (s.name !== doc.name) changed.push('name');
    if (s.notes !== doc.notes) changed.push('notes');
  }
  const before = new Set(s?.runs ?? []);
  const shown = doc.run !== null && doc.run !== s?.run && doc.run.updates > 0 && !doc.run.asSaved ? doc.run : null;
  // A run becomes a summary only once it is old: new runs are always kept in full. The one on
  // show, continuing a run among them, is that run (a save puts it in its place).
  const archived = doc.runs.filter((r) => !before.has(r) && r.summary !== true && r.id !== shown?.replaces);
  const runs = archived.length + (shown ? 1 : 0);
  if (s && changed.length === 0 && runs === 0) return null;
  const last = archived.at(-1);
  const latest = shown
    ? { epoch: shown.epoch, trainedMs: shown.trainedMs ?? null }
    : last
      ? { epoch: last.epoch, trainedMs: trainedTimes.get(last) ?? null }
      : null;
  return { changed, neverSaved: s === null, runs, latest };
}

function titleOf(filePath: string | null, name: string | null): string {
  if (filePath) {
    const base = (filePath.split(/[\\/]/).pop() ?? filePath).replace(/\.nnd$/i, '');
    if (base) return base;
  }
  return name ?? 'Untitled';
}

/** A file's run as the document holds it: weights in the order of the setup's plan (copies: they go to the engine). */
export function documentRunOf(run: Run, setup: ExperimentSetup): DocumentRun {
  // A run the command line trained with other settings (--epochs, --seed) continues with the file's.
  return {
    // A run trained on another encoding of the table's rows does not fit this setup, whatever its design.
    setupKey: runDataProblem(run, setup) ? `${trainingKey(setup)}\nother data` : trainingKey(setup),
    setup,
    epoch: run.epoch,
    updates: run.updates,
    status: run.status,
    parameters: (weightsFor(run, setup.design) ?? []).map((p) => ({ W: p.W.slice(), b: p.b.slice() })),
    history: run.history,
    ...(run.divergedAt ? { divergedAt: { ...run.divergedAt } } : {}),
    replaces: run.id,
    createdAt: run.createdAt,
    asSaved: run,
  };
}

/** The run on show when it fits the setup on screen (its weights belong to these layers); else null. */
export function fittingRun(doc: Pick<DocumentState, 'run' | 'setup'>): DocumentRun | null {
  return doc.run && doc.run.setupKey === trainingKey(doc.setup) ? doc.run : null;
}

/** The run's weights, or null when it kept none that are numbers (it diverged). */
export function weightsOf(run: DocumentRun): readonly LayerParameters[] | null {
  return run.status !== 'diverged' && run.parameters.length > 0 && parametersAreFinite(run.parameters) ? run.parameters : null;
}

const recorded = new WeakMap<DocumentRun, Run>();

/**
 * A run as an experiment file keeps it, recorded as the command line records its runs: the
 * settings and seed it used, its weights, its history thinned with the post's epochs kept, what
 * it came to, its final loss and its accuracy over every training sample. NaN cannot be written to
 * JSON: a diverged run keeps its history and where it broke.
 */
export function savedRun(run: DocumentRun, now: Date): Run {
  if (run.asSaved) return run.asSaved;
  let saved = recorded.get(run);
  if (!saved) {
    saved = recordRun(run, now);
    recorded.set(run, saved);
  }
  return saved;
}

function recordRun(run: DocumentRun, now: Date): Run {
  const createdAt = run.createdAt ? new Date(run.createdAt) : now;
  const history = run.history.filter((h) => h.epoch < run.epoch && Number.isFinite(h.loss));
  const weights = weightsOf(run);
  const prepared = prepareTraining(run.setup, { wasm: false, deferInit: true });
  let saved: Run;
  if (prepared.ok) {
    // The command line's record of a trainer in this state: outcome, final loss, accuracy on every sample.
    const { trainer } = prepared;
    trainer.restore(weights ? [...weights] : trainer.network.getParameters(), run.epoch, history, run.updates);
    // Where the run stands and what it holds are the run's own; the trainer adds what it came to.
    saved = { ...runFromTrainer(trainer, run.setup.design, { id: run.replaces ?? 'run-1', createdAt }), epoch: run.epoch, updates: run.updates, status: run.status };
    if (!weights) saved.parameters = [];
  } else {
    const epochs = run.setup.training.epochs;
    // Weights are named by the layers of the design they were trained on; without a plan they name nothing and are not kept.
    const compiled = compileDesign(run.setup.design);
    const ids = compiled.ok ? compiled.plan.trainable.map((k) => compiled.plan.steps[k].id) : null;
    saved = {
      id: run.replaces ?? 'run-1',
      createdAt: createdAt.toISOString(),
      epoch: run.epoch,
      updates: run.updates,
      status: run.status,
      design: structuredClone(run.setup.design),
      parameters: weights && ids && ids.length === weights.length ? weights.map((p, k) => toSaved(p, ids[k])) : [],
      history: decimateHistory(history, HISTORY_POINTS, (e) => isReportEpoch(e, epochs)),
      settings: structuredClone(run.setup.training),
    };
    const last = history.at(-1);
    if (last) saved.finalLoss = last.loss;
  }
  if (run.status !== 'diverged') return saved;
  // NaN cannot be written, and what the last finite weights would say does not count.
  const diverged: Run = { ...saved, status: 'diverged', parameters: [], outcome: 'diverged' };
  delete diverged.accuracy;
  if (run.divergedAt) diverged.divergedAt = { ...run.divergedAt };
  return diverged;
}

export interface SavedRuns {
  runs: Run[];
  /** What was reduced to fit (as `appendRun` says it), or null. */
  notice: string | null;
}

/** By the runs and the run on show (each immutable): a save and the recovery sync fold the same runs once. */
const folded = new WeakMap<readonly Run[], WeakMap<object, SavedRuns>>();
const NO_RUN = {};

/**
 * The runs a save writes: the earlier runs and the one on show added (or in the place of the
 * run it continues), by `appendRun`. Each keeps the design it was trained on, so runs of an
 * earlier design stay as they are.
 */
export function savedRuns(doc: Pick<Revision, 'runs' | 'run'>, now: Date): SavedRuns {
  let byRun = folded.get(doc.runs);
  if (!byRun) folded.set(doc.runs, (byRun = new WeakMap()));
  let result = byRun.get(doc.run ?? NO_RUN);
  if (!result) {
    result = foldRuns(doc.runs, doc.run, now);
    byRun.set(doc.run ?? NO_RUN, result);
  }
  return result;
}

function foldRuns(runs: readonly Run[], run: DocumentRun | null, now: Date): SavedRuns {
  if (run && run.updates > 0) return appendRun(runs, savedRun(run, now), { replaces: run.replaces });
  return { runs: runs.slice(), notice: null };
}

/**
 * The document as an experiment file, to be written at once: it holds the document's own setup,
 * not a copy (copying a large table's rows would take the page a second at every edit).
 */
export function toExperiment(doc: Omit<DocumentState, keyof DocumentActions>, now: Date): Experiment {
  const { setup: _blank, ...header } = createExperiment(emptySetup(), { name: doc.name ?? doc.title, notes: doc.notes });
  const experiment: Experiment = { ...header, setup: doc.setup, runs: savedRuns(doc, now).runs };
  if (Object.keys(doc.view).length > 0) experiment.view = { ...doc.view };
  return experiment;
}

/** What a save of the document says about its runs (past 100, or of an earlier design), or null. */
export function runsNoticeOf(doc: Pick<DocumentState, 'runs' | 'run' | 'setup' | 'runsNotice'>, now: Date): string | null {
  const notes = [doc.runsNotice, savedRuns(doc, now).notice].filter((n): n is string => n !== null);
  return notes.length > 0 ? [...new Set(notes)].join(' ') : null;
}

type DocumentActions = Pick<DocumentState, 'open' | 'setSetup' | 'setRun' | 'archiveRun' | 'addRuns' | 'setView' | 'markSaved'>;

const withTheme = (view: ExperimentView, theme: ExperimentView['theme']): ExperimentView => (theme ? { ...view, theme } : view);

export const useDocumentStore = create<DocumentState>()((set, get) => {
  /** Sets fields and what follows from them. */
  const update = (patch: Partial<DocumentState>): void => {
    const next = { ...get(), ...patch };
    const unsaved = unsavedWorkOf(next);
    set({ ...patch, title: titleOf(next.filePath, next.name), dirty: unsaved !== null, unsaved });
  };
  const initial: Revision = { name: null, notes: '', setup: emptySetup(), runs: [], run: null };
  return {
    ...initial,
    filePath: null,
    view: {},
    saved: initial,
    title: titleOf(null, null),
    dirty: false,
    unsaved: null,
    generation: 0,
    runsNotice: null,

    open(document) {
      const { setup } = document;
      const runs = document.runs ?? [];
      // The latest run of the setup's design (experiment/run-binding.ts).
      const shown = latestRunOf(runs, setup.design);
      const revision: Revision = {
        name: document.name,
        notes: document.notes ?? '',
        setup,
        // The shown run stays in its place among the others; saving it unchanged writes it back as it was.
        runs,
        run: shown >= 0 ? documentRunOf(runs[shown], setup) : null,
      };
      update({
        ...revision,
        filePath: document.filePath,
        // The theme follows the app (setView); the rest of the file's view is kept.
        view: withTheme(document.view ?? {}, get().view.theme),
        saved: document.unsaved === 'runs' ? { ...revision, runs: [], run: null } : document.unsaved ? null : revision,
        generation: get().generation + 1,
        runsNotice: null,
      });
    },
    setSetup(setup) {
      if (setup !== get().setup) update({ setup });
    },
    setRun(run) {
      if (run !== get().run) update({ run });
    },
    archiveRun() {
      const { run } = get();
      if (!run) return;
      if (run.updates === 0 || run.asSaved) {
        // Untrained, or already among the runs as the file holds it.
        update({ run: null });
        return;
      }
      const { runs, notice } = savedRuns(get(), new Date());
      const earlier = new Set(get().runs);
      if (run.trainedMs !== undefined) for (const r of runs) if (!earlier.has(r)) trainedTimes.set(r, run.trainedMs);
      update({ runs, run: null, runsNotice: notice ?? get().runsNotice });
    },
    addRuns(added) {
      let { runs, runsNotice } = get();
      for (const run of added) {
        const appended = appendRun(runs, run);
        runs = appended.runs;
        runsNotice = appended.notice ?? runsNotice;
      }
      if (added.length > 0) update({ runs, runsNotice });
    },
    setView(view) {
      set({ view });
    },
    markSaved(filePath, written) {
      update({ filePath, saved: written, runsNotice: null });
    },
  };
});

