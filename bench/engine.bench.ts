/**
 * Engine speed (npm run bench:engine), as ratios to references measured in the same run, so a
 * busy machine moves both sides alike:
 * - the post's addition run (2-16-16-1, per-sample SGD, 500 samples × 200 epochs) against the
 *   plain C loop of bench/addition_ref.c (built with the machine's cc -O2), runs interleaved;
 * - the same run through the graph executor (the engine for designs that are not a dense chain),
 *   against the dense-chain engine, and with L2 regularisation against without;
 * - a mini-batch case; and the presets beyond the post, trained to the end at their saved
 *   settings, with the time their NumPy export takes to run (goals: under 30 s and 60 s).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportNumpy } from '../src-shared/export/numpy';
import type { ModelOptions } from '../src-shared/engine/create-model';
import { prepareTraining } from '../src-shared/engine/prepare';
import { getPreset } from '../src-shared/presets';
import { chainDesign } from '../src-shared/network/chain';
import type { ExperimentSetup } from '../src-shared/setup';

const preset = (id: string): ExperimentSetup => {
  const p = getPreset(id);
  if (!p) throw new Error(`preset ${id} missing`);
  return p.setup;
};
const addition = preset('addition-2-16-16-1');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (r: number): string => `${r.toFixed(2)}×`;

function train(setup: ExperimentSetup, options: ModelOptions = {}): { samplesPerSecond: number; seconds: number } {
  const prepared = prepareTraining(setup, options);
  if (!prepared.ok) throw new Error(prepared.problems.map((p) => p.message).join('; '));
  const t0 = performance.now();
  prepared.trainer.runToEnd();
  const seconds = (performance.now() - t0) / 1000;
  return { samplesPerSecond: (prepared.dataset.count * setup.training.epochs) / seconds, seconds };
}

/** The C reference's updates per second, or null where there is no C compiler. */
function cReference(): (() => number) | null {
  const dir = mkdtempSync(join(tmpdir(), 'nnd-bench-'));
  const exe = join(dir, 'addition_ref');
  const built = spawnSync('cc', ['-O2', join(import.meta.dirname, 'addition_ref.c'), '-lm', '-o', exe], { encoding: 'utf8' });
  if (built.status !== 0) return null;
  return () => Number(/steps_per_s=(\d+)/.exec(execFileSync(exe, ['200'], { encoding: 'utf8' }))?.[1]);
}

console.log(`NN Designer engine benchmark — Node ${process.version}, one core\n`);

// The post's addition run against C, interleaved: each pair runs back to back.
train(addition); // warm-up: let the JIT compile the hot loops
const c = cReference();
const pairs = Array.from({ length: 7 }, () => ({ engine: train(addition).samplesPerSecond, c: c ? c() : NaN }));
const engine = median(pairs.map((p) => p.engine));
console.log("post's addition run: 2-16-16-1, per-sample shuffled SGD, 500 × 200");
console.log(`  ${fmt(engine)} updates/s, median of ${pairs.length} (range ${fmt(Math.min(...pairs.map((p) => p.engine)))}–${fmt(Math.max(...pairs.map((p) => p.engine)))})`);
if (c) {
  console.log(`  C reference (bench/addition_ref.c, cc -O2): ${fmt(median(pairs.map((p) => p.c)))} updates/s`);
  console.log(`  engine / C: ${ratio(median(pairs.map((p) => p.engine / p.c)))} (median of the pairs' ratios)\n`);
} else console.log('  (no C compiler here: the C reference was not measured)\n');

// The graph executor on the same chain, against the chain engine, interleaved.
train(addition, { graph: true });
const graphPairs = Array.from({ length: 5 }, () => ({ graph: train(addition, { graph: true }).samplesPerSecond, chain: train(addition).samplesPerSecond }));
console.log('the same run through the graph executor (designs with branches, merges, Dropout…)');
console.log(`  ${fmt(median(graphPairs.map((p) => p.graph)))} updates/s; graph / chain engine: ${ratio(median(graphPairs.map((p) => p.graph / p.chain)))}\n`);

// With L2 regularisation per-sample SGD leaves the fused step for backward, the penalty, then the update.
const l2: ExperimentSetup = { ...addition, training: { ...addition.training, regularization: { type: 'l2', rate: 1e-4 } } };
train(l2);
const l2Pairs = Array.from({ length: 5 }, () => ({ l2: train(l2).samplesPerSecond, plain: train(addition).samplesPerSecond }));
console.log('the same run with L2 regularisation (the plain backward-and-update path)');
console.log(`  ${fmt(median(l2Pairs.map((p) => p.l2)))} updates/s; with / without: ${ratio(median(l2Pairs.map((p) => p.l2 / p.plain)))}\n`);

const spiral: ExperimentSetup = {
  design: chainDesign(2, [{ units: 64, activation: 'tanh' }, { units: 64, activation: 'tanh' }], { units: 1, activation: 'sigmoid', loss: 'bce' }),
  task: { dataset: 'spiral', samples: 10_000, noise: 0.05, seed: 1 },
  training: { ...addition.training, updateMode: 'minibatch', batchSize: 32, reduction: 'mean', learningRate: 0.1, epochs: 5, init: { scheme: 'xavier', scale: 1 } },
};
train(spiral);
const mini = Array.from({ length: 5 }, () => train(spiral).samplesPerSecond);
console.log('spiral: 2-64-64-1 tanh, mini-batch 32, 10 000 samples × 5 epochs');
console.log(`  ${fmt(median(mini))} samples/s, median of ${mini.length}\n`);

const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);
const scripts = mkdtempSync(join(tmpdir(), 'nnd-bench-py-'));
for (const id of ['xor-features-neuron', 'xor-skip-concat', 'xor-residual-add', 'spiral-3-softmax']) {
  const setup = preset(id);
  const { seconds } = train(setup);
  let numpy = '(no python3 with NumPy here)';
  if (python) {
    const file = join(scripts, `${id}.py`);
    writeFileSync(file, exportNumpy(setup, id).script);
    const t0 = performance.now();
    execFileSync(python, [file], { stdio: 'ignore' });
    const s = (performance.now() - t0) / 1000;
    numpy = `${s.toFixed(1)} s (goal under 60 s: ${s < 60 ? 'met' : 'missed'})`;
  }
  console.log(`preset ${id}: trains in ${seconds.toFixed(2)} s (goal under 30 s: ${seconds < 30 ? 'met' : 'missed'}); its NumPy export runs in ${numpy}`);
}
