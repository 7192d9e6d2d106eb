/**
 * The training run as the renderer sees it: engine state, progress, the full loss history, the
 * latest snapshot and the recorded frames for time travel. Engine events arrive up to ~30 times a
 * second each; they are coalesced and committed once per animation frame (latest snapshot wins),
 * so the panels redraw at most once per frame however fast the engine runs.
 *
 * The pace: by default a run is shown in about eight seconds, whatever its length, so the
 * boundary is seen bending; full speed and slow motion are a choice away, and remembered.
 */
import { create } from 'zustand';
import { ADDITION_OUTPUT_SCALE, taskSamples } from '../../src-shared/datasets';
import { boundHistory, HISTORY_LIMIT } from '../../src-shared/engine/loss-history';
import { isReportEpoch } from '../../src-shared/engine/report';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import type { DesignProblem } from '../../src-shared/network/compile';
import type {
  Checkpoint,
  DatasetInfo,
  EngineCommand,
  EngineEvent,
  EngineState,
  LayerInfo,
  MapInfo,
  PlaneSlice,
  Progress,
  Snapshot,
} from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainingKey } from '../../src-shared/setup-check';
import type { EngineConnection } from '../platform/types';
import { useDesignStore } from './design';
import { useDocumentStore, type DocumentRun } from './document';
import { isDataEdit } from './live-data';
import { mergeReplayed, recordFrame, replayFrames, type RecordedFrame } from './recorder';
import { boundAccuracy, boundLoss, mergeSeries, scorePoints, type AccuracyPoint } from './series';

export type { AccuracyPoint } from './series';

export type ProgressInfo = Omit<Progress, 'history'>;
type Restore = NonNullable<Extract<EngineCommand, { type: 'load' }>['restore']>;

/**
 * How fast a run is shown: `watch` plays the whole run in about WATCH_SECONDS, `full` trains as
 * fast as the engine can, a number is slow motion in updates per second.
 */
export type Pace = 'watch' | 'full' | number;
/** Slow-motion speeds offered in the panel, in updates per second. */
export const SLOW_SPEEDS = [1, 4, 15, 60, 250, 1000, 5000] as const;
export const WATCH_SECONDS = 8;
/** A replay of the recorded frames takes this long, however many there are and however slow the machine. */
export const REPLAY_MS = 5000;

/** Updates one epoch of a setup takes: one per sample, one per batch, or one. */
export function updatesPerEpochOf(setup: ExperimentSetup): number {
  const n = Math.max(1, taskSamples(setup.task));
  const t = setup.training;
  if (t.updateMode === 'batch') return 1;
  if (t.updateMode === 'minibatch') return Math.ceil(n / Math.max(1, Math.min(t.batchSize, n)));
  return n;
}

/** The engine's speed for a pace (updates per second, 0 for full speed); `watch` spreads the setup's whole run over WATCH_SECONDS. */
export function speedFor(pace: Pace, setup: ExperimentSetup | null): number {
  if (pace === 'full') return 0;
  if (typeof pace === 'number') return pace;
  if (!setup) return 0;
  return Math.max(1, Math.ceil((setup.training.epochs * updatesPerEpochOf(setup)) / WATCH_SECONDS));
}

const PACE_KEY = 'nnd.pace';

/**
 * Networks larger than this are built only when the user trains (Train or Step): opening a file,
 * a preset or a recovery copy allocates nothing that size.
 */
export const BUILT_ON_OPEN_PARAMETERS = 1_000_000;

function initialPace(): Pace {
  try {
    const saved = globalThis.localStorage?.getItem(PACE_KEY);
    if (saved === 'watch' || saved === 'full') return saved;
    const n = Number(saved);
    if (saved && (SLOW_SPEEDS as readonly number[]).includes(n)) return n;
  } catch {
    // storage can be disabled: the default pace applies
  }
  return 'watch';
}

/** After a drawing's points change, the run starts over this long after the last change (a brush stroke is many). */
export const RETRAIN_DELAY_MS = 150;

