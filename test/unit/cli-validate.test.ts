/**
 * `validate` says what `train` will say: a design that cannot train (problems, or over the memory
 * budget) exits 1, each problem with its JSON path, once however many places it is on; bytes that
 * are not UTF-8 are a warning. The command runs in this process: a spawn proves nothing here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './cli-harness';
import { createExperiment, serializeExperiment } from '../../src-shared/experiment';
import { chainDesign } from '../../src-shared/network/chain';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { graph } from './graph-design';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-validate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliResult> => runCliCaptured(args);

function file(name: string, setup: ExperimentSetup, notes = ''): string {
  const f = path.join(dir, name);
  writeFileSync(f, serializeExperiment({ ...createExperiment(setup), notes }));
  return f;
}

const xor = getPreset('xor-2-4-1')!.setup;
const out = { units: 1, activation: 'sigmoid', loss: 'squared_error' } as const;

describe('validate', () => {
  it('a loop exits 1 and is listed once, with its path, in text and --json, as train lists it', async () => {
    const loop = graph([['in', 'input', { units: 2 }], ['a', 'dense', { units: 2, activation: 'relu' }], ['b', 'dense', { units: 2, activation: 'relu' }], ['out', 'output', out]], 'in>a a>b b>a b>out');
    const f = file('loop.nnd', { ...xor, design: loop });
    const r = await cli('validate', f);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(lines).toEqual([
      '  setup.design.nodes[1]: Dense (a) has 2 inputs, but a Dense layer takes one. Merge them first with an Add or Concatenate layer, or delete a connection.',
      '  setup.design.edges[2]: The layers Dense (a) → Dense (b) → Dense (a) form a loop. Delete the connection from Dense (b) to Dense (a), so data flows one way from Input to Output. (found 2 times)',
    ]);
    const j = JSON.parse((await cli('validate', f, '--json')).stdout) as { ok: boolean; valid: boolean; designProblems: { path: string; message: string; count: number }[] };
    expect(j).toMatchObject({ ok: false, valid: true });
    expect(j.designProblems.map((p) => [p.path, p.count])).toEqual([['setup.design.nodes[1]', 1], ['setup.design.edges[2]', 2]]);
    const train = await cli('train', f);
    expect(train.code).toBe(1);
    expect(train.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual(lines);
  });

  it('--json carries a fix that names its values as edits, the ones the app’s button applies', async () => {
    const f = file('classes.nnd', { ...xor, task: { dataset: 'clusters', samples: 200, noise: 0.15, seed: 0, classes: 3 } });
    const r = await cli('validate', f, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { designProblems: { message: string; apply?: unknown }[] };
    expect(j.designProblems).toEqual([
      expect.objectContaining({
        message: 'Output has 1 unit but Clusters has 3 classes',
        apply: {
          summary: 'Output: 3 units, softmax, cross-entropy; averaged gradients',
          edits: [
            { kind: 'params', nodeId: 'output', params: { units: 3, activation: 'softmax', loss: 'cross_entropy' } },
            { kind: 'training', training: { reduction: 'mean' } },
          ],
        },
      }),
    ]);
  });

  it('500 connections into a Concatenate: each distinct problem once, with how often it was found', async () => {
    const design = graph([['in', 'input', { units: 2 }], ['c', 'concatenate', {}], ['out', 'output', out]], `${'in>c '.repeat(500)}c>out`);
    design.edges.forEach((e, i) => (e.id = `e${i}`));
    const r = await cli('validate', file('many.nnd', { ...xor, design }));
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(lines).toEqual([
      '  setup.design.edges[1]: Input (in) is connected to Concatenate (c) twice. Delete one of the two connections. (found 499 times)',
      '  setup.design.nodes[1]: Concatenate (c) has 1 input; Concatenate merges 2 or more. Connect another layer into it, or delete it and connect its input onward.',
    ]);
  });

  it('a file with 499 repeated connection ids: one line for the repeats, naming a few of them', async () => {
    const f = file('ids.nnd', { ...xor, design: graph([['in', 'input', { units: 2 }], ['c', 'concatenate', {}], ['out', 'output', out]], `${'in>c '.repeat(500)}c>out`) });
    const r = await cli('validate', f);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `${f}: invalid, 499 problems:`,
      '  setup.design.edges[1].id: expected a unique id, got "e-in-c", which setup.design.edges[0] already uses (and 498 more like it: setup.design.edges[2].id, setup.design.edges[3].id, setup.design.edges[4].id, …)',
      '',
    ]);
  });

  it('a design over the memory budget exits 1, naming the numbers', async () => {
    const big = chainDesign(2, [4096, 4096, 4096].map((units) => ({ units, activation: 'sigmoid' as const })), out);
    const r = await cli('validate', file('big.nnd', { ...xor, design: big }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("  setup.design.nodes: Training this network needs about 1,128 MB of memory (33,579,009 weights and biases, 4 rows per full-batch pass), more than the 1,024 MB budget. Use fewer or smaller layers.");
  });

  it('training settings that cannot train name their setting’s path', async () => {
    const r = await cli('validate', file('lr.nnd', { ...xor, training: { ...xor.training, learningRate: -1 } }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  setup.training.learningRate: Learning rate is -1. Set the learning rate to a positive number, such as 0.5.');
  });

  it('a file that is not UTF-8 warns where, and the design that can train still exits 0', async () => {
    const f = file('latin1.nnd', xor, 'Zürich');
    const text = serializeExperiment({ ...createExperiment(xor), notes: 'Zürich' });
    writeFileSync(f, Buffer.from(text, 'latin1'));
    const r = await cli('validate', f);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(file\): the file is not UTF-8 text from byte \d+ \(line \d+\) on/);
  });
});
