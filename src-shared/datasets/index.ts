import { RandomState } from '../rng/random-state';

/** What a design is trained on. Built-in sets are described by their parameters, not their data. */
export type TaskSpec =
  | { dataset: LogicGate }
  | { dataset: 'addition'; samples: number; seed: number }
  | { dataset: 'circle'; samples: number; noise: number; seed: number }
  /** `classes` arms (2 when absent, as files before format version 2 had). */
  | { dataset: 'spiral'; samples: number; noise: number; seed: number; classes?: number }
  | { dataset: 'clusters'; samples: number; noise: number; seed: number; classes: number }
  | { dataset: 'inline'; name?: string; inputs: number[][]; targets: number[][] };

export const LOGIC_GATES = ['and', 'or', 'nand', 'xor'] as const;
export type LogicGate = (typeof LOGIC_GATES)[number];
export const PLANE_SETS = ['circle', 'spiral', 'clusters'] as const;
/** Classes a spiral or a set of clusters may have. */
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 5;
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
  /** For classification: how many classes, and each sample's class (0 … classes − 1). */
  classes?: number;
  labels?: Int32Array;
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
    classes: 2,
    labels: Int32Array.from(GATE_TARGETS[gate]),
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
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const inside = i % 2 === 0;
    const r = inside ? rs.randomSample() * 0.5 : 0.7 + rs.randomSample() * 0.3;
    const angle = rs.randomSample() * 2 * Math.PI;
    inputs[2 * i] = r * Math.cos(angle) + rs.gaussian() * noise;
    inputs[2 * i + 1] = r * Math.sin(angle) + rs.gaussian() * noise;
    labels[i] = inside ? 1 : 0;
  }
  return planeSet('Circle', inputs, labels, 2);
}

/** Interleaved spiral arms, one per class (two by default, as the first spiral had). */
export function spiral(samples: number, noise: number, seed: number, classes = 2): Dataset {
  const rs = new RandomState(seed);
  const inputs = new Float64Array(samples * 2);
  const labels = new Int32Array(samples);
  const perArm = Math.ceil(samples / classes);
  for (let i = 0; i < samples; i++) {
    const arm = i % classes;
    const t = Math.floor(i / classes) / perArm;
    const r = 0.05 + 0.9 * t;
    const angle = 1.75 * t * 2 * Math.PI + (arm * 2 * Math.PI) / classes;
    inputs[2 * i] = r * Math.cos(angle) + rs.gaussian() * noise;
    inputs[2 * i + 1] = r * Math.sin(angle) + rs.gaussian() * noise;
    labels[i] = arm;
  }
  return planeSet('Spiral', inputs, labels, classes);
}

/** Gaussian blobs, one per class, centred on a circle of radius 0.6; `noise` is their spread. */
export function clusters(samples: number, noise: number, seed: number, classes: number): Dataset {
  const rs = new RandomState(seed);
  const inputs = new Float64Array(samples * 2);
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const c = i % classes;
    const angle = Math.PI / 2 + (c * 2 * Math.PI) / classes;
    inputs[2 * i] = 0.6 * Math.cos(angle) + rs.gaussian() * noise;
    inputs[2 * i + 1] = 0.6 * Math.sin(angle) + rs.gaussian() * noise;
    labels[i] = c;
  }
  return planeSet('Clusters', inputs, labels, classes);
}

/** A 2-D classification set; its targets are the labels as 0/1 until `encodeTargets` widens them. */
function planeSet(name: string, inputs: Float64Array, labels: Int32Array, classes: number): Dataset {
  return {
    name,
    inputSize: 2,
    outputSize: 1,
    count: labels.length,
    inputs,
    targets: Float64Array.from(labels),
    kind: 'classification',
    classes,
    labels,
    display: 'points',
    domain: { x: [-1.25, 1.25], y: [-1.25, 1.25] },
  };
}

/** The output width a classification set is trained with by default: one output for two classes, else one per class. */
export function defaultOutputs(classes: number): number {
  return classes === 2 ? 1 : classes;
}

/**
 * Targets as an Output of `width` units reads them: two classes as 0/1 on one output, or one-hot
 * rows of `classes` values (softmax with cross-entropy).
 */
export function encodeTargets(data: Dataset, width: number): Dataset {
  if (!data.labels || !data.classes || width === data.outputSize) return data;
  if (width !== data.classes) throw new Error(`${data.name} has ${data.classes} classes: train it with 1 output (two classes) or ${data.classes}`);
  const targets = new Float64Array(data.count * width);
  for (let i = 0; i < data.count; i++) targets[i * width + data.labels[i]] = 1;
  return { ...data, outputSize: width, targets };
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

/** A task's data, its targets shaped for an Output of `outputs` units (the task's default when absent). */
export function buildDataset(task: TaskSpec, outputs?: number): Dataset {
  const data = baseDataset(task);
  return outputs === undefined ? data : encodeTargets(data, outputs);
}

function baseDataset(task: TaskSpec): Dataset {
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
      return encodeTargets(spiral(task.samples, task.noise, task.seed, task.classes ?? 2), defaultOutputs(task.classes ?? 2));
    case 'clusters':
      return encodeTargets(clusters(task.samples, task.noise, task.seed, task.classes), defaultOutputs(task.classes));
    case 'inline':
      return inline(task.name ?? 'Custom data', task.inputs, task.targets);
  }
}

/** How many samples a task has, without building it. */
export function taskSamples(task: TaskSpec): number {
  switch (task.dataset) {
    case 'inline':
      return task.inputs.length;
    case 'addition':
    case 'circle':
    case 'spiral':
    case 'clusters':
      return task.samples;
    default:
      return 4;
  }
}

/** How many classes a task has, for classification tasks whose classes are labels. */
export function taskClasses(task: TaskSpec): number | undefined {
  switch (task.dataset) {
    case 'spiral':
      return task.classes ?? 2;
    case 'clusters':
      return task.classes;
    case 'inline':
    case 'addition':
      return undefined;
    default:
      return 2;
  }
}

/** Input and output widths of a task (and its classes) without building its data. */
export function taskShape(task: TaskSpec): { inputs: number; outputs: number; classes?: number } {
  if (task.dataset === 'inline') return { inputs: task.inputs[0]?.length ?? 0, outputs: task.targets[0]?.length ?? 0 };
  const classes = taskClasses(task);
  return classes === undefined ? { inputs: 2, outputs: 1 } : { inputs: 2, outputs: defaultOutputs(classes), classes };
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