export interface TrainingState {
  connected: boolean;
  /** Why the engine is gone for good (it crashed twice in a row); null while there is one. */
  engineLost: string | null;
  engineState: EngineState;
  layers: LayerInfo[];
  /** The hidden nodes whose neurons have maps, in the order of a snapshot grid's `hidden`. */
  maps: MapInfo[];
  dataset: DatasetInfo | null;
  updatesPerEpoch: number;
  parameterCount: number;
  /** Whether the engine runs per-sample SGD in WebAssembly (shown next to the speed). */
  wasm: boolean;
  progress: ProgressInfo | null;
  /**
   * Mean loss per epoch for the whole run, thinned to at most 2,000 points plus the epochs the
   * post prints (a run can have millions of epochs). Mutated in place (copying it every frame
   * would cost more than drawing it), so subscribe to `historyVersion`, which changes whenever it
   * grows, is thinned or is replaced.
   */
  history: EpochRecord[];
  historyVersion: number;
  /**
   * Loss on the held-out rows: a split's test rows (at every checkpoint and snapshot, at updates ÷
   * updates per epoch), or addition's test pairs (per committed snapshot); thinned likewise.
   */
  testHistory: EpochRecord[];
  /** Classification accuracy on the training rows, at every checkpoint and snapshot (at most HISTORY_LIMIT, thinned evenly). */
  accuracyHistory: AccuracyPoint[];
  /** Accuracy on a split's test rows, likewise. */
  testAccuracyHistory: AccuracyPoint[];
  /**
   * For a task of more than two inputs, the slice the plots show (engine/slice.ts); null: the
   * first two inputs, the others at the training rows' means. A new task starts from null.
   */
  slice: PlaneSlice | null;
  /** A drawing's points changed and its run is about to start over on them (RETRAIN_DELAY_MS after the last change). */
  retraining: boolean;
  snapshot: Snapshot | null;
  frames: RecordedFrame[];
  frameSpacing: number;
  /** The recorded frame being looked at; null follows the live run. */
  scrubIndex: number | null;
  replaying: boolean;
  divergence: string | null;
  problems: DesignProblem[];
  error: string | null;
  /** The setup the engine holds, and whether the design has changed since it was loaded. */
  loadedSetup: ExperimentSetup | null;
  stale: boolean;
  /** Weights and biases of the document's network when it waits for Train to be built (too large to build on opening); null otherwise. */
  deferredBuild: number | null;
  /** How fast runs are shown (remembered between sessions). */
  pace: Pace;
  /** What the engine was told for the loaded run: updates per second, 0 for full speed. */
  speed: number;

  /** Listens to an engine and sends it commands (only these two of a platform's connection are needed). */
  connect(engine: EngineLink): () => void;
  /** The platform gave up restarting the engine: stop, and wait for a restart by hand. */
  engineGaveUp(reason: string): void;
  /** Loads the current setup if the engine does not hold it yet; false when the setup has problems. */
  load(): boolean;
  train(): void;
  pause(): void;
  step(updates?: number): void;
  reset(): void;
  setPace(pace: Pace): void;
  /** Shows another slice (null: the default); the engine redraws a paused run at once. */
  setSlice(slice: PlaneSlice | null): void;
  scrubTo(index: number | null): void;
  replay(): void;
  stopReplay(): void;
  dismissError(): void;
  /**
   * Shows the document's run: continues it from its weights, or starts the setup afresh when it
   * has none (or there is no run). What the engine then reports is the document's own run, not
   * a change to it, until Train, Step or Reset.
   */
  loadRun(run: DocumentRun | null): void;
  /**
   * The network's outputs for rows of inputs, from the weights the engine holds now (the live
   * run's); null when no engine or setup is there to answer.
   */
  predict(inputs: number[][]): Promise<number[][] | null>;
  /**
   * Nothing to show (a new, empty document): the previous run's progress, plots and problems go,
   * and what the engine still sends about that run is ignored until the next design is loaded.
   */
  clear(): void;
}

type EngineLink = Pick<EngineConnection, 'post' | 'onEvent'>;

let engine: EngineLink | null = null;
let loadedKey: string | null = null;
/** True while the run on show is the document's as it was opened; false once it trains or resets. */
let followsDocument = true;
let replayFrame: number | null = null;
/** After `clear`: events about the previous run are dropped until a design is loaded again. */
let detached = false;
let loadedSinceDetach = false;
/** The run on show: which saved run it continues and when it began (a new run gets a new one). */
let currentRun: { replaces?: string; createdAt: string } = { createdAt: new Date().toISOString() };
/** Bumped per load: a replay of frames for an earlier load is thrown away. */
let loadGeneration = 0;
let nextPredictRequest = 1;
/** Predictions asked for and not answered yet, by request. */
const predictRequests = new Map<number, (outputs: number[][] | null) => void>();
/** An engine that cannot predict (nothing loaded) says so in an `error`, which names no request: the ask gives up after this long. */
const PREDICT_TIMEOUT_MS = 3000;
const now = (): number => globalThis.performance?.now() ?? Date.now();

