/** Paints value grids into canvases through a colour table: one pixel per cell, scaled up by drawImage. */
import type { ColorTable } from './scales';

export interface CellGrid {
  /** Row-major values; row 0 is drawn at the bottom when `flipY` (plots with y up). */
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  offset?: number;
}

/**
 * Fills `target` with the grid, each cell a flat-coloured block. Values map to [0, 1] by `toUnit`;
 * non-finite values are drawn in `nanColor` so a diverged map never shows stale colours.
 */
export function paintGrid(
  target: HTMLCanvasElement,
  grid: CellGrid,
  table: ColorTable,
  toUnit: (v: number) => number,
  options: {
    flipY?: boolean;
    smooth?: boolean;
    nanColor?: [number, number, number];
    /** Paint into this rectangle (canvas pixels) and leave the rest; default: the whole canvas. */
    into?: { x: number; y: number; width: number; height: number };
  } = {},
): void {
  const { rows, cols, values } = grid;
  const offset = grid.offset ?? 0;
  const scratch = cellCanvas(cols, rows);
  const ctx = target.getContext('2d');
  if (!scratch || !ctx) return;
  const { canvas: cells, context: cctx, image, pixels } = scratch;
  // One 32-bit write per cell, in the platform's byte order (little-endian everywhere we run).
  const nan = options.nanColor ?? [160, 160, 160];
  const nanPixel = packRgb(nan[0], nan[1], nan[2]);
  for (let r = 0; r < rows; r++) {
    const rowStart = (options.flipY ? rows - 1 - r : r) * cols;
    for (let c = 0; c < cols; c++) {
      const v = values[offset + r * cols + c];
      if (Number.isFinite(v)) {
        const k = Math.round(Math.min(1, Math.max(0, toUnit(v))) * 255) * 3;
        pixels[rowStart + c] = packRgb(table[k], table[k + 1], table[k + 2]);
      } else {
        pixels[rowStart + c] = nanPixel;
      }
    }
  }
  cctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = options.smooth ?? false;
  const into = options.into ?? { x: 0, y: 0, width: target.width, height: target.height };
  if (!options.into) ctx.clearRect(0, 0, target.width, target.height);
  ctx.drawImage(cells, into.x, into.y, into.width, into.height);
}

const packRgb = (r: number, g: number, b: number): number => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;

interface Scratch {
  canvas: HTMLCanvasElement;
  context: CanvasRenderingContext2D;
  image: ImageData;
  pixels: Uint32Array;
}

// One scratch canvas and image per size: allocating them per frame would churn the GC at 60 fps.
const scratches = new Map<string, Scratch>();
function cellCanvas(width: number, height: number): Scratch | null {
  const key = `${width}x${height}`;
  let s = scratches.get(key);
  if (!s) {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return null;
    const image = context.createImageData(width, height);
    s = { canvas, context, image, pixels: new Uint32Array(image.data.buffer) };
    if (scratches.size > 32) scratches.clear();
    scratches.set(key, s);
  }
  return s;
}

/** Sizes a canvas's backing store for the device pixel ratio; returns whether it changed. */
export function fitCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): boolean {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const h = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width === w && canvas.height === h) return false;
  canvas.width = w;
  canvas.height = h;
  return true;
}
