/**
 * Points a person draws on the plane (Draw your own): a table of two numeric columns, x and y,
 * and a target — a categorical `class` (2 to 5 classes) or a numeric `value` (regression). It is
 * a table in every respect (its card, its rows inline in the file, its split, its Python) except
 * that it may start empty and its plane is fixed, so the plot does not move while points are
 * added. Drawing on an imported two-input table edits that table the same way.
 */
import { defineDataset, type DatasetProblem } from './types';
import { MAX_CLASSES, MIN_CLASSES } from './common';
import { table, tableData, tableProblems, type Cell, type TableColumn, type TableParams } from './table';

/** The plane a drawing is made on, as the built-in 2-D sets' (their points lie within ±1). */
export const DRAW_DOMAIN = { x: [-1.25, 1.25] as [number, number], y: [-1.25, 1.25] as [number, number] };
/** Most points one drawing holds: plenty for a boundary, and a plot that stays quick to redraw. */
export const MAX_DRAWN_POINTS = 5000;
/** Coordinates are kept to 3 decimals: a thousandth of the plane is finer than a pixel, and the file stays short. */
export const DRAW_DECIMALS = 3;

const axis = (name: string): TableColumn => ({ name, role: 'input', type: 'numeric', scaler: 'none' });

/** An empty drawing: x, y and a class of two (`classes` names), or a numeric value to learn. */
export function emptyDrawing(target: 'classes' | 'value' = 'classes', classes = 2): TableParams {
  const k = Math.max(MIN_CLASSES, Math.min(MAX_CLASSES, classes));
  const column: TableColumn =
    target === 'classes'
      ? { name: 'class', role: 'target', type: 'categorical', categories: Array.from({ length: k }, (_, c) => String(c)) }
      : { name: 'value', role: 'target', type: 'numeric', scaler: 'none' };
  return { name: 'Drawn points', columns: [axis('x'), axis('y'), column], rows: [] };
}

/** Whether a table can be drawn on: exactly two numeric inputs (its x and y), and a target. */
export function isDrawable(p: TableParams): boolean {
  const inputs = p.columns.filter((c) => c.role === 'input');
  return inputs.length === 2 && inputs.every((c) => c.type === 'numeric') && p.columns.some((c) => c.role === 'target');
}

/** A point at (x, y) of class `target` (its category) or value `target`, as a row of the table's columns (others empty cells kept as the first row's). */
export function drawnRow(p: TableParams, x: number, y: number, target: Cell): Cell[] {
  const round = (v: number): number => Number(v.toFixed(DRAW_DECIMALS));
  const inputs = p.columns.map((c, j) => (c.role === 'input' ? j : -1)).filter((j) => j >= 0);
  return p.columns.map((c, j) => {
    if (j === inputs[0]) return round(x);
    if (j === inputs[1]) return round(y);
    if (c.role === 'target') return typeof target === 'number' ? round(target) : target;
    // An ignored column: the first row's cell, so the row is whole.
    return p.rows[0]?.[j] ?? (c.type === 'numeric' ? 0 : (c.categories?.[0] ?? ''));
  });
}

function drawingProblems(p: TableParams): DatasetProblem[] {
  if (isDrawable(p)) return [];
  return [{ path: ['columns'], message: 'expected a drawing’s columns: two numeric inputs (x and y) and a target' }];
}

export const drawn = defineDataset<'drawn', TableParams>({
  id: 'drawn',
  label: 'Drawn points',
  menuLabel: 'Draw your own (2-D)',
  fields: { ...table.fields, rows: { type: 'cells', label: 'rows', empty: true } },
  defaults: emptyDrawing(),
  // A drawing starts empty: nothing of another set carries over.
  carries: [],
  plane: true,
  check: (p) => [...tableProblems(p), ...drawingProblems(p)],
  name: (p) => p.name ?? 'Drawn points',
  samples: (p) => table.samples(p),
  shape: (p) => table.shape(p),
  inputNames: (p) => table.inputNames?.(p) ?? [],
  build: (p) => ({ ...tableData(p), domain: { x: [...DRAW_DOMAIN.x], y: [...DRAW_DOMAIN.y] } }),
  python: (p, outputs) => table.python(p, outputs),
  describe: (p) => (p.rows.length === 0 ? '(no points drawn yet: 0 rows)' : table.describe(p).replace(/rows/, 'points drawn')),
});