/** Events waiting for the next animation frame. */
interface Pending {
  progress: ProgressInfo | null;
  history: EpochRecord[];
  checkpoints: Checkpoint[];
  snapshot: Snapshot | null;
  frame: number | null;
}
const nothingPending = (): Pending => ({ progress: null, history: [], checkpoints: [], snapshot: null, frame: null });
const pending = nothingPending();

const requestFrame: (fn: () => void) => number =
  typeof requestAnimationFrame === 'function' ? (fn) => requestAnimationFrame(fn) : (fn) => setTimeout(fn, 16) as unknown as number;
const cancelFrame: (id: number) => void =
  typeof cancelAnimationFrame === 'function' ? (id) => cancelAnimationFrame(id) : (id) => clearTimeout(id);

function clearPending(): void {
  if (pending.frame !== null) cancelFrame(pending.frame);
  Object.assign(pending, nothingPending());
}

/** What a run shows before its first event; fresh arrays, since `history` is mutated in place. */
/** Nothing loaded in the engine: no run, no network, no task (the initial state, and after `clear`). */
function unloaded(): ReturnType<typeof emptyRun> &
  Pick<TrainingState, 'engineState' | 'layers' | 'maps' | 'dataset' | 'updatesPerEpoch' | 'parameterCount' | 'loadedSetup' | 'stale' | 'deferredBuild'> {
  return {
    ...emptyRun(),
    engineState: 'empty',
    layers: [],
    maps: [],
    dataset: null,
    updatesPerEpoch: 0,
    parameterCount: 0,
    loadedSetup: null,
    stale: false,
    deferredBuild: null,
  };
}

function emptyRun(): Pick<
  TrainingState,
  | 'progress'
  | 'history'
  | 'testHistory'
  | 'accuracyHistory'
  | 'testAccuracyHistory'
  | 'snapshot'
  | 'frames'
  | 'frameSpacing'
  | 'scrubIndex'
  | 'replaying'
  | 'divergence'
  | 'problems'
  | 'error'
> {
  return {
    progress: null,
    history: [],
    testHistory: [],
    accuracyHistory: [],
    testAccuracyHistory: [],
    snapshot: null,
    frames: [],
    frameSpacing: 1,
    scrubIndex: null,
    replaying: false,
    divergence: null,
    problems: [],
    error: null,
  };
}

