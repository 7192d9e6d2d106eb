/**
 * The PyTorch export: the script loads the run's weights into an nn.Module and prints the app's
 * prediction table line for line. Runs with real PyTorch where any python3 here has it (Debian:
 * python3-torch; test/python.ts picks it); otherwise with the NumPy-backed stand-in in
 * test/fixtures/fake-torch, which keeps PyTorch's documented weight layout and strict state-dict
 * loading. All scripts run in one python process, once, before the tests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { exportTorch, pythonName } from '../../src-shared/export/torch';
import { TORCH_TOLERANCE } from '../../src-shared/export/parity';
import { py } from '../../src-shared/export/python';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { accuracyLines, predictionRows } from '../../src-shared/engine/report';
import { PRESETS } from '../../src-shared/presets';
import { chainDesign } from '../../src-shared/network/chain';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { weightPenalty } from '../../src-shared/engine/regularization';
import type { ExperimentSetup } from '../../src-shared/setup';
import { graph } from './graph-design';
import { runScripts, torchPython, type ScriptRun } from '../python';

const torch = torchPython();
const python = torch.interpreter.command;

/** Trains a setup as the app does (or not, `untrained`); the table it shows, its outputs for the training samples and its weights. */
function trained(setup: ExperimentSetup, untrained = false) {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems[0].message);
  if (!untrained) p.trainer.runToEnd();
  const predict = (x: Float64Array, n: number): Float64Array => p.trainer.network.predict(x, n);
  const table = [...predictionRows(p.dataset, predict).map((r) => r.text), ...accuracyLines(p.dataset, predict)];
  const outputs = Array.from(p.trainer.network.predict(p.dataset.inputs, p.dataset.count));
  return { table, outputs, parameters: p.trainer.network.getParameters(), epoch: p.trainer.epoch };
}
type Trained = ReturnType<typeof trained>;

const others: [string, ExperimentSetup][] = [
  ['tanh, relu and leaky relu into a sigmoid, circle', {
    design: chainDesign(2, [{ units: 6, activation: 'tanh' }, { units: 5, activation: 'relu' }, { units: 3, activation: 'leaky_relu' }], { units: 1, activation: 'sigmoid', loss: 'bce' }),
    task: { dataset: 'circle', samples: 40, noise: 0.05, seed: 4 },
    training: { ...DEFAULT_TRAINING, epochs: 30, learningRate: 0.2, updateMode: 'minibatch', batchSize: 8, reduction: 'mean', init: { scheme: 'xavier', scale: 1 }, seed: 9 },
  }],
  ['softmax over two outputs, linear-free', {
    design: chainDesign(2, [{ units: 4, activation: 'tanh' }], { units: 2, activation: 'softmax', loss: 'cross_entropy' }),
    task: { dataset: 'inline', name: 'XOR one-hot', inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[1, 0], [0, 1], [0, 1], [1, 0]] },
    training: { ...DEFAULT_TRAINING, epochs: 300, learningRate: 0.5, updateMode: 'batch', reduction: 'mean', seed: 11 },
  }],
  ['a linear output', {
    design: chainDesign(2, [{ units: 3, activation: 'sigmoid' }], { units: 1, activation: 'linear', loss: 'mse' }),
    task: { dataset: 'or' },
    training: { ...DEFAULT_TRAINING, epochs: 100, learningRate: 0.1, updateMode: 'sample', seed: 3 },
  }],
  ['a graph: fan-out into Add, Activation on its own, Dropout (the identity for predictions)', {
    design: graph(
      [
        ['in', 'input', { units: 2 }],
        ['a', 'dense', { units: 5, activation: 'linear' }],
        ['act', 'activation', { activation: 'leaky_relu' }],
        ['drop', 'dropout', { rate: 0.25 }],
        ['b', 'dense', { units: 4, activation: 'tanh' }],
        ['c', 'dense', { units: 4, activation: 'sigmoid' }],
        ['sum', 'add'],
        ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
      ],
      'in>a a>act act>drop drop>b drop>c b>sum c>sum sum>out',
    ),
    task: { dataset: 'circle', samples: 30, noise: 0.05, seed: 8 },
    training: { ...DEFAULT_TRAINING, epochs: 20, learningRate: 0.3, updateMode: 'shuffle', seed: 2 },
  }],
  ['a graph: Features of a hidden layer (squares, a product, a sine) into a sigmoid', {
    design: graph(
      [
        ['in', 'input', { units: 2 }],
        ['h', 'dense', { units: 3, activation: 'tanh' }],
        ['f', 'features', { features: ['x1', 'x2^2', 'x1*x3', 'sin(x2)', 'x3^2'] }],
        ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
      ],
      'in>h h>f f>out',
    ),
    task: { dataset: 'circle', samples: 30, noise: 0.05, seed: 3 },
    training: { ...DEFAULT_TRAINING, epochs: 20, learningRate: 0.3, updateMode: 'shuffle', seed: 4 },
  }],
  ['a graph: the Input skips into Concatenate, softmax over three clusters', {
    design: graph(
      [['in', 'input', { units: 2 }], ['h', 'dense', { units: 4, activation: 'relu' }], ['cat', 'concatenate'], ['out', 'output', { units: 3, activation: 'softmax', loss: 'cross_entropy' }]],
      'in>cat in>h h>cat cat>out',
    ),
    task: { dataset: 'clusters', samples: 45, noise: 0.2, seed: 1, classes: 3 },
    training: { ...DEFAULT_TRAINING, epochs: 40, learningRate: 0.1, updateMode: 'batch', reduction: 'mean', seed: 6 },
  }],
];

