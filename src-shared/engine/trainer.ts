import type { Dataset } from '../datasets';
import { RandomState } from '../rng/random-state';
import type { Plan } from '../network/compile';
import type { TrainingConfig } from './config';
import { createModel, type ModelOptions } from './create-model';
import { LossHistory } from './loss-history';
import type { Model } from './model';
import { ROW_CHUNK, type LayerParameters } from './network';
import { createOptimizer, type ParameterUpdater } from './optimizers';
import { addPenaltyGradient } from './regularization';
import { isReportEpoch } from './report';

/**
 * Dropout masks come from a second RandomState, so the first one draws exactly what the post's
 * code draws (weights, then one permutation per epoch) whether or not a design drops anything.
 */
export function maskSeed(seed: number): number {
  return (seed ^ 0x9e3779b9) >>> 0;
}

export interface EpochRecord {
  epoch: number;
  /** Mean loss over the epoch's forward passes (for full batch: the post's printed loss); a regularisation penalty is not in it. */
  loss: number;
}

export type TrainerStatus = 'ready' | 'training' | 'done' | 'diverged';

/**
 * Runs a training configuration one update at a time, so a caller can interleave it with other
 * work (the engine session slices it into a few milliseconds at a time). One RandomState, seeded
 * once, draws the weights first and then one permutation per epoch, as the post's code does.
 */
export class Trainer {
  readonly network: Model;
  /** Loss per epoch, thinned to a few thousand points (keeping the epochs the post prints): memory stays flat over any run. */
  private readonly losses: LossHistory<EpochRecord>;
  /** Completed epochs. */
  epoch = 0;
  /** Completed updates (samples or batches) in all. */
  updates = 0;
  status: TrainerStatus = 'ready';
  /** Set when the loss became NaN or infinite. */
  divergedAt: { epoch: number; update: number } | null = null;

  private readonly rs: RandomState;
  private readonly masks: RandomState | null;
  /** Weights still to be drawn (a large network is initialised a chunk at a time, see `initStep`). */
  private pendingInit: Generator<void, void, void> | null;
  private readonly optimizer: ParameterUpdater;
  private readonly batchRows: number;
  private order: Int32Array | null = null;
  private cursor = 0;
  private lossSum = 0;
  /** Samples whose loss is in lossSum: all of the epoch, except in one resumed mid-epoch. */
  private lossCount = 0;
  private batchX: Float64Array;
  private batchY: Float64Array;

  constructor(
    readonly plan: Plan,
    readonly data: Dataset,
    readonly config: TrainingConfig,
    networkOptions: ModelOptions & { deferInit?: boolean } = {},
  ) {
    if (plan.inputSize !== data.inputSize) {
      throw new Error(`The network takes ${plan.inputSize} inputs but ${data.name} has ${data.inputSize}`);
    }
    this.batchRows =
      config.updateMode === 'batch'
        ? data.count
        : config.updateMode === 'minibatch'
          ? Math.max(1, Math.min(config.batchSize, data.count))
          : 1;
    this.network = createModel(plan, { ...networkOptions, capacity: Math.max(this.batchRows, networkOptions.capacity ?? 0) });
    if (this.network.outputSize !== data.outputSize) {
      throw new Error(`The network gives ${this.network.outputSize} outputs but ${data.name} needs ${data.outputSize}`);
    }
    this.losses = new LossHistory((epoch) => isReportEpoch(epoch, config.epochs));
    this.rs = new RandomState(config.seed);
    this.pendingInit = this.network.initializeSteps(this.rs, config.init.scheme, config.init.scale);
    if (!networkOptions.deferInit) this.initialize();
    this.masks = this.network.maskDrawsPerRow > 0 ? new RandomState(maskSeed(config.seed)) : null;
    this.network.setMaskStream(this.masks);
    this.optimizer = createOptimizer(config.optimizer);
    this.network.ensureCapacity(this.batchRows);
    this.batchX = new Float64Array(this.batchRows * data.inputSize);
    this.batchY = new Float64Array(this.batchRows * data.outputSize);
  }

  /** Whether every weight has been drawn. */
  get initialized(): boolean {
    return this.pendingInit === null;
  }

  /** Draws the next chunk of initial weights; true when all are drawn. */
  initStep(): boolean {
    if (this.pendingInit && this.pendingInit.next().done) this.pendingInit = null;
    return this.pendingInit === null;
  }

  /** Draws whatever initial weights are left. */
  initialize(): void {
    while (!this.initStep());
  }

  /** The thinned loss history, oldest first; the last point is the latest completed epoch. */
  get history(): readonly EpochRecord[] {
    return this.losses.points;
  }

  get done(): boolean {
    return this.status === 'done' || this.status === 'diverged';
  }

  /** Updates per epoch. */
  get updatesPerEpoch(): number {
    return Math.ceil(this.data.count / this.batchRows);
  }

  /** Samples seen so far in the current epoch. */
  get positionInEpoch(): number {
    return this.cursor;
  }

  /** Runs up to `maxUpdates` updates, stopping early at the last epoch or on divergence. */
  run(maxUpdates: number): number {
    this.initialize();
    let done = 0;
    while (done < maxUpdates && !this.done) {
      if (this.epoch >= this.config.epochs) {
        this.status = 'done';
        break;
      }
      this.status = 'training';
      this.update();
      done++;
    }
    return done;
  }

