import { describe, expect, it } from 'vitest';
import { Trainer } from '../../src-shared/engine/trainer';
import { DEFAULT_TRAINING, type TrainingConfig } from '../../src-shared/engine/config';
import { circleData as circle, inlineData as inline, logicGate, spiralData as spiral } from '../../src-shared/datasets';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { getPreset } from '../../src-shared/presets';
import { Network } from '../../src-shared/engine/network';
import { chainPlan } from '../../src-shared/network/chain';
import { RandomState } from '../../src-shared/rng/random-state';

const xorSpec = { inputSize: 2, layers: [{ units: 4, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }], loss: 'bce' as const };
const xorNet = chainPlan(xorSpec);
const config = (over: Partial<TrainingConfig>): TrainingConfig => ({ ...DEFAULT_TRAINING, epochs: 2000, learningRate: 0.5, ...over });

describe('Trainer', () => {
  it.each([
    ['sgd, full batch, mean', { updateMode: 'batch', reduction: 'mean', learningRate: 2 }],
    ['sgd, mini-batch of 2', { updateMode: 'minibatch', batchSize: 2, reduction: 'mean' }],
    ['momentum, per sample', { updateMode: 'shuffle', optimizer: { type: 'momentum', momentum: 0.9 }, learningRate: 0.1 }],
    ['adam, full batch', { updateMode: 'batch', reduction: 'mean', optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, learningRate: 0.05 }],
  ] as [string, Partial<TrainingConfig>][])('%s learns XOR', (_, over) => {
    const t = new Trainer(xorNet, logicGate('xor'), config({ ...over, init: { scheme: 'xavier', scale: 1 }, seed: 3 }));
    t.runToEnd();
    const p = t.network.predict(t.data.inputs, 4);
    expect(t.status).toBe('done');
    expect([p[0] < 0.1, p[1] > 0.9, p[2] > 0.9, p[3] < 0.1]).toEqual([true, true, true, true]);
    expect(t.history[t.history.length - 1].loss).toBeLessThan(t.history[0].loss / 10);
  });

  it('mean reduction divides the summed full-batch gradient by the batch size', () => {
    const sum = new Trainer(xorNet, logicGate('xor'), config({ updateMode: 'batch', reduction: 'sum', learningRate: 0.4, epochs: 1 }));
    const mean = new Trainer(xorNet, logicGate('xor'), config({ updateMode: 'batch', reduction: 'mean', learningRate: 1.6, epochs: 1 }));
    sum.runToEnd();
    mean.runToEnd();
    // lr·Σg and (4·lr)·(Σg/4) are the same step, to rounding.
    const a = sum.network.getParameters()[0].W;
    const b = mean.network.getParameters()[0].W;
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 14));
  });

  it('mean divides each update by its own rows: a last, partial mini-batch by its size, not the batch size', () => {
    // Identical rows make a batch's mean gradient the one row's, so the order drawn does not matter:
    // batches of 3 and 2 must take the same two steps as two single-sample updates.
    const plan = chainPlan({ inputSize: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse' });
    const rows = (n: number) => inline('same', Array.from({ length: n }, () => [0.3, -0.7]), Array.from({ length: n }, () => [1]));
    const batches = new Trainer(plan, rows(5), config({ updateMode: 'minibatch', batchSize: 3, reduction: 'mean', learningRate: 0.5, epochs: 1, seed: 4 }));
    const samples = new Trainer(plan, rows(2), config({ updateMode: 'sample', learningRate: 0.5, epochs: 1, seed: 4 }));
    expect(batches.updatesPerEpoch).toBe(2);
    batches.runToEnd();
    samples.runToEnd();
    const [a, b] = [batches, samples].map((t) => t.network.getParameters().flatMap((l) => [...l.W, ...l.b]));
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-14));
  });

  it('a batch size larger than the data is one update per epoch on every sample, in the epoch\'s shuffled order', () => {
    const over = new Trainer(xorNet, logicGate('xor'), config({ updateMode: 'minibatch', batchSize: 100, reduction: 'mean', epochs: 50, seed: 6 }));
    const full = new Trainer(xorNet, logicGate('xor'), config({ updateMode: 'batch', reduction: 'mean', epochs: 50, seed: 6 }));
    expect(over.updatesPerEpoch).toBe(1);
    over.runToEnd();
    full.runToEnd();
    expect(over.updates).toBe(50);
    // The same step as full batch, summed in the shuffled order: equal to rounding, not to the bit.
    const [a, b] = [over, full].map((t) => t.network.getParameters().flatMap((l) => [...l.W, ...l.b]));
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-12));
  });

  it('detects divergence and says in which epoch', () => {
    const spec = { inputSize: 2, layers: [{ units: 8, activation: 'relu' as const }, { units: 1, activation: 'linear' as const }], loss: 'mse' as const };
    const t = new Trainer(chainPlan(spec), spiral(100, 0.1, 1), config({ learningRate: 1e6, updateMode: 'batch', epochs: 1000 }));
    t.runToEnd();
    expect(t.status).toBe('diverged');
    expect(t.divergedAt?.epoch).toBeGreaterThanOrEqual(0);
    expect(t.divergedAt?.epoch).toBeLessThan(1000);
  });

  it('stops mid-epoch and continues exactly where it stopped', () => {
    const whole = new Trainer(xorNet, circle(50, 0.05, 2), config({ updateMode: 'shuffle', epochs: 3 }));
    whole.runToEnd();
    const sliced = new Trainer(xorNet, circle(50, 0.05, 2), config({ updateMode: 'shuffle', epochs: 3 }));
    while (!sliced.done) sliced.run(7); // 7 does not divide 50: slices end mid-epoch
    expect(sliced.network.getParameters()).toEqual(whole.network.getParameters());
    expect(sliced.history).toEqual(whole.history);
  });

  it('restores saved weights and replays the shuffles so continuing matches an uninterrupted run', () => {
    const preset = getPreset('addition-2-16-16-1');
    if (!preset) throw new Error('preset missing');
    const setup = { ...preset.setup, training: { ...preset.setup.training, epochs: 6 } };
    const full = prepareTraining(setup);
    const half = prepareTraining(setup);
    if (!full.ok || !half.ok) throw new Error('setup invalid');
    full.trainer.runToEnd();
    half.trainer.runEpochs(3);
    const resumed = prepareTraining(setup);
    if (!resumed.ok) throw new Error('setup invalid');
    resumed.trainer.restore(half.trainer.network.getParameters(), 3, half.trainer.history);
    resumed.trainer.runToEnd();
    expect(resumed.trainer.network.getParameters()).toEqual(full.trainer.network.getParameters());
    expect(resumed.trainer.history).toEqual(full.trainer.history);
  });

  it.each([
    ['per-sample shuffled', {}],
    ['mini-batch of 32', { updateMode: 'minibatch', batchSize: 32, reduction: 'mean' }],
  ] as [string, Partial<TrainingConfig>][])('continues a run saved mid-epoch exactly (%s)', (_, over) => {
    const preset = getPreset('addition-2-16-16-1');
    if (!preset) throw new Error('preset missing');
    const setup = { ...preset.setup, training: { ...preset.setup.training, ...over, epochs: 4 } };
    const full = prepareTraining(setup);
    const paused = prepareTraining(setup);
    const resumed = prepareTraining(setup);
    if (!full.ok || !paused.ok || !resumed.ok) throw new Error('setup invalid');
    full.trainer.runToEnd();
    const perEpoch = paused.trainer.updatesPerEpoch;
    paused.trainer.run(perEpoch + Math.floor(perEpoch / 2)); // halfway through the second epoch
    const { epoch, updates, history } = paused.trainer;
    resumed.trainer.restore(paused.trainer.network.getParameters(), epoch, history, updates);
    expect([resumed.trainer.epoch, resumed.trainer.updates, resumed.trainer.positionInEpoch]).toEqual([1, updates, paused.trainer.positionInEpoch]);
    resumed.trainer.runToEnd();
    expect(resumed.trainer.network.getParameters()).toEqual(full.trainer.network.getParameters());
    // The resumed epoch's loss averages only the samples seen after the restore; the others match.
    expect(resumed.trainer.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    expect(resumed.trainer.history[2]).toEqual(full.trainer.history[2]);
    expect(resumed.trainer.history[1].loss).toBeCloseTo(full.trainer.history[1].loss, 2);
  });

  it('rejects data that does not fit the network', () => {
    expect(() => new Trainer(chainPlan({ ...xorSpec, inputSize: 3 }), logicGate('and'), config({}))).toThrow(/takes 3 inputs but AND has 2/);
  });
});

