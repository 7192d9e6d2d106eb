/**
 * The exported NumPy scripts, run with the python3 test/python.ts picks, against the app's own
 * runs. The post's four experiments must print the app's lines digit for digit on any NumPy;
 * every other run must agree within NUMPY_TOLERANCE (src-shared/export/parity.ts), because NumPy's
 * exp/tanh/log and its BLAS differ from the engine's in the last bit. Every script runs once, in
 * one python process, before the tests; one test prints how far each run drifts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportNumpy } from '../../src-shared/export/numpy';
import { NUMPY_TOLERANCE, POST_TOLERANCE } from '../../src-shared/export/parity';
import { planVariables } from '../../src-shared/export/plan-variables';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { accuracyLines, epochLine, isReportEpoch, predictionRows } from '../../src-shared/engine/report';
import { ADDITION_OUTPUT_SCALE } from '../../src-shared/datasets';
import { PRESETS } from '../../src-shared/presets';
import { chainDesign } from '../../src-shared/network/chain';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import type { ExperimentSetup } from '../../src-shared/setup';
import { graph } from './graph-design';
import { describeInterpreter, numpyPython, runScripts, type ScriptRun } from '../python';

const tanhCircle: ExperimentSetup = {
  design: chainDesign(2, [{ units: 6, activation: 'tanh' }, { units: 5, activation: 'relu' }], { units: 1, activation: 'sigmoid', loss: 'bce' }),
  task: { dataset: 'circle', samples: 60, noise: 0.05, seed: 4 },
  training: { ...DEFAULT_TRAINING, epochs: 40, learningRate: 0.2, updateMode: 'minibatch', batchSize: 16, reduction: 'mean', init: { scheme: 'xavier', scale: 1 }, seed: 9 },
};
const others: [string, ExperimentSetup][] = [
  ['tanh and relu, mini-batches of 16 (mean), bce, Xavier, circle', tanhCircle],
  ['momentum, per sample shuffled, He init, leaky relu, spiral', {
    design: chainDesign(2, [{ units: 8, activation: 'leaky_relu' }], { units: 1, activation: 'sigmoid', loss: 'mse' }),
    task: { dataset: 'spiral', samples: 40, noise: 0.02, seed: 2 },
    training: { ...DEFAULT_TRAINING, epochs: 30, learningRate: 0.05, updateMode: 'shuffle', optimizer: { type: 'momentum', momentum: 0.9 }, init: { scheme: 'he', scale: 1 }, seed: 5 },
  }],
  ['Adam, full batch, softmax with cross-entropy, two outputs', {
    design: chainDesign(2, [{ units: 4, activation: 'tanh' }], { units: 2, activation: 'softmax', loss: 'cross_entropy' }),
    task: { dataset: 'inline', name: 'XOR one-hot', inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[1, 0], [0, 1], [0, 1], [1, 0]] },
    training: { ...DEFAULT_TRAINING, epochs: 200, learningRate: 0.05, updateMode: 'batch', reduction: 'mean', optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, seed: 11 },
  }],
  ['linear output, mse, OR gate, per sample in order', {
    design: chainDesign(2, [{ units: 3, activation: 'sigmoid' }], { units: 1, activation: 'linear', loss: 'mse' }),
    task: { dataset: 'or' },
    training: { ...DEFAULT_TRAINING, epochs: 100, learningRate: 0.1, updateMode: 'sample', init: { scheme: 'randn_bias', scale: 0.5 }, seed: 3 },
  }],
  ['a graph: Dropout while training, fan-out into Add, Activation on its own, shuffled', {
    design: graph(
      [
        ['in', 'input', { units: 2 }],
        ['a', 'dense', { units: 6, activation: 'linear' }],
        ['relu', 'activation', { activation: 'relu' }],
        ['drop', 'dropout', { rate: 0.3 }],
        ['b', 'dense', { units: 6, activation: 'tanh' }],
        ['c', 'dense', { units: 6, activation: 'sigmoid' }],
        ['sum', 'add'],
        ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
      ],
      'in>a a>relu relu>drop drop>b drop>c b>sum c>sum sum>out',
    ),
    task: { dataset: 'circle', samples: 40, noise: 0.05, seed: 6 },
    training: { ...DEFAULT_TRAINING, epochs: 25, learningRate: 0.3, updateMode: 'shuffle', seed: 21 },
  }],
  ['a graph: skip connection into Concatenate, softmax over 4 clusters, mini-batches, Adam', {
    design: graph(
      [
        ['in', 'input', { units: 2 }],
        ['h', 'dense', { units: 5, activation: 'tanh' }],
        ['cat', 'concatenate'],
        ['out', 'output', { units: 4, activation: 'softmax', loss: 'cross_entropy' }],
      ],
      'in>cat in>h h>cat cat>out',
    ),
    task: { dataset: 'clusters', samples: 80, noise: 0.15, seed: 3, classes: 4 },
    training: { ...DEFAULT_TRAINING, epochs: 30, learningRate: 0.02, updateMode: 'minibatch', batchSize: 16, reduction: 'mean', optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, init: { scheme: 'xavier', scale: 1 }, seed: 4 },
  }],
  ['a graph: Features of a hidden layer (a square, products, a sine), mini-batches (mean), momentum', {
    design: graph(
      [
        ['in', 'input', { units: 2 }],
        ['h', 'dense', { units: 3, activation: 'tanh' }],
        ['f', 'features', { features: ['x1', 'x2^2', 'x1*x3', 'sin(x2)', 'x3', 'x2*x3'] }],
        ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
      ],
      'in>h h>f f>out',
    ),
    task: { dataset: 'circle', samples: 40, noise: 0.05, seed: 6 },
    training: { ...DEFAULT_TRAINING, epochs: 30, learningRate: 0.3, updateMode: 'minibatch', batchSize: 8, reduction: 'mean', optimizer: { type: 'momentum', momentum: 0.9 }, seed: 12 },
  }],
  ['L2 regularisation: the 2-4-1 XOR, full batch (summed)', {
    design: chainDesign(2, [{ units: 4, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'squared_error' }),
    task: { dataset: 'xor' },
    training: { ...DEFAULT_TRAINING, epochs: 2000, learningRate: 2, updateMode: 'batch', seed: 42, regularization: { type: 'l2', rate: 0.001 } },
  }],
  ['L2 regularisation: per sample in order, momentum, OR gate', {
    design: chainDesign(2, [{ units: 3, activation: 'tanh' }], { units: 1, activation: 'sigmoid', loss: 'mse' }),
    task: { dataset: 'or' },
    training: { ...DEFAULT_TRAINING, epochs: 100, learningRate: 0.1, updateMode: 'sample', optimizer: { type: 'momentum', momentum: 0.5 }, seed: 3, regularization: { type: 'l2', rate: 0.003 } },
  }],
  ['L1 regularisation: Features on the Input, per sample shuffled (plain SGD), circle', {
    design: graph(
      [
        ['in', 'input', { units: 2 }],
        ['f', 'features', { features: ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'] }],
        ['h', 'dense', { units: 4, activation: 'tanh' }],
        ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
      ],
      'in>f f>h h>out',
    ),
    task: { dataset: 'circle', samples: 60, noise: 0.05, seed: 2 },
    training: { ...DEFAULT_TRAINING, epochs: 20, learningRate: 0.1, updateMode: 'shuffle', seed: 7, regularization: { type: 'l1', rate: 0.001 } },
  }],
  ['L1 regularisation: Adam, mini-batches (mean), softmax over 3 clusters', {
    design: chainDesign(2, [{ units: 6, activation: 'relu' }], { units: 3, activation: 'softmax', loss: 'cross_entropy' }),
    task: { dataset: 'clusters', samples: 60, noise: 0.2, seed: 5, classes: 3 },
    training: { ...DEFAULT_TRAINING, epochs: 30, learningRate: 0.01, updateMode: 'minibatch', batchSize: 16, reduction: 'mean', optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, init: { scheme: 'he', scale: 1 }, seed: 4, regularization: { type: 'l1', rate: 0.01 } },
  }],
  ['two classes on two softmax outputs (one-hot XOR)', {
    design: chainDesign(2, [{ units: 4, activation: 'tanh' }], { units: 2, activation: 'softmax', loss: 'cross_entropy' }),
    task: { dataset: 'xor' },
    training: { ...DEFAULT_TRAINING, epochs: 300, learningRate: 0.5, updateMode: 'batch', reduction: 'mean', seed: 2 },
  }],
];

interface Case {
  title: string;
  setup: ExperimentSetup;
  /** One of the post's experiments: digit for digit. */
  post: boolean;
}
const cases: Case[] = [
  ...PRESETS.map((p) => ({ title: p.title, setup: p.setup, post: p.postOutput.length > 0 })),
  ...others.map(([title, setup]) => ({ title, setup, post: false })),
];

