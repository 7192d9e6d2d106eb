/** Messages between the renderer (or CLI, or tests) and an engine session, over any message port. */
import type { DisplayStyle } from '../datasets';
import type { EpochRecord } from '../engine/trainer';
import type { Domain } from '../engine/grid';
import type { LayerParameters } from '../engine/network';
import type { Activation } from '../engine/activations';
import type { NodeType } from '../layers';
import type { DesignProblem } from '../network/compile';
import type { ExperimentSetup } from '../setup';
import type { RunScores } from '../engine/scores';
import type { PlaneSlice } from '../engine/slice';

export type { PlaneSlice, RunScores };

export type EngineCommand =
  /** Compile and prepare a setup; optional saved weights continue a run from `epoch` (and `updates`, when saved mid-epoch). */
  | { type: 'load'; setup: ExperimentSetup; restore?: { parameters: LayerParameters[]; epoch: number; updates?: number; history?: EpochRecord[] } }
  | { type: 'train' }
  | { type: 'pause' }
  /** Run this many updates (samples or batches) now, then pause. */
  | { type: 'step'; updates: number }
  /** Back to the initial weights of the loaded setup. */
  | { type: 'reset' }
  | { type: 'predict'; requestId: number; inputs: number[][] }
  | { type: 'configure'; options: Partial<EngineOptions> };

export interface EngineOptions {
  /** Updates per second; 0 runs at full speed. Slow motion sends a snapshot after every slice. */
  speed: number;
  /** Most snapshots per second. */
  snapshotRate: number;
  /** Side of the decision grid in cells (0 turns grids off). */
  gridResolution: number;
  /**
   * For a task of more than two inputs: the slice its grids span (engine/slice.ts); null or one
   * that does not fit the loaded task: the first two inputs, the others at their means.
   */
  slice: PlaneSlice | null;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { speed: 0, snapshotRate: 30, gridResolution: 48, slice: null };

/** `preparing`: drawing a large network's initial weights (commands still land at once). */
export type EngineState = 'empty' | 'preparing' | 'ready' | 'training' | 'paused' | 'done' | 'diverged';

/** A layer with weights: W is inSize × outSize. */
export interface LayerInfo {
  nodeId: string;
  inSize: number;
  outSize: number;
  activation: Activation;
}

/** A hidden node whose neurons have maps over the input plane (the grid's `hidden`, in order). */
export interface MapInfo {
  nodeId: string;
  type: NodeType;
  width: number;
}

export interface DatasetInfo {
  name: string;
  count: number;
  inputSize: number;
  outputSize: number;
  display: DisplayStyle;
  kind: 'classification' | 'regression';
  /** For classification: the number of classes (targets are 0/1 on one output for two, else one-hot). */
  classes?: number;
  domain?: Domain;
  /** Training points, for plots (count × inputSize and count × outputSize). */
  inputs: Float64Array;
  targets: Float64Array;
  /** The rows a split holds out, shaped as the training points (drawn hollow). */
  heldOut?: { count: number; inputs: Float64Array; targets: Float64Array };
  /** A table's names for its inputs and classes, and the scales back to its units (datasets/types.ts). */
  inputNames?: string[];
  inputScales?: { shift: number; scale: number }[];
  classNames?: string[];
  targetScale?: { shift: number; scale: number };
}

export interface Progress {
  epoch: number;
  epochs: number;
  updates: number;
  positionInEpoch: number;
  /** Mean loss of the last completed epoch. */
  loss: number | null;
  /** Epoch records completed since the previous progress event. */
  history: EpochRecord[];
  /** Training time so far, excluding pauses. */
  elapsedMs: number;
  updatesPerSecond: number;
  /**
   * Weights recorded since the previous progress event, evenly spaced over the run's updates
   * (about 300 per run), for time travel: a fast run finishes between two snapshots.
   */
  checkpoints?: Checkpoint[];
}

export interface Checkpoint {
  epoch: number;
  updates: number;
  parameters: LayerParameters[];
  /** Accuracy, test loss and test accuracy at these weights, where the task has them. */
  scores?: RunScores;
}

export interface Snapshot {
  epoch: number;
  updates: number;
  parameters: LayerParameters[];
  grid?: { resolution: number; domain: Domain; outputs: Float64Array; hidden: Float64Array[]; slice?: PlaneSlice };
  /** The post-style prediction table for the current weights. */
  predictions: { text: string; inputs: number[]; predicted: number[]; expected: number[] }[];
  /** For classification: accuracy and confusion[true][predicted] over up to 2,000 training samples. */
  metrics?: { accuracy: number; confusion: number[][]; samples: number };
  /** Where a split holds rows out: the loss on up to 2,000 of them, and a classifier's accuracy and confusion there. */
  testLoss?: number;
  testMetrics?: { accuracy: number; confusion: number[][]; samples: number };
}

export type EngineEvent =
  | {
      type: 'loaded';
      layers: LayerInfo[];
      maps: MapInfo[];
      parameterCount: number;
      updatesPerEpoch: number;
      dataset: DatasetInfo;
      /** Whether per-sample SGD runs in the WebAssembly kernel here (else in JS, same numbers). */
      wasm: boolean;
    }
  | { type: 'invalid'; problems: DesignProblem[] }
  | { type: 'state'; state: EngineState }
  | ({ type: 'progress' } & Progress)
  | ({ type: 'snapshot' } & Snapshot)
  | { type: 'diverged'; epoch: number; update: number; learningRate: number; message: string }
  | { type: 'predictions'; requestId: number; outputs: number[][] }
  | { type: 'error'; message: string };

/** Typed arrays in an event that can be transferred instead of copied. */
export function transferables(event: EngineEvent): ArrayBuffer[] {
  if (event.type === 'progress') {
    return (event.checkpoints ?? []).flatMap((c) => c.parameters.flatMap((p) => [p.W.buffer, p.b.buffer])).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
  }
  if (event.type !== 'snapshot') return [];
  const buffers: ArrayBufferLike[] = event.parameters.flatMap((p) => [p.W.buffer, p.b.buffer]);
  if (event.grid) buffers.push(event.grid.outputs.buffer, ...event.grid.hidden.map((h) => h.buffer));
  return buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
