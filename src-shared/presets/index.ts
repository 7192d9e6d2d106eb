import { DEFAULT_TRAINING, type TrainingConfig } from '../engine/config';
import { chainDesign, LAYER_SPACING_X } from '../network/chain';
import type { Design, DesignNode } from '../network/design';
import type { ExperimentSetup } from '../setup';
import { cardFor, parseTable } from '../datasets/table/import';
import { IRIS_CSV } from './data/iris.generated';
import { TABLE_TRAINING, tableSetup } from './table-setup';
import { emptyDrawing } from '../datasets/drawn';

export interface Preset {
  id: string;
  title: string;
  /** One or two sentences: what to watch for. */
  summary: string;
  setup: ExperimentSetup;
  /** What the post printed for this run, shown beside the app's own numbers (empty: not from the post). */
  postOutput: string[];
  /** Where its data comes from and under which licence (a sample table's), shown on its card and in About. */
  credit?: string;
  /** The credit in a few words, for the start screen's card (the whole one is in About). */
  creditShort?: string;
}

/** A design from nodes placed on a grid of columns (x) and rows (y, 0 the main line) and its connections, in order. */
function placed(nodes: [col: number, row: number, node: Omit<DesignNode, 'position'>][], edges: [string, string][]): Design {
  return {
    nodes: nodes.map(([col, row, node]) => ({ ...node, position: { x: col * LAYER_SPACING_X, y: row * 150 } }) as DesignNode),
    edges: edges.map(([source, target]) => ({ id: `e-${source}-${target}`, source, target })),
  };
}

const postXor: TrainingConfig = { ...DEFAULT_TRAINING, epochs: 10000, learningRate: 2, updateMode: 'batch', reduction: 'sum', init: { scheme: 'randn', scale: 0.5 }, seed: 42 };

const singleNeuron: TrainingConfig = {
  ...DEFAULT_TRAINING,
  epochs: 1000,
  learningRate: 2,
  updateMode: 'sample',
  init: { scheme: 'randn_bias', scale: 1 },
  seed: 42,
};

const neuron = chainDesign(2, [], { units: 1, activation: 'sigmoid', loss: 'squared_error' });

