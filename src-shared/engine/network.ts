import type { RandomState } from '../rng/random-state';
import type { InitScheme } from './config';
import type { LayerParameters, Model } from './model';

export type { LayerParameters };
import { activate, backpropActivation, LEAKY_SLOPE, type Activation } from './activations';
import { denseWeights } from '../layers/dense';
import { denseDown, denseForward, denseGradients } from './dense-math';
import { DenseKernel, type KernelLayer } from './kernel/dense-kernel';
import { fusedDelta, fusesWithActivation, lossGradient, sampleLoss, type Loss } from './losses';

export interface LayerSpec {
  units: number;
  activation: Activation;
  /** Leaky ReLU's slope (LEAKY_SLOPE when absent). */
  slope?: number;
}

/** What `network/compile` produces from a design: a plain stack of dense layers. */
export interface NetworkSpec {
  inputSize: number;
  layers: LayerSpec[];
  loss: Loss;
}


/** One dense layer and its working buffers for the rows of a pass. */
export class DenseLayer {
  readonly W: Float64Array;
  readonly b: Float64Array;
  readonly gW: Float64Array;
  readonly gb: Float64Array;
  /** z, a and dL/da (then dL/dz in place) for each row of the last forward pass. */
  z: Float64Array;
  a: Float64Array;
  delta: Float64Array;
  /** Row buffers of its own, for passes the kernel's memory cannot hold (or without a kernel). */
  private own = { z: new Float64Array(0), a: new Float64Array(0), delta: new Float64Array(0) };

  constructor(
    readonly inSize: number,
    readonly outSize: number,
    readonly activation: Activation,
    /** Where the arrays live, when not in their own (the WebAssembly kernel's memory). */
    private readonly storage?: KernelLayer,
    /** Leaky ReLU's slope. */
    readonly slope = LEAKY_SLOPE,
  ) {
    this.W = storage?.W ?? new Float64Array(inSize * outSize);
    this.b = storage?.b ?? new Float64Array(outSize);
    this.gW = storage?.gW ?? new Float64Array(inSize * outSize);
    this.gb = storage?.gb ?? new Float64Array(outSize);
    ({ z: this.z, a: this.a, delta: this.delta } = storage ?? this.own);
  }

  /** Makes its own buffers room for `rows` rows (they serve passes the kernel cannot hold). */
  reserve(rows: number): void {
    const size = rows * this.outSize;
    if (this.own.z.length < size) this.own = { z: new Float64Array(size), a: new Float64Array(size), delta: new Float64Array(size) };
  }

  /** Points z, a and delta at the kernel's rows, or at its own buffers with room for `rows`. */
  useRows(rows: number, inKernel: boolean): void {
    if (inKernel && this.storage) {
      ({ z: this.z, a: this.a, delta: this.delta } = this.storage);
      return;
    }
    this.reserve(rows);
    ({ z: this.z, a: this.a, delta: this.delta } = this.own);
  }

  /** z = x @ W + b, then a = f(z), for `rows` rows of x starting at `offset`. */
  forward(x: Float64Array, offset: number, rows: number): void {
    denseForward(x, offset, this.inSize, this.W, this.b, this.z, this.outSize, rows);
    activate(this.activation, this.z, this.a, rows * this.outSize, this.outSize, this.slope);
  }
}

export interface NetworkOptions {
  /** Run the hot loops in WebAssembly where it can (default); false keeps to the JS reference. */
  wasm?: boolean;
  /** The most rows one forward or backward pass will take (a batch); at least ROW_CHUNK. */
  capacity?: number;
}

/** Rows per forward pass when evaluating many inputs (predictions, grids, whole-set losses). */
export const ROW_CHUNK = 256;

