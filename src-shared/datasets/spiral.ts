/** Interleaved spiral arms on the plane, one per class (two by default, as the first spiral had). */
import { py, pyInt } from '../export/quote';
import { RandomState } from '../rng/random-state';
import { classesField, noiseField, planeSet, planeShape, pythonLabels, samplesField, seedField, defaultOutputs } from './common';
import { defineDataset, type Dataset } from './types';

export function spiralData(samples: number, noise: number, seed: number, classes = 2): Dataset {
  const rs = new RandomState(seed);
  const inputs = new Float64Array(samples * 2);
  const labels = new Int32Array(samples);
  const perArm = Math.ceil(samples / classes);
  for (let i = 0; i < samples; i++) {
    const arm = i % classes;
    const t = Math.floor(i / classes) / perArm;
    const r = 0.05 + 0.9 * t;
    const angle = 1.75 * t * 2 * Math.PI + (arm * 2 * Math.PI) / classes;
    inputs[2 * i] = r * Math.cos(angle) + rs.gaussian() * noise;
    inputs[2 * i + 1] = r * Math.sin(angle) + rs.gaussian() * noise;
    labels[i] = arm;
  }
  return planeSet('Spiral', inputs, labels, classes);
}

/** Files before format version 2 have no `classes`: two arms. */
const classesOf = (p: { classes?: number }): number => p.classes ?? 2;

export const spiral = defineDataset<'spiral', { samples: number; noise: number; seed: number; classes?: number }>({
  id: 'spiral',
  label: 'Spiral',
  menuLabel: 'Spiral (2-D, 2–5 classes)',
  fields: { samples: samplesField(), noise: noiseField, seed: seedField, classes: classesField(true) },
  defaults: { samples: 200, noise: 0.05, seed: 0, classes: 3 },
  plane: true,
  name: () => 'Spiral',
  samples: (p) => p.samples,
  shape: (p) => planeShape(classesOf(p)),
  build: (p) => spiralData(p.samples, p.noise, p.seed, classesOf(p)),
  python: (p, outputs = defaultOutputs(classesOf(p))) => [
    `# Training data: ${pyInt(classesOf(p))} interleaved spiral arms, one per class`,
    `rs = np.random.RandomState(${pyInt(p.seed)})`,
    `n_samples, noise, classes = ${pyInt(p.samples)}, ${py(p.noise)}, ${pyInt(classesOf(p))}`,
    'per_arm = -(-n_samples // classes)',
    'X = np.zeros((n_samples, 2))',
    'labels = np.zeros(n_samples, dtype=int)',
    'for i in range(n_samples):',
    '    arm = i % classes',
    '    t = (i // classes) / per_arm',
    '    r = 0.05 + 0.9 * t',
    '    angle = 1.75 * t * 2 * np.pi + arm * 2 * np.pi / classes',
    '    X[i, 0] = r * np.cos(angle) + rs.randn() * noise',
    '    X[i, 1] = r * np.sin(angle) + rs.randn() * noise',
    '    labels[i] = arm',
    pythonLabels(classesOf(p), outputs),
    "DISPLAY = 'table'",
  ],
  describe: (p) => `(${classesOf(p)} classes, ${p.samples} points, noise ${p.noise}, data seed ${p.seed})`,
});
