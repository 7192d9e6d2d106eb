/** Gaussian blobs on the plane, one per class, centred on a circle of radius 0.6; `noise` is their spread. */
import { py, pyInt } from '../export/quote';
import { RandomState } from '../rng/random-state';
import { classesField, noiseField, planeSet, planeShape, pythonLabels, samplesField, seedField } from './common';
import { defineDataset, type Dataset } from './types';

export function clustersData(samples: number, noise: number, seed: number, classes: number): Dataset {
  const rs = new RandomState(seed);
  const inputs = new Float64Array(samples * 2);
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const c = i % classes;
    const angle = Math.PI / 2 + (c * 2 * Math.PI) / classes;
    inputs[2 * i] = 0.6 * Math.cos(angle) + rs.gaussian() * noise;
    inputs[2 * i + 1] = 0.6 * Math.sin(angle) + rs.gaussian() * noise;
    labels[i] = c;
  }
  return planeSet('Clusters', inputs, labels, classes);
}

export const clusters = defineDataset({
  id: 'clusters',
  label: 'Clusters',
  menuLabel: 'Gaussian clusters (2-D, 2–5 classes)',
  fields: { samples: samplesField(), noise: noiseField, seed: seedField, classes: classesField() },
  defaults: { samples: 200, noise: 0.15, seed: 0, classes: 3 },
  // Blobs as tight as a spiral's noise would be dots: the spread is the clusters' own.
  carries: ['samples', 'seed', 'classes'],
  plane: true,
  name: () => 'Clusters',
  samples: (p) => p.samples,
  shape: (p) => planeShape(p.classes),
  build: (p) => clustersData(p.samples, p.noise, p.seed, p.classes),
  python: (p, outputs) => [
    `# Training data: ${pyInt(p.classes)} Gaussian clusters, one per class, centred on a circle`,
    `rs = np.random.RandomState(${pyInt(p.seed)})`,
    `n_samples, noise, classes = ${pyInt(p.samples)}, ${py(p.noise)}, ${pyInt(p.classes)}`,
    'X = np.zeros((n_samples, 2))',
    'labels = np.zeros(n_samples, dtype=int)',
    'for i in range(n_samples):',
    '    c = i % classes',
    '    angle = np.pi / 2 + c * 2 * np.pi / classes',
    '    X[i, 0] = 0.6 * np.cos(angle) + rs.randn() * noise',
    '    X[i, 1] = 0.6 * np.sin(angle) + rs.randn() * noise',
    '    labels[i] = c',
    pythonLabels(p.classes, outputs),
    "DISPLAY = 'table'",
  ],
  describe: (p) => `(${p.classes} classes, ${p.samples} points, noise ${p.noise}, data seed ${p.seed})`,
});
