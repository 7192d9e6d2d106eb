/** The post's logic gates: four points of the unit square, one output. */
import { comment } from '../export/quote';
import { defineDataset } from './types';
import { pythonLabels } from './common';

const TARGETS = { and: [0, 0, 0, 1], or: [0, 1, 1, 1], nand: [1, 1, 1, 0], xor: [0, 1, 1, 0] } as const;
export const LOGIC_GATES = ['and', 'or', 'nand', 'xor'] as const;
export type LogicGate = (typeof LOGIC_GATES)[number];

function gate<G extends LogicGate>(id: G) {
  const name = id.toUpperCase();
  const targets = TARGETS[id];
  return defineDataset({
    id,
    label: name,
    menuLabel: name,
    fields: {},
    defaults: {},
    plane: true,
    name: () => name,
    samples: () => 4,
    shape: () => ({ inputs: 2, outputs: 1, classes: 2 }),
    build: () => ({
      name,
      inputSize: 2,
      outputSize: 1,
      count: 4,
      inputs: Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
      targets: Float64Array.from(targets),
      kind: 'classification',
      classes: 2,
      labels: Int32Array.from(targets),
      display: 'logic',
      domain: { x: [-0.25, 1.25], y: [-0.25, 1.25] },
    }),
    python: (_p, outputs) => [
      comment(`Training data: ${name}`),
      'X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)',
      outputs === 1 ? `y = np.array([${targets.map((t) => `[${t}]`).join(', ')}], dtype=float)` : `labels = np.array([${targets.join(', ')}])`,
      ...(outputs === 1 ? [] : [pythonLabels(2, outputs)]),
      "DISPLAY = 'logic'",
    ],
    describe: () => '(4 samples)',
  });
}

export const and = gate('and');
export const or = gate('or');
export const nand = gate('nand');
export const xor = gate('xor');

/** The gate's data (the post's four points), for tests and benchmarks. */
export function logicGate(id: LogicGate) {
  return { and, or, nand, xor }[id].build({});
}
