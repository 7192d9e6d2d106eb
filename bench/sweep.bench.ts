/**
 * A sweep on every core (npm run bench:sweep): 4 learning rates × 10 seeds of the post's 2-4-1 XOR
 * (10,000 full-batch epochs each), through the built command line (`npm run build:cli` first),
 * with --jobs 1 and with a job per core, interleaved, medians of wall time. The two must save the
 * same runs (same losses, bit for bit); the speed-up's goal is 1.8× on 2 cores.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createExperiment, parseExperiment, serializeExperiment } from '../src-shared/experiment';
import { getPreset } from '../src-shared/presets';

const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL = 1.8;
const cli = path.resolve(import.meta.dirname, '../out/cli/nn-designer.mjs');
if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build:cli first`);

const dir = mkdtempSync(path.join(tmpdir(), 'nnd-bench-sweep-'));
const start = path.join(dir, 'xor.nnd');
writeFileSync(start, serializeExperiment(createExperiment(getPreset('xor-2-4-1')!.setup)));
const cores = availableParallelism();

/** One sweep into a fresh copy of the file: its wall time, and the final losses it saved in order. */
function sweep(jobs: number, round: number): { seconds: number; losses: number[] } {
  const file = path.join(dir, `xor-${jobs}-${round}.nnd`);
  writeFileSync(file, readFileSync(start));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'sweep', file, '--set', 'learningRate=0.5,1,2,4', '--seeds', '10', '--jobs', String(jobs)], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`the sweep failed (exit ${r.status}): ${r.stderr}`);
  const parsed = parseExperiment(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error('the sweep wrote a file that does not read back');
  return { seconds, losses: parsed.experiment.runs.map((run) => run.finalLoss ?? NaN) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const one: number[] = [];
const all: number[] = [];
let reference: number[] | null = null;
for (let round = 0; round < ROUNDS; round++) {
  for (const jobs of [1, cores]) {
    const { seconds, losses } = sweep(jobs, round);
    (jobs === 1 ? one : all).push(seconds);
    reference ??= losses;
    if (losses.length !== 40 || losses.some((l, i) => !Object.is(l, reference?.[i]))) throw new Error(`--jobs ${jobs} saved other runs than --jobs 1`);
  }
}
rmSync(dir, { recursive: true, force: true });
const speedUp = median(one) / median(all);
console.log(`sweep-xor-40-runs-jobs-1: ${median(one).toFixed(2)} s`);
console.log(`sweep-xor-40-runs-jobs-${cores}: ${median(all).toFixed(2)} s (${speedUp.toFixed(2)}× jobs 1; goal ${GOAL}× on 2 cores; the same 40 runs, bit for bit)`);
