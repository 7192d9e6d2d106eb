/**
 * Every version-1 file opens unchanged in the current version: the same setup, the same runs, and training
 * on from a saved run gives the numbers the version-1 app gave, to the bit. The files in
 * test/fixtures/files/v1 were written by the version-1 app (see how-they-were-made.ts.txt): the
 * post's presets, a trained 2-4-1, inline data, a softmax/cross-entropy output, every update
 * mode and every optimizer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { FORMAT_VERSION, parseExperiment, restoreOf, serializeExperiment } from '../../src-shared/experiment';
import { compileDesign } from '../../src-shared/network/compile';
import type { Design } from '../../src-shared/network/design';

function layerIdsInPlanOrder(design: Design): string[] {
  const compiled = compileDesign(design);
  if (!compiled.ok) throw new Error('does not compile');
  return compiled.plan.trainable.map((k) => compiled.plan.steps[k].id);
}

const dir = new URL('../fixtures/files/v1/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.nnd'));
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const expected = JSON.parse(read('expected.json')) as Record<string, { loss: number; predictions: number[] }>;

describe('version-1 files', () => {
  it('cover inline data, softmax with cross-entropy, every update mode and optimizer', () => {
    const setups = names.map((n) => (JSON.parse(read(n)) as { version: number; setup: { task: { dataset: string }; training: { updateMode: string; optimizer: { type: string } }; design: { nodes: { params: { loss?: string } }[] } } }));
    expect(setups.every((s) => s.version === 1)).toBe(true);
    const modes = new Set(setups.map((s) => s.setup.training.updateMode));
    const optimizers = new Set(setups.map((s) => s.setup.training.optimizer.type));
    expect([...modes].sort()).toEqual(['batch', 'minibatch', 'sample', 'shuffle']);
    expect([...optimizers].sort()).toEqual(['adam', 'momentum', 'sgd']);
    expect(setups.some((s) => s.setup.task.dataset === 'inline')).toBe(true);
    expect(setups.some((s) => s.setup.design.nodes.some((n) => n.params.loss === 'cross_entropy'))).toBe(true);
  });

  it.each(names)('%s opens with the same setup and runs, upgraded to the current version', (name) => {
    const text = read(name);
    const raw = JSON.parse(text) as { setup: unknown; runs: unknown; name: string; notes: string };
    const r = parseExperiment(text);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.warnings).toEqual([{ path: 'version', message: `upgraded from format version 1 to ${FORMAT_VERSION}; saving writes version ${FORMAT_VERSION}` }]);
    expect(r.experiment.setup).toEqual(raw.setup);
    // The same runs; read by the order the layers run in, each weight set is now named by its layer
    // and the run keeps the design it fits, so a later reorder cannot move its weights.
    const rawRuns = raw.runs as { parameters: { W: number[]; b: number[] }[] }[];
    expect(r.experiment.runs.map(({ design: _, ...run }) => ({ ...run, parameters: run.parameters.map((p) => ({ W: Array.from(p.W), b: Array.from(p.b) })) }))).toEqual(rawRuns);
    for (const run of r.experiment.runs.filter((x) => x.parameters.length > 0)) {
      expect(run.design).toEqual((raw.setup as { design: unknown }).design);
      expect(run.parameters.map((p) => p.node)).toEqual(layerIdsInPlanOrder(r.experiment.setup.design));
    }
    expect([r.experiment.name, r.experiment.notes]).toEqual([raw.name, raw.notes]);
    // Saved again it is a current file, and saving that changes nothing.
    const saved = serializeExperiment(r.experiment);
    const again = parseExperiment(saved);
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    expect(again.warnings).toEqual([]);
    expect(serializeExperiment(again.experiment)).toBe(saved);
  });

  it.each(Object.keys(expected))('%s trains on from its saved run to the version-1 app’s numbers, bit for bit', (name) => {
    const r = parseExperiment(read(`${name}.nnd`));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const p = prepareTraining(r.experiment.setup);
    if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('; '));
    const restore = r.experiment.runs[0] && restoreOf(r.experiment.runs[0], r.experiment.setup.design);
    if (restore) p.trainer.restore(restore.parameters, restore.epoch, restore.history, restore.updates);
    p.trainer.runToEnd();
    expect(p.trainer.evaluateLoss()).toBe(expected[name].loss);
    expect(Array.from(p.trainer.network.predict(p.dataset.inputs, Math.min(p.dataset.count, 8)))).toEqual(expected[name].predictions);
  });
});
