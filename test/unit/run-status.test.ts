/** What a run's status says, from real runs: the post's, and the same nets at absurd learning rates. */
import { describe, expect, it } from 'vitest';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { predictionRows } from '../../src-shared/engine/report';
import { networkOutputs, runStatus, suggestedLearningRate, type RunStatus } from '../../src-shared/engine/run-status';
import { decimateHistory } from '../../src-shared/experiment';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { verdict } from '../../src-renderer/training/status';
import { outputActivation } from '../../src-shared/engine/plan-info';
import { classMetrics } from '../../src-shared/engine/metrics';

function trainedFacts(id: string, change: (s: ExperimentSetup) => ExperimentSetup = (s) => s) {
  const preset = getPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  const setup = change(structuredClone(preset.setup));
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems[0].message);
  p.trainer.runToEnd();
  const rows = predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n));
  return {
    state: p.trainer.status,
    history: p.trainer.history,
    epochs: setup.training.epochs,
    outputs: { activation: outputActivation(p.trainer.plan), values: networkOutputs(rows, p.dataset.display) },
    training: setup.training,
    samples: p.dataset.count,
    metrics: classMetrics(p.dataset, (x, n) => p.trainer.network.predict(x, n), p.dataset.count),
  };
}
const withRate = (lr: number, epochs = 2000) => (s: ExperimentSetup): ExperimentSetup => ({ ...s, training: { ...s.training, learningRate: lr, epochs } });

describe('run status', () => {
  it.each([
    ['xor-2-4-1', 1e6, 0.5],
    ['xor-2-4-1', 1e300, 0.5],
    ['and-neuron', 1e6, 2],
    ['xor-neuron', 1e3, 2],
  ])('%s at learning rate %d is saturated, and says which rate to try (%d)', (id, lr, suggested) => {
    const facts = trainedFacts(id, withRate(lr));
    const status = runStatus(facts);
    expect(status).toMatchObject({ kind: 'saturated', cause: 'learning-rate', learningRate: lr, suggestedRate: suggested });
    expect((status as Extract<RunStatus, { kind: 'saturated' }>).message).toContain(`try a learning rate near ${suggested}`);
  });

  it('the 2-16-16-1 addition net at learning rate 1e6 is saturated too (after only 30 epochs)', () => {
    expect(runStatus(trainedFacts('addition-2-16-16-1', withRate(1e6, 30)))).toMatchObject({ kind: 'saturated', suggestedRate: 2 });
  });

  it('keeps the post’s verdicts: the neuron on XOR stalls, the 2-4-1 net and addition converge', () => {
    expect(runStatus(trainedFacts('xor-neuron')).kind).toBe('stalled');
    expect(runStatus(trainedFacts('xor-2-4-1')).kind).toBe('converged');
    expect(runStatus(trainedFacts('addition-2-16-16-1')).kind).toBe('converged');
    expect(runStatus(trainedFacts('and-neuron')).kind).toBe('finished');
  });

  it('a classifier that ends no better than chance says so, with what it got, what guessing gets, and what to try', () => {
    // The post's 2-4-1 net stopped after 100 of its 10,000 epochs: its loss has barely begun to fall.
    const facts = trainedFacts('xor-2-4-1', withRate(2, 100));
    expect(facts.metrics?.accuracy).toBe(0.5);
    const status = runStatus(facts);
    expect(status).toMatchObject({ kind: 'chance', accuracy: 0.5, chance: 0.5 });
    expect((status as Extract<RunStatus, { kind: 'chance' }>).message).toBe(
      'No better than chance: 50% of the samples right, where always answering the most common class gets 50%. The loss is still falling: train for more epochs (or with a larger learning rate).',
    );
    // Summing 300 examples' gradients at learning rate 2: the step is the problem, and it is named.
    const spiral = trainedFacts('spiral-3-softmax', (s) => ({ ...s, training: { ...s.training, epochs: 3, updateMode: 'batch', reduction: 'sum', optimizer: { type: 'sgd' }, learningRate: 0.2 } }));
    const said = runStatus(spiral);
    expect(said.kind).toBe('chance');
    expect((said as Extract<RunStatus, { kind: 'chance' }>).message).toMatch(/^No better than chance: \d+(\.\d)?% of the samples right, where always answering the most common class gets 33\.3%\. Each update sums the gradients of 300 examples/);
    // While it trains it is too early to say; a classifier that learned is no news.
    expect(runStatus({ ...facts, state: 'training' }).kind).toBe('training');
    expect(runStatus(trainedFacts('and-neuron')).kind).toBe('finished');
  });

  it('blames huge initial weights, not the rate, when the rate is sensible', () => {
    const status = runStatus(trainedFacts('xor-2-4-1', (s) => ({ ...s, training: { ...s.training, epochs: 500, init: { scheme: 'randn', scale: 1e4 } } })));
    expect(status).toMatchObject({ kind: 'saturated', cause: 'initial-weights' });
  });

  it('reads a thinned history as it reads the full one', () => {
    for (const facts of [trainedFacts('xor-neuron'), trainedFacts('xor-2-4-1', withRate(1e6, 20_000))]) {
      const thinned = decimateHistory(facts.history, 200);
      expect(thinned.length).toBeLessThanOrEqual(200);
      expect(runStatus({ ...facts, history: thinned })).toEqual(runStatus(facts));
    }
  });

  it('the app says saturated for a sigmoid net at learning rate 1e6, not stalled', () => {
    expect(verdict(trainedFacts('xor-2-4-1', withRate(1e6))).kind).toBe('saturated');
  });

  it('suggests about 2 per summed example, and Adam its usual rate', () => {
    const t = getPreset('xor-2-4-1')!.setup.training;
    expect(suggestedLearningRate(t, 4)).toBe(0.5);
    expect(suggestedLearningRate({ ...t, reduction: 'mean' }, 4)).toBe(2);
    expect(suggestedLearningRate(t, 200)).toBe(0.01);
    expect(suggestedLearningRate({ ...t, optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } }, 4)).toBe(0.001);
  });
});
