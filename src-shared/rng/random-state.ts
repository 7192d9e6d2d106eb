/**
 * A port of NumPy's legacy `np.random.RandomState` (MT19937), so that a design trained here draws
 * exactly the numbers the post's NumPy code draws: `np.random.seed(s)`, `randn`, `randint`,
 * `permutation`. Every algorithm below follows numpy/random/src (mt19937.c, legacy-distributions.c,
 * distributions.c) step by step; `test/unit/rng.test.ts` checks them against NumPy's own output.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  /** The legacy polar method makes normals in pairs and keeps the second for the next call. */
  private hasGauss = false;
  private gauss = 0;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** `np.random.seed(int)`: Knuth's initialisation, as `mt19937_seed` does it. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Seed must be a whole number from 0 to 4294967295, got ${seed}`);
    }
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.mt[i] = s;
      // 1812433253 * (s ^ (s >>> 30)) + i + 1, modulo 2^32 (Math.imul keeps it exact).
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.pos = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** The first words of the generator's state, for tests against NumPy's `get_state()`. */
  stateHead(count: number): number[] {
    return Array.from(this.mt.subarray(0, count));
  }

  private generate(): void {
    const mt = this.mt;
    let i = 0;
    let y: number;
    for (; i < N - M; i++) {
      y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
      mt[i] = mt[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
      mt[i] = mt[i + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /** One raw 32-bit output, tempered. */
  nextUint32(): number {
    if (this.pos >= N) this.generate();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random_sample()`: 53 random bits from two words, in [0, 1). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** Draws and drops `count` values of `random_sample()`: where a resumed run's stream stood. */
  skipSamples(count: number): void {
    for (let i = 0; i < 2 * count; i++) this.nextUint32();
  }

  /** One standard normal, by the legacy polar (Marsaglia) method with its cached second value. */
  gaussian(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `randn(d0, d1, ...)`: normals filled in C (row-major) order. */
  randn(...shape: number[]): Float64Array {
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.gaussian();
    return out;
  }

  /** `randint(low, high)` for the default int64 dtype: masked rejection sampling on 32-bit words. */
  randint(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new RangeError(`randint needs whole numbers with low < high, got ${low}, ${high}`);
    }
    const range = high - 1 - low;
    if (range > 0xffffffff) throw new RangeError('randint ranges above 2^32 are not supported');
    return low + this.boundedUint32(range);
  }

  /** `randint(low, high, size)`. */
  randints(low: number, high: number, size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.randint(low, high);
    return out;
  }

  /** `permutation(n)`: `arange(n)` shuffled by Fisher–Yates from the top, as legacy `shuffle` does. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.boundedUint32(i);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** A uniform integer in [0, max] by masking to the next power of two and rejecting (`random_interval`). */
  private boundedUint32(max: number): number {
    if (max === 0) return 0;
    if (max === 0xffffffff) return this.nextUint32();
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }
}
