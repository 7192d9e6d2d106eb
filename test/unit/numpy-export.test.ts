import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportNumpy } from '../../src-shared/export/numpy';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { epochLine, predictionRows } from '../../src-shared/engine/report';
import { PRESETS } from '../../src-shared/presets';
import { chainDesign } from '../../src-shared/network/chain';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import type { ExperimentSetup } from '../../src-shared/setup';
import { graph } from './graph-design';

/** A Python that has NumPy: the machine's python3, or Debian's (.ci/run installs python3-numpy). */
function findPython(): string {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new Error('No python3 with NumPy found: install it (Debian: apt-get install python3-numpy) to run the export tests');
}
const python = findPython();
const dir = mkdtempSync(join(tmpdir(), 'nnd-numpy-'));

/** What the app shows for a run: the loss lines at the script's cadence and the prediction table. */
function engineLines(setup: ExperimentSetup): string[] {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems[0].message);
  p.trainer.runToEnd();
  const every = Math.max(1, Math.floor(setup.training.epochs / 5));
  const losses = p.trainer.history.filter((h) => h.epoch % every === 0).map((h) => epochLine(h.epoch, h.loss));
  return [...losses, ...predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n)).map((r) => r.text)];
}

function scriptLines(setup: ExperimentSetup, name: string): string[] {
  const file = join(dir, `${name}.py`);
  writeFileSync(file, exportNumpy(setup, name).script);
  return execFileSync(python, [file], { encoding: 'utf8', timeout: 120_000 }).trimEnd().split('\n');
}

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
  ['two classes on two softmax outputs (one-hot XOR)', {
    design: chainDesign(2, [{ units: 4, activation: 'tanh' }], { units: 2, activation: 'softmax', loss: 'cross_entropy' }),
    task: { dataset: 'xor' },
    training: { ...DEFAULT_TRAINING, epochs: 300, learningRate: 0.5, updateMode: 'batch', reduction: 'mean', seed: 2 },
  }],
];

describe('the exported NumPy script prints what the app shows', () => {
  it.each(PRESETS.map((p) => [p.title, p.setup] as [string, ExperimentSetup]))('%s', (title, setup) => {
    expect(scriptLines(setup, title.replace(/\W+/g, '_'))).toEqual(engineLines(setup));
  });
  it.each(others)('%s', (title, setup) => {
    expect(scriptLines(setup, title.replace(/\W+/g, '_'))).toEqual(engineLines(setup));
  });

  it("prints the post's numbers for the post's experiments", () => {
    const addition = PRESETS.find((p) => p.id === 'addition-2-16-16-1');
    if (!addition) throw new Error('preset missing');
    expect(scriptLines(addition.setup, 'addition').slice(-7).map((l) => l.trim())).toEqual(addition.postOutput.map((l) => l.trim()));
  });

  it('refuses a design that cannot run, naming the problem', () => {
    expect(() => exportNumpy({ ...tanhCircle, design: { nodes: [], edges: [] } })).toThrow(/no Input layer/);
  });
});
