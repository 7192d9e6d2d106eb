/**
 * The document: the experiment being edited as a save writes it — its name, notes, setup, runs
 * and view — and the revision last written to disk. "Dirty" is the comparison of the two, never
 * a flag to keep in step: undoing back to the saved setup is clean again, and a run that trained
 * while the Save dialog was open leaves the document dirty by itself.
 *
 * Who changes what: the design store edits the setup (with undo), the training store hands over
 * the run as it trains, the file actions open and save.
 */
import { create } from 'zustand';
import { createExperiment, decimateHistory, fromSaved, toSaved, type Experiment, type ExperimentView, type Run, type RunStatus } from '../../src-shared/experiment';
import { parametersAreFinite } from '../../src-shared/engine/frame';
import type { LayerParameters } from '../../src-shared/engine/network';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import { blankSetup } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainingKey } from '../../src-shared/setup-check';

/** A run of the document: trained in this session, or as a file holds it. */
export interface DocumentRun {
  /** `trainingKey` of the setup it was trained with: it is saved only while the setup matches. */
  setupKey: string;
  epoch: number;
  updates: number;
  status: RunStatus;
  /** The weights as the engine holds them; none for a diverged run read from a file. */
  parameters: readonly LayerParameters[];
  /** Mean loss per epoch; records from `epoch` on belong to a later state and are not saved. */
  history: readonly EpochRecord[];
  divergedAt?: { epoch: number; update: number };
  /** The run as the file holds it, written back as it was. */
  asSaved?: Run;
}

/** What a save writes, by identity (each part is immutable): the saved one equals the current one, or the document is dirty. */
export interface Revision {
  name: string | null;
  notes: string;
  setup: ExperimentSetup;
  run: DocumentRun | null;
}

/** A document to put in place: new, a preset, an opened file or recovered work. */
export interface OpenDocument {
  filePath: string | null;
  /** The experiment's own name (it may differ from the file's); null: named after its file. */
  name: string | null;
  notes?: string;
  setup: ExperimentSetup;
  /** The file's runs; the last one is shown and trained on. */
  runs?: readonly Run[];
  view?: ExperimentView;
  /** Work that is on no disk yet (recovered after a crash): dirty from the start. */
  unsaved?: boolean;
}

export interface DocumentState extends Revision {
  filePath: string | null;
  /** The runs the file holds before the shown one: kept, and saved while the setup still matches. */
  earlierRuns: readonly DocumentRun[];
  view: ExperimentView;
  /** What is on disk (or what a new document starts from); null when nothing on disk matches. */
  saved: Revision | null;
  /** The file's name without `.nnd`; else the experiment's name; else "Untitled". */
  title: string;
  dirty: boolean;
  /** Counts the documents put in place, so editing state (undo, selection) starts over with each. */
  generation: number;

  open(document: OpenDocument): void;
  setSetup(setup: ExperimentSetup): void;
  /** The shown run changed (it trained, or was reset); null: there is none to save. */
  setRun(run: DocumentRun | null): void;
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
  return { name: doc.name, notes: doc.notes, setup: doc.setup, run: doc.run };
}

function isDirty(doc: Pick<DocumentState, keyof Revision | 'saved'>): boolean {
  const s = doc.saved;
  return s === null || s.setup !== doc.setup || s.run !== doc.run || s.name !== doc.name || s.notes !== doc.notes;
}

function titleOf(filePath: string | null, name: string | null): string {
  if (filePath) {
    const base = (filePath.split(/[\\/]/).pop() ?? filePath).replace(/\.nnd$/i, '');
    if (base) return base;
  }
  return name ?? 'Untitled';
}

/** A file's run as the document holds it. */
export function documentRunOf(run: Run, setup: ExperimentSetup): DocumentRun {
  return {
    setupKey: trainingKey(setup),
    epoch: run.epoch,
    updates: run.updates,
    status: run.status,
    parameters: run.parameters.map(fromSaved),
    history: run.history,
    ...(run.divergedAt ? { divergedAt: { ...run.divergedAt } } : {}),
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

/** A run as an experiment file keeps it. NaN cannot be written to JSON: a diverged run keeps its history and where it broke. */
export function savedRun(run: DocumentRun, id: string, createdAt: Date): Run {
  if (run.asSaved) return run.asSaved;
  const parameters = run.parameters.map(toSaved);
  const saved: Run = {
    id,
    createdAt: createdAt.toISOString(),
    epoch: run.epoch,
    updates: run.updates,
    status: run.status,
    parameters: weightsOf(run) ? parameters : [],
    history: decimateHistory(run.history.filter((h) => h.epoch < run.epoch && Number.isFinite(h.loss))),
  };
  if (run.divergedAt) saved.divergedAt = { ...run.divergedAt };
  return saved;
}

/** The document as an experiment file; runs that no longer fit the setup are left out. */
export function toExperiment(doc: Omit<DocumentState, keyof DocumentActions>, now: Date): Experiment {
  const experiment = createExperiment(doc.setup, { name: doc.name ?? doc.title, notes: doc.notes });
  const key = trainingKey(doc.setup);
  const runs = [...doc.earlierRuns, ...(doc.run ? [doc.run] : [])].filter((r) => r.setupKey === key);
  const taken = new Set(runs.flatMap((r) => (r.asSaved ? [r.asSaved.id] : [])));
  experiment.runs = runs.map((r) => savedRun(r, r.asSaved?.id ?? freeRunId(taken), now));
  if (Object.keys(doc.view).length > 0) experiment.view = { ...doc.view };
  return experiment;
}

type DocumentActions = Pick<DocumentState, 'open' | 'setSetup' | 'setRun' | 'setView' | 'markSaved'>;

const withTheme = (view: ExperimentView, theme: ExperimentView['theme']): ExperimentView => (theme ? { ...view, theme } : view);

function freeRunId(taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`run-${i}`)) return `run-${i}`;
}

export const useDocumentStore = create<DocumentState>()((set, get) => {
  /** Sets fields and what follows from them. */
  const update = (patch: Partial<DocumentState>): void => {
    const next = { ...get(), ...patch };
    set({ ...patch, title: titleOf(next.filePath, next.name), dirty: isDirty(next) });
  };
  const initial: Revision = { name: null, notes: '', setup: emptySetup(), run: null };
  return {
    ...initial,
    filePath: null,
    earlierRuns: [],
    view: {},
    saved: initial,
    title: titleOf(null, null),
    dirty: false,
    generation: 0,

    open(document) {
      const { setup } = document;
      const runs = (document.runs ?? []).map((r) => documentRunOf(r, setup));
      const revision: Revision = { name: document.name, notes: document.notes ?? '', setup, run: runs.at(-1) ?? null };
      update({
        ...revision,
        filePath: document.filePath,
        earlierRuns: runs.slice(0, -1),
        // The theme follows the app (setView); the rest of the file's view is kept.
        view: withTheme(document.view ?? {}, get().view.theme),
        saved: document.unsaved ? null : revision,
        generation: get().generation + 1,
      });
    },
    setSetup(setup) {
      if (setup !== get().setup) update({ setup });
    },
    setRun(run) {
      if (run !== get().run) update({ run });
    },
    setView(view) {
      set({ view });
    },
    markSaved(filePath, written) {
      update({ filePath, saved: written });
    },
  };
});
