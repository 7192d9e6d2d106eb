import {
  DEFAULT_ENGINE_OPTIONS,
  type Checkpoint,
  type EngineCommand,
  type EngineEvent,
  type EngineOptions,
  type EngineState,
} from '../protocol/engine';
import type { ExperimentSetup } from '../setup';
import { buildFrame } from './frame';
import { hiddenMaps, trainableLayers } from './plan-info';
import { prepareTraining } from './prepare';
import { runScores } from './scores';
import { inputStats, resolveSlice, type InputStats, type PlaneSlice, type ResolvedSlice } from './slice';
import type { Trainer } from './trainer';
import type { Dataset } from '../datasets';
import { MAX_UNITS } from '../layers/limits';

const COMMANDS: readonly string[] = ['load', 'train', 'pause', 'step', 'reset', 'predict', 'configure'] satisfies EngineCommand['type'][];

/** Work per slice: long enough to train efficiently, short enough that pause lands at once. */
const SLICE_MS = 12;
const PROGRESS_INTERVAL_MS = 33;
/** Checkpoints per run for time travel, and the most weight values they may hold in all (32 MB). */
const CHECKPOINTS_PER_RUN = 300;
const CHECKPOINT_VALUES = 4_000_000;

export type Send = (event: EngineEvent) => void;
/** Runs `fn` soon; `delayMs` 0 means "as soon as other messages have been handled". */
export type Schedule = (fn: () => void, delayMs: number) => void;

/**
 * Yields to the event loop between slices so that commands (pause!) are handled at once.
 * Node (utility process, CLI, tests) has setImmediate, which lets timers and I/O in between;
 * workers use a MessageChannel round trip, since nested zero-delay setTimeouts clamp to 4 ms.
 */
function defaultSchedule(): { schedule: Schedule; dispose: () => void } {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  const Channel = (globalThis as { MessageChannel?: typeof MessageChannel }).MessageChannel;
  if (immediate) return { schedule: (fn, ms) => void (ms > 0 ? setTimeout(fn, ms) : immediate(fn)), dispose: () => {} };
  if (!Channel) return { schedule: (fn, ms) => void setTimeout(fn, ms), dispose: () => {} };
  const channel = new Channel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return {
    schedule: (fn, ms) => {
      if (ms > 0) return void setTimeout(fn, ms);
      queue.push(fn);
      channel.port2.postMessage(null);
    },
    dispose: () => {
      channel.port1.onmessage = null;
      channel.port1.close();
    },
  };
}

/**
 * The engine's message loop. It owns one trainer, runs it in short time slices and reports
 * progress and throttled snapshots. Any endpoint that can deliver commands and send events can
 * host it: a utility process, a Web Worker, a test.
 */
