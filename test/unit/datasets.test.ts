/**
 * The dataset registry: every descriptor is complete — the file schema takes its defaults, its
 * data has the size and shape it claims, the Task panel can pick it, the command line describes
 * it, and its Python builds the same numbers in NumPy. A new set that leaves something out fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset, DATASETS, describeTask, taskShape, type TaskSpec } from '../../src-shared/datasets';
import { TaskSchema } from '../../src-shared/experiment/schema';
import { taskFor } from '../../src-renderer/training/TaskSettings';
import { numpyPython, runScripts, type ScriptRun } from '../python';

const tasks = DATASETS.map((d) => ({ id: d.id as string, task: { ...d.defaults, dataset: d.id } as TaskSpec }));

let runs: Map<string, ScriptRun>;
beforeAll(async () => {
  const python = numpyPython();
  runs = await runScripts(
    python.command,
    tasks.map(({ id, task }) => ({
      name: `dataset-${id}`,
      source: ['import numpy as np', ...DATASETS.find((d) => d.id === id)!.python(task as never, taskShape(task).outputs), ''].join('\n'),
      read: ['X', 'y'],
    })),
  );
}, 600_000);

describe.each(tasks)('the $id descriptor', ({ id, task }) => {
  const kind = DATASETS.find((d) => d.id === id)!;

  it('its defaults are a valid task in a file, and every field it declares is in the file schema', () => {
    const parsed = TaskSchema.safeParse(task);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(Object.keys(kind.defaults).every((k) => k in kind.fields)).toBe(true);
  });

  it('its data has the size, widths and classes it says without building', () => {
    const data = buildDataset(task);
    const shape = taskShape(task);
    expect(data.count).toBe(kind.samples(task as never));
    expect([data.inputSize, data.outputSize]).toEqual([shape.inputs, shape.outputs]);
    expect(data.inputs.length).toBe(data.count * data.inputSize);
    expect(data.targets.length).toBe(data.count * data.outputSize);
    if (shape.classes !== undefined) {
      expect(data.kind).toBe('classification');
      expect(data.classes).toBe(shape.classes);
      expect(data.labels?.length).toBe(data.count);
    }
    expect(kind.plane ? data.inputSize : 2).toBe(2);
    expect(kind.name(task as never).length).toBeGreaterThan(0);
  });

  it('the command line says how many samples it has', () => {
    expect(describeTask(task)).toContain(String(kind.samples(task as never)));
    expect(describeTask(task).startsWith(kind.name(task as never))).toBe(true);
  });

  it('its Python builds the same X and y in NumPy', () => {
    const run = runs.get(`dataset-${id}`)!;
    const data = buildDataset(task);
    const close = (a: number[], b: Float64Array): void => {
      expect(a.length).toBe(b.length);
      a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-12));
    };
    close(run.globals.X, data.inputs);
    close(run.globals.y, data.targets);
  });

  it.runIf(kind.menuLabel !== undefined)('the Task panel picks it from any other set and keeps a valid task', () => {
    for (const from of tasks) {
      const next = taskFor(id, from.task);
      expect(next.dataset).toBe(id);
      expect(TaskSchema.safeParse(next).success).toBe(true);
    }
  });
});