  /** Runs whole epochs (for the CLI and tests). */
  runEpochs(count: number): void {
    const target = Math.min(this.epoch + count, this.config.epochs);
    while (this.epoch < target && !this.done) this.run(this.updatesPerEpoch - Math.ceil(this.cursor / this.batchRows));
  }

  /** Trains to the configured number of epochs. */
  runToEnd(): void {
    while (!this.done) this.run(1 << 16);
  }

  private update(): void {
    const { data, network, config } = this;
    const n = data.count;
    if (this.cursor === 0 && config.updateMode !== 'sample' && config.updateMode !== 'batch') {
      this.order = this.rs.permutation(n);
    }
    const rows = Math.min(this.batchRows, n - this.cursor);
    let x = data.inputs;
    let y = data.targets;
    let offset = this.cursor;
    if (this.order) {
      if (rows === 1) offset = this.order[this.cursor];
      else {
        this.gather(rows);
        x = this.batchX;
        y = this.batchY;
        offset = 0;
      }
    }
    const xOffset = offset * data.inputSize;
    const yOffset = offset * data.outputSize;
    // Per-sample plain SGD (the post's way) has its own fused, WebAssembly-backed path; a penalty
    // on the weights takes the plain one (backward, the penalty's gradient, then the step).
    const sgdSample = rows === 1 && config.optimizer.type === 'sgd' && !config.regularization;
    let loss: number;
    if (sgdSample) loss = network.sgdSample(x, xOffset, y, yOffset, config.learningRate);
    else {
      network.forward(x, xOffset, rows, true);
      loss = network.lossSum(y, yOffset, rows);
    }
    this.lossSum += loss;
    this.lossCount += rows;
    if (!Number.isFinite(loss)) {
      this.status = 'diverged';
      this.divergedAt = { epoch: this.epoch, update: this.updates };
      return;
    }
    if (!sgdSample) {
      network.backward(x, xOffset, y, yOffset, rows, config.reduction === 'mean' ? 1 / rows : 1);
      if (config.regularization) addPenaltyGradient(network.trainables, config.regularization);
      this.optimizer.step(network.trainables, config.learningRate);
    }
    this.updates++;
    this.cursor += rows;
    if (this.cursor >= n) {
      this.losses.push({ epoch: this.epoch, loss: this.lossSum / this.lossCount });
      this.epoch++;
      this.cursor = 0;
      this.lossSum = 0;
      this.lossCount = 0;
      this.order = null;
      if (this.epoch >= config.epochs) this.status = 'done';
    }
  }

  private gather(rows: number): void {
    const { inputSize: ni, outputSize: no, inputs, targets } = this.data;
    const order = this.order as Int32Array;
    for (let r = 0; r < rows; r++) {
      const s = order[this.cursor + r];
      for (let k = 0; k < ni; k++) this.batchX[r * ni + k] = inputs[s * ni + k];
      for (let k = 0; k < no; k++) this.batchY[r * no + k] = targets[s * no + k];
    }
  }

  /**
   * Continues a saved run: puts back its weights, its place in training (whole epochs and, for a
   * run saved mid-epoch, the updates into the current one) and replays the RNG's per-epoch
   * permutations, so that further training with SGD matches an uninterrupted run.
   */
  restore(parameters: LayerParameters[], epoch: number, history: readonly EpochRecord[] = [], updates?: number): void {
    this.initialize(); // the draws come first, so the stream is where the saved run left it
    this.network.setParameters(parameters);
    const shuffles = this.config.updateMode === 'shuffle' || this.config.updateMode === 'minibatch';
    const epochs = Math.min(Math.max(0, Math.floor(epoch)), this.config.epochs);
    if (shuffles) for (let e = 0; e < epochs; e++) this.rs.permutation(this.data.count);
    this.epoch = epochs;
    this.updates = epochs * this.updatesPerEpoch;
    const into = Math.floor((updates ?? this.updates) - this.updates);
    if (epochs < this.config.epochs && into > 0 && into < this.updatesPerEpoch) {
      // Mid-epoch: the current epoch's order was drawn when it began; draw it again and skip ahead.
      if (shuffles) this.order = this.rs.permutation(this.data.count);
      this.cursor = into * this.batchRows;
      this.updates += into;
    }
    // Every training row drew its dropout masks: draw them again, so later masks match too.
    if (this.masks) this.masks.skipSamples((this.epoch * this.data.count + this.cursor) * this.network.maskDrawsPerRow);
    this.lossSum = 0;
    this.lossCount = 0;
    this.losses.replace(history);
    this.status = epochs >= this.config.epochs ? 'done' : 'ready';
  }

  /** Mean loss of the current weights over the whole training set, or another set of its shape (the held-out rows); no update. */
  evaluateLoss(on: Pick<Dataset, 'count' | 'inputs' | 'targets'> = this.data): number {
    const { network } = this;
    const data = { ...on, inputSize: this.data.inputSize, outputSize: this.data.outputSize };
    if (data.count === 0) return Number.NaN;
    let sum = 0;
    for (let start = 0; start < data.count; start += ROW_CHUNK) {
      const rows = Math.min(ROW_CHUNK, data.count - start);
      network.forward(data.inputs, start * data.inputSize, rows);
      sum += network.lossSum(data.targets, start * data.outputSize, rows);
    }
    return sum / data.count;
  }
}
