/**
 * Train over seeds, the pure parts: the pool puts every run in its seed's place whatever the
 * number of lanes and the order they finish in (real runs of the 2-4-1 XOR, against
 * trainSweepRun one after another), retries a failed lane once, and keeps what finished when
 * stopped; the band reads thinned histories at common epochs; the verdict counts as the command
 * line's summary does; the document adds the runs as appendRun keeps them.
 */
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src-shared/experiment';
import { getPreset } from '../../src-shared/presets';
import { sweepCells, sweepRuns } from '../../src-shared/sweep/grid';
import { failedRun, trainSweepRun } from '../../src-shared/sweep/run';
import { parseStopRule, type StopRule } from '../../src-shared/sweep/until';
import type { ExperimentSetup } from '../../src-shared/setup';
import { lossAt, seedBand } from '../../src-renderer/viz/seed-band';
import { runPool, timeLeftMs, type Lane } from '../../src-renderer/platform/seeds-pool';
import { seedsVerdict } from '../../src-renderer/viz/seeds-verdict';
import { checkSeeds, laneCount, readStopRule } from '../../src-renderer/store/seeds';
import { useDocumentStore } from '../../src-renderer/store/document';

const xor = (epochs: number): ExperimentSetup => {
  const setup = getPreset('xor-2-4-1')!.setup;
  return { ...setup, training: { ...setup.training, epochs } };
};
const rule = parseStopRule('loss<0.01') as StopRule;
const AT = new Date('2026-01-01T00:00:00Z');