export class Network implements Model {
  /** A chain has no Dropout: nothing is drawn while training. */
  readonly maskDrawsPerRow = 0;
  readonly layers: DenseLayer[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly loss: Loss;
  private readonly fused: boolean;
  /** The WebAssembly kernel that owns the weights' memory, when there is one. */
  private readonly kernel: DenseKernel | null;
  /** The last forward pass: its rows, and whether they are in the kernel's memory. */
  private readonly lastPass = { rows: 0, inKernel: false };

  constructor(
    readonly spec: NetworkSpec,
    options: NetworkOptions = {},
  ) {
    this.inputSize = spec.inputSize;
    this.loss = spec.loss;
    if (spec.layers.length === 0) throw new Error('A network needs at least one layer');
    const sizes = spec.layers.map((l, i) => ({ inSize: i === 0 ? spec.inputSize : spec.layers[i - 1].units, outSize: l.units }));
    this.kernel = options.wasm === false ? null : DenseKernel.create(sizes, Math.max(ROW_CHUNK, options.capacity ?? 1));
    this.layers = spec.layers.map((l, i) => new DenseLayer(sizes[i].inSize, l.units, l.activation, this.kernel?.layers[i], l.slope));
    this.outputSize = sizes[sizes.length - 1].outSize;
    this.fused = fusesWithActivation(spec.loss, this.output.activation);
    this.ensureCapacity(1);
  }

  get trainables(): readonly DenseLayer[] {
    return this.layers;
  }

  setMaskStream(): void {}

  /** After a forward pass: the hidden layers' outputs (every layer but the last). */
  hiddenOutputs(): readonly Float64Array[] {
    return this.layers.slice(0, -1).map((l) => l.a);
  }

  get hiddenWidths(): readonly number[] {
    return this.layers.slice(0, -1).map((l) => l.outSize);
  }

  get output(): DenseLayer {
    return this.layers[this.layers.length - 1];
  }

  get parameterCount(): number {
    return this.layers.reduce((n, l) => n + l.W.length + l.b.length, 0);
  }

  /** Allocates ahead for passes of `rows` rows that the kernel cannot hold (the pass itself picks its buffers). */
  ensureCapacity(rows: number): void {
    if (this.kernel && rows <= this.kernel.capacity) return;
    for (const l of this.layers) l.reserve(rows);
  }

  /** Whether a pass of `rows` runs in the kernel, with the layers' buffers set for it. */
  private selectRows(rows: number): boolean {
    const inKernel = this.kernel !== null && rows <= this.kernel.capacity;
    for (const l of this.layers) l.useRows(rows, inKernel);
    return inKernel;
  }

  /** Draws the weights layer by layer in NumPy's order, as a Dense layer does (layers/dense.ts). */
  initialize(rs: RandomState, scheme: InitScheme, scale: number): void {
    for (const _ of this.initializeSteps(rs, scheme, scale));
  }

  *initializeSteps(rs: RandomState, scheme: InitScheme, scale: number): Generator<void, void, void> {
    for (const l of this.layers) yield* denseWeights.initialize(l, { fanIn: l.inSize, fanOut: l.outSize }, rs, { scheme, scale });
  }

  /** Forward pass over `rows` rows of x from row offset `offset` (in values); returns the output buffer. */
  forward(x: Float64Array, offset: number, rows: number): Float64Array {
    const inKernel = this.selectRows(rows);
    this.lastPass.rows = rows;
    this.lastPass.inKernel = inKernel;
    const kernel = inKernel ? this.kernel : null;
    if (kernel) {
      kernel.x.set(x.subarray(offset, offset + rows * this.inputSize));
      this.layers.forEach((l, i) => {
        kernel.forward(i, l.activation === 'sigmoid', rows);
        if (l.activation !== 'sigmoid') activate(l.activation, l.z, l.a, rows * l.outSize, l.outSize, l.slope);
      });
      return this.output.a;
    }
    let input = x;
    let inOffset = offset;
    for (const l of this.layers) {
      l.forward(input, inOffset, rows);
      input = l.a;
      inOffset = 0;
    }
    return this.output.a;
  }

  /** Sum over the rows of the last forward pass of each row's loss. */
  lossSum(y: Float64Array, yOffset: number, rows: number): number {
    const k = this.outputSize;
    const out = this.output.a;
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += sampleLoss(this.loss, out, r * k, y, yOffset + r * k, k);
    return sum;
  }

  /** Whether per-sample SGD runs in WebAssembly. */
  get usesWasm(): boolean {
    return this.kernel !== null;
  }

  /** dL/dz of the output layer for each row of the last forward pass, into its `delta`. */
  private outputDelta(y: Float64Array, yOffset: number, rows: number): void {
    const top = this.output;
    const k = top.outSize;
    for (let r = 0; r < rows; r++) {
      if (this.fused) fusedDelta(this.loss, top.a, r * k, y, yOffset + r * k, k, top.delta);
      else lossGradient(this.loss, top.a, r * k, y, yOffset + r * k, k, top.delta);
    }
    if (!this.fused) backpropActivation(top.activation, top.z, top.a, top.delta, rows * k, k, top.slope);
  }

  /**
   * Backpropagates the last forward pass and fills every layer's gW, gb with the gradient
   * summed over the rows (the post's `X.T @ d`), times `scale` (1/rows for a mean).
   */
  backward(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, rows: number, scale = 1): void {
    if (rows > this.lastPass.rows) throw new Error(`backward over ${rows} rows needs a forward pass over them first`);
    const layers = this.layers;
    this.outputDelta(y, yOffset, rows);
    const kernel = this.lastPass.inKernel ? this.kernel : null;
    if (kernel) {
      kernel.x.set(x.subarray(xOffset, xOffset + rows * this.inputSize)); // the rows of the forward pass
      for (let li = layers.length - 1; li >= 0; li--) {
        kernel.grad(li, rows, scale);
        if (li === 0) break;
        const prev = layers[li - 1];
        kernel.down(li, rows);
        backpropActivation(prev.activation, prev.z, prev.a, prev.delta, rows * prev.outSize, prev.outSize, prev.slope);
      }
      return;
    }
    for (let li = layers.length - 1; li >= 0; li--) {
      const l = layers[li];
      const prev = li > 0 ? layers[li - 1] : null;
      denseGradients(prev ? prev.a : x, prev ? 0 : xOffset, l.inSize, l.delta, l.outSize, rows, l.gW, l.gb, scale);
      if (!prev) break;
      // prev.delta = (delta @ W.T) * f'(prev)
      denseDown(l.delta, l.W, l.inSize, l.outSize, rows, prev.delta, false);
      backpropActivation(prev.activation, prev.z, prev.a, prev.delta, rows * l.inSize, l.inSize, prev.slope);
    }
  }

  /**
   * One plain-SGD update on the single sample of the last forward pass, without storing gradients:
   * each layer's delta is passed down (with the weights as they were) before its weights change,
   * so the result is bit-for-bit what `backward` followed by `W -= lr·gW` gives. It exists because
   * per-sample SGD is the post's way to train and the hot loop of the addition run.
   */
  sgdSampleStep(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, lr: number): void {
    const layers = this.layers;
    this.outputDelta(y, yOffset, 1);
    for (let li = layers.length - 1; li >= 0; li--) {
      const l = layers[li];
      const prev = li > 0 ? layers[li - 1] : null;
      const input = prev ? prev.a : x;
      const inOffset = prev ? 0 : xOffset;
      const n = l.inSize;
      const m = l.outSize;
      const { W, b, delta } = l;
      const pd = prev ? prev.delta : null;
      // Row k of W is read for the delta passed down, then updated: one pass over the weights.
      for (let kk = 0; kk < n; kk++) {
        const xk = input[inOffset + kk];
        const wo = kk * m;
        if (pd) {
          let s = 0;
          for (let j = 0; j < m; j++) s += delta[j] * W[wo + j];
          pd[kk] = s;
        }
        for (let j = 0; j < m; j++) W[wo + j] -= lr * (xk * delta[j]);
      }
      if (prev && pd) backpropActivation(prev.activation, prev.z, prev.a, pd, n, n, prev.slope);
      for (let j = 0; j < m; j++) b[j] -= lr * delta[j];
    }
  }

  /**
   * Forward pass, loss and plain-SGD update on one sample (row `xOffset` of x, in values);
   * returns the sample's loss, and leaves the weights alone when it is not finite. The same
   * numbers as `forward` + `lossSum` + `sgdSampleStep`, in WebAssembly where it can.
   */
  sgdSample(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, lr: number): number {
    const kernel = this.kernel;
    if (!kernel) {
      this.forward(x, xOffset, 1);
      const loss = this.lossSum(y, yOffset, 1);
      if (Number.isFinite(loss)) this.sgdSampleStep(x, xOffset, y, yOffset, lr);
      return loss;
    }
    const layers = this.layers;
    const last = layers.length - 1;
    // The step works in the kernel's first row, which the layers' buffers must be (a pass too
    // large for the kernel may have moved them).
    if (!this.lastPass.inKernel) this.selectRows(1);
    this.lastPass.rows = 1;
    this.lastPass.inKernel = true;
    for (let k = 0; k < this.inputSize; k++) kernel.x[k] = x[xOffset + k];
    for (let i = 0; i <= last; i++) {
      const l = layers[i];
      kernel.forward(i, l.activation === 'sigmoid');
      if (l.activation !== 'sigmoid') activate(l.activation, l.z, l.a, l.outSize, l.outSize, l.slope);
    }
    let loss = 0; // summed as lossSum sums, so the two paths agree to the bit
    loss += sampleLoss(this.loss, this.output.a, 0, y, yOffset, this.outputSize);
    if (!Number.isFinite(loss)) return loss;
    this.outputDelta(y, yOffset, 1);
    for (let i = last; i >= 0; i--) {
      const below = i > 0 ? layers[i - 1] : null;
      kernel.sgd(i, lr, below === null ? 'none' : below.activation === 'sigmoid' ? 'sigmoid' : 'sum');
      if (below && below.activation !== 'sigmoid') backpropActivation(below.activation, below.z, below.a, below.delta, below.outSize, below.outSize, below.slope);
    }
    return loss;
  }

  /** Outputs for `count` rows of inputs, in chunks so buffers stay small. */
  predict(inputs: Float64Array, count: number): Float64Array {
    const out = new Float64Array(count * this.outputSize);
    const chunk = ROW_CHUNK;
    for (let start = 0; start < count; start += chunk) {
      const rows = Math.min(chunk, count - start);
      const a = this.forward(inputs, start * this.inputSize, rows);
      out.set(a.subarray(0, rows * this.outputSize), start * this.outputSize);
    }
    return out;
  }

  /** Copies of every layer's weights and biases. */
  getParameters(): LayerParameters[] {
    return this.layers.map((l) => ({ W: l.W.slice(), b: l.b.slice() }));
  }

  setParameters(params: LayerParameters[]): void {
    if (params.length !== this.layers.length) {
      throw new Error(`Expected weights for ${this.layers.length} layers, got ${params.length}`);
    }
    params.forEach((p, i) => {
      const l = this.layers[i];
      if (p.W.length !== l.W.length || p.b.length !== l.b.length) {
        throw new Error(
          `Layer ${i + 1} expects ${l.inSize}×${l.outSize} weights and ${l.outSize} biases, got ${p.W.length} and ${p.b.length}`,
        );
      }
      l.W.set(p.W);
      l.b.set(p.b);
    });
  }
}
