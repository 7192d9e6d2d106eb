/**
 * What the trainer, the session and the plots need of a network, whichever engine runs it: the
 * dense-chain engine (engine/network.ts, with its WebAssembly kernel) for the post's kind of
 * network, or the graph executor (engine/graph-network.ts) for everything else.
 */
import type { Trainable } from '../layers';
import type { RandomState } from '../rng/random-state';
import type { InitScheme } from './config';
import type { Loss } from './losses';

/** A layer's trainable values: W is fan_in × fan_out, row-major, as NumPy stores `randn(in, out)`. */
export interface LayerParameters {
  W: Float64Array;
  b: Float64Array;
}

export interface Model {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly loss: Loss;
  readonly parameterCount: number;
  /** Whether the hot loops run in WebAssembly. */
  readonly usesWasm: boolean;
  /** Arrays with weights, in the plan's order (what optimizers update and runs save). */
  readonly trainables: readonly Trainable[];
  /** Values drawn from the mask stream per training row (Dropout), to resume a run exactly. */
  readonly maskDrawsPerRow: number;
  /** Where dropout masks come from while training. */
  setMaskStream(masks: RandomState | null): void;
  ensureCapacity(rows: number): void;
  /** Draws every trainable layer's weights in plan order, each as its kind says. */
  initialize(rs: RandomState, scheme: InitScheme, scale: number): void;
  /** The same, pausing every few thousand values (see INIT_CHUNK). */
  initializeSteps(rs: RandomState, scheme: InitScheme, scale: number): Generator<void, void, void>;
  /** Output for `rows` rows of x from value offset `offset`; `training` turns dropout on. */
  forward(x: Float64Array, offset: number, rows: number, training?: boolean): Float64Array;
  /** After a forward pass: each hidden node's output rows, in the plan's order (steps between Input and Output). */
  hiddenOutputs(): readonly Float64Array[];
  /** The hidden nodes' widths, in the same order. */
  readonly hiddenWidths: readonly number[];
  lossSum(y: Float64Array, yOffset: number, rows: number): number;
  backward(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, rows: number, scale?: number): void;
  /** Forward (training), loss and plain-SGD update on one sample; weights unchanged when the loss is not finite. */
  sgdSample(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, lr: number): number;
  predict(inputs: Float64Array, count: number): Float64Array;
  getParameters(): LayerParameters[];
  setParameters(params: LayerParameters[]): void;
}
