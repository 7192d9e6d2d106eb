/**
 * A connection line's colour and thickness for its weight. The light theme uses the heatmaps'
 * scale (blue positive, red negative, white at 0); on the dark canvas that scale puts the
 * strongest weights in its darkest colours, nearly invisible, so there each colour's lightness
 * is mirrored (CIELAB L → 100 − L): the same hues, strong weights bright, weak ones fading out.
 */
import { lab } from 'd3';
import type { Theme } from '../store/view';
import { weightScale } from '../viz/scales';

export function weightStroke(theme: Theme, maxAbs: number): (w: number) => { color: string; width: number } {
  const scale = weightScale(maxAbs);
  const m = maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs : 1;
  const cache = new Map<number, string>();
  const color = (w: number): string => {
    // 64 steps each side: indistinguishable by eye, and a few thousand lines share them.
    const key = Math.round((Math.max(-m, Math.min(m, w)) / m) * 64);
    let c = cache.get(key);
    if (c === undefined) {
      const base = scale((key / 64) * m);
      if (theme === 'dark') {
        const l = lab(base);
        l.l = 100 - l.l;
        c = l.formatRgb();
      } else {
        c = base;
      }
      cache.set(key, c);
    }
    return c;
  };
  return (w) => ({ color: color(w), width: 0.6 + 3.4 * Math.min(1, Math.abs(w) / m) });
}
