/**
 * A saved run's weights stay with their layers: reordering the node list moves nothing; a merge
 * that takes its inputs in another order, or branches whose settings were swapped, make the run
 * one of an earlier design, which is kept but never shown, exported or continued. In the file
 * reader, the command line, the exports and the app's document.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './cli-harness';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { predictionRows } from '../../src-shared/engine/report';
import { createExperiment, latestRunOf, parseExperiment, restoreOf, runFit, runFromTrainer, serializeExperiment, type Experiment } from '../../src-shared/experiment';
import type { Design } from '../../src-shared/network/design';
import type { ExperimentSetup } from '../../src-shared/setup';
import { useDocumentStore } from '../../src-renderer/store/document';
import { graph } from './graph-design';

/** Two branches of one shape side by side, merged by `merge`: a net that learns to add. */
function branches(merge: 'add' | 'concatenate'): ExperimentSetup {
  return {
    design: graph(
      [
        ['input', 'input', { units: 2 }],
        ['left', 'dense', { units: 8, activation: 'sigmoid' }],
        ['right', 'dense', { units: 8, activation: 'tanh' }],
        ['merge', merge, {}],
        ['output', 'output', { units: 1, activation: 'sigmoid', loss: 'squared_error' }],
      ],
      'input>left input>right left>merge right>merge merge>output',
    ),
    task: { dataset: 'addition', samples: 200, seed: 42 },
    training: { ...DEFAULT_TRAINING, epochs: 30, learningRate: 1, updateMode: 'shuffle', seed: 1 },
  };
}

/** The setup trained, saved and read back, with the post-style table it printed. */
function trainedFile(setup: ExperimentSetup): { text: string; table: string[] } {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('; '));
  p.trainer.runToEnd();
  const experiment: Experiment = { ...createExperiment(setup), runs: [runFromTrainer(p.trainer, setup.design)] };
  return { text: serializeExperiment(experiment), table: predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n)).map((r) => r.text) };
}

function parsed(text: string): { experiment: Experiment; warnings: string[] } {
  const r = parseExperiment(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { experiment: r.experiment, warnings: r.warnings.map((w) => `${w.path}: ${w.message}`) };
}

/** The table the file's latest run of its design prints, as the app and the CLI restore it. */
function tableOf(experiment: Experiment): string[] {
  const at = latestRunOf(experiment.runs, experiment.setup.design);
  if (at < 0) throw new Error('no run of this design');
  const restore = restoreOf(experiment.runs[at], experiment.setup.design)!;
  const p = prepareTraining(experiment.setup);
  if (!p.ok) throw new Error('does not compile');
  p.trainer.restore(restore.parameters, restore.epoch, restore.history, restore.updates);
  return predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n)).map((r) => r.text);
}

/** The file as JSON, changed by `edit`, as text again. */
function edited(text: string, edit: (doc: { setup: { design: Design } }) => void): string {
  const doc = JSON.parse(text) as { setup: { design: Design } };
  edit(doc);
  return JSON.stringify(doc, null, 2);
}

const swapNodes = (design: Design, a: string, b: string): void => {
  const i = design.nodes.findIndex((n) => n.id === a);
  const j = design.nodes.findIndex((n) => n.id === b);
  [design.nodes[i], design.nodes[j]] = [design.nodes[j], design.nodes[i]];
};

const add = trainedFile(branches('add'));
const concat = trainedFile(branches('concatenate'));

