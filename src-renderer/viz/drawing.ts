/**
 * Edits to a drawing's points, as new tasks (the design store makes each one an undo step):
 * add points of a class or a value, erase those near the pointer, clear them all; for a drawing
 * of its own, add a class or learn a number instead. Tasks are immutable: an edit keeps the
 * card's objects it does not change, so the training store can tell a change of points from
 * one of the card (store/live-data.ts).
 */
import { drawnRow, emptyDrawing, MAX_CLASSES, MAX_DRAWN_POINTS, type TableColumn } from '../../src-shared/datasets';
import type { Cell } from '../../src-shared/datasets/table';
import { drawingColumns, type DrawableTask } from './plane';

/** The task with points added at (x, y) in the table's units, as many as fit under MAX_DRAWN_POINTS; the same task when none do. */
export function addPoints(task: DrawableTask, points: readonly { x: number; y: number }[], target: Cell): DrawableTask {
  const room = MAX_DRAWN_POINTS - task.rows.length;
  if (room <= 0 || points.length === 0) return task;
  const rows = points.slice(0, room).map((p) => drawnRow(task, p.x, p.y, target));
  return { ...task, rows: [...task.rows, ...rows] };
}

/** The task without the rows `near` picks; the same task when it picks none. */
export function erasePoints(task: DrawableTask, near: (x: number, y: number) => boolean): DrawableTask {
  const { x, y } = drawingColumns(task);
  const rows = task.rows.filter((r) => !near(r[x] as number, r[y] as number));
  return rows.length === task.rows.length ? task : { ...task, rows };
}

export function clearPoints(task: DrawableTask): DrawableTask {
  return task.rows.length === 0 ? task : { ...task, rows: [] };
}

/** What a drawing's target is: classes (and their names) or a number, with its range. */
export type DrawTarget = { kind: 'classes'; classes: string[] } | { kind: 'value' };

export function drawTarget(task: DrawableTask): DrawTarget {
  const column = task.columns[drawingColumns(task).target];
  return column?.type === 'categorical' ? { kind: 'classes', classes: column.categories ?? [] } : { kind: 'value' };
}

/** One class more (a drawing of its own, up to MAX_CLASSES): named by its number, as the others. */
export function addClass(task: DrawableTask): DrawableTask {
  const { target } = drawingColumns(task);
  const column = task.columns[target];
  if (task.dataset !== 'drawn' || column.type !== 'categorical') return task;
  const categories = column.categories ?? [];
  if (categories.length >= MAX_CLASSES) return task;
  let n = categories.length;
  while (categories.includes(String(n))) n++;
  const columns = task.columns.map((c, j): TableColumn => (j === target ? { ...c, categories: [...categories, String(n)] } : c));
  return { ...task, columns };
}

/**
 * A drawing of its own switched between classes and a number, its points kept: classes become
 * values spread over [0, 1] (class c of k: c ÷ (k − 1)), values become two classes (at 0.5).
 */
export function switchTarget(task: DrawableTask, kind: DrawTarget['kind']): DrawableTask {
  if (task.dataset !== 'drawn' || drawTarget(task).kind === kind) return task;
  const { target } = drawingColumns(task);
  const before = task.columns[target];
  const fresh = emptyDrawing(kind === 'classes' ? 'classes' : 'value');
  const column = fresh.columns[2];
  const columns = task.columns.map((c, j) => (j === target ? column : c));
  const k = before.categories?.length ?? 2;
  const rows = task.rows.map((r) =>
    r.map((v, j): Cell => {
      if (j !== target) return v;
      if (kind === 'value') return Number((Math.max(0, (before.categories ?? []).indexOf(v as string)) / Math.max(1, k - 1)).toFixed(3));
      return (v as number) >= 0.5 ? '1' : '0';
    }),
  );
  return { ...task, columns, rows };
}
