/** Two classes on the plane: a disc (label 1) inside a ring (label 0), with Gaussian noise. */
import { py, pyInt } from '../export/quote';
import { RandomState } from '../rng/random-state';
import { noiseField, planeSet, pythonLabels, samplesField, seedField } from './common';
import { defineDataset, type Dataset } from './types';

export function circleData(samples: number, noise: number, seed: number): Dataset {
  const rs = new RandomState(seed);
  const inputs = new Float64Array(samples * 2);
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const inside = i % 2 === 0;
    const r = inside ? rs.randomSample() * 0.5 : 0.7 + rs.randomSample() * 0.3;
    const angle = rs.randomSample() * 2 * Math.PI;
    inputs[2 * i] = r * Math.cos(angle) + rs.gaussian() * noise;
    inputs[2 * i + 1] = r * Math.sin(angle) + rs.gaussian() * noise;
    labels[i] = inside ? 1 : 0;
  }
  return planeSet('Circle', inputs, labels, 2);
}

export const circle = defineDataset({
  id: 'circle',
  label: 'Circle',
  menuLabel: 'Circle (2-D)',
  fields: { samples: samplesField(), noise: noiseField, seed: seedField },
  defaults: { samples: 200, noise: 0.05, seed: 0 },
  plane: true,
  name: () => 'Circle',
  samples: (p) => p.samples,
  shape: () => ({ inputs: 2, outputs: 1, classes: 2 }),
  build: (p) => circleData(p.samples, p.noise, p.seed),
  python: (p, outputs) => [
    '# Training data: a disc (label 1) inside a ring (label 0), with Gaussian noise',
    `rs = np.random.RandomState(${pyInt(p.seed)})`,
    `n_samples, noise = ${pyInt(p.samples)}, ${py(p.noise)}`,
    'X = np.zeros((n_samples, 2))',
    'labels = np.zeros(n_samples, dtype=int)',
    'for i in range(n_samples):',
    '    inside = i % 2 == 0',
    '    r = rs.random_sample() * 0.5 if inside else 0.7 + rs.random_sample() * 0.3',
    '    angle = rs.random_sample() * 2 * np.pi',
    '    X[i, 0] = r * np.cos(angle) + rs.randn() * noise',
    '    X[i, 1] = r * np.sin(angle) + rs.randn() * noise',
    '    labels[i] = 1 if inside else 0',
    pythonLabels(2, outputs),
    "DISPLAY = 'table'",
  ],
  describe: (p) => `(${p.samples} points, noise ${p.noise}, data seed ${p.seed})`,
});
