import type { Dataset } from '../datasets';
import { RandomState } from '../rng/random-state';
import type { TrainingConfig } from './config';
import { Network, ROW_CHUNK, type LayerParameters, type NetworkOptions, type NetworkSpec } from './network';
import { LossHistory } from './loss-history';
import { createOptimizer, type ParameterUpdater } from './optimizers';
import { isReportEpoch } from './report';

export interface EpochRecord {
  epoch: number;
  /** Mean loss over the epoch's forward passes (for full batch: the post's printed loss). */
  loss: number;
}

export type TrainerStatus = 'ready' | 'training' | 'done' | 'diverged';

/**
 * Runs a training configuration one update at a time, so a caller can interleave it with other
 * work (the engine session slices it into a few milliseconds at a time). One RandomState, seeded
 * once, draws the weights first and then one permutation per epoch, as the post's code does.
 */
export class Trainer {
  readonly network: Network;
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
    spec: NetworkSpec,
    readonly data: Dataset,
    readonly config: TrainingConfig,
    networkOptions: NetworkOptions = {},
  ) {
    if (spec.inputSize !== data.inputSize) {
      throw new Error(`The network takes ${spec.inputSize} inputs but ${data.name} has ${data.inputSize}`);
    }
    this.batchRows =
      config.updateMode === 'batch'
        ? data.count
        : config.updateMode === 'minibatch'
          ? Math.max(1, Math.min(config.batchSize, data.count))
          : 1;
    this.network = new Network(spec, { ...networkOptions, capacity: Math.max(this.batchRows, networkOptions.capacity ?? 0) });
    if (this.network.outputSize !== data.outputSize) {
      throw new Error(`The network gives ${this.network.outputSize} outputs but ${data.name} needs ${data.outputSize}`);
    }
    this.losses = new LossHistory((epoch) => isReportEpoch(epoch, config.epochs));
    this.rs = new RandomState(config.seed);
    this.network.initialize(this.rs, config.init.scheme, config.init.scale);
    this.optimizer = createOptimizer(config.optimizer);
    this.network.ensureCapacity(this.batchRows);
    this.batchX = new Float64Array(this.batchRows * data.inputSize);
    this.batchY = new Float64Array(this.batchRows * data.outputSize);
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
    // Per-sample plain SGD (the post's way) has its own fused, WebAssembly-backed path.
    const sgdSample = rows === 1 && config.optimizer.type === 'sgd';
    let loss: number;
    if (sgdSample) loss = network.sgdSample(x, xOffset, y, yOffset, config.learningRate);
    else {
      network.forward(x, xOffset, rows);
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
      this.optimizer.step(network.layers, config.learningRate);
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
    this.lossSum = 0;
    this.lossCount = 0;
    this.losses.replace(history);
    this.status = epochs >= this.config.epochs ? 'done' : 'ready';
  }

  /** Mean loss of the current weights over the whole training set (no update). */
  evaluateLoss(): number {
    const { data, network } = this;
    let sum = 0;
    for (let start = 0; start < data.count; start += ROW_CHUNK) {
      const rows = Math.min(ROW_CHUNK, data.count - start);
      network.forward(data.inputs, start * data.inputSize, rows);
      sum += network.lossSum(data.targets, start * data.outputSize, rows);
    }
    return sum / data.count;
  }
}
