/**
 * The `nn-designer` command, as a user runs it: built with `npm run build:cli`, started through
 * bin/nn-designer.mjs in a real process, judged by its output, exit code and the files it writes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { predictionRows } from '../../src-shared/engine/report';
import { parseExperiment, restoreOf, serializeExperiment, type Experiment } from '../../src-shared/experiment';
import type { FileProblem } from '../../src-shared/experiment/problems';
import { PRESETS } from '../../src-shared/presets';
import { numpyPython, torchPython } from '../python';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = path.join(root, 'bin', 'nn-designer.mjs');
const fixtures = path.join(root, 'test', 'fixtures', 'files');
let dir: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Result {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T = Record<string, unknown>>(r: Result): T {
  return JSON.parse(r.stdout) as T;
}

function load(file: string): Experiment {
  const r = parseExperiment(readFileSync(path.join(dir, file), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.experiment;
}

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build:cli'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the post, from the command line', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('new %s + train prints the post’s numbers and writes the trained run', (id, preset) => {
    const file = `${id}.nnd`;
    const created = cli('new', id, file);
    expect(created.code, created.stderr).toBe(0);
    const before = readFileSync(path.join(dir, file), 'utf8');

    const trained = cli('train', file);
    expect(trained.code, trained.stderr).toBe(0);
    const lines = trained.stdout.split('\n');
    for (const expected of preset.postOutput) expect(lines).toContain(expected);

    // The file now holds this run; the previous version is the backup.
    const experiment = load(file);
    expect(experiment.runs).toHaveLength(1);
    expect(experiment.runs[0]).toMatchObject({ status: 'done', epoch: preset.setup.training.epochs });
    expect(readFileSync(path.join(dir, `${file}.bak`), 'utf8')).toBe(before);

    // Reloaded, the saved weights print the same table the command printed.
    const prepared = prepareTraining(experiment.setup);
    if (!prepared.ok) throw new Error('does not compile');
    const restore = restoreOf(experiment.runs[0], experiment.setup.design)!;
    prepared.trainer.restore(restore.parameters, restore.epoch, restore.history);
    const table = predictionRows(prepared.dataset, (x, n) => prepared.trainer.network.predict(x, n)).map((r) => r.text);
    for (const row of table) expect(lines).toContain(row);
  });

  it('train --json gives the progress, the predictions and the run', () => {
    expect(cli('new', 'xor-2-4-1', 'j.nnd').code).toBe(0);
    const r = cli('train', 'j.nnd', '--json');
    expect(r.code).toBe(0);
    const out = json<{ ok: boolean; progress: { epoch: number }[]; predictions: { text: string }[]; run: { status: string }; epochs: number }>(r);
    expect(out.ok).toBe(true);
    expect(out.progress.map((p) => p.epoch)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(out.predictions.map((p) => p.text)).toEqual(PRESETS[2].postOutput.slice(5));
    expect(out).toMatchObject({ epochs: 10000, run: { status: 'done' } });
    expect(r.stderr).toBe('');
  });

  it('addition shows a and b as whole numbers and the output × 200 as the sum, in the text and in --json', () => {
    expect(cli('new', 'addition-2-16-16-1', 'units.nnd').code).toBe(0);
    const r = cli('train', 'units.nnd', '--epochs', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = json<{ predictions: { inputs: number[]; predicted: number[]; expected: number[]; text: string }[] }>(r);
    expect(out.predictions.map((p) => p.inputs)).toEqual([[23, 45], [35, 12], [91, 6], [50, 50], [73, 84], [0, 0], [99, 99]]);
    expect(out.predictions.map((p) => p.expected[0])).toEqual([68, 47, 97, 100, 157, 0, 198]);
    const experiment = load('units.nnd');
    const prepared = prepareTraining({ ...experiment.setup, training: { ...experiment.setup.training, epochs: 2 } });
    if (!prepared.ok) throw new Error('does not compile');
    const restore = restoreOf(experiment.runs[0], experiment.setup.design)!;
    prepared.trainer.restore(restore.parameters, restore.epoch, restore.history);
    const raw = prepared.trainer.network.predict(Float64Array.from([0.23, 0.45]), 1)[0];
    expect(out.predictions[0].predicted[0]).toBe(raw * 200);
    expect(out.predictions[0].text).toBe(`23 + 45 = ${(raw * 200).toFixed(1).padStart(5)}  (actual: 68)`);
  });

  it('train --json reports accuracy (0–1) for classification tasks, none for regression', () => {
    const accuracy = (id: string): unknown => {
      expect(cli('new', id, `${id}-acc.nnd`).code).toBe(0);
      return json<{ accuracy?: number }>(cli('train', `${id}-acc.nnd`, '--json')).accuracy;
    };
    expect(accuracy('xor-2-4-1')).toBe(1);
    expect(accuracy('xor-skip-concat')).toBe(1);
    expect(accuracy('spiral-3-softmax')).toBeGreaterThanOrEqual(0.9);
    expect(accuracy('xor-neuron')).toBeLessThan(1);
    expect(accuracy('addition-2-16-16-1')).toBeUndefined();
  });

  it('a classifier that ends no better than chance says so, as the app does; the file keeps it as finished, with its accuracy', () => {
    expect(cli('new', 'xor-2-4-1', 'short.nnd').code).toBe(0);
    const r = cli('train', 'short.nnd', '--epochs', '100');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('accuracy 50.0%');
    expect(r.stdout).toContain('No better than chance: 50% of the samples right, where always answering the most common class gets 50%. The loss is still falling: train for more epochs');
    expect(load('short.nnd').runs[0]).toMatchObject({ outcome: 'finished', accuracy: 0.5 });
    expect(json<{ status: { kind: string } }>(cli('train', 'short.nnd', '--epochs', '100', '--json', '--out', 'short2.nnd')).status.kind).toBe('chance');
  });

  it('--epochs, --seed and --out: the run records the overrides, the file keeps its settings, the input is left alone', () => {
    expect(cli('new', 'and-neuron', 'in.nnd').code).toBe(0);
    const original = readFileSync(path.join(dir, 'in.nnd'), 'utf8');
    const r = cli('train', 'in.nnd', '--epochs', '10', '--seed', '7', '--out', 'out.nnd');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('10 epochs');
    expect(readFileSync(path.join(dir, 'in.nnd'), 'utf8')).toBe(original);
    const out = load('out.nnd');
    expect(out.setup.training).toEqual(load('in.nnd').setup.training);
    expect(out.runs[0]).toMatchObject({ epoch: 10, status: 'done', settings: { ...out.setup.training, epochs: 10, seed: 7 } });
    // A different seed starts from different weights, so the predictions differ from seed 42's.
    const again = json<{ predictions: { text: string }[] }>(cli('train', 'in.nnd', '--epochs', '10', '--out', 'out42.nnd', '--json'));
    const seven = json<{ predictions: { text: string }[] }>(cli('train', 'in.nnd', '--epochs', '10', '--seed', '7', '--json', '--out', 'out7.nnd'));
    expect(again.predictions).not.toEqual(seven.predictions);
    // --save-settings writes the overrides into the file's settings as well.
    expect(cli('train', 'in.nnd', '--epochs', '12', '--seed', '7', '--out', 'saved.nnd', '--save-settings').code).toBe(0);
    expect(load('saved.nnd').setup.training).toMatchObject({ epochs: 12, seed: 7 });
  });

  it('training again keeps every earlier run; past 100 full runs the oldest keep a summary, and it says so', () => {
    expect(cli('new', 'and-neuron', 'many.nnd').code).toBe(0);
    for (const seed of ['1', '2']) expect(cli('train', 'many.nnd', '--epochs', '5', '--seed', seed).code).toBe(0);
    const two = load('many.nnd');
    expect(two.runs.map((r) => [r.id, r.settings?.seed])).toEqual([['run-1', 1], ['run-2', 2]]);
    expect(two.runs.every((r) => r.parameters.length > 0 && !r.summary)).toBe(true);

    const hundred = { ...two, runs: Array.from({ length: 100 }, (_, i) => ({ ...two.runs[0], id: `run-${i + 1}` })) };
    writeFileSync(path.join(dir, 'many.nnd'), serializeExperiment(hundred));
    const r = cli('train', 'many.nnd', '--epochs', '5');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('keeps the weights and loss history of its latest 100 runs; run-1 is kept as a summary (settings, seed, final loss, status)');
    const after = load('many.nnd');
    expect(after.runs).toHaveLength(101);
    expect(after.runs[0]).toMatchObject({ id: 'run-1', summary: true, parameters: [], history: [], settings: { seed: 1 } });
    expect(after.runs[0].finalLoss).toBeGreaterThan(0);
    expect(after.runs.filter((x) => !x.summary)).toHaveLength(100);
    expect(after.runs.at(-1)).toMatchObject({ id: 'run-101', epoch: 5 });
  });
});

describe('export', () => {
  it('--to numpy writes a script that NumPy runs to the same table; --to onnx a model onnxruntime runs', async () => {
    expect(cli('new', 'xor-2-4-1', 'exp.nnd').code).toBe(0);
    const script = cli('export', 'exp.nnd', '--to', 'numpy');
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toContain('exp.py');
    const ran = spawnSync(numpyPython().command, [path.join(dir, 'exp.py')], { encoding: 'utf8' });
    expect(ran.stdout.trim().split('\n').slice(-4)).toEqual(PRESETS.find((p) => p.id === 'xor-2-4-1')!.postOutput.slice(-4));

    const untrained = cli('export', 'exp.nnd', '--to', 'onnx');
    expect(untrained.code).toBe(1);
    expect(untrained.stderr).toContain('has no trained weights of its design to export. Train it first (nn-designer train exp.nnd)');
    expect(cli('train', 'exp.nnd').code).toBe(0);
    const model = cli('export', 'exp.nnd', '--to', 'onnx', '--out', 'model.onnx', '--json');
    expect(model.code, model.stderr).toBe(0);
    expect(json(model)).toMatchObject({ ok: true, format: 'onnx' });
    const ort = await import('onnxruntime-web');
    const session = await ort.InferenceSession.create(readFileSync(path.join(dir, 'model.onnx')));
    const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), [4, 2]) });
    expect(Array.from(out.output.data as Float32Array, (v) => v.toFixed(4))).toEqual(['0.0085', '0.9931', '0.9930', '0.0065']);

    const torch = cli('export', 'exp.nnd', '--to', 'torch', '--json');
    expect(torch.code, torch.stderr).toBe(0);
    expect(json(torch)).toMatchObject({ ok: true, format: 'torch', out: 'exp-torch.py', notes: [] });
    // Real PyTorch where a python3 here has it, else the NumPy stand-in (test/python.ts): the trained weights' table.
    const withTorch = torchPython();
    const ranTorch = spawnSync(withTorch.interpreter.command, [path.join(dir, 'exp-torch.py')], { encoding: 'utf8', env: withTorch.env });
    expect(ranTorch.stdout.trim().split('\n')).toEqual(PRESETS.find((p) => p.id === 'xor-2-4-1')!.postOutput.slice(-4));

    // A run saved after it diverged (the app keeps such runs, without weights) is not exported.
    const saved = JSON.parse(readFileSync(path.join(dir, 'exp.nnd'), 'utf8'));
    saved.runs.at(-1).parameters = [];
    writeFileSync(path.join(dir, 'diverged.nnd'), JSON.stringify(saved));
    const diverged = cli('export', 'diverged.nnd', '--to', 'torch');
    expect(diverged.code).toBe(1);
    expect(diverged.stderr).toContain('The latest run in diverged.nnd (run-1) diverged, so it has no weights to export');

    expect(cli('export', 'exp.nnd').stderr).toContain('export needs --to numpy, --to torch, --to onnx or --to csv');
  });
});

describe('validate and info', () => {
  const expected = JSON.parse(readFileSync(path.join(fixtures, 'broken', 'expected.json'), 'utf8')) as Record<string, FileProblem[]>;

  it.each(Object.keys(expected))('validate broken/%s: every problem, exit 1', (name) => {
    const file = path.join(fixtures, 'broken', name);
    const r = cli('validate', file);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid, \\d+ problems?:$`));
    const lines = r.stdout.split('\n');
    for (const p of expected[name]) expect(lines.some((l) => l.startsWith(`  ${p.path}: `) && l.includes(p.message)), `${p.path}: ${p.message}`).toBe(true);
    const j = json<{ ok: boolean; problems: FileProblem[] }>(cli('validate', file, '--json'));
    expect(j.ok).toBe(false);
    expect(j.problems.length).toBeGreaterThanOrEqual(expected[name].length);
  });

  it('validate on a good file exits 0; on a design that cannot train, exits 1 with its problems as train says them', () => {
    const good = cli('validate', path.join(fixtures, 'valid', 'xor-2-4-1-trained.nnd'));
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('valid NN Designer experiment (format version 3)');

    const experiment = load('j.nnd');
    experiment.setup.design.edges = [];
    experiment.runs = [];
    writeFileSync(path.join(dir, 'unplugged.nnd'), serializeExperiment(experiment));
    const r = cli('validate', 'unplugged.nnd');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/It opens, but cannot train until these \d+ are fixed/);
    expect(r.stdout).toContain('is not connected to the next layer');
  });

  it('info summarises the design, task, training and runs', () => {
    const r = cli('info', path.join(fixtures, 'valid', 'xor-2-4-1-trained.nnd'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 → 4 sigmoid → 1 sigmoid, loss squared_error, 17 parameters');
    expect(r.stdout).toContain('XOR (4 samples)');
    expect(r.stdout).toContain('10000 epochs, full-batch updates');
    expect(r.stdout).toMatch(/run-1: done \(converged\), 10000 epochs, seed 42, loss 0\.0000\d+, 100\.0% right \(2025-01-31T12:00:00\.000Z\)/);
    const j = json<{ runs: { id: string; epoch: number }[]; design: { parameters: number } }>(cli('info', path.join(fixtures, 'valid', 'xor-2-4-1-trained.nnd'), '--json'));
    expect(j.runs).toEqual([expect.objectContaining({ id: 'run-1', epoch: 10000 })]);
    expect(j.design.parameters).toBe(17);
  });

  it('presets lists the four experiments', () => {
    const r = cli('presets');
    expect(r.code).toBe(0);
    for (const p of PRESETS) expect(r.stdout).toContain(p.id);
    expect(json<{ id: string }[]>(cli('presets', '--json')).map((p) => p.id)).toEqual(PRESETS.map((p) => p.id));
  });
});

describe('failures and their exit codes', () => {
  it('training that diverges exits 2, names the epoch and writes nothing', () => {
    const experiment = load('j.nnd');
    experiment.setup.training.learningRate = 1e300;
    experiment.setup.design.nodes[2] = { ...experiment.setup.design.nodes[2], params: { units: 1, activation: 'linear', loss: 'mse' } } as Experiment['setup']['design']['nodes'][number];
    experiment.runs = [];
    const text = serializeExperiment(experiment);
    writeFileSync(path.join(dir, 'boom.nnd'), text);
    const r = cli('train', 'boom.nnd');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Training diverged at epoch \d+ \(update \d+\): the loss became NaN or infinite/);
    expect(readFileSync(path.join(dir, 'boom.nnd'), 'utf8')).toBe(text);
    expect(existsSync(path.join(dir, 'boom.nnd.bak'))).toBe(false);
    const j = json<{ ok: boolean; diverged: { epoch: number } }>(cli('train', 'boom.nnd', '--json'));
    expect(j.ok).toBe(false);
    expect(r.stderr).toContain(`at epoch ${j.diverged.epoch} `);
  });

  it('a sigmoid net saturated by an absurd learning rate exits 3 and says so, with the rate to try', () => {
    for (const lr of [1e6, 1e300]) {
      const experiment = load('j.nnd');
      experiment.setup.training.learningRate = lr;
      experiment.setup.training.epochs = 2000;
      experiment.runs = [];
      writeFileSync(path.join(dir, 'saturated.nnd'), serializeExperiment(experiment));
      const r = cli('train', 'saturated.nnd');
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).not.toMatch(/^Trained/m);
      expect(r.stderr).toMatch(/Saturated: every output is pinned .* try a learning rate near 0\.5/);
      // The run is kept, marked as what it was.
      expect(load('saturated.nnd').runs.at(-1)).toMatchObject({ outcome: 'saturated' });
      const j = json<{ ok: boolean; status: { kind: string; suggestedRate: number } }>(cli('train', 'saturated.nnd', '--json'));
      expect(j).toMatchObject({ ok: false, status: { kind: 'saturated', suggestedRate: 0.5 } });
    }
  });

  it('a design that cannot train exits 1 with its problems', () => {
    const r = cli('train', 'unplugged.nnd');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot be trained yet');
    expect(r.stderr).toContain('Connect');
  });

  it('bad arguments and missing files exit 1 with a hint', () => {
    const cases: [string[], string][] = [
      [[], 'no command given'],
      [['fly'], 'unknown command "fly"'],
      [['train'], 'train takes FILE, got none'],
      [['train', 'j.nnd', '--epochs', 'ten'], '--epochs expects a whole number from 1 to 10000000, got "ten"'],
      [['train', 'j.nnd', '--seed=-4'], '--seed expects a whole number from 0 to 4294967295, got "-4"'],
      [['train', 'j.nnd', '--bogus'], "Unknown option '--bogus'"],
      [['info', 'j.nnd', '--epochs', '3'], '--epochs, --seed, --save-settings and --continue only apply to train'],
      [['new', 'cat-detector', 'x.nnd'], 'no preset "cat-detector"; choose one of and-neuron'],
      [['new', 'xor-2-4-1', 'j.nnd'], 'j.nnd already exists; add --force'],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stdout).toBe('');
    }
    const missing = cli('info', 'nope.nnd');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('(file): there is no file nope.nnd');
  });

  it('--help and --version exit 0', () => {
    const help = cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('nn-designer train FILE [--epochs N] [--seed S] [--out FILE]');
    expect(cli('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('the bin stub says how to build when the bundle is missing', () => {
    const fresh = path.join(dir, 'checkout');
    mkdirSync(path.join(fresh, 'bin'), { recursive: true });
    copyFileSync(bin, path.join(fresh, 'bin', 'nn-designer.mjs'));
    const r = spawnSync(process.execPath, [path.join(fresh, 'bin', 'nn-designer.mjs'), 'presets'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm run build:cli');
  });
});
