/**
 * What the engine reports about held-out rows and draws for tasks of more than two inputs: test
 * loss and accuracy at every checkpoint (the numbers a saved run records, and training unchanged
 * by scoring), and grids over a 2-D slice whose cells are the network's outputs on rows built
 * from the slice. The two-input tasks' grids stay what they were: every cell the network's
 * output at that point of the plane.
 */
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src-shared/datasets';
import { buildFrame, forwardNetwork } from '../../src-shared/engine/frame';
import { gridInputs } from '../../src-shared/engine/grid';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { meanLoss, runScores } from '../../src-shared/engine/scores';
import { EngineSession } from '../../src-shared/engine/session';
import { axisRange, inputStats, resolveSlice } from '../../src-shared/engine/slice';
import { heldOutResults } from '../../src-shared/experiment/runs';
import { heldOutSet } from '../../src-shared/engine/metrics';
import { getPreset, PRESETS } from '../../src-shared/presets';
import type { EngineEvent } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';
import { replayFrames } from '../../src-renderer/store/recorder';

const setupOf = (id: string): ExperimentSetup => structuredClone(getPreset(id)!.setup);
const of = <T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

function trained(setup: ExperimentSetup) {
  const prepared = prepareTraining(setup, { wasm: false });
  if (!prepared.ok) throw new Error(prepared.problems[0].message);
  const { trainer } = prepared;
  while (!trainer.done) trainer.run(10_000);
  return prepared;
}

/** Runs a session to the end (full speed); its events. */
async function sessionRun(setup: ExperimentSetup): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  const session = new EngineSession((e) => events.push(e));
  try {
    session.handle({ type: 'load', setup });
    session.handle({ type: 'train' });
    const deadline = Date.now() + 30_000;
    while (!of(events, 'state').some((e) => e.state === 'done')) {
      if (Date.now() > deadline) throw new Error('the run did not finish');
      await new Promise((r) => setTimeout(r, 5));
    }
    return events;
  } finally {
    session.dispose();
  }
}

describe('two-input tasks draw over their plane, as before', () => {
  const planeTasks = PRESETS.filter((p) => buildDataset(p.setup.task).inputSize === 2);

  it.each(planeTasks.map((p) => p.id))('%s: every cell is the network’s output at the cell’s centre, and no slice is named', (id) => {
    const { trainer, dataset } = trained({ ...setupOf(id), training: { ...setupOf(id).training, epochs: 3 } });
    const frame = buildFrame(trainer.network, dataset, 16);
    const grid = frame.grid!;
    expect(grid.slice).toBeUndefined();
    expect(grid.domain).toEqual(dataset.domain);
    const cells = gridInputs(dataset.domain!, 16);
    expect(cells.length).toBe(16 * 16 * 2);
    // Cell (row 3, col 5): x from col, y from row, at the centres.
    const [x0, x1] = dataset.domain!.x;
    const [y0, y1] = dataset.domain!.y;
    expect([cells[2 * (3 * 16 + 5)], cells[2 * (3 * 16 + 5) + 1]]).toEqual([x0 + (5.5 / 16) * (x1 - x0), y0 + (3.5 / 16) * (y1 - y0)]);
    const out = trainer.network.predict(cells, 256);
    const k = trainer.network.outputSize;
    for (let i = 0; i < 256; i++) for (let u = 0; u < k; u++) expect(grid.outputs[u * 256 + i]).toBe(out[i * k + u]);
  });
});

