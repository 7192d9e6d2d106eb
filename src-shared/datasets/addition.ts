/** The post's addition: pairs a, b < 100 scaled by 1/100, their sum by 1/200; tested on the post's pairs. */
import { pyInt } from '../export/quote';
import { RandomState } from '../rng/random-state';
import { samplesField, seedField } from './common';
import { defineDataset, type Dataset } from './types';

/** The post's addition test pairs: "numbers it has never seen". */
export const ADDITION_TEST_PAIRS: [number, number][] = [
  [23, 45],
  [35, 12],
  [91, 6],
  [50, 50],
  [73, 84],
  [0, 0],
  [99, 99],
];
/** Inputs are a/100 and b/100; the target is (a+b)/200, so an output ×200 reads as a sum. */
export const ADDITION_INPUT_SCALE = 100;
export const ADDITION_OUTPUT_SCALE = 200;

/** Exactly the post's data: `seed(s)`, `a = randint(0,100,n)`, `b = randint(0,100,n)`. */
export function additionData(samples: number, seed: number): Dataset {
  const rs = new RandomState(seed);
  const a = rs.randints(0, ADDITION_INPUT_SCALE, samples);
  const b = rs.randints(0, ADDITION_INPUT_SCALE, samples);
  const inputs = new Float64Array(samples * 2);
  const targets = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    inputs[2 * i] = a[i] / ADDITION_INPUT_SCALE;
    inputs[2 * i + 1] = b[i] / ADDITION_INPUT_SCALE;
    targets[i] = (a[i] + b[i]) / ADDITION_OUTPUT_SCALE;
  }
  const test = {
    count: ADDITION_TEST_PAIRS.length,
    inputs: Float64Array.from(ADDITION_TEST_PAIRS.flatMap(([x, y]) => [x / ADDITION_INPUT_SCALE, y / ADDITION_INPUT_SCALE])),
    targets: Float64Array.from(ADDITION_TEST_PAIRS.map(([x, y]) => (x + y) / ADDITION_OUTPUT_SCALE)),
  };
  return { name: 'Addition', inputSize: 2, outputSize: 1, count: samples, inputs, targets, kind: 'regression', display: 'addition', domain: { x: [0, 0.99], y: [0, 0.99] }, test };
}

export const addition = defineDataset({
  id: 'addition',
  label: 'Addition',
  menuLabel: 'Addition (a + b)',
  fields: { samples: samplesField(), seed: seedField },
  defaults: { samples: 500, seed: 42 },
  // The post's 500 pairs, whatever size the set it replaces had.
  carries: ['seed'],
  plane: true,
  name: () => 'Addition',
  samples: (p) => p.samples,
  shape: () => ({ inputs: 2, outputs: 1 }),
  build: (p) => additionData(p.samples, p.seed),
  python: (p) => [
    '# Training data: pairs of numbers and their sum, normalised as in the post',
    `np.random.seed(${pyInt(p.seed)})`,
    `n_samples = ${pyInt(p.samples)}`,
    'a_train = np.random.randint(0, 100, n_samples)',
    'b_train = np.random.randint(0, 100, n_samples)',
    'X = np.column_stack([a_train / 100.0, b_train / 100.0])',
    'y = (a_train + b_train).reshape(-1, 1) / 200.0',
    "DISPLAY = 'addition'",
  ],
  describe: (p) => `(${p.samples} samples, data seed ${p.seed})`,
});