export class EngineSession {
  private setup: ExperimentSetup | null = null;
  /** A loaded setup whose initial weights are still being drawn, and whether to train once they are. */
  private preparing: { prepared: Extract<ReturnType<typeof prepareTraining>, { ok: true }>; restore?: Extract<EngineCommand, { type: 'load' }>['restore']; trainAfter: boolean } | null = null;
  private trainer: Trainer | null = null;
  private dataset: Dataset | null = null;
  /** The slice the loaded task's grids span (more than two inputs only). */
  private gridSlice: ResolvedSlice | undefined;
  private stats: InputStats | null = null;
  private state: EngineState = 'empty';
  private options: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS };
  private running = false;
  private sliceQueued = false;
  private lastProgressAt = 0;
  private lastSnapshotAt = 0;
  /** Epochs before this one have been sent in progress events. */
  private reportedEpochs = 0;
  /** Time the run has trained by the clock, pauses left out (a watched run takes seconds, its arithmetic milliseconds). */
  private elapsedMs = 0;
  /** When training last began or resumed; null while it is not running. */
  private runningSince: number | null = null;
  private rateWindow = { at: 0, updates: 0, rate: 0 };
  private slowBudget = 0;
  private lastSliceAt = 0;
  private checkpointEvery = 1;
  private nextCheckpoint = 0;
  private checkpoints: Checkpoint[] = [];
  private lastCheckpointAt = -1;
  private readonly scheduler: { schedule: Schedule; dispose: () => void };

  constructor(
    private readonly send: Send,
    schedule?: Schedule,
  ) {
    this.scheduler = schedule ? { schedule, dispose: () => {} } : defaultSchedule();
  }

  /** Handles one command. Never throws: problems become `error` events. */
  handle(command: unknown): void {
    try {
      this.dispatch(command);
    } catch (e) {
      this.send({ type: 'error', message: `The engine could not handle the command: ${(e as Error).message}` });
    }
  }

  dispose(): void {
    this.stopRunning();
    this.scheduler.dispose();
  }

  private dispatch(raw: unknown): void {
    if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') {
      this.send({ type: 'error', message: 'The engine received a message without a command type' });
      return;
    }
    const command = raw as EngineCommand;
    if (!COMMANDS.includes(command.type)) {
      this.send({ type: 'error', message: `Unknown engine command "${command.type}"` });
      return;
    }
    switch (command.type) {
      case 'load':
        return this.load(command.setup, command.restore);
      case 'configure': {
        const speed = this.options.speed;
        const changes = sanitizeOptions(command.options);
        this.options = { ...this.options, ...changes };
        if ('slice' in changes) this.resolveGridSlice();
        // A new speed starts its budget now, not from when training began (no burst of updates).
        if (this.options.speed !== speed) {
          this.lastSliceAt = now();
          this.slowBudget = 0;
        }
        if (this.running) {
          this.report(true); // where the run stands at the change, for the UI (and tests)
          this.queueSlice();
        } else if ('slice' in changes && this.trainer && !this.preparing) this.sendSnapshot(); // a paused run shows the new slice at once
        return;
      }
      case 'predict':
        return this.predict(command.requestId, command.inputs);
    }
    if (this.preparing) {
      // Still drawing the initial weights: remember what to do once they are there.
      if (command.type === 'train' || command.type === 'pause') {
        this.preparing.trainAfter = command.type === 'train';
        return;
      }
      if (command.type === 'reset') return this.setup ? this.load(this.setup) : undefined;
      this.finishPreparing();
    }
    const trainer = this.trainer;
    if (!trainer) {
      this.send({ type: 'error', message: `Nothing to ${command.type}: load a design first` });
      return;
    }
    switch (command.type) {
      case 'train':
        if (trainer.done) return this.setState(trainer.status === 'diverged' ? 'diverged' : 'done');
        this.running = true;
        this.runningSince ??= now();
        this.setState('training');
        this.lastSliceAt = now();
        this.queueSlice();
        return;
      case 'pause':
        this.stopRunning();
        if (this.state === 'training') this.setState('paused');
        this.report(true);
        return;
      case 'step': {
        const updates = Math.floor(Number(command.updates));
        if (!(updates >= 1 && updates <= 10_000_000)) {
          this.send({ type: 'error', message: `Step needs a whole number of updates from 1 to 10000000, got ${String(command.updates)}` });
          return;
        }
        this.stopRunning();
        const t0 = now();
        this.run(updates);
        this.elapsedMs += now() - t0;
        this.afterWork(true);
        if (!trainer.done) this.setState('paused');
        return;
      }
      case 'reset':
        if (this.setup) this.load(this.setup);
        return;
    }
  }

  private load(setup: ExperimentSetup, restore?: Extract<EngineCommand, { type: 'load' }>['restore']): void {
    this.stopRunning();
    if (!setup || typeof setup !== 'object') {
      this.send({ type: 'error', message: 'Load needs a design, a task and training settings' });
      return;
    }
    this.preparing = null;
    const prepared = prepareTraining(setup, { deferInit: true });
    if (!prepared.ok) {
      this.trainer = null;
      this.setup = setup;
      this.send({ type: 'invalid', problems: prepared.problems });
      this.setState('empty');
      return;
    }
    this.trainer = null;
    this.setup = setup;
    this.preparing = { prepared, restore, trainAfter: false };
    this.prepareSlice();
  }

  /**
   * Draws initial weights for a few milliseconds at a time, so a large network does not stop the
   * engine answering (Pause, a new design) while it is set up.
   */
  private prepareSlice(): void {
    const preparing = this.preparing;
    if (!preparing) return;
    const start = now();
    while (!preparing.prepared.trainer.initStep()) {
      if (now() - start >= SLICE_MS) {
        this.setState('preparing');
        this.scheduler.schedule(() => {
          if (this.preparing === preparing) this.prepareSlice();
        }, 0);
        return;
      }
    }
    this.finishPreparing();
  }

  private finishPreparing(): void {
    const preparing = this.preparing;
    if (!preparing) return;
    this.preparing = null;
    preparing.prepared.trainer.initialize();
    this.loaded(preparing.prepared, preparing.restore);
    if (preparing.trainAfter) this.dispatch({ type: 'train' });
  }

  private loaded(prepared: Extract<ReturnType<typeof prepareTraining>, { ok: true }>, restore?: Extract<EngineCommand, { type: 'load' }>['restore']): void {
    const { trainer, dataset, plan } = prepared;
    if (restore) trainer.restore(restore.parameters, restore.epoch, restore.history, restore.updates);
    this.trainer = trainer;
    this.dataset = dataset;
    this.stats = dataset.inputSize > 2 ? inputStats(dataset) : null;
    this.resolveGridSlice();
    this.elapsedMs = 0;
    this.runningSince = null;
    this.reportedEpochs = 0;
    this.rateWindow = { at: now(), updates: trainer.updates, rate: 0 };
    const frames = Math.max(2, Math.min(CHECKPOINTS_PER_RUN, Math.floor(CHECKPOINT_VALUES / trainer.network.parameterCount)));
    this.checkpointEvery = Math.max(1, Math.ceil((trainer.config.epochs * trainer.updatesPerEpoch) / frames));
    this.checkpoints = [];
    this.checkpoint();
    this.send({
      type: 'loaded',
      layers: trainableLayers(plan),
      maps: hiddenMaps(plan),
      parameterCount: trainer.network.parameterCount,
      updatesPerEpoch: trainer.updatesPerEpoch,
      wasm: trainer.network.usesWasm,
      dataset: {
        name: dataset.name,
        count: dataset.count,
        inputSize: dataset.inputSize,
        outputSize: dataset.outputSize,
        display: dataset.display,
        kind: dataset.kind,
        classes: dataset.classes,
        domain: dataset.domain,
        inputs: dataset.inputs.slice(),
        targets: dataset.targets.slice(),
        ...(dataset.heldOut ? { heldOut: { count: dataset.heldOut.count, inputs: dataset.heldOut.inputs.slice(), targets: dataset.heldOut.targets.slice() } } : {}),
        ...(dataset.inputNames ? { inputNames: dataset.inputNames.slice() } : {}),
        ...(dataset.inputScales ? { inputScales: dataset.inputScales.map((s) => ({ ...s })) } : {}),
        ...(dataset.classNames ? { classNames: dataset.classNames.slice() } : {}),
        ...(dataset.targetScale ? { targetScale: { ...dataset.targetScale } } : {}),
      },
    });
    this.setState(trainer.done ? 'done' : 'ready');
    this.report(true);
  }

  private predict(requestId: number, inputs: number[][]): void {
    this.finishPreparing();
    const trainer = this.trainer;
    if (!trainer) {
      this.send({ type: 'error', message: 'Nothing to predict with: load a design first' });
      return;
    }
    const n = trainer.network.inputSize;
    if (!Array.isArray(inputs) || inputs.some((row) => !Array.isArray(row) || row.length !== n || row.some((v) => !Number.isFinite(v)))) {
      this.send({ type: 'error', message: `Predict needs rows of ${n} finite numbers` });
      return;
    }
    const out = trainer.network.predict(Float64Array.from(inputs.flat()), inputs.length);
    const k = trainer.network.outputSize;
    this.send({ type: 'predictions', requestId, outputs: inputs.map((_, i) => Array.from(out.subarray(i * k, (i + 1) * k))) });
  }

  /** Training stops (pause, the end, a new load): the clock stops with it. */
  private stopRunning(): void {
    this.running = false;
    if (this.runningSince !== null) this.elapsedMs += now() - this.runningSince;
    this.runningSince = null;
  }

  private queueSlice(): void {
    if (this.sliceQueued) return;
    this.sliceQueued = true;
    const slow = this.options.speed > 0;
    this.scheduler.schedule(() => {
      this.sliceQueued = false;
      this.slice();
    }, slow ? 16 : 0);
  }

  /** One slice of training: a few milliseconds of updates, then report and yield. */
  private slice(): void {
    const trainer = this.trainer;
    if (!this.running || !trainer) return;
    const start = now();
    if (this.options.speed > 0) {
      // Slow motion: a budget of updates proportional to the time since the last slice.
      this.slowBudget += ((start - this.lastSliceAt) / 1000) * this.options.speed;
      this.lastSliceAt = start;
      const updates = Math.floor(this.slowBudget);
      if (updates > 0) {
        this.slowBudget -= updates;
        this.run(updates);
        this.afterWork(true);
      }
    } else {
      let batch = 1;
      while (!trainer.done && now() - start < SLICE_MS) {
        const t0 = now();
        this.run(batch);
        // Grow the chunk until it takes about a millisecond, so the clock is read rarely.
        if (now() - t0 < 1) batch *= 2;
      }
      this.afterWork(false);
    }
    if (trainer.done) {
      this.stopRunning();
      return;
    }
    this.queueSlice();
  }

  /** Runs up to `updates` updates, pausing at each checkpoint boundary to record the weights. */
  private run(updates: number): void {
    const trainer = this.trainer;
    if (!trainer) return;
    let left = updates;
    while (left > 0 && !trainer.done) {
      const chunk = Math.min(left, Math.max(1, this.nextCheckpoint - trainer.updates));
      const done = trainer.run(chunk);
      left -= chunk;
      if (trainer.updates >= this.nextCheckpoint && trainer.status !== 'diverged') this.checkpoint();
      if (done < chunk) break;
    }
    // The last state of a finished run, unless it fell on a boundary (diverged weights are NaN).
    if (trainer.status === 'done' && this.lastCheckpointAt !== trainer.updates) this.checkpoint();
  }

  private checkpoint(): void {
    const trainer = this.trainer;
    if (!trainer) return;
    const scores = runScores(trainer.network, trainer.data);
    this.checkpoints.push({ epoch: trainer.epoch, updates: trainer.updates, parameters: trainer.network.getParameters(), ...(scores ? { scores } : {}) });
    this.lastCheckpointAt = trainer.updates;
    this.nextCheckpoint = (Math.floor(trainer.updates / this.checkpointEvery) + 1) * this.checkpointEvery;
  }

  private afterWork(forceSnapshot: boolean): void {
    const trainer = this.trainer;
    if (!trainer) return;
    if (trainer.status === 'diverged') {
      this.stopRunning();
      const at = trainer.divergedAt ?? { epoch: trainer.epoch, update: trainer.updates };
      const lr = trainer.config.learningRate;
      this.report(true);
      this.send({
        type: 'diverged',
        epoch: at.epoch,
        update: at.update,
        learningRate: lr,
        message: `Training diverged: the loss became NaN or infinite in epoch ${at.epoch} with learning rate ${lr}. Reset and try a learning rate of ${formatRate(lr / 10)} or smaller.`,
      });
      this.setState('diverged');
      return;
    }
    this.report(forceSnapshot || trainer.done);
    if (trainer.done) this.setState('done');
  }

  /** Progress at most ~30 times a second; snapshots as `snapshotRate` allows (or when forced). */
  private report(force: boolean): void {
    const trainer = this.trainer;
    if (!trainer) return;
    const t = now();
    if (force || t - this.lastProgressAt >= PROGRESS_INTERVAL_MS) {
      this.lastProgressAt = t;
      const rateWindow = this.rateWindow;
      if (t - rateWindow.at >= 250) {
        rateWindow.rate = ((trainer.updates - rateWindow.updates) * 1000) / (t - rateWindow.at);
        rateWindow.at = t;
        rateWindow.updates = trainer.updates;
      }
      // The trainer's history is thinned as it grows: send the points after the last one sent.
      const all = trainer.history;
      let from = all.length;
      while (from > 0 && all[from - 1].epoch >= this.reportedEpochs) from--;
      const history = all.slice(from);
      if (history.length > 0) this.reportedEpochs = history[history.length - 1].epoch + 1;
      const last = trainer.history[trainer.history.length - 1];
      this.send({
        type: 'progress',
        epoch: trainer.epoch,
        epochs: trainer.config.epochs,
        updates: trainer.updates,
        positionInEpoch: trainer.positionInEpoch,
        loss: last ? last.loss : null,
        history,
        elapsedMs: this.elapsedMs + (this.runningSince !== null ? t - this.runningSince : 0),
        updatesPerSecond: rateWindow.rate,
        checkpoints: this.checkpoints.splice(0),
      });
    }
    const interval = 1000 / Math.max(1, this.options.snapshotRate);
    if (force || t - this.lastSnapshotAt >= interval) {
      this.lastSnapshotAt = t;
      this.sendSnapshot();
    }
  }

  private sendSnapshot(): void {
    const trainer = this.trainer;
    const dataset = this.dataset;
    if (!trainer || !dataset) return;
    const frame = buildFrame(trainer.network, dataset, this.options.gridResolution, this.gridSlice);
    this.send({ type: 'snapshot', epoch: trainer.epoch, updates: trainer.updates, parameters: trainer.network.getParameters(), ...frame });
  }

  /** The slice the option asks for, when it fits the loaded task; else the first two inputs at the others' means. */
  private resolveGridSlice(): void {
    const { dataset, stats } = this;
    this.gridSlice = dataset && stats ? resolveSlice(dataset, stats, this.options.slice) : undefined;
  }

  private setState(state: EngineState): void {
    if (state === this.state) return;
    this.state = state;
    this.send({ type: 'state', state });
  }
}

