/**
 * The post's lesson, built in: its four experiments in its order, explained in our words, each
 * step checked against the numbers the post prints; then one for the learner.
 */
import { getPreset } from '../presets';
import { LESSON_FORMAT, LESSON_VERSION, type Lesson } from './schema';

const post = (id: string): string[] => getPreset(id)?.postOutput ?? [];

export const POST_LESSON: Lesson = {
  format: LESSON_FORMAT,
  version: LESSON_VERSION,
  title: 'Neural nets are simpler than you think',
  intro:
    'A neural network is a few multiplications, additions and one squashing function, repeated. This lesson follows the blog post of the same name: one neuron learns AND, the same neuron fails on XOR, a hidden layer fixes it, and a deeper network learns to add. Each step trains with the post’s own settings and checks that you get the post’s numbers, digit for digit.',
  steps: [
    {
      id: 'and',
      title: 'One neuron learns AND',
      text:
        'A neuron multiplies each input by a weight, adds a bias, and squashes the sum with the sigmoid, 1 / (1 + e^−z), into a number between 0 and 1. Training nudges the weights against the error, one example at a time: a weight moves by the learning rate × the error × the slope of the sigmoid × its input.\n\nAND is 1 only at (1, 1). The neuron’s output is 0.5 exactly where its weighted sum is 0: on a straight line across the plane.',
      from: { preset: 'and-neuron' },
      lock: ['design'],
      predict: {
        question: 'How will one neuron tell (1, 1) from the other three corners?',
        kind: 'choice',
        options: ['With one straight line', 'With a curve around (1, 1)', 'It cannot'],
        answer: 0,
      },
      check: { table: post('and-neuron'), accuracyAtLeast: 1 },
    },
    {
      id: 'xor-neuron',
      title: 'The same neuron fails on XOR',
      text:
        'XOR is 1 when exactly one input is 1: (0, 1) and (1, 0) on one side, (0, 0) and (1, 1) on the other. Try to draw one straight line with the two 1s on one side and the two 0s on the other: there is none. Minsky and Papert proved it in 1969, and a single neuron can only ever draw one line.\n\nWatch the outputs: however long it trains, the neuron hedges, every answer near 0.5.',
      from: { preset: 'xor-neuron' },
      lock: ['design'],
      predict: { question: 'Can one straight line separate XOR’s two classes?', kind: 'choice', options: ['Yes', 'No'], answer: 1 },
      check: { table: post('xor-neuron'), accuracyAtMost: 0.75 },
    },
    {
      id: 'xor-2-4-1',
      title: 'A hidden layer solves XOR',
      text:
        'Put four neurons between the inputs and the output. Each hidden neuron draws its own line; the output neuron combines their answers, so together they can cut the plane into the regions XOR needs. The error is passed back through the output’s weights to each hidden neuron — the chain rule, which is all that backpropagation is.\n\nThe post trains on all four examples at once (full batch, gradients summed) with a learning rate of 2, for 10,000 epochs.',
      from: { preset: 'xor-2-4-1' },
      lock: ['design'],
      predict: { question: 'Sketch where the boundary between the classes will be.', kind: 'sketch' },
      check: { table: post('xor-2-4-1'), lossBelow: 0.001 },
    },
    {
      id: 'addition',
      title: 'A deeper network learns to add',
      text:
        'Two hidden layers of 16 learn a + b from 500 random pairs, with the inputs divided by 100 and the sum by 200 so everything lies between 0 and 1. It has never seen the test pairs and still gets close.\n\nLook at the ends: 0 + 0 comes out near 18 and 99 + 99 near 182. The output is a sigmoid, and a sigmoid never quite reaches 0 or 1: the network saturates at the extremes.',
      from: { preset: 'addition-2-16-16-1' },
      lock: ['design'],
      predict: {
        question: 'Where will the network be least accurate?',
        kind: 'choice',
        options: ['Near 0 + 0 and 99 + 99', 'Near 50 + 50', 'Everywhere alike'],
        answer: 0,
      },
      check: { table: post('addition-2-16-16-1') },
    },
    {
      id: 'your-turn',
      title: 'Your turn: the smallest network that solves XOR',
      text:
        'Change the hidden layer: fewer units, another activation, another learning rate. The check passes when the loss falls below 0.01 within 5,000 epochs with at most four hidden units, in at least 8 of 10 seeds — a network that only works for one lucky seed does not count.',
      from: { learner: true, preset: 'xor-2-4-1' },
      check: { lossBelow: 0.01, withinEpochs: 5000, maxHiddenUnits: 4, seeds: 10, atLeast: 8 },
    },
  ],
};