export const useTrainingStore = create<TrainingState>()((set, get, api) => {
  const post: EngineLink['post'] = (command) => {
    if (!engine) {
      set({ error: 'The training engine is not connected yet' });
      return;
    }
    engine.post(command);
  };

  const flush = (): void => {
    pending.frame = null;
    const s = get();
    const patch: Partial<TrainingState> = {};
    const epochs = (pending.progress ?? s.progress)?.epochs ?? 0;
    if (pending.history.length > 0) {
      for (const h of pending.history) s.history.push(h);
      pending.history = [];
      boundHistory(s.history, HISTORY_LIMIT, (epoch) => isReportEpoch(epoch, epochs));
      patch.historyVersion = s.historyVersion + 1;
    }
    if (pending.progress) {
      patch.progress = pending.progress;
      pending.progress = null;
    }
    const checkpoints = pending.checkpoints;
    if (checkpoints.length > 0) {
      let recorded = { frames: s.frames, spacing: s.frameSpacing };
      for (const c of checkpoints) recorded = recordFrame(recorded.frames, c, recorded.spacing);
      pending.checkpoints = [];
      patch.frames = recorded.frames;
      patch.frameSpacing = recorded.spacing;
    }
    const snap = pending.snapshot;
    if (snap) {
      pending.snapshot = null;
      patch.snapshot = snap;
      const test = testLoss(s.dataset, snap);
      if (test !== null) {
        const testHistory = [...s.testHistory.filter((t) => t.epoch < snap.epoch), { epoch: snap.epoch, loss: test }];
        boundHistory(testHistory, HISTORY_LIMIT);
        patch.testHistory = testHistory;
      }
    }
    Object.assign(patch, withScores(s, scorePoints(checkpoints, snap, s.updatesPerEpoch)));
    if (Object.keys(patch).length > 0) set(patch);
    if (snap) handOverRun();
  };

  /** The run on show as the document keeps it: null before its first update. */
  const shownRun = (): DocumentRun | null => {
    const s = get();
    const snap = s.snapshot;
    if (!snap || snap.updates === 0 || loadedKey === null) return null;
    const diverged = s.engineState === 'diverged';
    if (!s.loadedSetup) return null;
    return {
      setupKey: loadedKey,
      setup: s.loadedSetup,
      ...(currentRun.replaces ? { replaces: currentRun.replaces } : {}),
      createdAt: currentRun.createdAt,
      epoch: snap.epoch,
      updates: snap.updates,
      ...(s.progress ? { trainedMs: s.progress.elapsedMs } : {}),
      status: diverged ? 'diverged' : s.engineState === 'done' ? 'done' : 'paused',
      parameters: snap.parameters,
      history: s.history,
      ...(diverged ? { divergedAt: { epoch: snap.epoch, update: snap.updates } } : {}),
    };
  };

  /** A run that trained (or was reset) here is the document's run now. */
  const handOverRun = (): void => {
    if (followsDocument) return;
    const run = shownRun();
    const current = useDocumentStore.getState().run;
    const same =
      run === current ||
      (run !== null && current !== null && run.setupKey === current.setupKey && run.updates === current.updates && run.status === current.status && run.parameters === current.parameters);
    if (!same) useDocumentStore.getState().setRun(run);
  };

  const schedule = (): void => {
    if (pending.frame === null) pending.frame = requestFrame(flush);
  };

  const onEvent = (event: EngineEvent): void => {
    if (detached) {
      // The engine may still report on the run shown before `clear`: only a new load counts.
      if (!loadedSinceDetach || (event.type !== 'loaded' && event.type !== 'invalid' && event.type !== 'error')) return;
      detached = false;
    }
    switch (event.type) {
      case 'loaded':
        clearPending();
        stopReplayTimer();
        set({
          layers: event.layers,
          maps: event.maps,
          dataset: event.dataset,
          updatesPerEpoch: event.updatesPerEpoch,
          parameterCount: event.parameterCount,
          wasm: event.wasm,
          retraining: retrainTimer !== null,
          ...emptyRun(),
          historyVersion: get().historyVersion + 1,
        });
        return;
      case 'invalid':
        set({ problems: event.problems, retraining: retrainTimer !== null });
        return;
      case 'state':
        set({ engineState: event.state });
        handOverRun(); // done or diverged is part of the run
        return;
      case 'progress': {
        const { type: _type, history, checkpoints, ...info } = event;
        for (const h of history) pending.history.push(h);
        for (const c of checkpoints ?? []) pending.checkpoints.push(c);
        pending.progress = info;
        schedule();
        return;
      }
      case 'snapshot': {
        const { type: _type, ...snapshot } = event;
        pending.snapshot = snapshot;
        schedule();
        return;
      }
      case 'diverged':
        set({ divergence: event.message });
        return;
      case 'error':
        set({ error: event.message });
        return;
      case 'predictions':
        predictRequests.get(event.requestId)?.(event.outputs);
        predictRequests.delete(event.requestId);
        return;
    }
  };

  const stopReplayTimer = (): void => {
    if (replayFrame !== null) cancelFrame(replayFrame);
    replayFrame = null;
  };

  /** Tells the engine the speed for a setup's pace (before its load, so no slice runs at the old speed). */
  const configureSpeed = (setup: ExperimentSetup | null): void => {
    const speed = speedFor(get().pace, setup);
    if (speed !== get().speed) set({ speed });
    engine?.post({ type: 'configure', options: { speed } });
  };

  /** The run on show is done with: it joins the document's earlier runs, and the next one is new. */
  const beginNewRun = (): void => {
    useDocumentStore.getState().archiveRun();
    currentRun = { createdAt: new Date().toISOString() };
  };

  /** A restored run brings one frame, its own: the frames before it are recomputed from its seed. */
  const replayRestored = (setup: ExperimentSetup, run: DocumentRun): void => {
    const generation = loadGeneration;
    // The run's own settings, where the file recorded them (the command line may have overridden some).
    const trainedWith = run.asSaved?.settings ? { ...setup, training: run.asSaved.settings } : setup;
    void replayFrames(trainedWith, run).then((replayed) => {
      if (!replayed) return;
      /** True once settled: merged, or no longer wanted (another load, a reset). */
      const apply = (): boolean => {
        const s = get();
        if (generation !== loadGeneration) return true;
        if (s.frames.length === 0) return false; // the engine's first checkpoint is still on its way
        if (s.frames[0].updates === run.updates) {
          // The replayed frames' scores draw the test curve and the accuracy up to the saved state.
          set({ frames: mergeReplayed(replayed, s.frames), ...withScores(s, scorePoints(replayed.slice(0, -1), null, s.updatesPerEpoch)) });
        }
        return true;
      };
      if (apply()) return;
      const off = api.subscribe(() => {
        if (apply()) off();
      });
    });
  };

  /** Whether the engine lacks the current setup: nothing loaded yet, or the design changed since. */
  const needsLoad = (): boolean =>
    loadedKey === null || get().stale || retrainTimer !== null || get().engineState === 'empty' || trainingKey(useDocumentStore.getState().setup) !== loadedKey;

  /**
   * A drawing's points changed: its run starts over on the new points (dropped, not kept with
   * the document's runs: it was trained on points that are gone), and trains unless the user
   * paused it. The plots keep the last frame until the new run's first one, so nothing flickers.
   */
  let retrainTimer: ReturnType<typeof setTimeout> | null = null;
  const scheduleRetrain = (): void => {
    if (retrainTimer !== null) clearTimeout(retrainTimer);
    retrainTimer = setTimeout(retrainNow, RETRAIN_DELAY_MS);
    if (!get().retraining) set({ retraining: true });
  };
  /** Forgets a retrain not begun yet (`retraining` stays until the engine answers the load that follows, or `clear`). */
  const cancelRetrain = (): void => {
    if (retrainTimer !== null) clearTimeout(retrainTimer);
    retrainTimer = null;
  };
  const retrainNow = (): void => {
    cancelRetrain();
    if (!engine) return set({ retraining: false });
    // A brush stroke still going on: start over once it ends.
    if (useDesignStore.getState().history.gestureStart !== null) return scheduleRetrain();
    const paused = get().engineState === 'paused';
    get().stopReplay();
    set({ scrubIndex: null });
    useDocumentStore.getState().setRun(null);
    currentRun = { createdAt: new Date().toISOString() };
    followsDocument = false;
    if (!sendLoad()) {
      // Nothing to train on (every point erased) or a design that does not fit: an empty plane to draw on.
      get().clear();
      return;
    }
    if (!paused) post({ type: 'train' });
  };
  /** A finished run only starts over; it cannot continue or step. */
  const finished = (): boolean => get().engineState === 'done' || get().engineState === 'diverged';

  /** A large network waiting for Train or Step: the setup it was opened with and the saved run it continues. */
  let deferred: { key: string; run: DocumentRun | null } | null = null;

  /** Forgets a deferred build (another setup, a load, a clear). */
  const dropDeferred = (): void => {
    deferred = null;
    if (get().deferredBuild !== null) set({ deferredBuild: null });
  };

  /** The saved run a deferred network continues, while the document still has its setup. */
  const deferredRun = (): DocumentRun | null => {
    if (deferred && deferred.key !== trainingKey(useDocumentStore.getState().setup)) dropDeferred();
    return deferred?.run ?? null;
  };

  /** Builds a deferred network with its saved run: true when sent, false when the setup has problems (it keeps waiting), null when no run waits. */
  const buildDeferred = (): boolean | null => {
    const run = deferredRun();
    return run ? sendRestore(run) : null;
  };

  /** Sends the current design to the engine, optionally with saved weights to continue from. */
  const sendLoad = (restore?: Restore): boolean => {
    const { setup } = useDocumentStore.getState();
    const { problems: designProblems, trainingProblems } = useDesignStore.getState();
    const problems = [...designProblems, ...trainingProblems];
    if (problems.length > 0) {
      set({ problems, error: null });
      return false;
    }
    loadedKey = trainingKey(setup);
    loadGeneration++;
    dropDeferred();
    cancelRetrain();
    if (detached) loadedSinceDetach = true;
    // Another task starts from the default slice (its inputs are others); the engine hears it before the load.
    const newTask = get().loadedSetup?.task !== setup.task;
    if (newTask && get().slice !== null) {
      set({ slice: null });
      post({ type: 'configure', options: { slice: null } });
    }
    set({ loadedSetup: setup, stale: false, problems: [], divergence: null, error: null });
    configureSpeed(setup);
    post(restore ? { type: 'load', setup, restore } : { type: 'load', setup });
    return true;
  };

  /** Continues a saved run in the engine, its earlier frames replayed from its seed. */
  const sendRestore = (run: DocumentRun): boolean => {
    const sent = sendLoad({ parameters: [...run.parameters], epoch: run.epoch, updates: run.updates, history: run.history.map((h) => ({ ...h })) });
    if (sent) replayRestored(useDocumentStore.getState().setup, run);
    return sent;
  };

  return {
    connected: false,
    engineLost: null,
    wasm: false,
    slice: null,
    retraining: false,
    ...unloaded(),
    historyVersion: 0,
    pace: initialPace(),
    speed: 0,

    connect(next) {
      engine = next;
      loadedKey = null;
      const offEvents = next.onEvent(onEvent);
      // A run goes stale when anything it depends on changes; moving nodes around does not count.
      const offDesign = useDocumentStore.subscribe((state, previous) => {
        if (state.setup === previous.setup) return;
        // An edit that changes what training depends on ends the wait (and the note) for a large network.
        if (deferred) deferredRun();
        // Points drawn or erased: the run starts over on them shortly, so it is not shown as stale meanwhile.
        if (state.generation === previous.generation && isDataEdit(previous.setup, state.setup)) {
          scheduleRetrain();
          if (get().stale) set({ stale: false });
          return;
        }
        if (retrainTimer !== null) {
          cancelRetrain();
          set({ retraining: false });
        }
        if (loadedKey === null) return;
        const stale = trainingKey(state.setup) !== loadedKey;
        if (stale !== get().stale) set({ stale });
      });
      detached = false;
      set({ connected: true, engineLost: null, engineState: 'empty', stale: false, loadedSetup: null });
      // A fresh engine (a restart) hears the pace and the slice on show.
      next.post({ type: 'configure', options: { speed: get().speed, slice: get().slice } });
      return () => {
        offEvents();
        offDesign();
        cancelRetrain();
        if (engine === next) engine = null;
        set({ connected: false });
      };
    },

    engineGaveUp(reason) {
      clearPending();
      // Nothing runs any more: a run that was training is now paused where the screen shows it.
      const engineState = get().engineState === 'training' ? 'paused' : get().engineState;
      set({ connected: false, engineLost: reason, engineState });
    },

    load() {
      return buildDeferred() ?? (needsLoad() ? sendLoad() : true);
    },

    train() {
      get().stopReplay();
      // A large network opened with an unfinished run continues it; a finished one starts over, as after any opening.
      const waiting = deferredRun();
      const built = waiting && waiting.status !== 'done' ? buildDeferred() : null;
      if (built === false) return;
      // A finished or stale run starts over; otherwise Train continues where it paused.
      if (built === null && (finished() || needsLoad())) {
        if (useDesignStore.getState().problems.length + useDesignStore.getState().trainingProblems.length === 0) beginNewRun();
        if (!sendLoad()) return;
      }
      set({ scrubIndex: null });
      followsDocument = false;
      post({ type: 'train' });
    },

    pause() {
      post({ type: 'pause' });
    },

    step(updates = 1) {
      get().stopReplay();
      if (finished() || deferredRun()?.status === 'done' || !get().load()) return;
      set({ scrubIndex: null });
      followsDocument = false;
      post({ type: 'step', updates });
    },

    reset() {
      get().stopReplay();
      set({ scrubIndex: null });
      beginNewRun();
      followsDocument = false;
      if (needsLoad()) {
        sendLoad();
        return;
      }
      post({ type: 'reset' });
    },

    setSlice(slice) {
      if (slice === get().slice) return;
      set({ slice });
      engine?.post({ type: 'configure', options: { slice } });
    },

    setPace(pace) {
      try {
        globalThis.localStorage?.setItem(PACE_KEY, String(pace));
      } catch {
        // not remembered, still applied
      }
      set({ pace });
      configureSpeed(get().loadedSetup);
    },

    scrubTo(index) {
      const frames = get().frames;
      if (index === null || frames.length === 0) return set({ scrubIndex: null });
      const i = Math.max(0, Math.min(frames.length - 1, Math.round(index)));
      set({ scrubIndex: i });
    },

    replay() {
      stopReplayTimer();
      if (get().frames.length < 2) return;
      if (get().engineState === 'training') post({ type: 'pause' });
      // By the clock, not by ticks: on a slow machine frames are skipped, the replay does not stretch.
      const start = now();
      set({ scrubIndex: 0, replaying: true });
      const tick = (): void => {
        const t = (now() - start) / REPLAY_MS;
        if (t >= 1) {
          // The end of the recording is where the run is now.
          stopReplayTimer();
          set({ scrubIndex: null, replaying: false });
          return;
        }
        const count = get().frames.length;
        const index = Math.min(count - 1, Math.floor(t * count));
        if (index !== get().scrubIndex) set({ scrubIndex: index });
        replayFrame = requestFrame(tick);
      };
      replayFrame = requestFrame(tick);
    },

    stopReplay() {
      if (replayFrame === null) return;
      stopReplayTimer();
      set({ replaying: false });
    },

    dismissError() {
      set({ error: null });
    },

    loadRun(run) {
      get().stopReplay();
      followsDocument = true;
      currentRun = { ...(run?.replaces ? { replaces: run.replaces } : {}), createdAt: run?.createdAt ?? new Date().toISOString() };
      set({ scrubIndex: null });
      const weights = run && run.status !== 'diverged' && run.parameters.length > 0 ? run : null;
      const compiled = useDesignStore.getState().compiled;
      const size = compiled.ok ? compiled.plan.parameterCount : 0;
      if (size > BUILT_ON_OPEN_PARAMETERS) {
        get().clear();
        deferred = { key: trainingKey(useDocumentStore.getState().setup), run: weights };
        set({ deferredBuild: size });
        return;
      }
      if (weights) {
        sendRestore(weights);
        return;
      }
      // Nothing to load into an empty canvas: Train says what to add.
      if (useDocumentStore.getState().setup.design.nodes.length > 0) sendLoad();
      else get().clear();
    },

    predict(inputs) {
      if (!engine || loadedKey === null) return Promise.resolve(null);
      const requestId = nextPredictRequest++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          predictRequests.delete(requestId);
          resolve(null);
        }, PREDICT_TIMEOUT_MS);
        predictRequests.set(requestId, (outputs) => {
          clearTimeout(timer);
          resolve(outputs);
        });
        engine?.post({ type: 'predict', requestId, inputs });
      });
    },

    clear() {
      get().stopReplay();
      // Detached first: what the engine answers to Pause (at once, in a test's in-process engine) is ignored too.
      detached = true;
      loadedSinceDetach = false;
      if (engine && loadedKey !== null) engine.post({ type: 'pause' });
      clearPending();
      loadedKey = null;
      loadGeneration++;
      dropDeferred();
      set({ ...unloaded(), retraining: false, historyVersion: get().historyVersion + 1 });
    },
  };
});

