/**
 * `nn-designer sweep` and `nn-designer diff`, run in this process: a grid of settings × seeds
 * whose runs land in the file in the grid's order, the same bits with one job or two (worker
 * threads), a stop rule and its verdict, a refusal that says how long a huge sweep would take,
 * Ctrl+C keeping the finished runs, and a diff naming what changed and what it did to the loss.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './cli-harness';
import type { CliContext } from '../../src-main/cli/main';
import { createExperiment, parseExperiment, serializeExperiment, type Experiment } from '../../src-shared/experiment';
import { getPreset } from '../../src-shared/presets';
import { parseAxis } from '../../src-shared/sweep/grid';

let dir: string;
let worker: URL;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-sweep-'));
  // The worker as the CLI's build makes it, bundled here so no other test's build races this one.
  const out = path.join(dir, 'sweep-worker.mjs');
  await build({ entryPoints: [path.resolve(import.meta.dirname, '../../src-main/cli/sweep-worker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning' });
  worker = pathToFileURL(out);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], context: CliContext = {}): Promise<CliResult> => runCliCaptured(args, context);

function fresh(name: string, preset = 'xor-2-4-1', epochs = 300): string {
  const setup = structuredClone(getPreset(preset)!.setup);
  setup.training.epochs = epochs;
  const file = path.join(dir, name);
  writeFileSync(file, serializeExperiment(createExperiment(setup, { name })));
  return file;
}
function load(file: string): Experiment {
  const r = parseExperiment(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.experiment;
}
const bits = (runs: Experiment['runs']): string[] => runs.map((r) => JSON.stringify([r.settings, r.history, r.parameters.map((p) => [Array.from(p.W), Array.from(p.b)])]));

describe('nn-designer sweep', () => {
  it('adds a run per cell and seed in the grid’s order, the same bits with one job and with two', async () => {
    const one = fresh('one.nnd');
    const two = fresh('two.nnd');
    const args = ['--set', 'learningRate=0.5,2', '--set', 'units.dense-1=2,4', '--seeds', '2'];
    expect((await cli(['sweep', one, ...args, '--jobs', '1'], { sweepWorker: worker })).code).toBe(0);
    const r = await cli(['sweep', two, ...args, '--jobs', '2', '--json'], { sweepWorker: worker });
    expect(r.code, r.stderr).toBe(0);
    const a = load(one).runs;
    const b = load(two).runs;
    expect(a.map((x) => [x.settings?.learningRate, x.design?.nodes.find((n) => n.id === 'dense-1')?.params, x.settings?.seed])).toEqual([
      [0.5, { units: 2, activation: 'sigmoid' }, 42],
      [0.5, { units: 2, activation: 'sigmoid' }, 43],
      [0.5, { units: 4, activation: 'sigmoid' }, 42],
      [0.5, { units: 4, activation: 'sigmoid' }, 43],
      [2, { units: 2, activation: 'sigmoid' }, 42],
      [2, { units: 2, activation: 'sigmoid' }, 43],
      [2, { units: 4, activation: 'sigmoid' }, 42],
      [2, { units: 4, activation: 'sigmoid' }, 43],
    ]);
    expect(bits(b)).toEqual(bits(a));
    const json = JSON.parse(r.stdout) as { cells: { values: Record<string, unknown>; runs: string[] }[] };
    expect(json.cells.map((c) => c.values)).toEqual([
      { learningRate: 0.5, 'units.dense-1': 2 },
      { learningRate: 0.5, 'units.dense-1': 4 },
      { learningRate: 2, 'units.dense-1': 2 },
      { learningRate: 2, 'units.dense-1': 4 },
    ]);
    expect(json.cells[3].runs).toEqual(['run-7', 'run-8']);
    // The file's own settings are unchanged: each run records its own.
    expect(load(two).setup.training.learningRate).toBe(2);
  }, 120_000);

  it('--until stops runs that get there and says in how many seeds each cell did; --csv gives the table', async () => {
    const file = fresh('until.nnd', 'xor-2-4-1', 10_000);
    const r = await cli(['sweep', file, '--set', 'learningRate=0.001,2', '--seeds', '3', '--until', 'loss<0.01', '--jobs', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0.001: reached loss < 0.01 in 0 of 3 seeds');
    expect(r.stdout).toContain('2: reached loss < 0.01 in 3 of 3 seeds');
    const stopped = load(file).runs.filter((x) => x.settings?.learningRate === 2);
    expect(stopped.every((x) => x.epoch < 10_000 && (x.finalLoss ?? 1) < 0.01)).toBe(true);
    const csv = await cli(['sweep', fresh('csv.nnd'), '--set', 'optimizer=sgd,adam', '--csv']);
    expect(csv.stdout.split('\n')[0]).toBe('optimizer,runs,loss (median),loss min–max,accuracy (median),diverged,failed');
    expect(csv.stdout.split('\n')[2]).toMatch(/^adam,1,/);
  }, 120_000);

  it('bad settings name what there is; ranges are spread as asked', async () => {
    const file = fresh('bad.nnd');
    expect((await cli(['sweep', file, '--set', 'lr=1'])).stderr).toContain('There is no setting "lr" to sweep; the settings are learningRate, epochs, optimizer, batchSize, initScale, dropout, units.LAYER_ID');
    expect((await cli(['sweep', file, '--set', 'units=4'])).stderr).toContain("units needs a hidden layer's id: units.dense-1");
    expect((await cli(['sweep', file, '--set', 'learningRate=-1'])).stderr).toContain('The learning rate must be a positive number, got "-1"');
    const axis = parseAxis('learningRate=1e-3..1:log4', getPreset('xor-2-4-1')!.setup);
    expect('values' in axis && axis.values).toEqual([0.001, 0.01, 0.1, 1]);
  });

  it('a sweep of more than 1,000 runs says how long it would take and waits for --yes', async () => {
    const r = await cli(['sweep', fresh('huge.nnd', 'and-neuron', 10), '--set', 'learningRate=0.001..10:log100', '--seeds', '20', '--jobs', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the sweep is 2,000 runs, about \d+ (s|min) with 1 job \(from one run of its first cell\)\. Add --yes to start it\./);
  });

  it('Ctrl+C keeps the runs that finished', async () => {
    const file = fresh('stop.nnd');
    const stop = new AbortController();
    let ticks = 0;
    const progress = { write: () => (++ticks === 2 ? stop.abort() : undefined, true) } as unknown as NodeJS.WriteStream;
    const r = await cli(['sweep', file, '--set', 'learningRate=0.5,1,2,4', '--jobs', '1'], { signal: stop.signal, progress });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 of 4 runs (cancelled: the finished ones are kept) added to');
    expect(load(file).runs.map((x) => x.settings?.learningRate)).toEqual([0.5, 1]);
  });
});

describe('nn-designer diff', () => {
  it('names what changed in the network, the task and the settings, and what it did to the loss', async () => {
    const a = fresh('a.nnd', 'xor-2-4-1', 2000);
    const b = path.join(dir, 'b.nnd');
    const setup = structuredClone(getPreset('xor-2-4-1')!.setup);
    setup.training.epochs = 2000;
    setup.training.learningRate = 0.5;
    (setup.design.nodes[1].params as { units: number }).units = 2;
    writeFileSync(b, serializeExperiment(createExperiment(setup)));
    for (const f of [a, b]) expect((await cli(['train', f])).code).toBe(0);
    const r = await cli(['diff', a, b]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dense (dense-1) has other settings (units 4 → 2)');
    expect(r.stdout).toContain('learningRate: 2 → 0.5');
    expect(r.stdout).toContain('Task:     the same');
    expect(r.stdout).toMatch(/final loss [\d.e-]+ → [\d.e-]+ \(× [\d.]+\)/);
    const json = JSON.parse((await cli(['diff', a, a, '--json'])).stdout) as { same: boolean; design: string[] };
    expect(json).toMatchObject({ same: true, design: [] });
  }, 60_000);
});
