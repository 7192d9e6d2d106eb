import { describe, expect, it } from 'vitest';
import { contourPath } from '../../src-renderer/viz/DecisionBoundary';
import { decimateForPixels } from '../../src-renderer/viz/LossCurve';

/** The x coordinates of every point in an SVG path made of M/L commands. */
function points(d: string): [number, number][] {
  return [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('contourPath', () => {
  it('puts the 0.5 line of a left-to-right ramp at the middle of the plot', () => {
    const r = 20;
    const values = new Float64Array(r * r);
    for (let row = 0; row < r; row++) for (let col = 0; col < r; col++) values[row * r + col] = (col + 0.5) / r;
    const [d] = contourPath(values, r, 200, [0.5]);
    // Inside the plot (the padded border lies outside [0, 200] and is clipped by the caller).
    const inside = points(d).filter(([x, y]) => x > 0 && x < 200 && y > 0 && y < 200);
    expect(inside.length).toBeGreaterThan(5);
    for (const [x] of inside) expect(x).toBeCloseTo(100, 5);
  });

  it('flips y: a region at small y (row 0) is drawn at the bottom of the plot', () => {
    const r = 10;
    const values = new Float64Array(r * r);
    for (let row = 0; row < r; row++) for (let col = 0; col < r; col++) values[row * r + col] = row < 3 ? 1 : 0;
    const [d] = contourPath(values, r, 100, [0.5]);
    const inside = points(d).filter(([x, y]) => x > 0 && x < 100 && y > 0 && y < 100);
    for (const [, y] of inside) expect(y).toBeCloseTo(70, 5);
  });
});

describe('decimateForPixels', () => {
  it('keeps at most two points per pixel column, including each column\'s extremes', () => {
    const history = Array.from({ length: 10_000 }, (_, epoch) => ({ epoch, loss: epoch === 5000 ? 9 : 1 / (epoch + 1) }));
    const out = decimateForPixels(history, (e) => (e / 10_000) * 100);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.some((p) => p.loss === 9)).toBe(true);
    expect(out[0].epoch).toBe(0);
    expect(out.map((p) => p.epoch)).toEqual([...out.map((p) => p.epoch)].sort((a, b) => a - b));
  });
});
