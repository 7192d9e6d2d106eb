/**
 * A connection line's colour and thickness for its weight. The light theme uses the heatmaps'
 * scale (blue positive, red negative, white at 0). On the dark canvas that scale puts the
 * strongest weights in its darkest colours, nearly invisible, so there a weight runs from the
 * canvas's neutral line colour at 0 to a bright blue or red at the largest |w|, along a square
 * root, so that middling weights stay readable too.
 */
import { interpolateLab } from 'd3';
import type { Theme } from '../store/view';
import { weightScale } from '../viz/scales';

/** The dark theme's `--edge` and bright versions of the heatmaps' two hues. */
const DARK_NEUTRAL = '#5b6577';
const DARK_POSITIVE = '#8cc4ff';
const DARK_NEGATIVE = '#ff8a7a';

/** Steps each side: indistinguishable by eye, and the thousands of lines of a run share them. */
const STEPS = 64;

export function weightStroke(theme: Theme, maxAbs: number): (w: number) => { color: string; width: number } {
  const m = maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs : 1;
  const light = weightScale(m);
  const positive = interpolateLab(DARK_NEUTRAL, DARK_POSITIVE);
  const negative = interpolateLab(DARK_NEUTRAL, DARK_NEGATIVE);
  const cache = new Map<number, string>();
  const color = (w: number): string => {
    const key = Math.round((Math.max(-m, Math.min(m, w)) / m) * STEPS);
    let c = cache.get(key);
    if (c === undefined) {
      const t = key / STEPS;
      c = theme === 'dark' ? (t >= 0 ? positive : negative)(Math.sqrt(Math.abs(t))) : light(t * m);
      cache.set(key, c);
    }
    return c;
  };
  return (w) => ({ color: color(w), width: 0.6 + 3.4 * Math.min(1, Math.abs(w) / m) });
}
