/**
 * The training run as the renderer sees it: engine state, progress, the full loss history, the
 * latest snapshot and the recorded frames for time travel. Engine events arrive up to ~30 times a
 * second each; they are coalesced and committed once per animation frame (latest snapshot wins),
 * so the panels redraw at most once per frame however fast the engine runs.
 */
import { create } from 'zustand';
import { ADDITION_OUTPUT_SCALE } from '../../src-shared/datasets';
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
  Progress,
  Snapshot,
} from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainingKey } from '../../src-shared/setup-check';
import type { EngineConnection } from '../platform/types';
import { useDesignStore } from './design';
import { useDocumentStore, type DocumentRun } from './document';
import { recordFrame, type RecordedFrame } from './recorder';

export type ProgressInfo = Omit<Progress, 'history'>;
type Restore = NonNullable<Extract<EngineCommand, { type: 'load' }>['restore']>;

/** Speeds offered in the panel, in updates per second; 0 is full speed. */
export const SPEEDS = [1, 4, 15, 60, 250, 1000, 5000, 0] as const;

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
  /** Loss on the task's held-out pairs (addition), one point per committed snapshot, thinned likewise. */
  testHistory: EpochRecord[];
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
  /** Updates per second; 0 is full speed. */
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
  setSpeed(speed: number): void;
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
}

type EngineLink = Pick<EngineConnection, 'post' | 'onEvent'>;

let engine: EngineLink | null = null;
let loadedKey: string | null = null;
/** True while the run on show is the document's as it was opened; false once it trains or resets. */
let followsDocument = true;
let replayTimer: ReturnType<typeof setInterval> | null = null;

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
function emptyRun(): Pick<
  TrainingState,
  'progress' | 'history' | 'testHistory' | 'snapshot' | 'frames' | 'frameSpacing' | 'scrubIndex' | 'replaying' | 'divergence' | 'problems' | 'error'
> {
  return {
    progress: null,
    history: [],
    testHistory: [],
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

export const useTrainingStore = create<TrainingState>()((set, get) => {
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
    if (pending.checkpoints.length > 0) {
      let recorded = { frames: s.frames, spacing: s.frameSpacing };
      for (const c of pending.checkpoints) recorded = recordFrame(recorded.frames, c, recorded.spacing);
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
    if (Object.keys(patch).length > 0) set(patch);
    if (snap) handOverRun();
  };

  /** The run on show as the document keeps it: null before its first update. */
  const shownRun = (): DocumentRun | null => {
    const s = get();
    const snap = s.snapshot;
    if (!snap || snap.updates === 0 || loadedKey === null) return null;
    const diverged = s.engineState === 'diverged';
    return {
      setupKey: loadedKey,
      epoch: snap.epoch,
      updates: snap.updates,
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
          ...emptyRun(),
          historyVersion: get().historyVersion + 1,
        });
        return;
      case 'invalid':
        set({ problems: event.problems });
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
        return;
    }
  };

  const stopReplayTimer = (): void => {
    if (replayTimer !== null) clearInterval(replayTimer);
    replayTimer = null;
  };

  /** Whether the engine lacks the current setup: nothing loaded yet, or the design changed since. */
  const needsLoad = (): boolean => loadedKey === null || get().stale || get().engineState === 'empty';
  /** A finished run only starts over; it cannot continue or step. */
  const finished = (): boolean => get().engineState === 'done' || get().engineState === 'diverged';

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
    set({ loadedSetup: setup, stale: false, problems: [], divergence: null, error: null });
    post(restore ? { type: 'load', setup, restore } : { type: 'load', setup });
    return true;
  };

  return {
    connected: false,
    engineLost: null,
    engineState: 'empty',
    layers: [],
    maps: [],
    dataset: null,
    updatesPerEpoch: 0,
    parameterCount: 0,
    wasm: false,
    ...emptyRun(),
    historyVersion: 0,
    loadedSetup: null,
    stale: false,
    speed: 0,

    connect(next) {
      engine = next;
      loadedKey = null;
      const offEvents = next.onEvent(onEvent);
      // A run goes stale when anything it depends on changes; moving nodes around does not count.
      const offDesign = useDocumentStore.subscribe((state, previous) => {
        if (state.setup === previous.setup || loadedKey === null) return;
        const stale = trainingKey(state.setup) !== loadedKey;
        if (stale !== get().stale) set({ stale });
      });
      set({ connected: true, engineLost: null, engineState: 'empty', stale: false, loadedSetup: null });
      next.post({ type: 'configure', options: { speed: get().speed } });
      return () => {
        offEvents();
        offDesign();
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
      return needsLoad() ? sendLoad() : true;
    },

    train() {
      get().stopReplay();
      // A finished or stale run starts over; otherwise Train continues where it paused.
      if (finished() || needsLoad()) {
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
      if (finished() || !get().load()) return;
      set({ scrubIndex: null });
      followsDocument = false;
      post({ type: 'step', updates });
    },

    reset() {
      get().stopReplay();
      set({ scrubIndex: null });
      followsDocument = false;
      if (needsLoad()) {
        sendLoad();
        return;
      }
      post({ type: 'reset' });
    },

    setSpeed(speed) {
      set({ speed });
      if (engine) engine.post({ type: 'configure', options: { speed } });
    },

    scrubTo(index) {
      const frames = get().frames;
      if (index === null || frames.length === 0) return set({ scrubIndex: null });
      const i = Math.max(0, Math.min(frames.length - 1, Math.round(index)));
      set({ scrubIndex: i });
    },

    replay() {
      stopReplayTimer();
      const frames = get().frames;
      if (frames.length < 2) return;
      if (get().engineState === 'training') post({ type: 'pause' });
      // Replays the recording in about five seconds, whatever its length.
      const stepMs = Math.max(16, Math.min(200, 5000 / frames.length));
      set({ scrubIndex: 0, replaying: true });
      replayTimer = setInterval(() => {
        const { scrubIndex, frames: all } = get();
        const next = (scrubIndex ?? 0) + 1;
        if (next >= all.length) {
          // The end of the recording is where the run is now.
          stopReplayTimer();
          set({ scrubIndex: null, replaying: false });
          return;
        }
        set({ scrubIndex: next });
      }, stepMs);
    },

    stopReplay() {
      if (replayTimer === null) return;
      stopReplayTimer();
      set({ replaying: false });
    },

    dismissError() {
      set({ error: null });
    },

    loadRun(run) {
      get().stopReplay();
      followsDocument = true;
      set({ scrubIndex: null });
      const weights = run && run.status !== 'diverged' && run.parameters.length > 0 ? run : null;
      if (weights) {
        sendLoad({ parameters: [...weights.parameters], epoch: weights.epoch, updates: weights.updates, history: weights.history.map((h) => ({ ...h })) });
        return;
      }
      // Nothing to load into an empty canvas: Train says what to add.
      if (useDocumentStore.getState().setup.design.nodes.length > 0) sendLoad();
    },
  };
});

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
