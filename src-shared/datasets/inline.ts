/** Rows of numbers kept in the experiment file itself: inputs and targets, row by row. */
import { comment, py } from '../export/quote';
import { MAX_SAMPLES } from './common';
import { defineDataset, type Dataset } from './types';
import { MAX_UNITS } from '../layers/limits';

/** Data given row by row (from an experiment file); every row must have the same width. */
export function inlineData(name: string, rowsIn: number[][], rowsOut: number[][]): Dataset {
  if (rowsIn.length === 0 || rowsIn.length !== rowsOut.length) {
    throw new Error(`Inline data needs the same number of input and target rows, at least one (got ${rowsIn.length} and ${rowsOut.length})`);
  }
  const inputSize = rowsIn[0].length;
  const outputSize = rowsOut[0].length;
  if (rowsIn.some((r) => r.length !== inputSize) || rowsOut.some((r) => r.length !== outputSize)) {
    throw new Error('Inline data rows must all have the same width');
  }
  const binary = rowsOut.every((r) => r.every((v) => v === 0 || v === 1));
  return {
    name,
    inputSize,
    outputSize,
    count: rowsIn.length,
    inputs: Float64Array.from(rowsIn.flat()),
    targets: Float64Array.from(rowsOut.flat()),
    kind: binary ? 'classification' : 'regression',
    display: 'table',
    domain: inputSize === 2 ? boundsOf(rowsIn) : undefined,
  };
}

function boundsOf(rows: number[][]): { x: [number, number]; y: [number, number] } {
  const pad = (lo: number, hi: number): [number, number] => {
    const m = (hi - lo) * 0.15 || 0.5;
    return [lo - m, hi + m];
  };
  const xs = rows.map((r) => r[0]);
  const ys = rows.map((r) => r[1]);
  return { x: pad(Math.min(...xs), Math.max(...xs)), y: pad(Math.min(...ys), Math.max(...ys)) };
}

const pyList = (rows: number[][]): string => `[${rows.map((r) => `[${r.map((v) => py(v)).join(', ')}]`).join(', ')}]`;

export const inline = defineDataset<'inline', { name?: string; inputs: number[][]; targets: number[][] }>({
  id: 'inline',
  label: 'Custom data',
  fields: {
    name: { type: 'text', label: 'Name', max: 200, optional: true },
    inputs: { type: 'rows', label: 'input rows', maxRows: MAX_SAMPLES, maxWidth: MAX_UNITS },
    targets: { type: 'rows', label: 'target rows', maxRows: MAX_SAMPLES, maxWidth: MAX_UNITS },
  },
  defaults: { inputs: [[0, 0]], targets: [[0]] },
  // Two columns are as good as a plane to draw the boundary over.
  plane: false,
  name: (p) => p.name ?? 'Custom data',
  samples: (p) => p.inputs.length,
  shape: (p) => ({ inputs: p.inputs[0]?.length ?? 0, outputs: p.targets[0]?.length ?? 0 }),
  build: (p) => inlineData(p.name ?? 'Custom data', p.inputs, p.targets),
  python: (p) => [comment(`Training data: ${p.name ?? 'custom'}`), `X = np.array(${pyList(p.inputs)})`, `y = np.array(${pyList(p.targets)})`, "DISPLAY = 'table'"],
  describe: (p) => `(${p.inputs.length} rows inline)`,
});
