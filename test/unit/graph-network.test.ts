/**
 * The graph executor: on a dense chain it computes exactly what the dense-chain engine computes
 * (both its JS loops and its WebAssembly kernel), so one can stand for the other; graphs with
 * Dropout reproduce from their seed and resume exactly; merges take their inputs in edge order.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING, type TrainingConfig } from '../../src-shared/engine/config';
import { GraphNetwork } from '../../src-shared/engine/graph-network';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { Trainer } from '../../src-shared/engine/trainer';
import { compileDesign } from '../../src-shared/network/compile';
import { getPreset } from '../../src-shared/presets';
import { RandomState } from '../../src-shared/rng/random-state';
import type { ExperimentSetup } from '../../src-shared/setup';
import { graph } from './graph-design';

const bits = (a: ArrayLike<number>): string => Array.from(new Uint8Array(Float64Array.from(a).buffer)).join(',');

function trainers(setup: ExperimentSetup): { kernel: Trainer; js: Trainer; graph: Trainer } {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('; '));
  return {
    kernel: p.trainer,
    js: new Trainer(p.plan, p.dataset, setup.training, { wasm: false }),
    graph: new Trainer(p.plan, p.dataset, setup.training, { graph: true }),
  };
}

describe('the graph executor on a dense chain', () => {
  const modes: [string, Partial<TrainingConfig>][] = [
    ['per sample', { updateMode: 'sample' }],
    ['shuffled per sample', { updateMode: 'shuffle' }],
    ['mini-batch, momentum', { updateMode: 'minibatch', batchSize: 7, reduction: 'mean', optimizer: { type: 'momentum', momentum: 0.9 } }],
    ['full batch, Adam', { updateMode: 'batch', optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, learningRate: 0.01 }],
  ];
  it.each(modes)('gives the same bits as the chain engine, %s', (_, over) => {
    const base = getPreset('addition-2-16-16-1')!.setup;
    const setup: ExperimentSetup = { ...base, task: { dataset: 'addition', samples: 60, seed: 3 }, training: { ...base.training, epochs: 5, ...over } };
    const { kernel, js, graph: g } = trainers(setup);
    expect(g.network).toBeInstanceOf(GraphNetwork);
    for (const t of [kernel, js, g]) t.runToEnd();
    const weights = (t: Trainer): string => t.network.getParameters().map((p) => `${bits(p.W)}|${bits(p.b)}`).join(';');
    expect(weights(g)).toBe(weights(js));
    expect(weights(g)).toBe(weights(kernel));
    expect(g.history.map((h) => h.loss)).toEqual(kernel.history.map((h) => h.loss));
  });

  it('reproduces the post’s 2-4-1 XOR table', () => {
    const { graph: g } = trainers(getPreset('xor-2-4-1')!.setup);
    g.runToEnd();
    const out = g.network.predict(g.data.inputs, 4);
    expect(Array.from(out, (v) => v.toFixed(4))).toEqual(['0.0085', '0.9931', '0.9930', '0.0065']);
  });
});

const dropoutSetup = (rate: number, epochs = 30): ExperimentSetup => ({
  design: graph(
    [
      ['in', 'input', { units: 2 }],
      ['d1', 'dense', { units: 8, activation: 'tanh' }],
      ['drop', 'dropout', { rate }],
      ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
    ],
    'in>d1 d1>drop drop>out',
  ),
  task: { dataset: 'circle', samples: 40, noise: 0.05, seed: 2 },
  training: { ...DEFAULT_TRAINING, epochs, learningRate: 0.3, updateMode: 'shuffle', seed: 9 },
});

describe('Dropout', () => {
  it('reproduces a run from its seed', () => {
    const a = trainers(dropoutSetup(0.5)).graph;
    const b = trainers(dropoutSetup(0.5)).graph;
    a.runToEnd();
    b.runToEnd();
    expect(a.history).toEqual(b.history);
    expect(a.network.getParameters()).toEqual(b.network.getParameters());
  });

  it('changes training but not predictions: it is the identity outside training', () => {
    const dropped = trainers(dropoutSetup(0.5, 1)).graph;
    const none = trainers(dropoutSetup(0, 1)).graph;
    // Before any update the weights are the same: predictions agree to the bit.
    const x = dropped.data.inputs;
    expect(bits(dropped.network.predict(x, 8))).toBe(bits(none.network.predict(x, 8)));
    dropped.runToEnd();
    none.runToEnd();
    expect(dropped.network.getParameters()[0].W).not.toEqual(none.network.getParameters()[0].W);
  });

  it('drops about `rate` of its values while training, and scales the rest by 1 / (1 − rate)', () => {
    const compiled = compileDesign(graph([['in', 'input', { units: 1 }], ['drop', 'dropout', { rate: 0.3 }], ['out', 'output', { units: 1, activation: 'linear', loss: 'mse' }]], 'in>drop drop>out'));
    if (!compiled.ok) throw new Error('does not compile');
    const net = new GraphNetwork(compiled.plan, { capacity: 10_000 });
    net.trainables[0].W[0] = 1;
    net.setMaskStream(new RandomState(1));
    const ones = new Float64Array(10_000).fill(1);
    const y = net.forward(ones, 0, 10_000, true);
    const kept = Array.from(y).filter((v) => v !== 0);
    expect(kept.length / 10_000).toBeCloseTo(0.7, 1);
    expect(new Set(kept)).toEqual(new Set([1 / 0.7]));
  });

  it('draws its masks from RandomState((seed ^ 0x9e3779b9) >>> 0), one random_sample() >= rate per value', () => {
    // One sample, one value through Dropout, weights that barely move: each epoch's loss says
    // whether the value was kept (out = 2w + b) or dropped (out = b = 0, loss 9).
    const seed = 42;
    const setup: ExperimentSetup = {
      design: graph([['in', 'input', { units: 1 }], ['drop', 'dropout', { rate: 0.5 }], ['out', 'output', { units: 1, activation: 'linear', loss: 'mse' }]], 'in>drop drop>out'),
      task: { dataset: 'inline', inputs: [[1]], targets: [[3]] },
      training: { ...DEFAULT_TRAINING, epochs: 40, learningRate: 1e-9, updateMode: 'sample', seed },
    };
    const p = prepareTraining(setup);
    if (!p.ok) throw new Error(p.problems[0].message);
    p.trainer.runToEnd();
    const kept = p.trainer.history.map((h) => Math.abs(h.loss - 9) > 1e-3);
    expect((seed ^ 0x9e3779b9) >>> 0).toBe(0x9e377993);
    const masks = new RandomState(0x9e377993);
    expect(kept).toEqual(Array.from({ length: 40 }, () => masks.randomSample() >= 0.5));
    expect(new Set(kept)).toEqual(new Set([true, false]));
  });

  it('resumes a run saved mid-way exactly where the uninterrupted run would be', () => {
    const whole = trainers(dropoutSetup(0.4, 6)).graph;
    whole.runToEnd();
    const first = trainers(dropoutSetup(0.4, 6)).graph;
    first.runEpochs(2);
    first.run(7); // into the third epoch
    const resumed = trainers(dropoutSetup(0.4, 6)).graph;
    resumed.restore(first.network.getParameters(), first.epoch, first.history, first.updates);
    resumed.runToEnd();
    expect(resumed.network.getParameters()).toEqual(whole.network.getParameters());
  });
});

describe('merges', () => {
  it('Concatenate puts its inputs side by side in the order they were connected', () => {
    const design = graph(
      [['in', 'input', { units: 2 }], ['a', 'dense', { units: 1, activation: 'linear' }], ['cat', 'concatenate'], ['out', 'output', { units: 1, activation: 'linear', loss: 'mse' }]],
      'in>a a>cat in>cat cat>out',
    );
    const compiled = compileDesign(design);
    if (!compiled.ok) throw new Error('does not compile');
    const cat = compiled.plan.steps.find((s) => s.id === 'cat')!;
    expect(cat.inWidths).toEqual([1, 2]);
    expect(cat.width).toBe(3);
    const net = new GraphNetwork(compiled.plan);
    net.trainables[0].W.set([2, 3]); // a = 2·x1 + 3·x2
    net.trainables[1].W.set([100, 10, 1]); // out = 100·a + 10·x1 + x2
    expect(net.forward(Float64Array.from([1, 2]), 0, 1)[0]).toBe(100 * 8 + 10 * 1 + 2);
  });
});