const reservedSetup: ExperimentSetup = (() => {
  const setup: ExperimentSetup = {
    design: chainDesign(2, [{ units: 3, activation: 'tanh' }, { units: 2, activation: 'relu' }], { units: 1, activation: 'sigmoid', loss: 'bce' }),
    task: { dataset: 'xor' },
    training: { ...DEFAULT_TRAINING, epochs: 50, learningRate: 0.5, seed: 5 },
  };
  const rename: Record<string, string> = { 'dense-1': 'forward', 'dense-2': 'class', output: 'training' };
  const design = {
    nodes: setup.design.nodes.map((n) => ({ ...n, id: rename[n.id] ?? n.id })),
    edges: setup.design.edges.map((e) => ({ ...e, source: rename[e.source] ?? e.source, target: rename[e.target] ?? e.target })),
  };
  return { ...setup, design };
})();

interface Case {
  name: string;
  setup: ExperimentSetup;
  untrained?: boolean;
}
/** Trained with a penalty on the weights: the script also defines `penalty(model)` and prints its value. */
const regularized: [string, ExperimentSetup][] = [
  ['L2 regularisation: the 2-4-1 XOR', {
    design: chainDesign(2, [{ units: 4, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'squared_error' }),
    task: { dataset: 'xor' },
    training: { ...DEFAULT_TRAINING, epochs: 500, learningRate: 2, updateMode: 'batch', seed: 42, regularization: { type: 'l2', rate: 0.01 } },
  }],
  ['L1 regularisation: Features on the Input, then two layers', {
    design: graph(
      [['in', 'input', { units: 2 }], ['f', 'features', { features: ['x1', 'x2', 'x1*x2', 'sin(x1)'] }], ['h', 'dense', { units: 3, activation: 'tanh' }], ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }]],
      'in>f f>h h>out',
    ),
    task: { dataset: 'circle', samples: 30, noise: 0.05, seed: 5 },
    training: { ...DEFAULT_TRAINING, epochs: 20, learningRate: 0.2, updateMode: 'shuffle', seed: 6, regularization: { type: 'l1', rate: 0.002 } },
  }],
];

const cases: Case[] = [
  ...PRESETS.map((p) => ({ name: p.title, setup: p.setup })),
  ...others.map(([name, setup]) => ({ name, setup })),
  ...regularized.map(([name, setup]) => ({ name, setup })),
  { name: 'untrained AND', setup: PRESETS.find((p) => p.id === 'and-neuron')?.setup ?? reservedSetup, untrained: true },
  { name: 'layers named like Python keywords', setup: reservedSetup },
];

interface Exported {
  app: Trained;
  script: string;
  notes: string[];
  run: ScriptRun;
}
const exported = new Map<string, Exported>();

beforeAll(async () => {
  const made = cases.map((c) => {
    const app = trained(c.setup, c.untrained);
    const { script, notes } = exportTorch(c.setup, app.parameters, { title: c.name, trained: !c.untrained, epoch: app.epoch });
    return { name: c.name, app, script, notes };
  });
  const runs = await runScripts(python, made.map((m) => ({ name: m.name, source: m.script, read: ['predictions', 'weight_penalty'] })), torch.env);
  for (const m of made) exported.set(m.name, { ...m, run: runs.get(m.name) as ScriptRun });
}, 600_000);

const get = (name: string): Exported => {
  const e = exported.get(name);
  if (!e) throw new Error(`no export of ${name}`);
  return e;
};

/** max |torch − app| over the outputs for every training sample. */
function outputDrift(e: Exported): number {
  const got = e.run.globals.predictions;
  expect(got).toHaveLength(e.app.outputs.length);
  return got.reduce((m, v, i) => Math.max(m, Math.abs(v - e.app.outputs[i])), 0);
}

