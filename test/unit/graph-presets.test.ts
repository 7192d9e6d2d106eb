/** The presets beyond the post: each trains at its saved settings to the accuracy its summary promises. */
import { describe, expect, it } from 'vitest';
import { classMetrics } from '../../src-shared/engine/metrics';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { getPreset } from '../../src-shared/presets';

describe.each([
  ['xor-features-neuron', 1, false],
  ['xor-skip-concat', 1, false],
  ['xor-residual-add', 1, false],
  ['spiral-3-softmax', 0.9, true],
] as const)('%s', (id, accuracy, chain) => {
  it(`reaches accuracy ${accuracy} at its saved settings`, () => {
    const preset = getPreset(id);
    if (!preset) throw new Error(`no preset ${id}`);
    const p = prepareTraining(preset.setup);
    if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('; '));
    expect(p.plan.chain !== null).toBe(chain);
    p.trainer.runToEnd();
    expect(p.trainer.status).toBe('done');
    const m = classMetrics(p.dataset, (x, n) => p.trainer.network.predict(x, n));
    expect(m?.accuracy).toBeGreaterThanOrEqual(accuracy);
  });
});

it('a skip connection: the Concatenate sees the inputs first, then the hidden neuron', () => {
  const p = prepareTraining(getPreset('xor-skip-concat')!.setup);
  if (!p.ok) throw new Error('does not compile');
  expect(p.plan.steps.map((s) => [s.id, s.width])).toEqual([
    ['input', 2],
    ['and', 1],
    ['skip', 3],
    ['output', 1],
  ]);
  expect(p.plan.steps[2].inputs).toEqual([0, 1]);
});
