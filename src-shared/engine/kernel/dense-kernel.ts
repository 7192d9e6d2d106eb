/**
 * The engine's hot loops in WebAssembly. One memory holds every layer's weights, gradients and
 * working rows (up to `capacity` rows at a time); the loops that cost the most — a layer's
 * forward sums, its gradient sums, what it passes down, and the per-sample SGD update — run in
 * dense.wat, two neurons at a time, and so does the sigmoid (with the same e^x as exp.ts).
 * Everything else (other activations, losses, optimizers) stays in JS and works on views of the
 * same memory, so there is one definition of each.
 *
 * The results are bit-for-bit the JS engine's (tested); where WebAssembly is missing or not
 * allowed (a page whose CSP forbids compiling it), `create` returns null and the JS path runs.
 * The module is compiled synchronously, which Chromium allows on a page's main thread only up to
 * 4 KB: the engine runs in a worker, and forward-only networks on the page skip the kernel.
 */
import { DENSE_WASM } from './dense-wasm.generated';

interface DenseExports {
  forward(x: number, W: number, b: number, z: number, n: number, m: number, a: number, sigmoid: number): void;
  forward_rows(x: number, W: number, b: number, z: number, n: number, m: number, a: number, sigmoid: number, rows: number): void;
  grad(x: number, d: number, gW: number, gb: number, n: number, m: number, rows: number, scale: number): void;
  down(d: number, W: number, pd: number, n: number, m: number, rows: number): void;
  sgd(x: number, d: number, W: number, b: number, pd: number, n: number, m: number, lr: number, down: number): void;
  exp(x: number): number;
}

const PAGE = 65536;
/** WebAssembly memory is at most 4 GiB; larger networks keep to the JS path. */
const MAX_PAGES = 65536;

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(DENSE_WASM);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** One layer's arrays in the kernel's memory; z, a and delta hold `capacity` rows. */
export interface KernelLayer {
  W: Float64Array;
  b: Float64Array;
  gW: Float64Array;
  gb: Float64Array;
  z: Float64Array;
  a: Float64Array;
  delta: Float64Array;
}

/** Where one layer's arrays sit in the kernel's memory (byte offsets), and its sizes. */
interface Frame {
  input: number;
  W: number;
  b: number;
  gW: number;
  gb: number;
  z: number;
  a: number;
  delta: number;
  /** The previous layer's delta, which this layer's backward step writes into (0 for the first). */
  below: number;
  n: number;
  m: number;
}

const SUM_MODE = { none: 0, sum: 1, sigmoid: 2 } as const;

export class DenseKernel {
  /** Input rows: a batch (or one sample) is copied here before a forward pass. */
  readonly x: Float64Array;
  readonly layers: KernelLayer[];

  private constructor(
    private readonly exports: DenseExports,
    private readonly frames: Frame[],
    readonly capacity: number,
    memory: WebAssembly.Memory,
  ) {
    const view = (offset: number, length: number): Float64Array => new Float64Array(memory.buffer, offset, length);
    this.x = view(frames[0].input, capacity * frames[0].n);
    this.layers = frames.map((f) => ({
      W: view(f.W, f.n * f.m),
      b: view(f.b, f.m),
      gW: view(f.gW, f.n * f.m),
      gb: view(f.gb, f.m),
      z: view(f.z, capacity * f.m),
      a: view(f.a, capacity * f.m),
      delta: view(f.delta, capacity * f.m),
    }));
  }

  /** A kernel for a stack of dense layers and batches of up to `capacity` rows, or null where WebAssembly cannot run here. */
  static create(sizes: readonly { inSize: number; outSize: number }[], capacity: number): DenseKernel | null {
    const module = kernelModule();
    if (!module || sizes.length === 0) return null;
    // Each array starts 16-byte aligned (rows of W inside an odd-width layer are not).
    let end = 0;
    const place = (values: number): number => {
      const offset = end;
      end += Math.ceil((values * 8) / 16) * 16;
      return offset;
    };
    let input = place(capacity * sizes[0].inSize);
    let below = 0;
    const frames = sizes.map(({ inSize: n, outSize: m }): Frame => {
      const W = place(n * m);
      const b = place(m);
      const f = { input, W, b, gW: place(n * m), gb: place(m), z: place(capacity * m), a: place(capacity * m), delta: place(capacity * m), below, n, m };
      input = f.a;
      below = f.delta;
      return f;
    });
    const pages = Math.max(1, Math.ceil(end / PAGE));
    if (pages > MAX_PAGES) return null;
    try {
      // The memory never grows, so the views made once stay valid.
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      return new DenseKernel(instance.exports as unknown as DenseExports, frames, capacity, memory);
    } catch {
      return null; // out of memory for a huge network: the JS path needs none of this
    }
  }

  /**
   * z = x·W + b for the first `rows` rows of layer `i`, from the kernel's input rows or the
   * previous layer's a; with `sigmoid`, also a = sigmoid(z) (otherwise the caller applies the
   * activation).
   */
  forward(i: number, sigmoid: boolean, rows = 1): void {
    const f = this.frames[i];
    if (rows === 1) this.exports.forward(f.input, f.W, f.b, f.z, f.n, f.m, f.a, sigmoid ? 1 : 0);
    else this.exports.forward_rows(f.input, f.W, f.b, f.z, f.n, f.m, f.a, sigmoid ? 1 : 0, rows);
  }

  /** Layer `i`'s gW and gb from its delta over `rows` rows, times `scale`. */
  grad(i: number, rows: number, scale: number): void {
    const f = this.frames[i];
    this.exports.grad(f.input, f.delta, f.gW, f.gb, f.n, f.m, rows, scale);
  }

  /** The previous layer's delta = this layer's delta @ W.T, over `rows` rows (its activation's slope still to apply). */
  down(i: number, rows: number): void {
    const f = this.frames[i];
    this.exports.down(f.delta, f.W, f.below, f.n, f.m, rows);
  }

  /**
   * The SGD step of layer `i` from its delta (row 0), passing Σ_j delta[j]·W[k,j] (with the
   * weights before the update) down to the previous layer's delta: as is (`sum`, the caller
   * applies the activation's slope), already times a sigmoid's slope (`sigmoid`), or not at all.
   */
  sgd(i: number, lr: number, down: keyof typeof SUM_MODE): void {
    const f = this.frames[i];
    this.exports.sgd(f.input, f.delta, f.W, f.b, f.below, f.n, f.m, lr, i === 0 ? 0 : SUM_MODE[down]);
  }

  /** The kernel's e^x, for tests that hold it to exp.ts. */
  exp(x: number): number {
    return this.exports.exp(x);
  }
}
