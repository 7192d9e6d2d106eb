/**
 * The command line's peak memory (npm run bench), each command in a child process after
 * `npm run build:cli`:
 * - over 10⁷ per-sample SGD steps: the loss history is thinned as it grows, so a long run needs
 *   no more memory than a short one. Goal: under 150 MB.
 * - at the largest design the memory budget admits: train and save, reopen (validate), and
 *   reopen, continue and save again (train --continue). Goal: each inside the budget.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { statSync } from 'node:fs';
import { DEFAULT_TRAINING } from '../src-shared/engine/config';
import { estimateTrainingBytes, MEMORY_BUDGET_BYTES } from '../src-shared/network/budget';
import { compileDesign } from '../src-shared/network/compile';
import { createExperiment, serializeExperiment } from '../src-shared/experiment';
import { chainDesign } from '../src-shared/network/chain';
import { getPreset } from '../src-shared/presets';
import type { ExperimentSetup } from '../src-shared/setup';

const GOAL_MB = 150;
const root = fileURLToPath(new URL('..', import.meta.url));
const runner = join(root, 'bench', 'rss-runner.mjs');

const addition = getPreset('addition-2-16-16-1');
if (!addition) throw new Error('addition preset missing');
const cases: { name: string; setup: ExperimentSetup }[] = [
  {
    name: '10⁷ epochs of one sample (one sigmoid neuron): 10⁷ steps, one loss point per epoch before thinning',
    setup: {
      design: chainDesign(1, [], { units: 1, activation: 'sigmoid', loss: 'squared_error' }),
      task: { dataset: 'inline', name: 'one sample', inputs: [[1]], targets: [[1]] },
      training: { ...DEFAULT_TRAINING, epochs: 10_000_000, updateMode: 'sample', learningRate: 0.1 },
    },
  },
  {
    name: "the post's addition net (2-16-16-1), 500 samples × 20 000 epochs: 10⁷ steps",
    setup: { ...addition.setup, training: { ...addition.setup.training, epochs: 20_000 } },
  },
];

const build = spawnSync('npm', ['run', 'build:cli'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`npm run build:cli failed:\n${build.stderr}`);

const dir = mkdtempSync(join(tmpdir(), 'nnd-bench-'));
let failed = false;
try {
  console.log(`CLI peak RSS over 10⁷ per-sample steps (goal < ${GOAL_MB} MB)`);
  for (const c of cases) {
    const file = join(dir, 'run.nnd');
    writeFileSync(file, serializeExperiment(createExperiment(c.setup, { name: 'memory bench' })));
    const started = performance.now();
    const r = spawnSync(process.execPath, [runner, 'train', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const seconds = (performance.now() - started) / 1000;
    const peak = /PEAK_RSS_KB (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !peak) throw new Error(`train failed (exit ${r.status}):\n${r.stderr}`);
    const mb = Number(peak[1]) / 1024;
    const ok = mb < GOAL_MB;
    failed ||= !ok;
    console.log(`  ${c.name}\n    peak RSS ${mb.toFixed(0)} MB in ${seconds.toFixed(1)} s ${ok ? '(ok)' : `(over the ${GOAL_MB} MB goal)`}`);
  }

  // The widest third layer of 2 → 4096 → 4096 → N → 1 whose per-sample training fits the budget.
  const training = { ...DEFAULT_TRAINING, epochs: 1, updateMode: 'sample' as const, learningRate: 0.1 };
  const designOf = (n: number): ExperimentSetup['design'] =>
    chainDesign(2, [4096, 4096, n].map((units) => ({ units, activation: 'sigmoid' as const })), { units: 1, activation: 'sigmoid', loss: 'squared_error' });
  const estimate = (n: number): number => {
    const compiled = compileDesign(designOf(n));
    if (!compiled.ok) throw new Error('does not compile');
    return estimateTrainingBytes(compiled.plan, training, 4, 2, 1);
  };
  let n = 4096;
  while (n > 1 && estimate(n) > MEMORY_BUDGET_BYTES) n -= 8;
  const largest: ExperimentSetup = { design: designOf(n), task: { dataset: 'xor' }, training };
  const compiled = compileDesign(largest.design);
  const weights = compiled.ok ? compiled.plan.parameterCount : 0;
  const budgetMb = MEMORY_BUDGET_BYTES / 1024 / 1024;
  console.log(`\nThe largest design the ${budgetMb} MB budget admits: 2 → 4096 → 4096 → ${n} → 1, ${weights.toLocaleString('en-US')} weights (goal: every step inside the budget)`);
  const file = join(dir, 'largest.nnd');
  writeFileSync(file, serializeExperiment(createExperiment(largest, { name: 'the budget’s largest design' })));
  const steps: [string, string[]][] = [
    ['budget-train-save', ['train', file]],
    ['budget-reopen', ['validate', file]],
    ['budget-continue-save', ['train', file, '--continue', '--epochs', '2']],
  ];
  for (const [name, args] of steps) {
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', runner, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const seconds = (performance.now() - started) / 1000;
    const peak = /PEAK_RSS_KB (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !peak) throw new Error(`${args[0]} failed (exit ${r.status}):\n${r.stderr}`);
    const mb = Number(peak[1]) / 1024;
    failed ||= mb > budgetMb;
    console.log(`${name}: ${mb.toFixed(0)} MB (${(mb / budgetMb).toFixed(2)}× budget) in ${seconds.toFixed(1)} s, file ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