describe('a slice through four inputs (Iris)', () => {
  const setup = setupOf('iris-4-8-3');

  it('holds the other inputs at the training rows’ means, spans each axis input’s range, and every cell is the network’s output on its row', () => {
    const { trainer, dataset } = trained({ ...setup, training: { ...setup.training, epochs: 20 } });
    const stats = inputStats(dataset);
    const slice = resolveSlice(dataset, stats, null)!;
    // z-scored on the training rows: their means are 0 up to rounding.
    for (const m of stats.mean) expect(Math.abs(m)).toBeLessThan(1e-12);
    let sum = 0;
    for (let i = 0; i < dataset.count; i++) sum += dataset.inputs[i * 4 + 2];
    expect(slice.values[2]).toBe(sum / dataset.count);
    expect(slice.axes).toEqual([0, 1]);
    expect(slice.domain.x).toEqual(axisRange(stats, 0));
    // The range covers the test rows too (they are drawn hollow on the same plane).
    const held = dataset.heldOut!;
    for (let i = 0; i < held.count; i++) {
      expect(held.inputs[i * 4]).toBeGreaterThan(slice.domain.x[0]);
      expect(held.inputs[i * 4]).toBeLessThan(slice.domain.x[1]);
    }

    const frame = buildFrame(trainer.network, dataset, 12, slice);
    const grid = frame.grid!;
    expect(grid.slice).toEqual({ axes: [0, 1], values: slice.values });
    expect(grid.hidden.map((h) => h.length)).toEqual([8 * 144]);
    const cells = 144;
    const row = (i: number): Float64Array => {
      const col = i % 12;
      const r = Math.floor(i / 12);
      const v = Float64Array.from(slice.values);
      v[0] = slice.domain.x[0] + ((col + 0.5) / 12) * (slice.domain.x[1] - slice.domain.x[0]);
      v[1] = slice.domain.y[0] + ((r + 0.5) / 12) * (slice.domain.y[1] - slice.domain.y[0]);
      return v;
    };
    for (const i of [0, 13, 77, 143]) {
      const out = trainer.network.predict(row(i), 1);
      for (let u = 0; u < 3; u++) expect(grid.outputs[u * cells + i]).toBe(out[u]);
    }
  });

  it('other axes and values move the map; a slice that does not fit the task falls back to the default', () => {
    const { trainer, dataset } = trained({ ...setup, training: { ...setup.training, epochs: 20 } });
    const stats = inputStats(dataset);
    const base = buildFrame(trainer.network, dataset, 12, resolveSlice(dataset, stats, null)).grid!;
    const moved = resolveSlice(dataset, stats, { axes: [0, 1], values: [0, 0, 1.5, -1] })!;
    expect(moved.values).toEqual([0, 0, 1.5, -1]);
    const movedGrid = buildFrame(trainer.network, dataset, 12, moved).grid!;
    expect(Array.from(movedGrid.outputs)).not.toEqual(Array.from(base.outputs));
    const petals = resolveSlice(dataset, stats, { axes: [2, 3], values: stats.mean })!;
    expect(petals.domain.y).toEqual(axisRange(stats, 3));
    for (const bad of [{ axes: [1, 1], values: [0, 0, 0, 0] }, { axes: [0, 4], values: [0, 0, 0, 0] }, { axes: [0, 1], values: [0, 0, 0] }, { axes: [0, 1], values: [0, 0, Number.NaN, 0] }]) {
      expect(resolveSlice(dataset, stats, bad as never)).toEqual(resolveSlice(dataset, stats, null));
    }
    // Two inputs need no slice: their plane is the whole input space.
    const xor = buildDataset({ dataset: 'xor' });
    expect(resolveSlice(xor, inputStats(xor), { axes: [0, 1], values: [0, 0] })).toBeUndefined();
  });
});

