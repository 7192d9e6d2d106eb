import { RandomState } from '../rng/random-state';

/** What a design is trained on. Built-in sets are described by their parameters, not their data. */
export type TaskSpec =
  | { dataset: LogicGate }
  | { dataset: 'addition'; samples: number; seed: number }
  | { dataset: PlaneSet; samples: number; noise: number; seed: number }
  | { dataset: 'inline'; name?: string; inputs: number[][]; targets: number[][] };

export const LOGIC_GATES = ['and', 'or', 'nand', 'xor'] as const;
export type LogicGate = (typeof LOGIC_GATES)[number];
export const PLANE_SETS = ['circle', 'spiral'] as const;
export type PlaneSet = (typeof PLANE_SETS)[number];
export type DatasetName = TaskSpec['dataset'];

/** How predictions are shown: as the post prints them. */
export type DisplayStyle = 'logic' | 'addition' | 'points' | 'table';

export interface Dataset {
  name: string;
  inputSize: number;
  outputSize: number;
  count: number;
  /** count × inputSize, row-major. */
  inputs: Float64Array;
  /** count × outputSize, row-major. */
  targets: Float64Array;
  kind: 'classification' | 'regression';
  display: DisplayStyle;
  /** The input plane a 2-D task's decision boundary is drawn over. */
  domain?: { x: [number, number]; y: [number, number] };
  /** Held-out examples (the post's addition test pairs). */
  test?: { count: number; inputs: Float64Array; targets: Float64Array };
}

const GATE_TARGETS: Record<LogicGate, number[]> = {
  and: [0, 0, 0, 1],
  or: [0, 1, 1, 1],
  nand: [1, 1, 1, 0],
  xor: [0, 1, 1, 0],
};

/** The post's addition test pairs: "numbers it has never seen". */
export const ADDITION_TEST_PAIRS: [number, number][] = [
  [23, 45],
  [35, 12],
  [91, 6],
  [50, 50],
  [73, 84],
  [0, 0],
  [99, 99],
];
/** Inputs are a/100 and b/100; the target is (a+b)/200, so an output ×200 reads as a sum. */
export const ADDITION_INPUT_SCALE = 100;
export const ADDITION_OUTPUT_SCALE = 200;

export function logicGate(gate: LogicGate): Dataset {
  return {
    name: gate.toUpperCase(),
    inputSize: 2,
    outputSize: 1,
    count: 4,
    inputs: Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
    targets: Float64Array.from(GATE_TARGETS[gate]),
    kind: 'classification',
    display: 'logic',
    domain: { x: [-0.25, 1.25], y: [-0.25, 1.25] },
  };
}

/** Exactly the post's data: `seed(s)`, `a = randint(0,100,n)`, `b = randint(0,100,n)`. */
export function addition(samples: number, seed: number): Dataset {
  const rs = new RandomState(seed);
  const a = rs.randints(0, ADDITION_INPUT_SCALE, samples);
  const b = rs.randints(0, ADDITION_INPUT_SCALE, samples);
  const inputs = new Float64Array(samples * 2);
  const targets = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    inputs[2 * i] = a[i] / ADDITION_INPUT_SCALE;
    inputs[2 * i + 1] = b[i] / ADDITION_INPUT_SCALE;
    targets[i] = (a[i] + b[i]) / ADDITION_OUTPUT_SCALE;
  }
  const test = {
    count: ADDITION_TEST_PAIRS.length,
    inputs: Float64Array.from(ADDITION_TEST_PAIRS.flatMap(([x, y]) => [x / ADDITION_INPUT_SCALE, y / ADDITION_INPUT_SCALE])),
    targets: Float64Array.from(ADDITION_TEST_PAIRS.map(([x, y]) => (x + y) / ADDITION_OUTPUT_SCALE)),
  };
  return {
    name: 'Addition',
    inputSize: 2,
    outputSize: 1,
    count: samples,
    inputs,
    targets,
    kind: 'regression',
    display: 'addition',
    domain: { x: [0, 0.99], y: [0, 0.99] },
    test,
  };
}

/** Two classes: a disc (label 1) inside a ring (label 0), with Gaussian noise on each point. */
export function circle(samples: number, noise: number, seed: number): Dataset {
  const rs = new RandomState(seed);
  const inputs = new Float64Array(samples * 2);
  const targets = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const inside = i % 2 === 0;
    const r = inside ? rs.randomSample() * 0.5 : 0.7 + rs.randomSample() * 0.3;
    const angle = rs.randomSample() * 2 * Math.PI;
    inputs[2 * i] = r * Math.cos(angle) + rs.gaussian() * noise;
    inputs[2 * i + 1] = r * Math.sin(angle) + rs.gaussian() * noise;
    targets[i] = inside ? 1 : 0;
  }
  return planeSet('Circle', samples, inputs, targets);
}

/** Two interleaved spiral arms, one per class. */
export function spiral(samples: number, noise: number, seed: number): Dataset {
  const rs = new RandomState(seed);
  const inputs = new Float64Array(samples * 2);
  const targets = new Float64Array(samples);
  const perArm = Math.ceil(samples / 2);
  for (let i = 0; i < samples; i++) {
    const arm = i % 2;
    const t = Math.floor(i / 2) / perArm;
    const r = 0.05 + 0.9 * t;
    const angle = 1.75 * t * 2 * Math.PI + arm * Math.PI;
    inputs[2 * i] = r * Math.cos(angle) + rs.gaussian() * noise;
    inputs[2 * i + 1] = r * Math.sin(angle) + rs.gaussian() * noise;
    targets[i] = arm;
  }
  return planeSet('Spiral', samples, inputs, targets);
}

function planeSet(name: string, count: number, inputs: Float64Array, targets: Float64Array): Dataset {
  return {
    name,
    inputSize: 2,
    outputSize: 1,
    count,
    inputs,
    targets,
    kind: 'classification',
    display: 'points',
    domain: { x: [-1.25, 1.25], y: [-1.25, 1.25] },
  };
}

/** Data given row by row (from an experiment file); every row must have the same width. */
export function inline(name: string, rowsIn: number[][], rowsOut: number[][]): Dataset {
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

export function buildDataset(task: TaskSpec): Dataset {
  switch (task.dataset) {
    case 'and':
    case 'or':
    case 'nand':
    case 'xor':
      return logicGate(task.dataset);
    case 'addition':
      return addition(task.samples, task.seed);
    case 'circle':
      return circle(task.samples, task.noise, task.seed);
    case 'spiral':
      return spiral(task.samples, task.noise, task.seed);
    case 'inline':
      return inline(task.name ?? 'Custom data', task.inputs, task.targets);
  }
}

/** Input and output widths of a task without building its data. */
export function taskShape(task: TaskSpec): { inputs: number; outputs: number } {
  if (task.dataset === 'inline') return { inputs: task.inputs[0]?.length ?? 0, outputs: task.targets[0]?.length ?? 0 };
  return { inputs: 2, outputs: 1 };
}

export function taskLabel(task: TaskSpec): string {
  switch (task.dataset) {
    case 'addition':
      return 'Addition';
    case 'inline':
      return task.name ?? 'Custom data';
    default:
      return task.dataset.length <= 4 ? task.dataset.toUpperCase() : task.dataset[0].toUpperCase() + task.dataset.slice(1);
  }
}