describe('the file reader', () => {
  it('the trained branches net prints its own table (the baseline the reorders are judged by)', () => {
    expect(add.table[0]).toMatch(/^23 \+ 45 = /);
    expect(tableOf(parsed(add.text).experiment)).toEqual(add.table);
  });

  it('nodes reordered: the weights follow their layers by id and predict exactly as before', () => {
    for (const file of [add, concat]) {
      const text = edited(file.text, (d) => swapNodes(d.setup.design, 'left', 'right'));
      const { experiment, warnings } = parsed(text);
      expect(warnings).toEqual([]);
      expect(tableOf(experiment)).toEqual(file.table);
    }
  });

  it('a merge’s inputs reordered: the run belongs to an earlier design, kept but not this design’s', () => {
    const text = edited(concat.text, (d) => d.setup.design.edges.reverse());
    const { experiment, warnings } = parsed(text);
    expect(warnings).toEqual([
      'runs[0]: run-1 is kept in the file but not shown or continued: it was trained on an earlier design (Concatenate (merge) takes its inputs in another order (left, right → right, left))',
    ]);
    expect(experiment.runs[0].parameters).toHaveLength(3);
    expect(latestRunOf(experiment.runs, experiment.setup.design)).toBe(-1);
    expect(restoreOf(experiment.runs[0], experiment.setup.design)).toBeUndefined();
    // Saved again, nothing of it is lost: put back, it is this design's run once more.
    const again = parsed(serializeExperiment(experiment)).experiment;
    const restored = { ...again, setup: { ...again.setup, design: parsed(concat.text).experiment.setup.design } };
    expect(tableOf(restored)).toEqual(concat.table);
  });

  it('branches swapped (their settings trade places under the same ids): an earlier design', () => {
    const text = edited(add.text, (d) => {
      const [l, r] = ['left', 'right'].map((id) => d.setup.design.nodes.find((n) => n.id === id)!);
      [l.params, r.params] = [r.params, l.params];
    });
    const { experiment, warnings } = parsed(text);
    expect(warnings[0]).toMatch(/earlier design \(Dense \(left\) has other settings \(activation "sigmoid" → "tanh"\), and 1 more change\)/);
    expect(runFit(experiment.runs[0], experiment.setup.design).fits).toBe(false);
  });
});

describe('files written before runs named their layers (format version 2)', () => {
  const dir = new URL('../fixtures/files/v2/', import.meta.url);
  const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
  const expected = JSON.parse(read('expected.json')) as Record<string, string[]>;

  it('a graph whose layers run in one order whatever the node list says is read by that order, and named from then on', () => {
    const { experiment } = parsed(read('xor-skip-concat-trained.nnd'));
    expect(tableOf(experiment)).toEqual(expected['xor-skip-concat-trained']);
    expect(experiment.runs[0].parameters.map((p) => p.node)).toEqual(['and', 'output']);
    expect(experiment.runs[0].design).toEqual(experiment.setup.design);
    // Reordered after this save, the weights stay with their layers.
    const resaved = edited(serializeExperiment(experiment), (d) => d.setup.design.nodes.reverse());
    expect(tableOf(parsed(resaved).experiment)).toEqual(expected['xor-skip-concat-trained']);
  });

  it('parallel branches of one shape cannot be told apart without names: the run is kept but not used', () => {
    const text = read('addition-branches-trained.nnd');
    const { experiment, warnings } = parsed(text);
    expect(warnings).toEqual([
      'version: upgraded from format version 2 to 3; saving writes version 3',
      'runs[0]: run-1 is kept in the file but not shown or continued: it was saved by an older NN Designer that did not name the layers weights belong to, and left and right have weights of one shape on parallel branches, so which are whose cannot be told; train it again',
    ]);
    expect(latestRunOf(experiment.runs, experiment.setup.design)).toBe(-1);
    // And a chain, the post's kind of network, reads as it always did.
    expect(tableOf(parsed(read('xor-2-4-1-trained.nnd')).experiment)).toEqual([
      '[0 0] → 0.0085  (expected 0)',
      '[0 1] → 0.9931  (expected 1)',
      '[1 0] → 0.9930  (expected 1)',
      '[1 1] → 0.0065  (expected 0)',
    ]);
  });
});