/** A printed number: where it came from at full precision, and its unit in the last printed digit. */
interface Printed {
  value: number;
  unit: number;
}

/** What the app shows for a run, and the full-precision numbers behind it. */
interface AppRun {
  lines: string[];
  losses: number[];
  outputs: number[];
  /** Each trainable layer's W and b under the script's variable names (W1, b1, …). */
  weights: Record<string, number[]>;
  printed: Printed[];
}

function appRun(setup: ExperimentSetup): AppRun {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems[0].message);
  p.trainer.runToEnd();
  const epochs = setup.training.epochs;
  const reported = p.trainer.history.filter((h) => isReportEpoch(h.epoch, epochs));
  const rows = predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n));
  const vars = planVariables(p.plan);
  const weights: Record<string, number[]> = {};
  p.trainer.network.getParameters().forEach((layer, i) => {
    const k = p.plan.trainable[i];
    weights[vars.W[k]] = Array.from(layer.W);
    weights[vars.b[k]] = Array.from(layer.b);
  });
  const addition = p.dataset.display === 'addition';
  return {
    lines: [...reported.map((h) => epochLine(h.epoch, h.loss)), ...rows.map((r) => r.text), ...accuracyLines(p.dataset, (x, n) => p.trainer.network.predict(x, n))],
    losses: reported.map((h) => h.loss),
    outputs: Array.from(p.trainer.network.predict(p.dataset.inputs, p.dataset.count)),
    weights,
    printed: [
      ...reported.map((h) => ({ value: h.loss, unit: 1e-6 })),
      // Addition prints the sum (output × 200) to 0.1; the rest, each output to 4 decimals.
      ...rows.flatMap((r) => r.predicted.map((v) => (addition ? { value: v / ADDITION_OUTPUT_SCALE, unit: 0.1 / ADDITION_OUTPUT_SCALE } : { value: v, unit: 1e-4 }))),
    ],
  };
}

