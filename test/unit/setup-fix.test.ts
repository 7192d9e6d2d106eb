/**
 * Fixes as data (src-shared/setup-fix.ts): a problem whose fix names what to set or delete
 * carries it, applying it removes the problem and changes nothing else, and the fix for a
 * k-class task — one unit per class, softmax, cross-entropy, and the training that trains it —
 * really trains: the same net with only its units set stays at chance.
 */
import { describe, expect, it } from 'vitest';
import { classMetrics } from '../../src-shared/engine/metrics';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { checkSetup } from '../../src-shared/setup-check';
import { applyFix, type SetupFix } from '../../src-shared/setup-fix';
import { graph } from './graph-design';

const CLUSTERS = { dataset: 'clusters', samples: 200, noise: 0.15, seed: 0, classes: 3 } as const;

function presetOn(id: string, task: ExperimentSetup['task']): ExperimentSetup {
  return { ...structuredClone(getPreset(id)!.setup), task };
}

/** The one problem that carries a fix, and its fix. */
function onlyFix(setup: ExperimentSetup): { message: string; fix: string; apply: SetupFix } {
  const fixes = checkSetup(setup).problems.filter((p) => p.apply);
  expect(fixes).toHaveLength(1);
  return fixes[0] as { message: string; fix: string; apply: SetupFix };
}

function accuracyAfterTraining(setup: ExperimentSetup): number {
  const prepared = prepareTraining(setup, { wasm: false });
  if (!prepared.ok) throw new Error(prepared.problems[0].message);
  prepared.trainer.runToEnd();
  return classMetrics(prepared.dataset, (x, n) => prepared.trainer.network.predict(x, n), prepared.dataset.count)!.accuracy;
}

