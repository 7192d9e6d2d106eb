/** Colour tables built once, on first use (they need a DOM). */
import { interpolateRgbBasis } from 'd3';
import { colorTable, outputInterpolator, weightInterpolator, type ColorTable } from './scales';

/**
 * Network outputs and activations as two classes: orange for 0, blue for 1, white at the 0.5
 * boundary, so the decision boundary is where the colour fades out.
 */
export const classInterpolator = interpolateRgbBasis(['#e8710a', '#f5b971', '#f7f7f7', '#7fb2ec', '#1a62c7']);

const cache = new Map<string, ColorTable>();
function cached(key: string, make: () => ColorTable): ColorTable {
  let t = cache.get(key);
  if (!t) cache.set(key, (t = make()));
  return t;
}

export const weightTable = (): ColorTable => cached('weight', () => colorTable(weightInterpolator));
export const classTable = (): ColorTable => cached('class', () => colorTable(classInterpolator));
export const sequentialTable = (): ColorTable => cached('sequential', () => colorTable(outputInterpolator));
