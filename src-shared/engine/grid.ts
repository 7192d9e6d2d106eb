import type { Model } from './model';
import { ROW_CHUNK } from './network';

export interface Domain {
  x: [number, number];
  y: [number, number];
}

/** A network evaluated over a resolution × resolution grid of the input plane. */
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
}

export function gridInputs(domain: Domain, resolution: number): Float64Array {
  const r = resolution;
  const inputs = new Float64Array(r * r * 2);
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  for (let row = 0; row < r; row++) {
    const y = y0 + ((row + 0.5) / r) * (y1 - y0);
    for (let col = 0; col < r; col++) {
      const i = row * r + col;
      inputs[2 * i] = x0 + ((col + 0.5) / r) * (x1 - x0);
      inputs[2 * i + 1] = y;
    }
  }
  return inputs;
}

/** Evaluates every node of a two-input network over the grid; the caller owns the arrays. */
export function evaluateGrid(network: Model, domain: Domain, resolution: number): GridEvaluation {
  if (network.inputSize !== 2) throw new Error('A decision grid needs a network with exactly 2 inputs');
  const cells = resolution * resolution;
  const inputs = gridInputs(domain, resolution);
  const widths = [...network.hiddenWidths, network.outputSize];
  const maps = widths.map((w) => new Float64Array(cells * w));
  const chunk = ROW_CHUNK;
  for (let start = 0; start < cells; start += chunk) {
    const rows = Math.min(chunk, cells - start);
    const out = network.forward(inputs, start * 2, rows);
    const layers = [...network.hiddenOutputs(), out];
    layers.forEach((a, li) => {
      const m = widths[li];
      const map = maps[li];
      for (let r = 0; r < rows; r++) for (let u = 0; u < m; u++) map[u * cells + start + r] = a[r * m + u];
    });
  }
  return { resolution, domain, outputs: maps[maps.length - 1], hidden: maps.slice(0, -1) };
}
