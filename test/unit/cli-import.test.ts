/**
 * `nn-designer import MODEL.onnx FILE.nnd`: the torch-made corpus through the command, in-process
 * (the command's own code, judged by the files it writes: their last run predicts what torch
 * computes); the overwrite rule `new` follows; refusals that write nothing; and once through
 * the built bin, to show the bundle has the command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './cli-harness';
import { createModel } from '../../src-shared/engine/create-model';
import { parseExperiment, restoreOf, type Experiment } from '../../src-shared/experiment';
import { MAX_ONNX_BYTES } from '../../src-shared/export/onnx-import';
import { compileDesign } from '../../src-shared/network/compile';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = path.join(root, 'test', 'fixtures', 'onnx');
const corpus = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8')) as { torch_models: { file: string; inputs: number[][]; outputs: number[][] }[] };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command in this process; its exit code and what it printed. */
const cli = (...args: string[]): Promise<CliResult> => runCliCaptured(args);

function load(file: string): Experiment {
  const read = parseExperiment(readFileSync(file, 'utf8'));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.experiment;
}

describe('nn-designer import', () => {
  it('imports every torch-made model of the corpus; the written file’s last run predicts what torch computes', async () => {
    let worst = 0;
    for (const c of corpus.torch_models) {
      const file = path.join(dir, `${path.basename(c.file, '.onnx')}.nnd`);
      const r = await cli('import', path.join(fixtures, c.file), file);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Wrote .*: .* as \d+ layers with \d+ weights and biases; its last run holds the model's weights\./);
      const experiment = load(file);
      const restore = restoreOf(experiment.runs[experiment.runs.length - 1], experiment.setup.design);
      const compiled = compileDesign(experiment.setup.design);
      if (!restore || !compiled.ok) throw new Error(`${c.file}: no weights or no design`);
      const model = createModel(compiled.plan);
      model.setParameters(restore.parameters);
      const got = model.predict(Float64Array.from(c.inputs.flat()), c.inputs.length);
      c.outputs.flat().forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[i]))));
    }
    console.log(`nn-designer import: ${corpus.torch_models.length} torch-made models written as experiments; largest difference from torch ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
  });

  it('says what it inferred, in text and in --json, and the experiment trains on from the weights', async () => {
    const model = path.join(fixtures, 'torch/branches-add-concat-bias-op13.onnx');
    const file = path.join(dir, 'branches.nnd');
    const r = await cli('import', model, file, '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { ok: boolean; layers: number; task: unknown; notes: string[] };
    expect(result).toMatchObject({ ok: true, layers: 6, task: { dataset: 'clusters', classes: 3 } });
    expect(result.notes.join(' ')).toContain('it is a 3-class task');
    expect(load(file).notes).toContain('Imported from branches-add-concat-bias-op13.onnx.');
    const trained = await cli('train', file, '--epochs', '3');
    expect(trained.code, trained.stderr).toBe(0);
    const runs = load(file).runs;
    expect(runs).toHaveLength(2);
    expect(runs[1].epoch).toBe(3);
  });

  it('refuses to overwrite a file without --force, as `new` does; with it, keeps the old one as .bak', async () => {
    const model = path.join(fixtures, 'torch/xor-2-4-1-sigmoid-bias-op13.onnx');
    const file = path.join(dir, 'existing.nnd');
    writeFileSync(file, 'keep me');
    const refused = await cli('import', model, file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${file} already exists; add --force to overwrite it (the old file is kept as ${file}.bak)`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    const forced = await cli('import', model, file, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('keep me');
    expect(load(file).setup.task).toEqual({ dataset: 'xor' });
  });

  it('refuses what it cannot import, writing nothing: an operator it does not read, a file too large to read, no file', async () => {
    const file = path.join(dir, 'never.nnd');
    const transA = await cli('import', path.join(fixtures, 'node/test_gemm_transposeA.onnx'), file);
    expect(transA.code).toBe(1);
    expect(transA.stderr).toContain('test_gemm_transposeA.onnx could not be imported: Gemm node #1 (unnamed): its attribute transA is 1');
    const big = path.join(dir, 'big.onnx');
    writeFileSync(big, '');
    truncateSync(big, MAX_ONNX_BYTES + 1); // sparse: no disk, and never read
    const tooBig = await cli('import', big, file);
    expect(tooBig.stderr).toContain(`big.onnx is ${((MAX_ONNX_BYTES + 1) / 2 ** 20).toFixed(0)} MB; NN Designer imports models of up to ${MAX_ONNX_BYTES / 2 ** 20} MB`);
    const missing = await cli('import', path.join(dir, 'nope.onnx'), file);
    expect(missing.stderr).toContain('there is no file');
    const args = await cli('import', 'only-one.onnx');
    expect(args.stderr).toContain('import takes MODEL FILE, got only-one.onnx');
    expect(existsSync(file)).toBe(false);
  });

  it('is a command of the built bin, listed in --help', () => {
    const build = spawnSync('npm', ['run', 'build:cli'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const bin = path.join(root, 'bin', 'nn-designer.mjs');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('nn-designer import MODEL.onnx FILE');
    const file = path.join(dir, 'spawned.nnd');
    const r = spawnSync(process.execPath, [bin, 'import', path.join(fixtures, 'torch/skip-concat-bias-op13.onnx'), file], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(load(file).setup.design.nodes.map((n) => n.type)).toEqual(['input', 'dense', 'concatenate', 'output']);
  });
});
