/** Colour scales shared by every plot, so a weight or an output reads the same everywhere. */
import { interpolateRdBu, interpolateViridis, scaleDiverging, scaleSequential } from 'd3';

/** A 256-entry RGB lookup table: painting thousands of cells per frame cannot call d3 per cell. */
export type ColorTable = Uint8ClampedArray;

export function colorTable(interpolate: (t: number) => string): ColorTable {
  const table = new Uint8ClampedArray(256 * 3);
  const probe = document.createElement('canvas').getContext('2d');
  for (let i = 0; i < 256; i++) {
    const rgb = parseColor(interpolate(i / 255), probe);
    table.set(rgb, i * 3);
  }
  return table;
}

/** d3 interpolators return "rgb(r, g, b)" strings; other forms go through a canvas to be safe. */
function parseColor(color: string, probe: CanvasRenderingContext2D | null): [number, number, number] {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  if (probe) {
    probe.fillStyle = color;
    const hex = /^#([0-9a-f]{6})$/i.exec(probe.fillStyle);
    if (hex) {
      const v = parseInt(hex[1], 16);
      return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    }
  }
  return [128, 128, 128];
}

/**
 * Weights: blue for positive, red for negative, white at 0 (RdBu reads red→blue, low→high).
 * Symmetric around 0 so the same colour means the same magnitude on both sides.
 */
export const weightInterpolator = interpolateRdBu;
/** Network outputs in [0, 1]: perceptually even and readable in both themes. */
export const outputInterpolator = interpolateViridis;

export function weightScale(maxAbs: number) {
  const m = maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs : 1;
  return scaleDiverging(weightInterpolator).domain([-m, 0, m]).clamp(true);
}

export function outputScale(domain: [number, number] = [0, 1]) {
  return scaleSequential(outputInterpolator).domain(domain).clamp(true);
}

/** Largest absolute finite value, for symmetric scales; 0 when there is none. */
export function maxAbs(...arrays: ArrayLike<number>[]): number {
  let m = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = Math.abs(a[i]);
      if (v > m && Number.isFinite(v)) m = v;
    }
  }
  return m;
}

/** Nice symmetric bound for a weight legend: stops the scale from jittering every frame. */
export function niceBound(m: number): number {
  if (!(m > 0) || !Number.isFinite(m)) return 1;
  const step = 10 ** Math.floor(Math.log10(m));
  for (const k of [1, 1.5, 2, 3, 4, 5, 6, 8, 10]) if (k * step >= m) return k * step;
  return 10 * step;
}
