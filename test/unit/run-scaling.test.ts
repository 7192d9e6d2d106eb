/**
 * A run records how the table's rows were encoded for it (each input's shift and scale, the
 * target's, the classes). Change the data card afterwards and its weights mean something else:
 * the exports refuse them and say to train again, instead of wrapping old weights in new scalers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './cli-harness';
import { createExperiment, parseExperiment, runDataProblem, serializeExperiment, type Experiment } from '../../src-shared/experiment';
import { getPreset } from '../../src-shared/presets';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(path.join(tmpdir(), 'nnd-run-scaling-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliResult> => runCliCaptured(args);

const read = (file: string): Experiment => {
  const parsed = parseExperiment(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.experiment;
};

async function trainedIris(name: string): Promise<string> {
  const file = path.join(dir, name);
  const setup = structuredClone(getPreset('iris-4-8-3')!.setup);
  setup.training.epochs = 5;
  writeFileSync(file, serializeExperiment(createExperiment(setup)));
  expect((await cli('train', file)).code).toBe(0);
  return file;
}

describe('a run of a table', () => {
  it('records each input’s scaling and the classes it was trained on', async () => {
    const run = read(await trainedIris('iris.nnd')).runs[0];
    expect(run.scaling?.inputs.map((c) => c.name)).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']);
    expect(run.scaling?.inputs[0].shift).toBeGreaterThan(5);
    expect(run.scaling?.classes).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('is exported while the card is the same, and refused once a scaler or the split changed', async () => {
    const file = await trainedIris('iris-card.nnd');
    expect((await cli('export', file, '--to', 'onnx', '--out', path.join(dir, 'same.onnx'))).code).toBe(0);

    for (const change of ['scaler', 'split'] as const) {
      const experiment = read(file);
      const task = experiment.setup.task;
      if (task.dataset !== 'table') throw new Error('Iris is a table');
      if (change === 'scaler') task.columns[0].scaler = 'minmax';
      else task.split = { testPercent: 50, seed: 42 };
      const changed = path.join(dir, `iris-${change}.nnd`);
      writeFileSync(changed, serializeExperiment(experiment));
      expect(runDataProblem(experiment.runs[0], experiment.setup)).toMatch(/the scaling of "sepal_length_cm" changed/);
      for (const to of ['onnx', 'torch']) {
        const r = await cli('export', changed, '--to', to, '--out', path.join(dir, `x.${to}`));
        expect(r.code, `${change} → ${to}`).toBe(1);
        expect(r.stderr).toContain('The data card changed since run-1 was trained');
        expect(r.stderr).toContain(`Train again, then export (nn-designer train ${changed}).`);
      }
    }
  }, 60_000);

  it('of a built-in set records nothing, and an older run without a record still exports', async () => {
    const xor = path.join(dir, 'xor.nnd');
    const setup = structuredClone(getPreset('xor-2-4-1')!.setup);
    setup.training.epochs = 10;
    writeFileSync(xor, serializeExperiment(createExperiment(setup)));
    await cli('train', xor);
    expect(read(xor).runs[0].scaling).toBeUndefined();

    const file = await trainedIris('iris-old.nnd');
    const experiment = read(file);
    delete experiment.runs[0].scaling;
    const task = experiment.setup.task;
    if (task.dataset === 'table') task.columns[0].scaler = 'minmax';
    writeFileSync(file, serializeExperiment(experiment));
    expect((await cli('export', file, '--to', 'onnx', '--out', path.join(dir, 'old.onnx'))).code).toBe(0);
  }, 60_000);
});
