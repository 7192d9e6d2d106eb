import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import { historyCsv } from '../../src-renderer/training/csv';
import { formatDuration, formatLoss, isStalled, stallAdvice, timeLeftMs, verdict } from '../../src-renderer/training/status';
import { checkSetup, trainingKey } from '../../src-shared/setup-check';
import { getPreset } from '../../src-shared/presets';
import { prepareTraining } from '../../src-shared/engine/prepare';

const history = (losses: number[]): EpochRecord[] => losses.map((loss, epoch) => ({ epoch, loss }));

describe('advice for a stalled run', () => {
  it('says summed gradients over many examples make the step too big, and following it helps', () => {
    const preset = getPreset('xor-2-4-1');
    if (!preset) throw new Error('preset missing');
    // The post's 2-4-1 settings (full batch, summed, lr 2) on a 200-point spiral instead of 4 points.
    const spiral = { ...preset.setup, task: { dataset: 'spiral' as const, samples: 200, noise: 0.05, seed: 1 }, training: { ...preset.setup.training, epochs: 3000 } };
    const run = (setup: typeof spiral): { loss: number; stalled: boolean } => {
      const p = prepareTraining(setup);
      if (!p.ok) throw new Error(p.problems[0].message);
      p.trainer.runToEnd();
      return { loss: p.trainer.history.at(-1)?.loss ?? NaN, stalled: isStalled(p.trainer.history, setup.training.epochs).stalled };
    };
    const stuck = run(spiral);
    expect(stuck.stalled).toBe(true);
    const advice = stallAdvice({ hiddenLayers: 1, classification: true, training: spiral.training, samples: 200 });
    expect(advice).toBe(
      'Each update sums the gradients of 200 examples, so its step is 200 times what a learning rate of 2 takes for one example: try Averaged gradients, or a learning rate near 0.01.',
    );
    const averaged = run({ ...spiral, training: { ...spiral.training, reduction: 'mean' } });
    expect(averaged.loss).toBeLessThan(stuck.loss * 0.8);
  });

  it('keeps the post’s lesson for a single neuron, and the usual advice otherwise', () => {
    const training = { updateMode: 'sample' as const, reduction: 'sum' as const, batchSize: 16, learningRate: 2, optimizer: { type: 'sgd' as const } };
    expect(stallAdvice({ hiddenLayers: 0, classification: true, training, samples: 4 })).toMatch(/add a Dense layer/);
    expect(stallAdvice({ hiddenLayers: 1, classification: true, training, samples: 500 })).toBe('Try another learning rate or seed, or more hidden units.');
    // The post's own XOR: full batch over 4 examples is not flagged.
    expect(stallAdvice({ hiddenLayers: 1, classification: true, training: { ...training, updateMode: 'batch' }, samples: 4 })).toMatch(/^Try another/);
    // Adam scales its own steps; a rate already small is not the problem.
    const big = { ...training, updateMode: 'batch' as const };
    expect(stallAdvice({ hiddenLayers: 1, classification: true, training: { ...big, optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } }, samples: 1000 })).toMatch(/^Try another/);
    expect(stallAdvice({ hiddenLayers: 1, classification: true, training: { ...big, learningRate: 0.001 }, samples: 1000 })).toMatch(/^Try another/);
    expect(stallAdvice({ hiddenLayers: 1, classification: true, training: { ...big, updateMode: 'minibatch', batchSize: 64 }, samples: 1000 })).toMatch(/sums the gradients of 64 examples/);
  });
});

describe('run verdicts', () => {
  it('calls the single neuron on XOR stalled, from its real loss history', () => {
    const preset = getPreset('xor-neuron');
    if (!preset) throw new Error('preset missing');
    const prepared = prepareTraining(preset.setup);
    if (!prepared.ok) throw new Error('preset does not compile');
    prepared.trainer.runEpochs(1000);
    const v = verdict({ state: 'done', history: prepared.trainer.history, epochs: 1000, divergence: null });
    expect(v.kind).toBe('stalled');
  });

  it('calls the 2-4-1 XOR net converged, from its real loss history', () => {
    const preset = getPreset('xor-2-4-1');
    if (!preset) throw new Error('preset missing');
    const prepared = prepareTraining(preset.setup);
    if (!prepared.ok) throw new Error('preset does not compile');
    prepared.trainer.runEpochs(10_000);
    const v = verdict({ state: 'done', history: prepared.trainer.history, epochs: 10_000, divergence: null });
    expect(v.kind).toBe('converged');
  });

  it('does not call a run stalled while the loss still falls', () => {
    const falling = history(Array.from({ length: 500 }, (_, i) => 0.25 * Math.exp(-i / 100)));
    expect(isStalled(falling, 1000).stalled).toBe(false);
    expect(verdict({ state: 'training', history: falling, epochs: 1000, divergence: null }).kind).toBe('training');
  });

  it('reports divergence with the engine message', () => {
    const v = verdict({ state: 'diverged', history: [], epochs: 10, divergence: 'try 0.1' });
    expect(v).toEqual({ kind: 'diverged', message: 'try 0.1' });
  });
});

describe('formatting', () => {
  it('formats durations, losses and time left', () => {
    expect(formatDuration(400)).toBe('0.4s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatLoss(0.000355)).toBe('0.000355');
    expect(formatLoss(2.1e-7)).toBe('2.10e-7');
    expect(formatLoss(1.8288638951792698e303)).toBe('1.83e+303');
    expect(formatLoss(null)).toBe('—');
    expect(formatLoss(Number.NaN)).toBe('diverged');
    expect(timeLeftMs({ updates: 500, epochs: 10, updatesPerSecond: 100 }, 100)).toBe(5000);
    expect(timeLeftMs({ updates: 500, epochs: 10, updatesPerSecond: 0 }, 100)).toBeNull();
  });

  it('writes the history as CSV with full precision and the test loss by epoch', () => {
    const csv = historyCsv(history([0.1, 1 / 3]), [{ epoch: 1, loss: 0.5 }]);
    expect(csv).toBe('epoch,loss,test_loss\n0,0.1,\n1,0.3333333333333333,0.5\n');
    expect(historyCsv(history([Number.NaN]))).toBe('epoch,loss\n0,nan\n');
  });
});

describe('setup checks', () => {
  it('finds problems before sending and ignores node positions for staleness', () => {
    const preset = getPreset('xor-2-4-1');
    if (!preset) throw new Error('preset missing');
    expect(checkSetup(preset.setup).problems).toEqual([]);
    const moved = { ...preset.setup, design: { ...preset.setup.design, nodes: preset.setup.design.nodes.map((n) => ({ ...n, position: { x: n.position.x + 50, y: 3 } })) } };
    expect(trainingKey(moved)).toBe(trainingKey(preset.setup));
    const faster = { ...preset.setup, training: { ...preset.setup.training, learningRate: 3 } };
    expect(trainingKey(faster)).not.toBe(trainingKey(preset.setup));
    const broken = { ...preset.setup, training: { ...preset.setup.training, learningRate: -1 } };
    expect(checkSetup(broken).problems.map((p) => p.message)).toEqual(['Learning rate is -1']);
  });
});
