/**
 * Points drawn on the plane: what an edit does to the task (rows of the table's columns, three
 * decimals, a limit), which edits make the run start over by itself, and the training store doing
 * so against a real engine session — the run on the new points replaces the one before instead of
 * piling up among the document's runs, a stroke is one undo step, and the points survive a save.
 * Also the score series the loss plot draws (test loss and accuracy at checkpoints, in order).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDrawing, MAX_DRAWN_POINTS, taskInputNames } from '../../src-shared/datasets';
import { EngineSession } from '../../src-shared/engine/session';
import { parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import { getPreset } from '../../src-shared/presets';
import { tableSetup } from '../../src-shared/presets/table-setup';
import type { ExperimentSetup } from '../../src-shared/setup';
import { useDesignStore } from '../../src-renderer/store/design';
import { toExperiment, useDocumentStore } from '../../src-renderer/store/document';
import { isDataEdit } from '../../src-renderer/store/live-data';
import { mergeSeries, scorePoints } from '../../src-renderer/store/series';
import { RETRAIN_DELAY_MS, useTrainingStore } from '../../src-renderer/store/training';
import { historyCsv } from '../../src-renderer/training/csv';
import { addClass, addPoints, clearPoints, erasePoints, switchTarget } from '../../src-renderer/viz/drawing';
import { drawableTask, taskPoints, type DrawableTask } from '../../src-renderer/viz/plane';
import { open, trained, waitFor as until } from './training-harness';

const drawing = (): DrawableTask => ({ dataset: 'drawn', ...emptyDrawing() });

describe('drawing edits', () => {
  it('adds rows of the table’s columns at three decimals, erases those picked, clears, and stops at the limit', () => {
    const a = addPoints(drawing(), [{ x: 0.12345, y: -0.98765 }], '1');
    expect(a.rows).toEqual([[0.123, -0.988, '1']]);
    const b = addPoints(a, [{ x: -0.5, y: 0.5 }], '0');
    expect(b.rows).toHaveLength(2);
    // The card is the same object: only the rows changed.
    expect(b.columns).toBe(a.columns);
    expect(erasePoints(b, (x) => x < 0).rows).toEqual([[0.123, -0.988, '1']]);
    expect(erasePoints(b, () => false)).toBe(b);
    expect(clearPoints(b).rows).toEqual([]);
    const full = { ...b, rows: Array.from({ length: MAX_DRAWN_POINTS }, () => [0, 0, '0']) };
    expect(addPoints(full, [{ x: 1, y: 1 }], '1')).toBe(full);
    // Points on the plane: the rows as they are (a drawing is unscaled), classes by index.
    expect(taskPoints(b)).toEqual([
      { x: 0.123, y: -0.988, cls: 1, test: false },
      { x: -0.5, y: 0.5, cls: 0, test: false },
    ]);
  });

  it('a drawing of its own takes classes up to five and switches between classes and a number, keeping its points', () => {
    let task = addPoints(addPoints(drawing(), [{ x: 0, y: 0 }], '0'), [{ x: 1, y: 1 }], '1');
    for (let i = 0; i < 5; i++) task = addClass(task);
    expect(task.columns[2].categories).toEqual(['0', '1', '2', '3', '4']);
    const numbers = switchTarget(task, 'value');
    expect(numbers.columns[2]).toEqual({ name: 'value', role: 'target', type: 'numeric', scaler: 'none' });
    expect(numbers.rows.map((r) => r[2])).toEqual([0, 0.25]);
    expect(switchTarget(numbers, 'classes').rows.map((r) => r[2])).toEqual(['0', '0']);
    expect(taskInputNames(numbers)).toEqual(['x', 'y']);
  });

  it('an imported table of two numeric inputs is drawn on as it is; others are not drawable', () => {
    const table = tableSetup({ name: 't', columns: [{ name: 'a', role: 'input', type: 'numeric', scaler: 'zscore' }, { name: 'b', role: 'input', type: 'numeric', scaler: 'zscore' }, { name: 'k', role: 'target', type: 'categorical', categories: ['no', 'yes'] }], rows: [[10, 200, 'no'], [20, 100, 'yes']] }).task;
    const drawable = drawableTask(table);
    expect(drawable).not.toBeNull();
    // In the table's own units, its own categories.
    expect(addPoints(drawable!, [{ x: 15, y: 150.5 }], 'yes').rows.at(-1)).toEqual([15, 150.5, 'yes']);
    expect(drawableTask(getPreset('iris-4-8-3')!.setup.task)).toBeNull();
    expect(drawableTask({ dataset: 'xor' })).toBeNull();
  });
});

describe('which edits start the run over by themselves', () => {
  const base = getPreset('draw-your-own')!.setup;
  const withTask = (setup: ExperimentSetup, task: DrawableTask): ExperimentSetup => ({ ...setup, task });
  const task = base.task as DrawableTask;

  it('points drawn, erased or cleared, and a drawing’s own card; nothing else', () => {
    expect(isDataEdit(base, withTask(base, addPoints(task, [{ x: 0, y: 0 }], '0')))).toBe(true);
    expect(isDataEdit(base, withTask(base, clearPoints(task)))).toBe(true);
    expect(isDataEdit(base, withTask(base, addClass(task)))).toBe(true);
    expect(isDataEdit(base, { ...base, training: { ...base.training, epochs: 10 } })).toBe(false);
    expect(isDataEdit(base, { ...base, task: { dataset: 'xor' } })).toBe(false);
    const xor = getPreset('xor-2-4-1')!.setup;
    expect(isDataEdit(xor, { ...xor, task: { dataset: 'circle', samples: 50, noise: 0, seed: 1 } })).toBe(false);
    // An imported table: its rows only, not its card (roles, scalers) or its split.
    const table = tableSetup({ name: 't', columns: [{ name: 'a', role: 'input', type: 'numeric' }, { name: 'b', role: 'input', type: 'numeric' }, { name: 'k', role: 'target', type: 'categorical', categories: ['no', 'yes'] }], rows: [[1, 2, 'no'], [2, 1, 'yes']] });
    const t = table.task as DrawableTask;
    expect(isDataEdit(table, { ...table, task: addPoints(t, [{ x: 0, y: 0 }], 'no') })).toBe(true);
    expect(isDataEdit(table, { ...table, task: { ...t, split: { testPercent: 50, seed: 1 } } })).toBe(false);
  });
});

describe('the score series', () => {
  it('checkpoints and snapshots give points at updates ÷ updates per epoch, merged in order whatever order they come in', () => {
    const scores = (updates: number, testLoss: number) => ({ epoch: Math.floor(updates / 8), updates, parameters: [], scores: { accuracy: 0.5, testLoss, testAccuracy: 0.4 } });
    const late = scorePoints([scores(16, 0.2), scores(20, 0.1)], null, 8);
    expect(late.testLoss).toEqual([
      { epoch: 2, loss: 0.2 },
      { epoch: 2.5, loss: 0.1 },
    ]);
    const early = scorePoints([scores(8, 0.3)], null, 8);
    const merged = mergeSeries(late.testLoss, early.testLoss);
    expect(merged.map((p) => p.epoch)).toEqual([1, 2, 2.5]);
    // A later point at the same epoch replaces the earlier one.
    expect(mergeSeries(merged, [{ epoch: 2, loss: 0.25 }]).map((p) => p.loss)).toEqual([0.3, 0.25, 0.1]);
    // The CSV has a row for each, the training loss empty where an epoch has none.
    expect(historyCsv([{ epoch: 1, loss: 0.5 }], merged)).toBe('epoch,loss,test_loss\n1,0.5,0.3\n2,,0.2\n2.5,,0.1\n');
  });
});

describe('the training store with a drawing', () => {
  let disconnect: () => void = () => {};
  let session: EngineSession | null = null;
  const sent: EngineCommand[] = [];

  beforeEach(() => {
    const listeners = new Set<(e: EngineEvent) => void>();
    session = new EngineSession((e) => listeners.forEach((l) => l(structuredClone(e))));
    disconnect = useTrainingStore.getState().connect({
      post: (command) => {
        sent.push(command);
        session?.handle(structuredClone(command));
      },
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    });
    useTrainingStore.getState().setPace('full');
  });
  afterEach(() => {
    disconnect();
    session?.dispose();
    sent.length = 0;
  });

  const current = (): DrawableTask => useDocumentStore.getState().setup.task as DrawableTask;

  it('starts the run over on the new points after each stroke, replaces it (no pile of runs), and a stroke is one undo step', async () => {
    open('draw-your-own');
    useTrainingStore.getState().train();
    await until(trained);
    expect(useTrainingStore.getState().dataset?.count).toBe(12);

    // A brush stroke: three points, one undo step, one run on all of them.
    const loadsBefore = sent.filter((c) => c.type === 'load').length;
    useDesignStore.getState().beginGesture();
    for (const x of [0, 0.2, 0.4]) useDesignStore.getState().setTask(addPoints(current(), [{ x, y: 0.9 }], '1'));
    expect(useTrainingStore.getState().stale).toBe(false);
    expect(useTrainingStore.getState().retraining).toBe(true);
    // Still drawing: nothing starts over mid-stroke.
    await new Promise((r) => setTimeout(r, RETRAIN_DELAY_MS * 2));
    expect(sent.filter((c) => c.type === 'load').length).toBe(loadsBefore);
    useDesignStore.getState().endGesture();
    const s = await until((st) => st.dataset?.count === 15 && trained(st));
    expect(s.retraining).toBe(false);
    expect(sent.filter((c) => c.type === 'load').length).toBe(loadsBefore + 1);
    // The run on the twelve points is gone, not kept with the document's runs.
    expect(useDocumentStore.getState().runs).toHaveLength(0);
    expect(useDocumentStore.getState().run?.updates).toBe(s.progress?.updates);

    useDesignStore.getState().undo();
    expect(current().rows).toHaveLength(12);
    await until((st) => st.dataset?.count === 12 && trained(st));

    // Saved and read back: the same points, and the run trained on them.
    const text = serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()));
    const parsed = parseExperiment(text);
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    expect(parsed.experiment.setup.task).toEqual(current());
    expect(parsed.experiment.runs).toHaveLength(1);
    expect(parsed.experiment.runs[0].epoch).toBe(500);
  });

  it('a paused run is loaded on the new points but not trained; every point erased leaves an empty plane and nothing to train', async () => {
    open('draw-your-own');
    useTrainingStore.getState().step(5);
    await until((st) => st.engineState === 'paused');
    useDesignStore.getState().setTask(addPoints(current(), [{ x: 0, y: 0 }], '0'));
    const s = await until((st) => st.dataset?.count === 13 && !st.retraining && st.progress !== null);
    expect(s.engineState).toBe('ready');
    expect(s.progress?.updates).toBe(0);

    useDesignStore.getState().setTask(clearPoints(current()));
    await until((st) => st.dataset === null && !st.retraining);
    expect(useDesignStore.getState().problems.map((p) => p.message)).toContain('Drawn points has no examples to train on');
  });
});
