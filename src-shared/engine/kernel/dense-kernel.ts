/**
 * The per-sample hot loop in WebAssembly: one memory holds every layer's weights and one row of
 * working values, and the two loops that cost the most — a layer's forward sums and its SGD
 * update — run in dense.wat, two neurons at a time, and so does the sigmoid (with the same e^x
 * as exp.ts). Everything else (other activations, losses) stays in JS and works on views of the
 * same memory, so there is one definition of each.
 *
 * The results are bit-for-bit the JS engine's (tested); where WebAssembly is missing or not
 * allowed (a page whose CSP forbids compiling it), `create` returns null and the JS path runs.
 */
import { DENSE_WASM } from './dense-wasm.generated';

interface DenseExports {
  forward(x: number, W: number, b: number, z: number, n: number, m: number, a: number, sigmoid: number): void;
  exp(x: number): number;
  sgd(x: number, d: number, W: number, b: number, pd: number, n: number, m: number, lr: number, down: number): void;
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

export interface KernelLayer {
  W: Float64Array;
  b: Float64Array;
  /** One row of z, a and dL/dz. */
  z: Float64Array;
  a: Float64Array;
  delta: Float64Array;
}

/** Where one layer's arrays sit in the kernel's memory (byte offsets), and its sizes. */
interface Frame {
  input: number;
  W: number;
  b: number;
  z: number;
  a: number;
  delta: number;
  /** The previous layer's delta, which this layer's SGD step writes into (0 for the first). */
  below: number;
  n: number;
  m: number;
}

const SUM_MODE = { none: 0, sum: 1, sigmoid: 2 } as const;

export class DenseKernel {
  /** One input row: the sample is copied here before each step. */
  readonly x: Float64Array;
  readonly layers: KernelLayer[];

  private constructor(
    private readonly exports: DenseExports,
    private readonly frames: Frame[],
    memory: WebAssembly.Memory,
  ) {
    const view = (offset: number, length: number): Float64Array => new Float64Array(memory.buffer, offset, length);
    this.x = view(frames[0].input, frames[0].n);
    this.layers = frames.map((f) => ({ W: view(f.W, f.n * f.m), b: view(f.b, f.m), z: view(f.z, f.m), a: view(f.a, f.m), delta: view(f.delta, f.m) }));
  }

  /** A kernel for a stack of dense layers, or null where WebAssembly cannot run here. */
  static create(sizes: readonly { inSize: number; outSize: number }[]): DenseKernel | null {
    const module = kernelModule();
    if (!module || sizes.length === 0) return null;
    // Each array starts 16-byte aligned (rows of W inside an odd-width layer are not).
    let end = 0;
    const place = (values: number): number => {
      const offset = end;
      end += Math.ceil((values * 8) / 16) * 16;
      return offset;
    };
    let input = place(sizes[0].inSize);
    let below = 0;
    const frames = sizes.map(({ inSize: n, outSize: m }): Frame => {
      const f = { input, W: place(n * m), b: place(m), z: place(m), a: place(m), delta: place(m), below, n, m };
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
      return new DenseKernel(instance.exports as unknown as DenseExports, frames, memory);
    } catch {
      return null; // out of memory for a huge network: the JS path needs none of this
    }
  }

  /**
   * z = x·W + b for layer `i`, from the kernel's input row or the previous layer's a; with
   * `sigmoid`, also a = sigmoid(z) (otherwise the caller applies the activation).
   */
  forward(i: number, sigmoid: boolean): void {
    const f = this.frames[i];
    this.exports.forward(f.input, f.W, f.b, f.z, f.n, f.m, f.a, sigmoid ? 1 : 0);
  }

  /**
   * The SGD step of layer `i` from its delta, passing Σ_j delta[j]·W[k,j] (with the weights
   * before the update) down to the previous layer's delta: as is (`sum`, the caller applies the
   * activation's slope), already times a sigmoid's slope (`sigmoid`), or not at all (`none`).
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
