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

/** An array of `length` float64 values in the kernel's memory, as a byte offset. */
interface Slot {
  offset: number;
  length: number;
}

export interface KernelLayer {
  W: Float64Array;
  b: Float64Array;
  /** One row of z, a and dL/dz. */
  z: Float64Array;
  a: Float64Array;
  delta: Float64Array;
}

export class DenseKernel {
  /** One input row: the sample is copied here before each step. */
  readonly x: Float64Array;
  readonly layers: KernelLayer[];

  private constructor(
    private readonly exports: DenseExports,
    private readonly sizes: readonly { inSize: number; outSize: number }[],
    private readonly slots: { x: Slot; W: Slot; b: Slot; z: Slot; a: Slot; delta: Slot }[],
    memory: WebAssembly.Memory,
  ) {
    const view = (s: Slot): Float64Array => new Float64Array(memory.buffer, s.offset, s.length);
    this.x = view(slots[0].x);
    this.layers = slots.map((s) => ({ W: view(s.W), b: view(s.b), z: view(s.z), a: view(s.a), delta: view(s.delta) }));
  }

  /** A kernel for a stack of dense layers, or null where WebAssembly cannot run here. */
  static create(sizes: readonly { inSize: number; outSize: number }[]): DenseKernel | null {
    const module = kernelModule();
    if (!module || sizes.length === 0) return null;
    // 16-byte aligned slots, so the two-lane loads never straddle a cache line needlessly.
    let end = 0;
    const slot = (length: number): Slot => {
      const s = { offset: end, length };
      end += Math.ceil((length * 8) / 16) * 16;
      return s;
    };
    const x = slot(sizes[0].inSize);
    const slots = sizes.map((l) => ({ x, W: slot(l.inSize * l.outSize), b: slot(l.outSize), z: slot(l.outSize), a: slot(l.outSize), delta: slot(l.outSize) }));
    const pages = Math.max(1, Math.ceil(end / PAGE));
    if (pages > MAX_PAGES) return null;
    try {
      // The memory never grows, so the views made once stay valid.
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      return new DenseKernel(instance.exports as unknown as DenseExports, sizes, slots, memory);
    } catch {
      return null; // out of memory for a huge network: the JS path needs none of this
    }
  }

  /**
   * z = x·W + b for layer `i`, from the kernel's input row or the previous layer's a; with
   * `sigmoid`, also a = sigmoid(z) (otherwise the caller applies the activation).
   */
  forward(i: number, sigmoid: boolean): void {
    const s = this.slots[i];
    const input = i === 0 ? s.x : this.slots[i - 1].a;
    const { inSize, outSize } = this.sizes[i];
    this.exports.forward(input.offset, s.W.offset, s.b.offset, s.z.offset, inSize, outSize, s.a.offset, sigmoid ? 1 : 0);
  }

  /** The kernel's e^x, for tests that hold it to exp.ts. */
  exp(x: number): number {
    return this.exports.exp(x);
  }

  /**
   * The SGD step of layer `i` from its delta; with `down`, the previous layer's delta receives
   * Σ_j delta[j]·W[k,j] (before the update), still to be multiplied by its activation's slope.
   */
  sgd(i: number, lr: number, down: boolean): void {
    const s = this.slots[i];
    const input = i === 0 ? s.x : this.slots[i - 1].a;
    const pd = down && i > 0 ? this.slots[i - 1].delta.offset : 0;
    const { inSize, outSize } = this.sizes[i];
    this.exports.sgd(input.offset, s.delta.offset, s.W.offset, s.b.offset, pd, inSize, outSize, lr, down && i > 0 ? 1 : 0);
  }
}
