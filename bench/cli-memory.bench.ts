/**
 * The command line's peak memory over 10⁷ per-sample SGD steps (npm run bench): the loss history
 * is thinned as it grows, so a long run needs no more memory than a short one. Goal: under 150 MB.
 * Builds the CLI first (npm run build:cli), then runs `nn-designer train` in a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TRAINING } from '../src-shared/engine/config';
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
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
