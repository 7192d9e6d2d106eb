import type { Model } from './model';
import { ROW_CHUNK } from './network';
import type { Domain, PlaneSlice } from './slice';

export type { Domain };

/** A network evaluated over a resolution × resolution grid of the input plane (or of a slice). */
export interface GridEvaluation {
  resolution: number;
  domain: Domain;
  /**
   * Outputs, unit-major: unit u's map is `outputs[u·r² … (u+1)·r²)`. Within a map, cell (row, col)
   * is at `row·r + col`, row 0 the smallest y and col 0 the smallest x, sampled at cell centres.
   */
  outputs: Float64Array;
  /**
   * One unit-major array per hidden node (the plan's steps between Input and Output), laid out
   * like `outputs`: what each neuron "sees".
   */
  hidden: Float64Array[];
  /** For more than two inputs: the slice the grid spans (its axes, the values the others are held at). */
  slice?: PlaneSlice;
}

/**
 * The grid's rows of inputs: two inputs (x, y) per cell, or for a slice a full row per cell
 * with the slice's values and its two axes varying.
 */
export function gridInputs(domain: Domain, resolution: number, slice?: PlaneSlice): Float64Array {
  const r = resolution;
  const width = slice ? slice.values.length : 2;
  const [ax, ay] = slice ? slice.axes : [0, 1];
  const inputs = new Float64Array(r * r * width);
  if (slice) for (let i = 0; i < r * r; i++) inputs.set(slice.values, i * width);
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  for (let row = 0; row < r; row++) {
    const y = y0 + ((row + 0.5) / r) * (y1 - y0);
    for (let col = 0; col < r; col++) {
      const i = row * r + col;
      inputs[width * i + ax] = x0 + ((col + 0.5) / r) * (x1 - x0);
      inputs[width * i + ay] = y;
    }
  }
  return inputs;
}

/** Evaluates every node of a two-input network over the grid (or of a wider one over a slice); the caller owns the arrays. */
export function evaluateGrid(network: Model, domain: Domain, resolution: number, slice?: PlaneSlice): GridEvaluation {
  const width = slice ? slice.values.length : 2;
  if (network.inputSize !== width) {
    throw new Error(slice ? `A slice of ${width} inputs does not fit a network of ${network.inputSize}` : 'A decision grid needs a network with exactly 2 inputs, or a slice');
  }
  const cells = resolution * resolution;
  const inputs = gridInputs(domain, resolution, slice);
  const widths = [...network.hiddenWidths, network.outputSize];
  const maps = widths.map((w) => new Float64Array(cells * w));
  const chunk = ROW_CHUNK;
  for (let start = 0; start < cells; start += chunk) {
    const rows = Math.min(chunk, cells - start);
    const out = network.forward(inputs, start * width, rows);
    const layers = [...network.hiddenOutputs(), out];
    layers.forEach((a, li) => {
      const m = widths[li];
      const map = maps[li];
      for (let r = 0; r < rows; r++) for (let u = 0; u < m; u++) map[u * cells + start + r] = a[r * m + u];
    });
  }
  const grid: GridEvaluation = { resolution, domain, outputs: maps[maps.length - 1], hidden: maps.slice(0, -1) };
  if (slice) grid.slice = { axes: [slice.axes[0], slice.axes[1]], values: slice.values.slice() };
  return grid;
}
