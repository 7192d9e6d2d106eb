/**
 * The PyTorch export: the script loads the run's weights into an nn.Module and prints the app's
 * prediction table line for line. Runs with real PyTorch where python3 has it; otherwise with the
 * NumPy-backed stand-in in test/fixtures/fake-torch (PyTorch cannot be installed offline), which
 * keeps PyTorch's documented weight layout and strict state-dict loading.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportTorch, pythonName } from '../../src-shared/export/torch';
import { py } from '../../src-shared/export/python';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { predictionRows } from '../../src-shared/engine/report';
import { PRESETS } from '../../src-shared/presets';
import { chainDesign } from '../../src-shared/network/chain';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import type { ExperimentSetup } from '../../src-shared/setup';
import { graph } from './graph-design';

const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);
if (!python) throw new Error('No python3 with NumPy found: install it (Debian: apt-get install python3-numpy) to run the export tests');
const realTorch = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const env = realTorch ? process.env : { ...process.env, PYTHONPATH: resolve(import.meta.dirname, '../fixtures/fake-torch') };
const dir = mkdtempSync(join(tmpdir(), 'nnd-torch-'));

function run(script: string, name: string): string[] {
  const file = join(dir, `${name}.py`);
  writeFileSync(file, script);
  return execFileSync(python as string, [file], { encoding: 'utf8', env, timeout: 60_000 }).trimEnd().split('\n');
}

/** Trains a setup as the app does; the table it shows and the weights it ends with. */
function trained(setup: ExperimentSetup) {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems[0].message);
  p.trainer.runToEnd();
  const table = predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n)).map((r) => r.text);
  return { table, parameters: p.trainer.network.getParameters(), epoch: p.trainer.epoch };
}

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
  ['a graph: the Input skips into Concatenate, softmax over three clusters', {
    design: graph(
      [['in', 'input', { units: 2 }], ['h', 'dense', { units: 4, activation: 'relu' }], ['cat', 'concatenate'], ['out', 'output', { units: 3, activation: 'softmax', loss: 'cross_entropy' }]],
      'in>cat in>h h>cat cat>out',
    ),
    task: { dataset: 'clusters', samples: 45, noise: 0.2, seed: 1, classes: 3 },
    training: { ...DEFAULT_TRAINING, epochs: 40, learningRate: 0.1, updateMode: 'batch', reduction: 'mean', seed: 6 },
  }],
];

describe(`PyTorch export (${realTorch ? 'real PyTorch' : 'the NumPy stand-in for PyTorch'})`, () => {
  for (const [name, setup] of [...PRESETS.map((p) => [p.title, p.setup] as [string, ExperimentSetup]), ...others]) {
    it(`${name}: the script prints the app's table line for line`, () => {
      const t = trained(setup);
      const { script, notes } = exportTorch(setup, t.parameters, { title: name, trained: true, epoch: t.epoch });
      expect(notes).toEqual([]);
      expect(run(script, name.replace(/\W+/g, '-'))).toEqual(t.table);
    });
  }

  it('names each nn.Linear after its layer and loads the weights transposed, as (outputs × inputs)', () => {
    const preset = PRESETS.find((p) => p.id === 'xor-2-4-1');
    if (!preset) throw new Error('no 2-4-1 preset');
    const t = trained(preset.setup);
    const { script } = exportTorch(preset.setup, t.parameters, { trained: true });
    expect(script).toContain('self.dense_1 = nn.Linear(2, 4)');
    expect(script).toContain('self.output = nn.Linear(4, 1)');
    expect(script).toContain('h1 = torch.sigmoid(self.dense_1(x))');
    expect(script).toContain('out = torch.sigmoid(self.output(h1))');
    // Row j of the PyTorch weight is neuron j's incoming weights: column j of the app's W.
    const W = t.parameters[0].W;
    const firstRow = `[${W[0]}, ${W[4]}]`;
    expect(script).toContain(firstRow);
  });

  it('an untrained design exports its initial weights and says so', () => {
    const preset = PRESETS.find((p) => p.id === 'and-neuron');
    if (!preset) throw new Error('no AND preset');
    const p = prepareTraining(preset.setup);
    if (!p.ok) throw new Error('AND does not compile');
    const { script, notes } = exportTorch(preset.setup, p.trainer.network.getParameters(), { trained: false });
    expect(notes.join(' ')).toMatch(/initial weights.*train it first/);
    const table = predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n)).map((r) => r.text);
    expect(run(script, 'untrained-and')).toEqual(table);
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
    const renamed = { ...setup, design };
    const t = trained(renamed);
    const { script } = exportTorch(renamed, t.parameters, { trained: true });
    expect(script).toContain('self.layer_forward = nn.Linear(2, 3)');
    expect(run(script, 'reserved-names')).toEqual(t.table);
  });
});
