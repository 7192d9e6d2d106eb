/**
 * Engine speed (npm run bench): the post's addition run (2-16-16-1, per-sample SGD, 500 samples ×
 * 200 epochs) and a larger mini-batch case, in per-sample updates per second on one core.
 * Each case is run a few times after a warm-up; the median is reported.
 */
import { prepareTraining } from '../src-shared/engine/prepare';
import { getPreset } from '../src-shared/presets';
import { chainDesign } from '../src-shared/network/chain';
import type { ExperimentSetup } from '../src-shared/setup';

interface Case {
  name: string;
  setup: ExperimentSetup;
  goal?: number;
}

const addition = getPreset('addition-2-16-16-1');
if (!addition) throw new Error('addition preset missing');

const cases: Case[] = [
  { name: "post's addition run: 2-16-16-1, per-sample shuffled SGD, 500 × 200", setup: addition.setup, goal: 1_500_000 },
  {
    name: 'spiral: 2-64-64-1 tanh, mini-batch 32, 10 000 samples × 5 epochs',
    setup: {
      design: chainDesign(
        2,
        [
          { units: 64, activation: 'tanh' },
          { units: 64, activation: 'tanh' },
        ],
        { units: 1, activation: 'sigmoid', loss: 'bce' },
      ),
      task: { dataset: 'spiral', samples: 10_000, noise: 0.05, seed: 1 },
      training: { ...addition.setup.training, updateMode: 'minibatch', batchSize: 32, reduction: 'mean', learningRate: 0.1, epochs: 5, init: { scheme: 'xavier', scale: 1 } },
    },
  },
];

function samplesPerSecond(setup: ExperimentSetup): number {
  const prepared = prepareTraining(setup);
  if (!prepared.ok) throw new Error(prepared.problems.map((p) => p.message).join('; '));
  const t0 = performance.now();
  prepared.trainer.runToEnd();
  const seconds = (performance.now() - t0) / 1000;
  return (prepared.dataset.count * setup.training.epochs) / seconds;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

console.log(`NN Designer engine benchmark — Node ${process.version}, one core\n`);
for (const c of cases) {
  samplesPerSecond(c.setup); // warm-up: let the JIT compile the hot loops
  const runs = Array.from({ length: 5 }, () => samplesPerSecond(c.setup));
  const m = median(runs);
  const goal = c.goal ? `  (goal ${fmt(c.goal)}: ${m >= c.goal ? 'met' : `${((m / c.goal) * 100).toFixed(0)}%`})` : '';
  console.log(`${c.name}\n  ${fmt(m)} samples/s, median of ${runs.length} (range ${fmt(Math.min(...runs))}–${fmt(Math.max(...runs))})${goal}\n`);
}
