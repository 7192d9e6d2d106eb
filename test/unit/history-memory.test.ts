/**
 * A run's loss history stays small whatever its length: the trainer, the engine's progress and the
 * renderer keep at most 2,000 points plus the epochs the post prints, so memory is flat over 10⁷
 * epochs.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { boundHistory, HISTORY_LIMIT, LossHistory, thinLossHistory } from '../../src-shared/engine/loss-history';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { isReportEpoch } from '../../src-shared/engine/report';
import { EngineSession } from '../../src-shared/engine/session';
import type { EngineEvent } from '../../src-shared/protocol/engine';
import { chainDesign } from '../../src-shared/network/chain';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMB = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

/** One sigmoid neuron on one sample: one update per epoch, so 10⁷ epochs take seconds. */
const tiny = (epochs: number): ExperimentSetup => ({
  design: chainDesign(1, [], { units: 1, activation: 'sigmoid', loss: 'squared_error' }),
  task: { dataset: 'inline', name: 'one', inputs: [[1]], targets: [[1]] },
  training: { ...DEFAULT_TRAINING, epochs, updateMode: 'sample', learningRate: 0.1 },
});

describe('bounded loss history', () => {
  it('the trainer’s heap stays flat over 10⁷ epochs', () => {
    const epochs = 10_000_000;
    const p = prepareTraining(tiny(epochs));
    if (!p.ok) throw new Error(p.problems[0].message);
    p.trainer.runEpochs(1_000_000);
    const warm = heapMB();
    p.trainer.runToEnd();
    const growth = heapMB() - warm;
    console.log(`trainer: heap grew ${growth.toFixed(2)} MB from epoch 10⁶ to 10⁷; ${p.trainer.history.length} history points`);
    expect(p.trainer.epoch).toBe(epochs);
    // One record per epoch would be ~450 MB here.
    expect(growth).toBeLessThan(2);
    expect(p.trainer.history.length).toBeLessThanOrEqual(HISTORY_LIMIT + 5);
    expect(p.trainer.history.filter((h) => isReportEpoch(h.epoch, epochs)).map((h) => h.epoch)).toEqual([0, 2e6, 4e6, 6e6, 8e6]);
    expect(p.trainer.history.at(-1)?.epoch).toBe(epochs - 1);
  }, 120_000);

  it('a renderer-style history fed 10⁷ points in frames stays within the limit, evenly spread', () => {
    const epochs = 10_000_000;
    const points: { epoch: number; loss: number }[] = [];
    const keep = (e: number): boolean => isReportEpoch(e, epochs);
    const warm = heapMB();
    for (let e = 0; e < epochs; e++) {
      points.push({ epoch: e, loss: 1 / (1 + e) });
      if (e % 1000 === 999) boundHistory(points, HISTORY_LIMIT, keep);
    }
    boundHistory(points, HISTORY_LIMIT, keep);
    expect(heapMB() - warm).toBeLessThan(2);
    expect(points.length).toBeLessThanOrEqual(HISTORY_LIMIT + 5);
    // The thinned part is spread evenly over the epochs (the points since the last thinning are
    // all there, at the end): each of the first nine tenths holds about a ninth of the rest.
    const tenths = Array.from({ length: 9 }, (_, k) => points.filter((p) => p.epoch >= k * 1e6 && p.epoch < (k + 1) * 1e6).length);
    const older = tenths.reduce((a, b) => a + b, 0);
    for (const n of tenths) expect(n).toBeGreaterThan(older / 18);
  });

  it('keeps the XOR 2-4-1 run’s report epochs with their exact losses, and the extremes', () => {
    const preset = getPreset('xor-2-4-1')!;
    const full = prepareTraining({ ...preset.setup, training: { ...preset.setup.training } });
    if (!full.ok) throw new Error('does not compile');
    full.trainer.runToEnd();
    const lines = [0, 2000, 4000, 6000, 8000].map((e) => full.trainer.history.find((h) => h.epoch === e)?.loss.toFixed(6));
    expect(lines).toEqual(['0.255675', '0.000355', '0.000149', '0.000093', '0.000068']);
    expect(full.trainer.history.length).toBeLessThanOrEqual(HISTORY_LIMIT + 5);

    const spiky = Array.from({ length: 50_000 }, (_, epoch) => ({ epoch, loss: epoch === 31_337 ? 9 : 1 }));
    const h = new LossHistory<{ epoch: number; loss: number }>(undefined, 100);
    for (const p of spiky) h.push(p);
    expect(h.points.length).toBeLessThanOrEqual(100);
    expect(h.points.some((p) => p.loss === 9)).toBe(true);
    expect(thinLossHistory(h.points, 100)).toEqual(h.points);
  });

  it('the engine session streams a thinned history: few points per run, the post’s epochs among them', async () => {
    const events: EngineEvent[] = [];
    const session = new EngineSession((e) => events.push(e));
    const epochs = 300_000;
    session.handle({ type: 'load', setup: tiny(epochs) });
    session.handle({ type: 'train' });
    await new Promise<void>((resolve) => {
      const check = (): void => (events.some((e) => e.type === 'state' && e.state === 'done') ? resolve() : void setTimeout(check, 20));
      check();
    });
    session.dispose();
    const sent = events.flatMap((e) => (e.type === 'progress' ? e.history : []));
    for (let i = 1; i < sent.length; i++) expect(sent[i].epoch).toBeGreaterThan(sent[i - 1].epoch);
    expect(sent.length).toBeLessThan(epochs / 10);
    expect(sent.filter((h) => isReportEpoch(h.epoch, epochs)).map((h) => h.epoch)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
  }, 120_000);
});