/** Lanes that train for real, each answer after a random delay, so runs finish out of order. */
function trainingLanes(random: () => number, opened: { count: number }): () => Lane<ExperimentSetup, Run> {
  return () => {
    opened.count++;
    return {
      run: (setup) => new Promise((resolve) => setTimeout(() => resolve(trainSweepRun(setup, rule, AT)), Math.floor(random() * 5))),
      close: () => {},
    };
  };
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

describe('the seeds pool', () => {
  const setups = sweepRuns(sweepCells(xor(600), []), 10).map((s) => s.setup);
  const alone = setups.map((s) => trainSweepRun(s, rule, AT));

  it('trains seed, seed + 1, … and puts each run in its place whatever the lanes', async () => {
    expect(setups.map((s) => s.training.seed)).toEqual([42, 43, 44, 45, 46, 47, 48, 49, 50, 51]);
    for (const lanes of [1, 2, 3, 7, 10]) {
      const order: number[] = [];
      const opened = { count: 0 };
      const runs = await runPool(setups, { lanes, openLane: trainingLanes(seeded(lanes), opened), failed: () => failedRun(setups[0], 'x', AT), stopped: () => false, onResult: (k) => order.push(k) });
      expect(opened.count).toBe(lanes);
      expect(order.slice().sort((a, b) => a - b)).toEqual([...setups.keys()]);
      expect(runs.map((r) => r?.finalLoss)).toEqual(alone.map((r) => r.finalLoss));
      expect(runs.map((r) => r?.epoch)).toEqual(alone.map((r) => r.epoch));
      expect(runs.map((r) => r?.history)).toEqual(alone.map((r) => r.history));
    }
    // The stop rule ended some runs early: epochs differ between seeds.
    expect(new Set(alone.map((r) => r.epoch)).size).toBeGreaterThan(1);
  });

  it('tries a job once more on a fresh lane, then keeps it as failed; the others go on', async () => {
    let opened = 0;
    const broken = new Set([2]);
    const tries = new Map<number, number>();
    const runs = await runPool([0, 1, 2, 3, 4], {
      lanes: 2,
      openLane: () => {
        opened++;
        return {
          run: async (k) => {
            tries.set(k, (tries.get(k) ?? 0) + 1);
            if (broken.has(k) || (k === 3 && tries.get(3) === 1)) throw new Error(`lane lost on ${k}`);
            return `run ${k}`;
          },
          close: () => {},
        };
      },
      failed: (k, e) => `failed ${k}: ${e.message}`,
      stopped: () => false,
    });
    expect(runs).toEqual(['run 0', 'run 1', 'failed 2: lane lost on 2', 'run 3', 'run 4']);
    expect(tries.get(2)).toBe(2);
    expect(tries.get(3)).toBe(2);
    // Two lanes, and a fresh one after each of three failures.
    expect(opened).toBe(5);
  });

  it('keeps what finished when stopped, and starts nothing after', async () => {
    let stop = false;
    const started: number[] = [];
    const runs = await runPool([0, 1, 2, 3, 4, 5], {
      lanes: 2,
      openLane: () => ({
        run: async (k) => {
          started.push(k);
          if (k === 3) stop = true;
          return k * 10;
        },
        close: () => {},
      }),
      failed: () => -1,
      stopped: () => stop,
    });
    expect(runs.slice(0, 4)).toEqual([0, 10, 20, 30]);
    expect(runs.slice(4)).toEqual([null, null]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('sizes the pool to the cores, never more than the runs', () => {
    expect(laneCount(8, 10)).toBe(8);
    expect(laneCount(16, 10)).toBe(10);
    expect(laneCount(undefined, 10)).toBe(2);
    expect(laneCount(0, 3)).toBe(2);
    expect(laneCount(1, 3)).toBe(1);
  });

  it('estimates the time left from the pace so far', () => {
    expect(timeLeftMs(0, 10, 500)).toBeNull();
    expect(timeLeftMs(4, 10, 2000)).toBe(3000);
    expect(timeLeftMs(10, 10, 2000)).toBe(0);
  });
});

describe('the seeds form', () => {
  it('takes 2 to 100 seeds', () => {
    expect(checkSeeds(10)).toBeNull();
    expect(checkSeeds(2)).toBeNull();
    expect(checkSeeds(100)).toBeNull();
    for (const bad of [1, 101, 2.5, NaN]) expect(checkSeeds(bad)).toMatch(/whole number from 2 to 100/);
  });

  it('reads the stop rule as the command line does; empty is none', () => {
    expect(readStopRule('')).toBeNull();
    expect(readStopRule(' loss<0.01 ')).toMatchObject({ metric: 'loss', op: '<', value: 0.01, text: 'loss < 0.01' });
    expect(readStopRule('loss under 0.01')).toEqual({ error: expect.stringMatching(/^The stop rule is loss or accuracy.*"loss<0.01"/) });
  });
});

describe('the band over seeds', () => {
  it('reads a thinned history log-linearly between its records and holds it past its ends', () => {
    const h = [
      { epoch: 0, loss: 1 },
      { epoch: 10, loss: 0.01 },
      { epoch: 20, loss: 0.001 },
    ];
    expect(lossAt(h, 0)).toBe(1);
    expect(lossAt(h, 5)).toBeCloseTo(0.1, 12);
    expect(lossAt(h, 15)).toBeCloseTo(Math.sqrt(0.01 * 0.001), 12);
    expect(lossAt(h, 20)).toBe(0.001);
    expect(lossAt(h, 500)).toBe(0.001);
    expect(lossAt([{ epoch: 0, loss: NaN }], 0)).toBeNull();
  });

  it('is the median, lowest and highest of the runs at each epoch', () => {
    const a = [
      { epoch: 0, loss: 0.4 },
      { epoch: 4, loss: 0.04 },
    ];
    const b = [
      { epoch: 0, loss: 0.2 },
      { epoch: 2, loss: 0.02 },
    ];
    const c = [
      { epoch: 0, loss: 0.3 },
      { epoch: 4, loss: 0.003 },
    ];
    const band = seedBand([a, b, c])!;
    expect(band.epochs).toEqual([0, 1, 2, 3, 4]);
    expect(band.median[0]).toBe(0.3);
    expect(band.min[0]).toBe(0.2);
    expect(band.max[0]).toBe(0.4);
    // b stopped at epoch 2 and holds 0.02 there on.
    expect(band.median[4]).toBe(0.02);
    expect(band.min[4]).toBe(0.003);
    expect(band.max[4]).toBe(0.04);
    // Two runs: the median is the mean of the middle two.
    expect(seedBand([a, b])!.median[0]).toBeCloseTo(0.3, 15);
    expect(seedBand([[]])).toBeNull();
  });

  it('reads a long run at a bounded number of epochs', () => {
    const run = Array.from({ length: 10_001 }, (_, e) => ({ epoch: e, loss: 1 / (e + 1) }));
    const band = seedBand([run], 400)!;
    expect(band.epochs).toHaveLength(400);
    expect(band.epochs[0]).toBe(0);
    expect(band.epochs.at(-1)).toBe(10_000);
  });
});

describe('the verdict over seeds', () => {
  it('counts the runs that reached the rule, as the sweep summary does', () => {
    const setups = sweepRuns(sweepCells(xor(300), []), 6).map((s) => s.setup);
    const runs = setups.map((s) => trainSweepRun(s, rule, AT));
    const reached = runs.filter((r) => (r.finalLoss as number) < 0.01).length;
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThan(6);
    const v = seedsVerdict(runs, rule);
    expect(v.headline).toBe(`reached loss < 0.01 in ${reached} of 6 seeds`);
    expect(v.details[0]).toMatch(/^final loss median 0\.\d{6} \(0\.\d{6} to 0\.\d{6}\)$/);
    expect(seedsVerdict(runs, null).headline).toMatch(/^final loss median .* over 6 seeds$/);
  });
});

describe('the document', () => {
  it('adds runs over seeds after its runs, each with its own id, unsaved until saved', () => {
    const setup = xor(50);
    useDocumentStore.getState().open({ filePath: null, name: 'x', setup });
    const runs = sweepRuns(sweepCells(setup, []), 3).map((s) => trainSweepRun(s.setup, null, AT));
    useDocumentStore.getState().addRuns(runs);
    const doc = useDocumentStore.getState();
    expect(doc.runs.map((r) => r.id)).toEqual(['run-1', 'run-2', 'run-3']);
    expect(doc.runs.map((r) => r.settings?.seed)).toEqual([42, 43, 44]);
    expect(doc.dirty).toBe(true);
    expect(doc.unsaved?.runs).toBe(3);
  });
});