function sanitizeOptions(options: Partial<EngineOptions> | undefined): Partial<EngineOptions> {
  const out: Partial<EngineOptions> = {};
  if (!options || typeof options !== 'object') return out;
  if (Number.isFinite(options.speed) && (options.speed as number) >= 0) out.speed = options.speed;
  if (Number.isFinite(options.snapshotRate) && (options.snapshotRate as number) > 0) out.snapshotRate = Math.min(60, options.snapshotRate as number);
  if (Number.isInteger(options.gridResolution) && (options.gridResolution as number) >= 0) out.gridResolution = Math.min(200, options.gridResolution as number);
  if (options.slice === null) out.slice = null;
  else if (options.slice !== undefined && isSlice(options.slice)) out.slice = { axes: [options.slice.axes[0], options.slice.axes[1]], values: options.slice.values.slice() };
  return out;
}

/** A slice as a message may carry it: two whole-number axes and at most MAX_UNITS finite values (whether it fits the task is checked on use). */
function isSlice(slice: unknown): slice is PlaneSlice {
  const s = slice as Partial<PlaneSlice> | null;
  return (
    !!s &&
    Array.isArray(s.axes) &&
    s.axes.length === 2 &&
    s.axes.every((a) => Number.isInteger(a) && a >= 0 && a < MAX_UNITS) &&
    Array.isArray(s.values) &&
    s.values.length <= MAX_UNITS &&
    s.values.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

function formatRate(lr: number): string {
  return Number(lr.toPrecision(2)).toString();
}

const now = (): number => performance.now();
