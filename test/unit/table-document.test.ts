/**
 * A large table in a document: its rows are printed once and its task's text kept per task, so
 * the recovery copy and the staleness check do not redo megabytes of work at every edit — and
 * what is written and compared is still exactly the table's content.
 */
import { describe, expect, it } from 'vitest';
import type { TableParams } from '../../src-shared/datasets/table';
import { createExperiment, parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { tableSetup } from '../../src-shared/presets/table-setup';
import { trainingKey } from '../../src-shared/setup-check';

function table(rows: number): TableParams {
  return {
    name: 'wide',
    columns: [
      { name: 'x', role: 'input', type: 'numeric', scaler: 'zscore' },
      { name: 'y', role: 'input', type: 'numeric', scaler: 'minmax' },
      { name: 'label', role: 'target', type: 'categorical', categories: ['a', 'b'] },
    ],
    rows: Array.from({ length: rows }, (_, i) => [i / 8, (i * 7) % 13, i % 2 ? 'b' : 'a']),
    split: { testPercent: 20, seed: 42 },
  };
}

describe('a table of many rows in a document', () => {
  it('is written the same every time, and as its rows are now', () => {
    const setup = tableSetup(table(5000));
    const text = serializeExperiment(createExperiment(setup));
    const again = serializeExperiment({ ...createExperiment(setup), setup });
    expect(again).toBe(text);
    const read = parseExperiment(text);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.experiment.setup.task).toEqual(setup.task);
    expect(serializeExperiment(read.experiment)).toBe(text);

    // An edit makes new rows: the new ones are written, not what was printed for the old.
    const task = setup.task as TableParams & { dataset: 'table' };
    const rows = task.rows.map((r, i) => (i === 4321 ? [12345.678, r[1], r[2]] : r));
    const edited = serializeExperiment({ ...createExperiment(setup), setup: { ...setup, task: { ...task, rows } } });
    expect(edited).not.toBe(text);
    expect(edited).toContain('[12345.678, ');
    expect(edited.replace('[12345.678, ', `[${4321 / 8}, `)).toBe(text);
  });

  it('gives the same training key for the same content, and another for any change', () => {
    const a = tableSetup(table(3000));
    const b = tableSetup(table(3000));
    expect(trainingKey(a)).toBe(trainingKey(b));
    const task = a.task as TableParams & { dataset: 'table' };
    const scaled = { ...a, task: { ...task, columns: task.columns.map((c) => (c.name === 'x' ? { ...c, scaler: 'none' as const } : c)) } };
    expect(trainingKey(scaled)).not.toBe(trainingKey(a));
    const moved = { ...a, design: { ...a.design, nodes: a.design.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y } })) } };
    expect(trainingKey(moved)).toBe(trainingKey(a));
    const faster = { ...a, training: { ...a.training, learningRate: 0.02 } };
    expect(trainingKey(faster)).not.toBe(trainingKey(a));
  });
});
