/** Adding a run to a file keeps every run: the latest 100 in full, older ones as summaries, and says so. */
import { describe, expect, it } from 'vitest';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { appendRun, createExperiment, LIMITS, parseExperiment, runFromTrainer, serializeExperiment, type Run } from '../../src-shared/experiment';
import { chainDesign } from '../../src-shared/network/chain';
import { getPreset } from '../../src-shared/presets';

const setup = getPreset('xor-2-4-1')!.setup;
function trainedRun(seed: number, epochs = 20): Run {
  const p = prepareTraining({ ...setup, training: { ...setup.training, seed, epochs } });
  if (!p.ok) throw new Error('does not compile');
  p.trainer.runToEnd();
  return runFromTrainer(p.trainer, setup.design);
}

describe('appendRun', () => {
  it('records settings, seed, outcome, final loss and accuracy in each run', () => {
    const full = prepareTraining(setup);
    if (!full.ok) throw new Error('does not compile');
    full.trainer.runToEnd();
    const run = runFromTrainer(full.trainer, setup.design);
    expect(run).toMatchObject({ settings: setup.training, outcome: 'converged', accuracy: 1 });
    expect(run.finalLoss).toBe(full.trainer.history.at(-1)?.loss);
    // The post's report epochs survive the thinning, in memory and in the file.
    const saved = parseExperiment(serializeExperiment({ ...createExperiment(setup), runs: [run] }));
    if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
    expect([0, 2000, 4000, 6000, 8000].map((e) => saved.experiment.runs[0].history.find((h) => h.epoch === e)?.loss.toFixed(6))).toEqual([
      '0.255675', '0.000355', '0.000149', '0.000093', '0.000068',
    ]);
  });

  it('numbers new runs after the highest id; replacing a run keeps its place and id', () => {
    const a = appendRun([], trainedRun(1)).runs;
    const b = appendRun(a, trainedRun(2)).runs;
    expect(b.map((r) => r.id)).toEqual(['run-1', 'run-2']);
    const c = appendRun(b, { ...trainedRun(3), id: 'whatever' }, { replaces: 'run-1' });
    expect(c.runs.map((r) => [r.id, r.settings?.seed])).toEqual([['run-1', 3], ['run-2', 2]]);
    expect(c.notice).toBeNull();
  });

  it('keeps 100 runs in full; older runs keep their summary, and the notice says which', () => {
    const one = trainedRun(1);
    const many = Array.from({ length: 103 }, (_, i) => ({ ...one, id: `run-${i + 1}` }));
    const { runs, notice } = appendRun(many, trainedRun(9));
    expect(runs).toHaveLength(104);
    expect(runs.filter((r) => !r.summary)).toHaveLength(LIMITS.fullRuns);
    expect(runs.slice(0, 4).map((r) => [r.id, r.summary, r.parameters.length, r.history.length])).toEqual([
      ['run-1', true, 0, 0], ['run-2', true, 0, 0], ['run-3', true, 0, 0], ['run-4', true, 0, 0],
    ]);
    expect(runs[0]).toMatchObject({ settings: one.settings, finalLoss: one.finalLoss, status: 'done', outcome: one.outcome });
    expect(notice).toBe('The file keeps the weights and loss history of its latest 100 runs; run-1 … run-4 (4 runs) are kept as summaries (settings, seed, final loss, status).');
  });

  it('past 10,000 summaries the oldest are left out, and said to be', () => {
    const one = trainedRun(1);
    const summary = { ...one, parameters: [], history: [], summary: true as const };
    const many = [...Array.from({ length: LIMITS.runSummaries }, (_, i) => ({ ...summary, id: `run-${i + 1}` })), ...Array.from({ length: 100 }, (_, i) => ({ ...one, id: `run-${LIMITS.runSummaries + i + 1}` }))];
    const { runs, notice } = appendRun(many, trainedRun(2));
    expect(runs).toHaveLength(LIMITS.fullRuns + LIMITS.runSummaries);
    expect(runs[0].id).toBe('run-2');
    expect(notice).toMatch(/Only 10,000 summaries fit in a file, so the oldest \(run-1\) were left out/);
    // And the file still reads back.
    const parsed = parseExperiment(serializeExperiment({ ...createExperiment(setup), runs }));
    expect(parsed.ok).toBe(true);
  });

  it('a run of an earlier design is kept in full with the design it was trained on, and the file still opens', () => {
    const old = appendRun([], trainedRun(1)).runs;
    const wider = chainDesign(2, [{ units: 6, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'squared_error' });
    const p = prepareTraining({ ...setup, design: wider, training: { ...setup.training, epochs: 5 } });
    if (!p.ok) throw new Error('does not compile');
    p.trainer.runToEnd();
    const { runs, notice } = appendRun(old, runFromTrainer(p.trainer, wider));
    expect(runs.map((r) => [r.id, r.summary ?? false, r.parameters.length])).toEqual([['run-1', false, 2], ['run-2', false, 2]]);
    expect(notice).toBeNull();
    const reopened = parseExperiment(serializeExperiment({ ...createExperiment({ ...setup, design: wider }), runs }));
    if (!reopened.ok) throw new Error(JSON.stringify(reopened.problems));
    expect(reopened.experiment.runs[0].design).toEqual(setup.design);
    expect(reopened.warnings).toEqual([]);
  });

  it('keeps the file readable: full runs stop well inside the file size limit', () => {
    const big = trainedRun(1);
    // A tenth of the file limit in weights per run (never trained like this; only the size matters here).
    const values = Math.ceil(LIMITS.fileBytes / 10 / 10.67);
    const heavy = { ...big, parameters: [{ node: 'h', W: new Float64Array(values).fill(0.123456789012345), b: new Float64Array(1) }] };
    const many = Array.from({ length: 30 }, (_, i) => ({ ...heavy, id: `run-${i + 1}` }));
    const { runs, notice } = appendRun(many, heavy);
    const full = runs.filter((r) => !r.summary).length;
    expect(full).toBeLessThan(30);
    expect(notice).toMatch(/kept as summaries/);
  });
});