/** How far each kind of number in the script's run lies from the app's. */
interface Drift {
  /** max |script − app| / |app| over the printed epochs' losses. */
  loss: number;
  /** max |script − app| over the outputs for every training sample. */
  output: number;
  /** max |script − app| over every weight and bias after the last epoch. */
  weight: number;
  /** max |script − app| / |app| over every output and weight (for the post's runs). */
  relative: number;
}

function maxOver(a: number[], b: number[], diff: (x: number, y: number) => number): number {
  if (a.length !== b.length) throw new Error(`the script gave ${a.length} numbers where the app has ${b.length}`);
  return a.reduce((m, x, i) => Math.max(m, diff(x, b[i])), 0);
}
const abs = (x: number, y: number): number => (x === y ? 0 : Math.abs(x - y));
const rel = (x: number, y: number): number => (x === y ? 0 : Math.abs(x - y) / Math.abs(y));

function drift(script: ScriptRun, app: AppRun): Drift {
  const predictions = script.globals.predictions;
  if (!predictions) throw new Error(`${script.file} has no global \`predictions\``);
  const weightNames = Object.keys(app.weights);
  for (const w of weightNames) if (!script.globals[w]) throw new Error(`${script.file} has no global ${w}`);
  const weight = Math.max(...weightNames.map((w) => maxOver(script.globals[w], app.weights[w], abs)));
  const relative = Math.max(maxOver(predictions, app.outputs, rel), ...weightNames.map((w) => maxOver(script.globals[w], app.weights[w], rel)));
  return { loss: maxOver(script.losses, app.losses, rel), output: maxOver(predictions, app.outputs, abs), weight, relative };
}

/**
 * How close the app's printed numbers come to changing in their last digit: the least distance
 * from a value to a rounding boundary, as a share of the last digit (0.5: exactly on a printed
 * value; 0: on the boundary). The engine gives the same bits on every machine, so this is too.
 */
function roundingMargin(printed: Printed[]): number {
  return printed.reduce((m, { value, unit }) => {
    const s = Math.abs(value) / unit;
    return Math.min(m, Math.abs(s - Math.floor(s) - 0.5));
  }, 0.5);
}

/**
 * Lines equal but for numbers one apart in their last printed digit (a value that drifted across a
 * rounding boundary); returns the lines that differ more.
 */
function beyondLastDigit(script: string[], app: string[]): string[] {
  const NUMBER = /-?\d+(?:\.\d+)?/g;
  const bad: string[] = [];
  for (let i = 0; i < Math.max(script.length, app.length); i++) {
    const [s, a] = [script[i] ?? '', app[i] ?? ''];
    if (s === a) continue;
    const [sn, an] = [s.match(NUMBER) ?? [], a.match(NUMBER) ?? []];
    const sameText = s.replace(NUMBER, '#') === a.replace(NUMBER, '#') && sn.length === an.length;
    const close = sn.every((x, j) => {
      const decimals = an[j].split('.')[1]?.length ?? 0;
      return (x.split('.')[1]?.length ?? 0) === decimals && Math.abs(Number(x) - Number(an[j])) <= 1.000001 * 10 ** -decimals;
    });
    if (!sameText || !close) bad.push(`script: ${s}\n   app: ${a}`);
  }
  return bad;
}