describe('fixes as data', () => {
  it('a k-class task: the Output gets one unit per class, softmax and cross-entropy, and summed gradients become averaged — and then it learns', () => {
    const setup = presetOn('xor-2-4-1', CLUSTERS);
    const problem = onlyFix(setup);
    expect(problem.message).toBe('Output has 1 unit but Clusters has 3 classes');
    expect(problem.fix).toBe(
      'Set the Output layer to 3 units, one per class, softmax with cross-entropy; and average the gradients (each update sums the gradients of 200 examples, a step 200 times the learning rate)',
    );
    expect(problem.apply).toEqual({
      summary: 'Output: 3 units, softmax, cross-entropy; averaged gradients',
      edits: [
        { kind: 'params', nodeId: 'output', params: { units: 3, activation: 'softmax', loss: 'cross_entropy' } },
        { kind: 'training', training: { reduction: 'mean' } },
      ],
    });
    const fixed = applyFix(setup, problem.apply);
    expect(checkSetup(fixed).problems).toEqual([]);
    // Only what the fix names changed; the rest is the same objects.
    expect(fixed.task).toBe(setup.task);
    expect(fixed.design.edges).toBe(setup.design.edges);
    expect(fixed.design.nodes.filter((n) => n.id !== 'output').every((n) => setup.design.nodes.includes(n))).toBe(true);
    expect(fixed.training).toEqual({ ...setup.training, reduction: 'mean' });
    expect(accuracyAfterTraining({ ...fixed, training: { ...fixed.training, epochs: 2000 } })).toBe(1);

    // The old fix, units alone: sigmoid with squared error and summed gradients saturate at chance.
    const unitsOnly = applyFix(setup, { summary: '', edits: [{ kind: 'params', nodeId: 'output', params: { units: 3 } }] });
    expect(accuracyAfterTraining({ ...unitsOnly, training: { ...unitsOnly.training, epochs: 2000 } })).toBeLessThan(0.4);
  });

  it('per-sample training needs no change of its gradients: the fix sets the Output only, and it learns', () => {
    const setup = presetOn('and-neuron', CLUSTERS);
    const { apply } = onlyFix(setup);
    expect(apply.edits).toEqual([{ kind: 'params', nodeId: 'output', params: { units: 3, activation: 'softmax', loss: 'cross_entropy' } }]);
    expect(accuracyAfterTraining(applyFix(setup, apply))).toBe(1);
  });

  it('two classes on a softmax Output of the wrong width: one unit per class; on a sigmoid: one output', () => {
    const two = { ...CLUSTERS, classes: 2 };
    const softmax = presetOn('spiral-3-softmax', two);
    expect(onlyFix(softmax).apply.summary).toBe('Output: 2 units, softmax, cross-entropy');
    expect(checkSetup(applyFix(softmax, onlyFix(softmax).apply)).problems).toEqual([]);
    const sigmoid = presetOn('xor-2-4-1', two);
    const wide = applyFix(sigmoid, { summary: '', edits: [{ kind: 'params', nodeId: 'output', params: { units: 4 } }] });
    expect(onlyFix(wide).apply.summary).toBe('Output: 1 unit');
    expect(checkSetup(applyFix(wide, onlyFix(wide).apply)).problems).toEqual([]);
  });

  it('an Input of the wrong width, cross-entropy on one output, a loop, a doubled connection: each fix removes its problem', () => {
    const setup = presetOn('xor-2-4-1', { dataset: 'xor' });
    const cases: ((s: ExperimentSetup) => ExperimentSetup)[] = [
      (s) => applyFix(s, { summary: '', edits: [{ kind: 'params', nodeId: 'input', params: { units: 3 } }] }),
      (s) => applyFix(s, { summary: '', edits: [{ kind: 'params', nodeId: 'output', params: { loss: 'cross_entropy' } }] }),
      (s) => applyFix(s, { summary: '', edits: [{ kind: 'params', nodeId: 'output', params: { activation: 'softmax' } }] }),
      (s) => ({ ...s, design: { ...s.design, edges: [...s.design.edges, { id: 'back', source: 'dense-1', target: 'dense-1' }] } }),
      (s) => ({ ...s, design: { ...s.design, edges: [...s.design.edges, { id: 'again', source: 'input', target: 'dense-1' }] } }),
    ];
    const summaries = cases.map((broken) => {
      const bad = broken(setup);
      const { apply } = onlyFix(bad);
      expect(checkSetup(applyFix(bad, apply)).problems).toEqual([]);
      return apply.summary;
    });
    expect(summaries).toEqual(['Input: 2 units', 'Output: binary cross-entropy', 'Output: sigmoid', 'Delete the connection', 'Delete the connection']);

    // A loop through two layers: its closing connection goes.
    const loop = graph(
      [
        ['in', 'input', { units: 2 }],
        ['a', 'dense', { units: 2, activation: 'tanh' }],
        ['b', 'dense', { units: 2, activation: 'tanh' }],
        ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
      ],
      'in>a a>b b>a b>out',
    );
    const looped = { ...setup, design: loop };
    const fixes = checkSetup(looped).problems.filter((p) => p.apply);
    expect(fixes.length).toBeGreaterThan(0);
    expect(checkSetup(applyFix(looped, fixes[0].apply!)).problems).toEqual([]);
  });

  it('training settings that name a value: a learning rate of 0 becomes 0.5, a weight scale of 0 becomes 0.5', () => {
    const setup = presetOn('xor-2-4-1', { dataset: 'xor' });
    const bad = { ...setup, training: { ...setup.training, learningRate: 0, init: { ...setup.training.init, scale: 0 } } };
    const fixes = checkSetup(bad).trainingProblems.map((p) => p.apply!);
    expect(fixes.map((f) => f.summary)).toEqual(['Learning rate 0.5', 'Weight scale 0.5']);
    const fixed = fixes.reduce(applyFix, bad);
    expect(checkSetup(fixed).problems).toEqual([]);
    expect(fixed.design).toBe(bad.design);
    expect(fixed.training).toEqual({ ...setup.training, learningRate: 0.5, init: { ...setup.training.init, scale: 0.5 } });
  });

  it('a fix whose layer or connection is gone changes nothing', () => {
    const setup = presetOn('xor-2-4-1', { dataset: 'xor' });
    expect(applyFix(setup, { summary: '', edits: [{ kind: 'params', nodeId: 'ghost', params: { units: 3 } }, { kind: 'remove-edge', edgeId: 'ghost' }] })).toBe(setup);
  });
});