describe('initialisation', () => {
  it('draws W layer by layer from one stream, as NumPy does (randn(2,4)*0.5 then randn(4,1)*0.5)', () => {
    const net = new Network({ inputSize: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'squared_error' });
    net.initialize(new RandomState(42), 'randn', 0.5);
    const rs = new RandomState(42);
    const w1 = Array.from(rs.randn(2, 4), (v) => v * 0.5);
    const w2 = Array.from(rs.randn(4, 1), (v) => v * 0.5);
    expect(Array.from(net.layers[0].W)).toEqual(w1);
    expect(Array.from(net.layers[1].W)).toEqual(w2);
    expect(Array.from(net.layers[0].b)).toEqual([0, 0, 0, 0]);
  });

  it('He and Xavier scale by fan-in (and fan-out)', () => {
    const net = new Network({ inputSize: 400, layers: [{ units: 300, activation: 'relu' }], loss: 'mse' });
    const std = (a: Float64Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    net.initialize(new RandomState(0), 'he', 1);
    expect(std(net.layers[0].W)).toBeCloseTo(Math.sqrt(2 / 400), 3);
    net.initialize(new RandomState(0), 'xavier', 1);
    expect(std(net.layers[0].W)).toBeCloseTo(Math.sqrt(2 / 700), 3);
  });
});

describe('prepareTraining', () => {
  it('reports every problem with the design and the settings at once', () => {
    const preset = getPreset('xor-2-4-1');
    if (!preset) throw new Error('preset missing');
    const broken = {
      ...preset.setup,
      design: { ...preset.setup.design, edges: preset.setup.design.edges.slice(1) },
      training: { ...preset.setup.training, learningRate: -1, epochs: 0 },
    };
    const result = prepareTraining(broken);
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.problems.map((p) => `${p.message} → ${p.fix}`);
    expect(messages.join('\n')).toMatch(/Learning rate is -1/);
    expect(messages.join('\n')).toMatch(/Epochs is 0/);
    expect(messages.join('\n')).toMatch(/Input \(input\) is not connected/);
  });
});
