/** How the worked-example sheet and its notebook print numbers, so the two print the same text. */

/**
 * `v` to 6 significant digits exactly as Python's `format(v, '.6g')` prints it (fixed point for
 * exponents −4 to 5, else `1.5e-07`; trailing zeros dropped), so the notebook's printout reads as
 * the Markdown's cells. (On an exact decimal tie, which only a double with 7 significant digits
 * that is a sum of powers of two can be, JS rounds up and Python to even.)
 */
export function g6(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, exponentText] = v.toExponential(5).split('e');
  const exponent = Number(exponentText);
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${strip(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return strip(v.toFixed(5 - exponent));
}

/** Every digit: the shortest decimal that reads back as the same double. */
export const full = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
