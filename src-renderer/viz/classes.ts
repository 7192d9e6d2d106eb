/**
 * Classes on the input plane: one hue per class (orange and blue first, as the two-class view
 * has always drawn them), lightness by how sure the network is, and the lines where the winning
 * class changes.
 */
import { contours, geoIdentity, geoPath } from 'd3';
import { classOf } from '../../src-shared/engine/metrics';
import type { DatasetInfo } from '../../src-shared/protocol/engine';

/** Orange, blue, green, purple, red: distinct in both themes and for the commonest colour blindness (the first two). */
export const CLASS_COLORS = ['#e8710a', '#1a62c7', '#2e9e44', '#8e44c4', '#d0343c'] as const;
const RGB = CLASS_COLORS.map((hex) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)] as const);

export const classColor = (c: number): string => CLASS_COLORS[c % CLASS_COLORS.length];

/** A class as a sentence names it: a table's category ("versicolor"), else "class 2" (a drawing's classes are numbers too). */
export function classLabel(names: readonly string[] | undefined, c: number): string {
  const name = names?.[c];
  return name === undefined || /^\d+$/.test(name) ? `class ${name ?? c}` : name;
}

/** Classes a classifier's outputs stand for: one output is two classes (0 below 0.5, 1 above). */
export function classCountOf(dataset: Pick<DatasetInfo, 'kind' | 'classes' | 'outputSize'>): number | null {
  if (dataset.kind !== 'classification') return null;
  return dataset.classes ?? (dataset.outputSize === 1 ? 2 : dataset.outputSize);
}

/** The class of training point `i`. */
export const pointClass = (dataset: DatasetInfo, i: number): number => classOf(dataset.targets, i, dataset.outputSize);

/**
 * The winning class and how sure the network is at every cell of a unit-major grid of `k`
 * outputs: confidence 0 at a tie of all classes (p = 1/k), 1 when one class has it all.
 */
export function winners(outputs: ArrayLike<number>, k: number, cells: number): { winner: Uint8Array; confidence: Float32Array } {
  const winner = new Uint8Array(cells);
  const confidence = new Float32Array(cells);
  for (let i = 0; i < cells; i++) {
    let best = 0;
    let top = outputs[i];
    for (let c = 1; c < k; c++) {
      const v = outputs[c * cells + i];
      if (v > top) {
        top = v;
        best = c;
      }
    }
    winner[i] = best;
    confidence[i] = Number.isFinite(top) ? Math.max(0, Math.min(1, (top - 1 / k) / (1 - 1 / k))) : 0;
  }
  return { winner, confidence };
}

/** Paints the winning class per cell: its hue, mixed with white as confidence falls (row 0 at the bottom). */
export function paintClasses(target: HTMLCanvasElement, outputs: ArrayLike<number>, k: number, resolution: number): void {
  const r = resolution;
  const cells = r * r;
  const { winner, confidence } = winners(outputs, k, cells);
  const ctx = target.getContext('2d');
  const scratch = scratchOf(r);
  if (!ctx || !scratch) return;
  const { canvas, context: sctx, image } = scratch;
  const px = image.data;
  for (let row = 0; row < r; row++) {
    const y = r - 1 - row;
    for (let col = 0; col < r; col++) {
      const i = row * r + col;
      const [cr, cg, cb] = RGB[winner[i] % RGB.length];
      // A pale wash where the network is unsure, the full hue where it is sure.
      const t = 0.18 + 0.82 * confidence[i];
      const o = (y * r + col) * 4;
      px[o] = Math.round(247 + (cr - 247) * t);
      px[o + 1] = Math.round(247 + (cg - 247) * t);
      px[o + 2] = Math.round(247 + (cb - 247) * t);
      px[o + 3] = 255;
    }
  }
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.clearRect(0, 0, target.width, target.height);
  ctx.drawImage(canvas, 0, 0, target.width, target.height);
}

// One scratch canvas per grid size: a new one per frame would churn the GC at 60 frames a second.
let scratch: { r: number; canvas: HTMLCanvasElement; context: CanvasRenderingContext2D; image: ImageData } | null = null;
function scratchOf(r: number): typeof scratch {
  if (scratch?.r === r) return scratch;
  const canvas = document.createElement('canvas');
  canvas.width = r;
  canvas.height = r;
  const context = canvas.getContext('2d');
  if (!context) return null;
  scratch = { r, canvas, context, image: context.createImageData(r, r) };
  return scratch;
}

/**
 * SVG paths where the winning class changes: for each class, the zero line of its lead over the
 * best other class. Padded by one replicated cell (as `contourPath`) so region edges along the
 * plot's border fall outside it, to be clipped away.
 */
export function classBoundaries(outputs: ArrayLike<number>, k: number, resolution: number, size: number): string[] {
  const r = resolution;
  const cells = r * r;
  const p = r + 2;
  const scale = size / r;
  const path = geoPath(geoIdentity().reflectY(true).scale(scale).translate([-scale, size + scale]));
  const paths: string[] = [];
  const lead = new Array<number>(p * p);
  for (let c = 0; c < k; c++) {
    for (let row = 0; row < p; row++) {
      const sr = Math.min(r - 1, Math.max(0, row - 1));
      for (let col = 0; col < p; col++) {
        const i = sr * r + Math.min(r - 1, Math.max(0, col - 1));
        let other = -Infinity;
        for (let d = 0; d < k; d++) if (d !== c) other = Math.max(other, outputs[d * cells + i]);
        const v = outputs[c * cells + i] - other;
        lead[row * p + col] = Number.isFinite(v) ? v : -1;
      }
    }
    for (const polygon of contours().size([p, p]).thresholds([0])(lead)) paths.push(path(polygon) ?? '');
  }
  return paths;
}
