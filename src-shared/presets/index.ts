import { DEFAULT_TRAINING, type TrainingConfig } from '../engine/config';
import { chainDesign } from '../network/chain';
import type { ExperimentSetup } from '../setup';

export interface Preset {
  id: string;
  title: string;
  /** One or two sentences: what to watch for. */
  summary: string;
  setup: ExperimentSetup;
  /** What the post printed for this run, shown beside the app's own numbers. */
  postOutput: string[];
}

const singleNeuron: TrainingConfig = {
  ...DEFAULT_TRAINING,
  epochs: 1000,
  learningRate: 2,
  updateMode: 'sample',
  init: { scheme: 'randn_bias', scale: 1 },
  seed: 42,
};

const neuron = chainDesign(2, [], { units: 1, activation: 'sigmoid', loss: 'squared_error' });

/** The four experiments of "Neural Nets Are Simpler Than You Think", with the post's settings. */
export const PRESETS: Preset[] = [
  {
    id: 'and-neuron',
    title: 'AND with a single neuron',
    summary: 'One sigmoid neuron, two weights and a bias, learns AND: a straight line separates (1, 1) from the rest.',
    setup: { design: neuron, task: { dataset: 'and' }, training: singleNeuron },
    postOutput: ['[0 0] → 0.0001  (expected 0)', '[0 1] → 0.0377  (expected 0)', '[1 0] → 0.0379  (expected 0)', '[1 1] → 0.9557  (expected 1)'],
  },
  {
    id: 'xor-neuron',
    title: 'XOR with a single neuron (the failure)',
    summary: 'The same neuron on XOR stalls near 0.5: no straight line separates the two classes. Minsky and Papert, 1969.',
    setup: { design: neuron, task: { dataset: 'xor' }, training: singleNeuron },
    postOutput: ['[0 0] → 0.5693  (expected 0)', '[0 1] → 0.5000  (expected 1)', '[1 0] → 0.4307  (expected 1)', '[1 1] → 0.3639  (expected 0)'],
  },
  {
    id: 'xor-2-4-1',
    title: 'XOR with a hidden layer (2-4-1)',
    summary: 'Four hidden sigmoid neurons bend the boundary and solve XOR. Full-batch gradient descent, summed gradients, learning rate 2.',
    setup: {
      design: chainDesign(2, [{ units: 4, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'squared_error' }),
      task: { dataset: 'xor' },
      training: { ...DEFAULT_TRAINING, epochs: 10000, learningRate: 2, updateMode: 'batch', reduction: 'sum', init: { scheme: 'randn', scale: 0.5 }, seed: 42 },
    },
    postOutput: [
      'Epoch     0  Loss: 0.255675',
      'Epoch  2000  Loss: 0.000355',
      'Epoch  4000  Loss: 0.000149',
      'Epoch  6000  Loss: 0.000093',
      'Epoch  8000  Loss: 0.000068',
      '[0 0] → 0.0085  (expected 0)',
      '[0 1] → 0.9931  (expected 1)',
      '[1 0] → 0.9930  (expected 1)',
      '[1 1] → 0.0065  (expected 0)',
    ],
  },
  {
    id: 'addition-2-16-16-1',
    title: 'Addition (2-16-16-1)',
    summary: 'Two hidden layers of 16 learn a + b from 500 examples with per-sample SGD on shuffled data. Watch the extremes: sigmoid saturates near 0 and 1.',
    setup: {
      design: chainDesign(
        2,
        [
          { units: 16, activation: 'sigmoid' },
          { units: 16, activation: 'sigmoid' },
        ],
        { units: 1, activation: 'sigmoid', loss: 'squared_error' },
      ),
      task: { dataset: 'addition', samples: 500, seed: 42 },
      training: { ...DEFAULT_TRAINING, epochs: 200, learningRate: 1, updateMode: 'shuffle', init: { scheme: 'randn', scale: 0.5 }, seed: 1 },
    },
    postOutput: [
      '23 + 45 =  65.7  (actual: 68)',
      '35 + 12 =  46.4  (actual: 47)',
      '91 +  6 =  96.2  (actual: 97)',
      '50 + 50 = 100.3  (actual: 100)',
      '73 + 84 = 157.8  (actual: 157)',
      ' 0 +  0 =  18.0  (actual: 0)',
      '99 + 99 = 182.3  (actual: 198)',
    ],
  },
];

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** A blank design: an Input and an Output for a two-input, one-output task, not yet connected. */
export function blankSetup(): ExperimentSetup {
  const design = chainDesign(2, [], { units: 1, activation: 'sigmoid', loss: 'squared_error' });
  return { design: { nodes: design.nodes, edges: [] }, task: { dataset: 'xor' }, training: { ...DEFAULT_TRAINING, epochs: 5000, learningRate: 2, updateMode: 'batch' } };
}
