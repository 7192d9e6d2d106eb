/**
 * L1 and L2 regularisation: the penalty's gradient joins the weights' (never the biases') in each
 * update, in every update mode; the reported loss is the data's; without it, per-sample SGD still
 * takes the fused WebAssembly step (so every earlier run is bit for bit what it was). The NumPy and
 * PyTorch exports' numbers are checked in numpy-export.test.ts and torch-export.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logicGate } from '../../src-shared/datasets';
import { DEFAULT_TRAINING, type Regularization, type TrainingConfig, type UpdateMode } from '../../src-shared/engine/config';
import { addPenaltyGradient, weightPenalty } from '../../src-shared/engine/regularization';
import { stallAdvice } from '../../src-shared/engine/run-status';
import { Trainer } from '../../src-shared/engine/trainer';
import { createExperiment, parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { chainDesign, chainPlan } from '../../src-shared/network/chain';
import { RandomState } from '../../src-shared/rng/random-state';
import { checkTraining } from '../../src-shared/setup-check';
import { summarizeTraining } from '../../src-main/cli/describe';

const plan = chainPlan({ inputSize: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'squared_error' });
const config = (over: Partial<TrainingConfig>): TrainingConfig => ({ ...DEFAULT_TRAINING, epochs: 1, learningRate: 0.7, batchSize: 3, seed: 5, ...over });
const L2: Regularization = { type: 'l2', rate: 0.05 };
const L1: Regularization = { type: 'l1', rate: 0.02 };

const trainer = (over: Partial<TrainingConfig>): Trainer => new Trainer(plan, logicGate('xor'), config(over));
const weights = (t: Trainer) => t.network.getParameters();

afterEach(() => vi.restoreAllMocks());

describe('the penalty', () => {
  it("has the gradient it adds: rate·w for L2's rate/2·Σw², rate·sign w for L1's rate·Σ|w| (central differences)", () => {
    const rs = new RandomState(2);
    const layers = [3 * 4, 4].map((n) => ({ W: rs.randn(1, n).map((v) => v + Math.sign(v) * 0.1), b: new Float64Array(1), gW: new Float64Array(n), gb: new Float64Array(1) }));
    for (const reg of [L2, L1]) {
      for (const l of layers) l.gW.fill(0);
      addPenaltyGradient(layers, reg);
      const h = 1e-6;
      for (const l of layers) {
        for (let i = 0; i < l.W.length; i++) {
          const keep = l.W[i];
          l.W[i] = keep + h;
          const up = weightPenalty(layers, reg);
          l.W[i] = keep - h;
          const down = weightPenalty(layers, reg);
          l.W[i] = keep;
          expect(l.gW[i]).toBeCloseTo((up - down) / (2 * h), 8);
        }
      }
      expect(layers.every((l) => l.gb[0] === 0)).toBe(true);
    }
  });
});

describe('in training', () => {
  const modes: UpdateMode[] = ['sample', 'shuffle', 'minibatch', 'batch'];
  it.each(modes.flatMap((mode) => [L2, L1].map((reg) => [mode, reg.type, reg] as const)))(
    '%s updates, %s: the first step moves each weight by −lr·rate·(w or sign w) more than without, and each bias not at all',
    (updateMode, _, reg) => {
      for (const optimizer of [{ type: 'sgd' }, { type: 'momentum', momentum: 0.9 }] as const) {
        const start = weights(trainer({ updateMode, optimizer }));
        const plain = trainer({ updateMode, optimizer });
        const penalized = trainer({ updateMode, optimizer, regularization: reg });
        plain.run(1);
        penalized.run(1);
        const [a, b] = [weights(plain), weights(penalized)];
        a.forEach((layer, k) => {
          expect(Array.from(b[k].b)).toEqual(Array.from(layer.b));
          layer.W.forEach((w, i) => {
            const w0 = start[k].W[i];
            expect(b[k].W[i] - w).toBeCloseTo(-0.7 * reg.rate * (reg.type === 'l2' ? w0 : Math.sign(w0)), 14);
          });
        });
      }
    },
  );

  it('without it, per-sample SGD takes the fused WebAssembly step; with it, backward, the penalty, then the step', () => {
    for (const [reg, fused] of [[undefined, true], [L2, false]] as const) {
      const t = trainer({ updateMode: 'shuffle', regularization: reg });
      expect(t.network.usesWasm).toBe(true);
      const sgdSample = vi.spyOn(t.network, 'sgdSample');
      const backward = vi.spyOn(t.network, 'backward');
      t.runToEnd();
      expect(sgdSample).toHaveBeenCalledTimes(fused ? 4 : 0);
      expect(backward).toHaveBeenCalledTimes(fused ? 0 : 4);
    }
  });

  it("reports the data's loss, without the penalty: a run's first full-batch loss is the unregularised run's", () => {
    const plain = trainer({ updateMode: 'batch', epochs: 3 });
    const penalized = trainer({ updateMode: 'batch', epochs: 3, regularization: { type: 'l2', rate: 10 } });
    plain.runToEnd();
    penalized.runToEnd();
    expect(penalized.history[0].loss).toBe(plain.history[0].loss);
    expect(penalized.history[1].loss).not.toBe(plain.history[1].loss);
  });

  it('L2 keeps the weights small and L1 their absolute sum, over a long run (the 2-4-1 XOR)', () => {
    const run = (regularization?: Regularization) => {
      const t = trainer({ updateMode: 'batch', epochs: 2000, learningRate: 2, seed: 42, regularization });
      t.runToEnd();
      return t.network.trainables;
    };
    const plain = run();
    expect(weightPenalty(run(L2), L2)).toBeLessThan(weightPenalty(plain, L2) / 2);
    expect(weightPenalty(run(L1), L1)).toBeLessThan(weightPenalty(plain, L1) / 2);
  });
});

describe('the setting', () => {
  const setup = {
    design: chainDesign(2, [{ units: 4, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'squared_error' }),
    task: { dataset: 'xor' as const },
    training: { ...DEFAULT_TRAINING },
  };

  it('is optional in a file: none when absent (earlier files mean what they meant), kept when set', () => {
    const without = serializeExperiment(createExperiment(setup));
    expect(without).not.toContain('regularization');
    const read = parseExperiment(without);
    expect(read.ok && read.experiment.setup.training.regularization).toBe(undefined);
    const withL1 = parseExperiment(serializeExperiment(createExperiment({ ...setup, training: { ...setup.training, regularization: L1 } })));
    expect(withL1.ok && withL1.experiment.setup.training.regularization).toEqual(L1);
    const bad = parseExperiment(serializeExperiment(createExperiment({ ...setup, training: { ...setup.training, regularization: L1 } })).replace('"l1"', '"l3"'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatchObject({ path: 'setup.training.regularization.type', message: 'expected one of "l1", "l2", got "l3"' });
  });

  it('needs a positive rate, said with its path and the fix', () => {
    for (const rate of [0, -0.1, NaN]) {
      expect(checkTraining({ ...DEFAULT_TRAINING, regularization: { type: 'l2', rate } })).toEqual([
        { path: 'setup.training.regularization.rate', message: `L2 regularisation rate is ${rate}`, fix: 'Set the rate to a positive number, such as 0.001, or turn regularisation off' },
      ]);
    }
    expect(checkTraining({ ...DEFAULT_TRAINING, regularization: L2 })).toEqual([]);
  });

  it('is what a stalled run’s advice names: the loss settles where the penalty holds it', () => {
    const run = { hiddenLayers: 1, classification: true, samples: 4 };
    expect(stallAdvice({ ...run, training: { ...DEFAULT_TRAINING, regularization: { type: 'l1', rate: 0.01 } } })).toMatch(/^The L1 penalty \(rate 0\.01\) holds the weights back.*try a smaller rate\.$/);
    expect(stallAdvice({ ...run, training: DEFAULT_TRAINING })).not.toContain('penalty');
  });

  it('is in the command line’s summary, saying the loss leaves it out', () => {
    expect(summarizeTraining({ ...DEFAULT_TRAINING, regularization: { type: 'l2', rate: 0.001 } })).toContain('learning rate 1, L2 regularisation 0.001 on the weights (not in the loss),');
    expect(summarizeTraining(DEFAULT_TRAINING)).not.toContain('regularisation');
  });
});