describe(`PyTorch export (${torch.label})`, () => {
  const trainedCases = cases.filter((c) => !c.untrained).map((c) => [c.name]);
  it.each(trainedCases)("%s: the script prints the app's table line for line", (name) => {
    const e = get(name);
    expect(e.notes).toEqual([]);
    // A regularised run's script prints its penalty after the table (checked below).
    const penalized = regularized.some(([n]) => n === name);
    expect(e.run.lines.slice(0, penalized ? -1 : undefined)).toEqual(e.app.table);
    expect(outputDrift(e)).toBeLessThanOrEqual(TORCH_TOLERANCE);
  });

  it.each(regularized)("%s: penalty(model) is the app's penalty on the same weights", (name, setup) => {
    const e = get(name);
    const reg = setup.training.regularization;
    if (!reg) throw new Error('not regularised');
    const app = weightPenalty(e.app.parameters, reg);
    const [got] = e.run.globals.weight_penalty;
    expect(Math.abs(got - app) / app).toBeLessThan(1e-12);
    expect(e.run.lines.at(-1)).toMatch(new RegExp(`^${reg.type.toUpperCase()} penalty on these weights: \\d\\.\\d+(e-\\d+)? \\(not in the loss the app shows\\)$`));
    expect(e.script).toContain(reg.type === 'l2' ? 'return reg_rate / 2 * ((model.dense_1.weight ** 2).sum() + (model.output.weight ** 2).sum())' : 'return reg_rate * (model.h.weight.abs().sum() + model.out.weight.abs().sum())');
  });

  it('how far its outputs lie from the app\'s', () => {
    const rows = cases.map((c) => `${c.name.slice(0, 60).padEnd(60)} ${outputDrift(get(c.name)).toExponential(1)}`);
    console.log([`Largest |${torch.real ? 'PyTorch' : 'stand-in'} − app| over each run's outputs:`, ...rows].join('\n'));
    expect(rows).toHaveLength(cases.length);
  });

  it('names each nn.Linear after its layer and loads the weights transposed, as (outputs × inputs)', () => {
    const preset = PRESETS.find((p) => p.id === 'xor-2-4-1');
    if (!preset) throw new Error('no 2-4-1 preset');
    const { script, app } = get(preset.title);
    expect(script).toContain('self.dense_1 = nn.Linear(2, 4)');
    expect(script).toContain('self.output = nn.Linear(4, 1)');
    expect(script).toContain('h1 = torch.sigmoid(self.dense_1(x))');
    expect(script).toContain('out = torch.sigmoid(self.output(h1))');
    // Row j of the PyTorch weight is neuron j's incoming weights: column j of the app's W.
    const W = app.parameters[0].W;
    const firstRow = `[${W[0]}, ${W[4]}]`;
    expect(script).toContain(firstRow);
  });

  it('an untrained design exports its initial weights and says so', () => {
    const e = get('untrained AND');
    expect(e.notes.join(' ')).toMatch(/initial weights.*train it first/);
    expect(e.run.lines).toEqual(e.app.table);
    expect(e.app.epoch).toBe(0);
  });
  it('writes every number as a Python literal of the same double (huge, tiny, integral, -0, non-finite)', () => {
    const values = [0, -0, 1, -3, 0.1, 1 / 3, 1e21, -2.5e300, 123456789012345680000, 5e-324, 1e-7, NaN, Infinity, -Infinity];
    const hex = (v: number): string => {
      const d = new DataView(new ArrayBuffer(8));
      d.setFloat64(0, v);
      return d.getBigUint64(0).toString(16).padStart(16, '0');
    };
    const code = `import struct\nfor v in [${values.map(py).join(', ')}]:\n    print(struct.pack('>d', v).hex())`;
    const printed = execFileSync(python as string, ['-c', code], { encoding: 'utf8' }).trim().split('\n');
    // NaN's payload is Python's own; every other value must come back bit for bit.
    expect(printed.filter((_, i) => !Number.isNaN(values[i]))).toEqual(values.filter((v) => !Number.isNaN(v)).map(hex));
    expect(printed[values.findIndex(Number.isNaN)]).toMatch(/^7ff8/);
  });

  it('gives every layer a distinct Python name', () => {
    const taken = new Set<string>();
    expect(['dense-1', 'dense_1', '2nd', 'output', 'forward', 'class', '_x'].map((id) => pythonName(id, taken))).toEqual([
      'dense_1',
      'dense_1_2',
      'layer_2nd',
      'output',
      'layer_forward',
      'layer_class',
      'layer__x',
    ]);
  });

  it('layers named like Python keywords or nn.Module methods still make a working script', () => {
    const e = get('layers named like Python keywords');
    expect(e.script).toContain('self.layer_forward = nn.Linear(2, 3)');
    expect(e.run.lines).toEqual(e.app.table);
  });
});
