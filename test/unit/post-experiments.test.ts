import { describe, expect, it } from 'vitest';
import reference from '../fixtures/post-reference.json';
import { getPreset } from '../../src-shared/presets';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { epochLine, predictionRows } from '../../src-shared/engine/report';
import type { Trainer } from '../../src-shared/engine/trainer';
import { additionData as addition } from '../../src-shared/datasets';

/** The loss of one epoch: the history is thinned, but keeps every epoch the post prints. */
function lossAt(t: { history: readonly { epoch: number; loss: number }[] }, epoch: number): number {
  const point = t.history.find((h) => h.epoch === epoch);
  if (!point) throw new Error(`epoch ${epoch} is missing from the history`);
  return point.loss;
}

/** Trains a preset to the end, as one click in the app does. */
function trainPreset(id: string): Trainer {
  const preset = getPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  const prepared = prepareTraining(preset.setup);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  prepared.trainer.runToEnd();
  return prepared.trainer;
}

const tableOf = (t: Trainer): string[] => predictionRows(t.data, (x, n) => t.network.predict(x, n)).map((r) => r.text);

/** The post's printed lines, as the post prints them (whitespace-normalised for the addition table). */
const squash = (lines: string[]): string[] => lines.map((l) => l.trim().replace(/\s+/g, ' '));

describe("the post's experiments reproduce its printed numbers", () => {
  it('a single neuron learns AND', () => {
    const t = trainPreset('and-neuron');
    expect(tableOf(t)).toEqual(getPreset('and-neuron')?.postOutput);
  });

  it('a single neuron fails on XOR from the same seed-42 start', () => {
    const t = trainPreset('xor-neuron');
    expect(tableOf(t)).toEqual(getPreset('xor-neuron')?.postOutput);
  });

  it('2-4-1 solves XOR: losses at epochs 0…8000 and the final predictions', () => {
    const t = trainPreset('xor-2-4-1');
    const lines = [0, 2000, 4000, 6000, 8000].map((e) => epochLine(e, lossAt(t, e)));
    expect([...lines, ...tableOf(t)]).toEqual(getPreset('xor-2-4-1')?.postOutput);
  });

  it('2-16-16-1 learns addition with per-sample shuffled SGD', () => {
    const t = trainPreset('addition-2-16-16-1');
    expect(squash(tableOf(t))).toEqual(squash(getPreset('addition-2-16-16-1')?.postOutput ?? []));
  });
});

// NumPy (test/fixtures/gen_post_reference.py) gives more digits than the post prints. BLAS may sum
// in another order or fuse multiply-adds, so agreement is to rounding, not bit for bit.
const close = (actual: number[], expected: number[], tol: number): void => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThan(tol * Math.max(1, Math.abs(expected[i]))));
};

describe('the engine agrees with NumPy to rounding error', () => {
  it('single neuron on AND and XOR: predictions, weights and bias', () => {
    for (const [id, ref] of [
      ['and-neuron', reference.and_neuron],
      ['xor-neuron', reference.xor_neuron],
    ] as const) {
      const t = trainPreset(id);
      close(Array.from(t.network.predict(t.data.inputs, 4)), ref.predictions, 1e-12);
      close(Array.from(t.network.trainables[0].W), ref.weights, 1e-12);
      close(Array.from(t.network.trainables[0].b), [ref.bias], 1e-12);
    }
  });

  it('2-4-1 XOR losses and predictions', () => {
    const t = trainPreset('xor-2-4-1');
    const epochs = Object.keys(reference.xor_2_4_1.losses).map(Number);
    close(
      epochs.map((e) => lossAt(t, e)),
      Object.values(reference.xor_2_4_1.losses),
      1e-9,
    );
    close(Array.from(t.network.predict(t.data.inputs, 4)), reference.xor_2_4_1.predictions, 1e-9);
  });

  it('addition data and the seven test sums', () => {
    const data = addition(500, 42);
    const first = reference.addition_2_16_16_1.data_first5;
    expect(Array.from({ length: 5 }, (_, i) => Math.round(data.inputs[2 * i] * 100))).toEqual(first.a);
    expect(Array.from({ length: 5 }, (_, i) => Math.round(data.inputs[2 * i + 1] * 100))).toEqual(first.b);
    const t = trainPreset('addition-2-16-16-1');
    const rows = predictionRows(t.data, (x, n) => t.network.predict(x, n));
    close(
      rows.map((r) => r.predicted[0]),
      reference.addition_2_16_16_1.sums,
      1e-8,
    );
  });
});