const python = numpyPython();
const apps = new Map<string, AppRun>();
let scripts: Map<string, ScriptRun>;

beforeAll(async () => {
  for (const c of cases) apps.set(c.title, appRun(c.setup));
  const jobs = cases.map((c) => ({ name: c.title, source: exportNumpy(c.setup, c.title).script, read: ['predictions', ...Object.keys(apps.get(c.title)?.weights ?? {})] }));
  scripts = await runScripts(python.command, jobs);
}, 600_000);

const run = (title: string): { script: ScriptRun; app: AppRun } => {
  const script = scripts.get(title);
  const app = apps.get(title);
  if (!script || !app) throw new Error(`no run of ${title}`);
  return { script, app };
};

describe(`the exported NumPy script prints what the app shows (NumPy ${python.numpy})`, () => {
  const post = cases.filter((c) => c.post);
  it.each(post.map((c) => [c.title]))("%s: digit for digit, on any NumPy", (title) => {
    const { script, app } = run(title);
    expect(script.lines).toEqual(app.lines);
  });

  it("prints the post's numbers for the post's experiments", () => {
    const addition = PRESETS.find((p) => p.id === 'addition-2-16-16-1');
    if (!addition) throw new Error('preset missing');
    expect(run(addition.title).script.lines.slice(-7).map((l) => l.trim())).toEqual(addition.postOutput.map((l) => l.trim()));
  });

  it("the post's experiments are exact by a wide margin: a few ulps of drift, far from any rounding boundary", () => {
    for (const c of post) {
      const { script, app } = run(c.title);
      const d = drift(script, app);
      expect(Math.max(d.loss, d.relative), c.title).toBeLessThanOrEqual(POST_TOLERANCE);
      // The app's printed values lie at least a thousandth of a last digit from a rounding
      // boundary; the drift above is a millionth of that, so no printed digit can change.
      expect(roundingMargin(app.printed), c.title).toBeGreaterThanOrEqual(1e-3);
    }
  });

  it.each(cases.filter((c) => !c.post).map((c) => [c.title]))('%s: within the stated tolerance', (title) => {
    const { script, app } = run(title);
    const d = drift(script, app);
    expect(d.loss, 'losses (relative)').toBeLessThanOrEqual(NUMPY_TOLERANCE.lossRelative);
    expect(d.output, 'outputs').toBeLessThanOrEqual(NUMPY_TOLERANCE.output);
    expect(d.weight, 'weights').toBeLessThanOrEqual(NUMPY_TOLERANCE.weight);
    expect(beyondLastDigit(script.lines, app.lines)).toEqual([]);
  });

  it('how far each run drifts from the app on this NumPy', () => {
    const rows = cases.map((c) => {
      const { script, app } = run(c.title);
      const d = drift(script, app);
      const identical = script.lines.filter((l, i) => l === app.lines[i]).length;
      const e = (v: number): string => (v === 0 ? '0' : v.toExponential(1));
      return `${c.title.slice(0, 58).padEnd(58)} ${e(d.loss).padStart(8)} ${e(d.output).padStart(8)} ${e(d.weight).padStart(8)} ${roundingMargin(app.printed).toFixed(4).padStart(7)} ${`${identical}/${app.lines.length}`.padStart(6)}`;
    });
    console.log(
      [
        `Drift of the NumPy scripts from the app on ${describeInterpreter(python)}:`,
        `${'run'.padEnd(58)} ${'loss rel'.padStart(8)} ${'outputs'.padStart(8)} ${'weights'.padStart(8)} ${'margin'.padStart(7)} ${'lines'.padStart(6)}`,
        ...rows,
        '(loss: max relative difference of the printed epochs\' losses; outputs, weights: max absolute difference;',
        ' margin: the app\'s printed value closest to a rounding boundary, in last digits; lines: identical lines)',
      ].join('\n'),
    );
    expect(rows).toHaveLength(cases.length);
  });

  it('refuses a design that cannot run, naming the problem', () => {
    expect(() => exportNumpy({ ...tanhCircle, design: { nodes: [], edges: [] } })).toThrow(/no Input layer/);
  });
});