/** The score series with new points merged in; only the series that changed. */
function withScores(
  s: Pick<TrainingState, 'accuracyHistory' | 'testHistory' | 'testAccuracyHistory'>,
  points: ReturnType<typeof scorePoints>,
): Partial<Pick<TrainingState, 'accuracyHistory' | 'testHistory' | 'testAccuracyHistory'>> {
  const patch: Partial<Pick<TrainingState, 'accuracyHistory' | 'testHistory' | 'testAccuracyHistory'>> = {};
  if (points.accuracy.length > 0) patch.accuracyHistory = boundAccuracy(mergeSeries(s.accuracyHistory, points.accuracy));
  if (points.testLoss.length > 0) patch.testHistory = boundLoss(mergeSeries(s.testHistory, points.testLoss));
  if (points.testAccuracy.length > 0) patch.testAccuracyHistory = boundAccuracy(mergeSeries(s.testAccuracyHistory, points.testAccuracy));
  return patch;
}

/** Mean squared error on the held-out pairs, in the training loss's units (outputs ÷ 200). */
function testLoss(dataset: DatasetInfo | null, snapshot: Snapshot): number | null {
  if (!dataset || dataset.display !== 'addition' || snapshot.predictions.length === 0) return null;
  let sum = 0;
  for (const row of snapshot.predictions) {
    const d = (row.predicted[0] - row.expected[0]) / ADDITION_OUTPUT_SCALE;
    sum += d * d;
  }
  return sum / snapshot.predictions.length;
}