describe('the command line and the exports', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nnd-binding-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]): Promise<CliResult> => runCliCaptured(args);

  /** What an exported ONNX model predicts for the addition table's rows (scaled as the engine scales them). */
  async function onnxOutputs(file: string): Promise<number[]> {
    const session = await ort.InferenceSession.create(readFileSync(file));
    const rows = [[23, 45], [35, 12], [91, 6], [50, 50]].flat().map((v) => v / 100);
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(rows), [4, 2]) };
    const result = await session.run(feeds);
    return Array.from(result[session.outputNames[0]].data as Float32Array);
  }

  it('nodes reordered: the ONNX and PyTorch exports carry each layer its own weights', async () => {
    writeFileSync(path.join(dir, 'a.nnd'), concat.text);
    writeFileSync(path.join(dir, 'b.nnd'), edited(concat.text, (d) => swapNodes(d.setup.design, 'left', 'right')));
    for (const f of ['a', 'b']) expect((await cli('export', path.join(dir, `${f}.nnd`), '--to', 'onnx')).code).toBe(0);
    expect(await onnxOutputs(path.join(dir, 'b.onnx'))).toEqual(await onnxOutputs(path.join(dir, 'a.onnx')));
    for (const f of ['a', 'b']) expect((await cli('export', path.join(dir, `${f}.nnd`), '--to', 'torch')).code).toBe(0);
    const weightsOf = (f: string): string[] => readFileSync(path.join(dir, `${f}-torch.py`), 'utf8').split('\n').filter((l) => /^\s*(left|right|output)\w*\s*=|tensor\(/.test(l));
    expect(weightsOf('b').sort()).toEqual(weightsOf('a').sort());
  });

  it('a merge’s inputs reordered: export refuses and says why; info says the run is not this design\'s', async () => {
    const file = path.join(dir, 'c.nnd');
    writeFileSync(file, edited(concat.text, (d) => d.setup.design.edges.reverse()));
    const onnx = await cli('export', file, '--to', 'onnx');
    expect(onnx.code).toBe(1);
    expect(onnx.stderr).toContain('has no trained weights of its design to export: run-1, the latest run, is not this design\'s (it was trained on an earlier design (Concatenate (merge) takes its inputs in another order');
    const torch = await cli('export', file, '--to', 'torch');
    expect(torch.code).toBe(0);
    expect(torch.stdout).toContain("run-1, the latest run, is not this design's");
    expect(readFileSync(path.join(dir, 'c-torch.py'), 'utf8')).toMatch(/untrained|initial/i);
    const info = await cli('info', file, '--json');
    const runs = (JSON.parse(info.stdout) as { runs: { ofThisDesign: boolean; summary: string }[] }).runs;
    expect(runs[0].ofThisDesign).toBe(false);
    expect(runs[0].summary).toContain("not this design's run: it was trained on an earlier design");
  });
});

describe('the app’s document', () => {
  it('opens a reordered file with the run on show; a merge reordered opens with no run on show', () => {
    const open = (text: string): void => {
      const { experiment } = parsed(text);
      useDocumentStore.getState().open({ filePath: '/tmp/x.nnd', name: 'x', setup: experiment.setup, runs: experiment.runs });
    };
    open(edited(concat.text, (d) => swapNodes(d.setup.design, 'left', 'right')));
    const shown = useDocumentStore.getState().run!;
    const original = parsed(concat.text).experiment;
    const restore = restoreOf(original.runs[0], original.setup.design)!;
    // The plan runs `right` first now: the weights come in that order, each its own layer's.
    expect(shown.parameters.map((p) => Array.from(p.b))).toEqual([restore.parameters[1], restore.parameters[0], restore.parameters[2]].map((p) => Array.from(p.b)));

    open(edited(concat.text, (d) => d.setup.design.edges.reverse()));
    expect(useDocumentStore.getState().run).toBeNull();
    expect(useDocumentStore.getState().runs).toHaveLength(1);
  });
});

describe('train --continue', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nnd-continue-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]): Promise<CliResult> => runCliCaptured(args);

  it('goes on from where the run stopped and ends where an uninterrupted run ends, in its place', async () => {
    const setup = branches('concatenate');
    const file = path.join(dir, 'half.nnd');
    writeFileSync(file, serializeExperiment(createExperiment(setup)));
    expect((await cli('train', file, '--epochs', '12')).code).toBe(0);
    const resumed = await cli('train', file, '--continue', '--epochs', '30', '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    const runs = parsed(readFileSync(file, 'utf8')).experiment.runs;
    expect(runs.map((r) => [r.id, r.epoch])).toEqual([['run-1', 30]]);
    expect(tableOf(parsed(readFileSync(file, 'utf8')).experiment)).toEqual(concat.table);

    const again = await cli('train', file, '--continue');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('run-1 has already trained 30 of 30 epochs: give more with --epochs');
    const fresh = path.join(dir, 'fresh.nnd');
    writeFileSync(fresh, serializeExperiment(createExperiment(setup)));
    expect((await cli('train', fresh, '--continue')).stderr).toContain('has no run of its design to continue: train it from its seed instead');
    expect((await cli('train', fresh, '--continue', '--seed', '3')).stderr).toContain("--continue goes on with the run's own seed");
  });
});
