/**
 * e^x, computed the same way everywhere.
 *
 * Why not Math.exp: its last bit differs between JS engines and versions (V8 used fdlibm, newer
 * V8 uses LLVM's libc), and training turns such one-ulp differences into different weights after
 * thousands of steps. With one definition — this one, and the same steps in kernel/dense.wat —
 * a run gives the same bits in Node, Electron and every browser, in JS and in WebAssembly.
 *
 * The method is fdlibm's (Sun Microsystems, 1993; freely redistributable): write
 * x = k·ln2 + r with |r| ≤ ln2/2, approximate e^r by a degree-5 rational fit, scale by 2^k.
 * Error below 1 ulp; bit-for-bit what Math.exp gives in Node 20 (tested).
 */

const O_THRESHOLD = 7.09782712893383973096e2; // above: overflows to Infinity
const U_THRESHOLD = -7.45133219101941108420e2; // below: underflows to 0
const LN2_HI = 6.93147180369123816490e-1; // ln 2 in two parts; k·LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.4426950408889634;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const E = 2.718281828459045;
const TWO_1023 = 8.98846567431158e307;
const TWO_M1000 = 9.332636185032189e-302;

/** The double whose high 32 bits are `high` and low bits 0 (fdlibm tests |x| by its high word). */
function fromHighWord(high: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, high);
  return v.getFloat64(0);
}
// For |x| not NaN, "high word of |x| ≥ H" is "|x| ≥ fromHighWord(H)": plain comparisons, no bit casts.
const BIG = fromHighWord(0x40862e42); // 709.78…
const HALF_LN2 = fromHighWord(0x3fd62e43); // just above 0.5·ln2
const ONE_AND_HALF_LN2 = fromHighWord(0x3ff0a2b2);
const TINY = fromHighWord(0x3e300000); // 2^-28

/** 2^k for -1022 < k ≤ 1023, exact. */
const POW2 = new Float64Array(2046);
for (let k = -1022; k <= 1023; k++) POW2[k + 1022] = fromHighWord((0x3ff + k) << 20 >>> 0);

export function exp(x: number): number {
  const negative = x < 0;
  const ax = negative ? -x : x;

  if (!(ax < BIG)) {
    // |x| ≥ 709.78: NaN, ±Infinity, or a result out of range.
    if (x !== x) return x;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }

  // Reduce: x = k·ln2 + (hi - lo).
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= HALF_LN2) {
    if (ax < ONE_AND_HALF_LN2) {
      // 0.5·ln2 < |x| < 1.5·ln2: k = ±1.
      if (x === 1) return E; // the general path gets e's last bit wrong
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0; // rounds to the nearest k (truncates, as C's int cast)
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < TINY) {
    return 1 + x;
  }

  // e^r ≈ 1 + r + r·c / (2 - c), with c = r - r²·P(r²).
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * TWO_1023 : y * POW2[k + 1022];
  return y * POW2[k + 1000 + 1022] * TWO_M1000;
}