describe('held-out rows as training goes', () => {
  const setup = setupOf('iris-4-8-3');

  it('the test loss is the one a saved run records, on the same weights', () => {
    const { trainer, dataset } = trained(setup);
    const held = heldOutSet(dataset)!;
    expect(held.count).toBe(30);
    expect(meanLoss(trainer.network, held)).toBe(trainer.evaluateLoss(held));
    const scores = runScores(trainer.network, dataset)!;
    expect(scores.testLoss).toBe(heldOutResults(trainer)!.testLoss);
    expect(scores.testAccuracy).toBe(heldOutResults(trainer)!.testAccuracy);
    expect(scores.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('the engine scores every checkpoint (about 300 a run, however fast it trains), ends on the saved run’s numbers and trains exactly as without', async () => {
    const events = await sessionRun(setupOf('iris-4-8-3'));
    const checkpoints = of(events, 'progress').flatMap((p) => p.checkpoints ?? []);
    expect(checkpoints.length).toBeGreaterThan(250);
    expect(checkpoints.every((c) => c.scores?.testLoss !== undefined && c.scores.testAccuracy !== undefined && c.scores.accuracy !== undefined)).toBe(true);
    // The loss falls as Iris is learned, on the test rows as on the training rows.
    expect(checkpoints.at(-1)!.scores!.testLoss!).toBeLessThan(checkpoints[0].scores!.testLoss! / 4);

    const alone = trained(setupOf('iris-4-8-3')).trainer;
    const last = checkpoints.at(-1)!;
    expect(last.updates).toBe(alone.updates);
    expect(last.parameters.map((p) => Array.from(p.W))).toEqual(alone.network.getParameters().map((p) => Array.from(p.W)));
    expect(last.scores?.testLoss).toBe(heldOutResults(alone)!.testLoss);
    expect(last.scores?.testAccuracy).toBe(heldOutResults(alone)!.testAccuracy);

    const loaded = of(events, 'loaded')[0].dataset;
    expect(loaded.heldOut?.count).toBe(30);
    expect(loaded.inputNames).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']);
    expect(loaded.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    const snapshot = of(events, 'snapshot').at(-1)!;
    expect(snapshot.testLoss).toBe(last.scores?.testLoss);
    expect(snapshot.testMetrics?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(snapshot.grid?.slice?.axes).toEqual([0, 1]);
  });

  it('a reopened run’s frames, replayed from its seed, carry the scores the engine gave its checkpoints', async () => {
    const events = await sessionRun(setupOf('iris-4-8-3'));
    const checkpoints = of(events, 'progress').flatMap((p) => p.checkpoints ?? []);
    const last = checkpoints.at(-1)!;
    const replayed = await replayFrames(setupOf('iris-4-8-3'), { epoch: last.epoch, updates: last.updates, parameters: last.parameters });
    expect(replayed).not.toBeNull();
    expect(replayed!.map((f) => [f.updates, f.scores])).toEqual(checkpoints.map((c) => [c.updates, c.scores]));
  });

  it('a task without a split is not scored at checkpoints (its runs cost what they did): addition, the XOR net, the spiral', async () => {
    const { trainer, dataset } = trained({ ...setupOf('addition-2-16-16-1'), training: { ...setupOf('addition-2-16-16-1').training, epochs: 1 } });
    expect(runScores(trainer.network, dataset)).toBeUndefined();
    expect(buildFrame(trainer.network, dataset, 4).testLoss).toBeUndefined();
    for (const id of ['xor-2-4-1', 'spiral-3-softmax']) {
      const prepared = prepareTraining(setupOf(id));
      if (!prepared.ok) throw new Error(id);
      expect(runScores(prepared.trainer.network, prepared.dataset)).toBeUndefined();
    }
    const events = await sessionRun(setupOf('xor-2-4-1'));
    expect(of(events, 'progress').flatMap((p) => p.checkpoints ?? []).some((c) => c.scores !== undefined)).toBe(false);
  });
});

describe('the slice as an engine option', () => {
  it('a paused run shows a new slice at once; a slice that does not fit is not used', () => {
    const events: EngineEvent[] = [];
    const session = new EngineSession((e) => events.push(e));
    try {
      session.handle({ type: 'load', setup: setupOf('iris-4-8-3') });
      session.handle({ type: 'step', updates: 200 });
      const before = of(events, 'snapshot').length;
      session.handle({ type: 'configure', options: { slice: { axes: [2, 3], values: [0.5, -0.5, 0, 0] } } });
      const shown = of(events, 'snapshot');
      expect(shown.length).toBe(before + 1);
      expect(shown.at(-1)?.grid?.slice).toEqual({ axes: [2, 3], values: [0.5, -0.5, 0, 0] });
      const prepared = prepareTraining(setupOf('iris-4-8-3'));
      if (!prepared.ok) throw new Error('Iris does not compile');
      const net = forwardNetwork(prepared.plan, shown.at(-1)!.parameters);
      const grid = shown.at(-1)!.grid!;
      const r = grid.resolution;
      const row = Float64Array.of(0.5, -0.5, grid.domain.x[0] + (0.5 / r) * (grid.domain.x[1] - grid.domain.x[0]), grid.domain.y[0] + (0.5 / r) * (grid.domain.y[1] - grid.domain.y[0]));
      expect(grid.outputs[0]).toBe(net.predict(row, 1)[0]);
      // Malformed slices are refused at the door; ones that do not fit fall back to the default.
      session.handle({ type: 'configure', options: { slice: { axes: [0, 0], values: [0, 0, 0, 0] } } });
      expect(of(events, 'snapshot').at(-1)?.grid?.slice?.axes).toEqual([0, 1]);
      session.handle({ type: 'configure', options: { slice: { axes: ['a', 1], values: [] } as never } });
      expect(of(events, 'error')).toEqual([]);
      expect(of(events, 'snapshot').at(-1)?.grid?.slice?.axes).toEqual([0, 1]);
    } finally {
      session.dispose();
    }
  });
});