/**
 * The four experiments of "Neural Nets Are Simpler Than You Think", with the post's settings, then
 * designs that go past it: engineered features, a skip connection, a residual connection, and three classes.
 */
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
      training: postXor,
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
    summary: 'Two hidden layers of 16 learn a + b from 500 examples, per-sample SGD on shuffled data. Watch the extremes: the sigmoid saturates.',
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
  {
    id: 'xor-features-neuron',
    title: 'XOR with one neuron and x₁·x₂',
    summary:
      'The neuron that fails on XOR solves it once a Features layer adds x₁·x₂: XOR is x₁ + x₂ − 2x₁x₂, a straight line in those three.',
    setup: {
      design: placed(
        [
          [0, 0, { id: 'input', type: 'input', params: { units: 2 } }],
          [1, 0, { id: 'features', type: 'features', params: { features: ['x1', 'x2', 'x1*x2'] } }],
          [2, 0, { id: 'output', type: 'output', params: { units: 1, activation: 'sigmoid', loss: 'squared_error' } }],
        ],
        [
          ['input', 'features'],
          ['features', 'output'],
        ],
      ),
      task: { dataset: 'xor' },
      training: postXor,
    },
    postOutput: [],
  },
  {
    id: 'xor-skip-concat',
    title: 'XOR with a skip connection (Concatenate)',
    summary:
      'One hidden neuron is enough when the inputs also skip past it: it learns AND, and the output combines x₁, x₂ and AND into XOR.',
    setup: {
      design: placed(
        [
          [0, 0, { id: 'input', type: 'input', params: { units: 2 } }],
          [1, -1, { id: 'and', type: 'dense', params: { units: 1, activation: 'sigmoid' }, label: 'AND detector' }],
          [2, 0, { id: 'skip', type: 'concatenate', params: {} }],
          [3, 0, { id: 'output', type: 'output', params: { units: 1, activation: 'sigmoid', loss: 'squared_error' } }],
        ],
        [
          ['input', 'skip'],
          ['input', 'and'],
          ['and', 'skip'],
          ['skip', 'output'],
        ],
      ),
      task: { dataset: 'xor' },
      training: postXor,
    },
    postOutput: [],
  },
  {
    id: 'xor-residual-add',
    title: 'XOR with a residual connection (Add)',
    summary:
      'The hidden layer learns only a correction that Add lays on the inputs, as in residual networks, until one line separates the classes.',
    setup: {
      design: placed(
        [
          [0, 0, { id: 'input', type: 'input', params: { units: 2 } }],
          [1, -1, { id: 'residual', type: 'dense', params: { units: 2, activation: 'tanh' } }],
          [2, 0, { id: 'add', type: 'add', params: {} }],
          [3, 0, { id: 'output', type: 'output', params: { units: 1, activation: 'sigmoid', loss: 'squared_error' } }],
        ],
        [
          ['input', 'add'],
          ['input', 'residual'],
          ['residual', 'add'],
          ['add', 'output'],
        ],
      ),
      task: { dataset: 'xor' },
      training: { ...postXor, seed: 1 },
    },
    postOutput: [],
  },
  {
    id: 'spiral-3-softmax',
    title: 'Three-class spiral (softmax)',
    summary:
      'Three interleaved arms, one output per class, softmax with cross-entropy and Adam: three coloured regions wind around each other.',
    setup: {
      design: chainDesign(
        2,
        [
          { units: 32, activation: 'tanh' },
          { units: 32, activation: 'tanh' },
        ],
        { units: 3, activation: 'softmax', loss: 'cross_entropy' },
      ),
      task: { dataset: 'spiral', samples: 300, noise: 0.02, seed: 1, classes: 3 },
      training: {
        ...DEFAULT_TRAINING,
        epochs: 1000,
        learningRate: 0.01,
        updateMode: 'minibatch',
        batchSize: 32,
        reduction: 'mean',
        optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        init: { scheme: 'xavier', scale: 1 },
        seed: 42,
      },
    },
    postOutput: [],
  },
  {
    id: 'iris-4-8-3',
    title: 'Iris: a table of your own kind',
    summary:
      'Fisher’s 150 irises: four measurements in cm, three species, a fifth held out for testing. Watch the test curve follow the training one.',
    setup: irisSetup(),
    postOutput: [],
    credit: 'Iris data: R. A. Fisher (1936), from the UCI Machine Learning Repository (CC BY 4.0); this copy from scikit-learn’s bundled data (BSD-3-Clause).',
    creditShort: 'Data: UCI ML Repository, CC BY 4.0 (see About).',
  },
  {
    id: 'draw-your-own',
    title: 'Draw your own (2-D)',
    summary:
      'Pick a class and click the boundary plot to draw points, drag to brush, Erase or Clear: the network retrains on every change. Draw two moons.',
    setup: drawSetup(),
    postOutput: [],
  },
];

/**
 * A drawing of a dozen points to begin from, and a network with room for the shapes people
 * draw: two tanh layers of 8, one sigmoid output with cross-entropy, Adam (the table default).
 */
function drawSetup(): ExperimentSetup {
  const start = [
    [-0.6, 0.5, '0'],
    [-0.4, 0.7, '0'],
    [-0.7, 0.2, '0'],
    [-0.5, 0.35, '0'],
    [-0.3, 0.55, '0'],
    [-0.65, 0.65, '0'],
    [0.5, -0.4, '1'],
    [0.6, -0.6, '1'],
    [0.35, -0.55, '1'],
    [0.7, -0.3, '1'],
    [0.45, -0.7, '1'],
    [0.6, -0.45, '1'],
  ];
  return {
    design: chainDesign(
      2,
      [
        { units: 8, activation: 'tanh' },
        { units: 8, activation: 'tanh' },
      ],
      { units: 1, activation: 'sigmoid', loss: 'bce' },
    ),
    task: { dataset: 'drawn', ...emptyDrawing(), rows: start },
    training: { ...TABLE_TRAINING, epochs: 500, learningRate: 0.03 },
  };
}

/** Iris as `new --data iris.csv --test 20` makes it: the card, the split and the design a table starts with. */
function irisSetup(): ExperimentSetup {
  const card = cardFor(parseTable(IRIS_CSV, 'iris.csv'), 'Iris', { testPercent: 20, seed: 42 });
  if (!card.ok) throw new Error(`The built-in Iris table does not read: ${card.problems.join('; ')}`);
  return tableSetup(card.table);
}

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** A blank design: an Input and an Output for a two-input, one-output task, not yet connected. */
export function blankSetup(): ExperimentSetup {
  const design = chainDesign(2, [], { units: 1, activation: 'sigmoid', loss: 'squared_error' });
  return { design: { nodes: design.nodes, edges: [] }, task: { dataset: 'xor' }, training: { ...DEFAULT_TRAINING, epochs: 5000, learningRate: 2, updateMode: 'batch' } };
}
