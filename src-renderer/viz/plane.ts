/**
 * The input plane as a plot shows it: which two inputs are on the axes, in whose units (a
 * table's own, its scaled inputs scaled back; the network's for the built-in sets), and the
 * points on it — training points filled, a split's test points hollow.
 */
import { isDrawable, type TableParams } from '../../src-shared/datasets';
import { splitRows } from '../../src-shared/datasets/table';
import type { Domain } from '../../src-shared/engine/grid';
import { classOf } from '../../src-shared/engine/metrics';
import type { DatasetInfo } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';

/** Shown value = network value × scale + shift (a table's scaler undone). */
export interface AxisScale {
  shift: number;
  scale: number;
}

const IDENTITY: AxisScale = { shift: 0, scale: 1 };

export interface PlaneGeometry {
  /** The plane in the units its axes show. */
  domain: Domain;
  /** How a shown coordinate relates to the network's, per axis. */
  scales: [AxisScale, AxisScale];
  labels: [string, string];
}

export interface ShownPoint {
  x: number;
  y: number;
  /** Its class, or for a number to learn its value in [0, 1] along the colour scale (`value`). */
  cls: number;
  value?: number;
  /** A held-out (test) row: drawn hollow. */
  test: boolean;
}

export const toShown = (v: number, s: AxisScale): number => v * s.scale + s.shift;
export const toNetwork = (v: number, s: AxisScale): number => (v - s.shift) / s.scale;

/** Subscript digits for the built-in sets' x₁, x₂ (the post's names). */
const SUB = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n: number): string => String(n).replace(/\d/g, (d) => SUB[Number(d)]);

/** An input's name: a table's column, else x₁, x₂, …. */
export function inputName(dataset: Pick<DatasetInfo, 'inputNames'> | null, j: number): string {
  return dataset?.inputNames?.[j] ?? `x${subscript(j + 1)}`;
}

export function axisScale(dataset: Pick<DatasetInfo, 'inputScales'> | null, j: number): AxisScale {
  return dataset?.inputScales?.[j] ?? IDENTITY;
}

/** The plane a grid spans, on inputs `axes`, in the units of the dataset's table (or its own). */
export function gridPlane(dataset: DatasetInfo, domain: Domain, axes: [number, number]): PlaneGeometry {
  const scales: [AxisScale, AxisScale] = [axisScale(dataset, axes[0]), axisScale(dataset, axes[1])];
  return {
    domain: { x: [toShown(domain.x[0], scales[0]), toShown(domain.x[1], scales[0])], y: [toShown(domain.y[0], scales[1]), toShown(domain.y[1], scales[1])] },
    scales,
    labels: [inputName(dataset, axes[0]), inputName(dataset, axes[1])],
  };
}

/** The engine's training points and held-out rows, on inputs `axes`, in the plane's units. */
export function datasetPoints(dataset: DatasetInfo, axes: [number, number], plane: PlaneGeometry): ShownPoint[] {
  const d = dataset.inputSize;
  const k = dataset.outputSize;
  const regression = dataset.kind === 'regression' && dataset.targetScale !== undefined;
  const [lo, hi] = regression ? range(dataset.targets) : [0, 1];
  const out: ShownPoint[] = [];
  const add = (inputs: Float64Array, targets: Float64Array, count: number, test: boolean): void => {
    for (let i = 0; i < count; i++) {
      const point: ShownPoint = { x: toShown(inputs[i * d + axes[0]], plane.scales[0]), y: toShown(inputs[i * d + axes[1]], plane.scales[1]), cls: classOf(targets, i, k), test };
      if (regression) point.value = hi > lo ? (targets[i] - lo) / (hi - lo) : 0.5;
      out.push(point);
    }
  };
  add(dataset.inputs, dataset.targets, dataset.count, false);
  if (dataset.heldOut) add(dataset.heldOut.inputs, dataset.heldOut.targets, dataset.heldOut.count, true);
  return out;
}

function range(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

/** A task whose points can be drawn: a drawing, or a table of two numeric inputs. */
export type DrawableTask = Extract<ExperimentSetup['task'], { dataset: 'drawn' | 'table' }>;

export function drawableTask(task: ExperimentSetup['task']): DrawableTask | null {
  return (task.dataset === 'drawn' || task.dataset === 'table') && isDrawable(task) ? task : null;
}

/** The columns a drawing reads: its x and y (the two inputs) and its target. */
export function drawingColumns(task: TableParams): { x: number; y: number; target: number } {
  const inputs = task.columns.flatMap((c, j) => (c.role === 'input' ? [j] : []));
  return { x: inputs[0], y: inputs[1], target: task.columns.findIndex((c) => c.role === 'target') };
}

/**
 * A drawing's points straight from its rows (in the table's units), so a point shows the moment
 * it is drawn; the split's test rows hollow. For a number to learn, the value along [lo, hi].
 */
export function taskPoints(task: DrawableTask): ShownPoint[] {
  const { x, y, target } = drawingColumns(task);
  const column = task.columns[target];
  const test = new Set(task.split ? splitRows(task).test : []);
  const categories = column?.categories ?? [];
  const [lo, hi] = column?.type === 'numeric' ? valueRange(task) : [0, 1];
  return task.rows.map((row, i) => {
    const t = row[target];
    const point: ShownPoint = { x: row[x] as number, y: row[y] as number, cls: typeof t === 'string' ? Math.max(0, categories.indexOf(t)) : 0, test: test.has(i) };
    if (typeof t === 'number') point.value = hi > lo ? (t - lo) / (hi - lo) : t;
    return point;
  });
}

/** The range a numeric target is coloured (and drawn) over: 0 to 1 for a drawing, a table's rows' own. */
export function valueRange(task: DrawableTask): [number, number] {
  if (task.dataset === 'drawn') return [0, 1];
  const { target } = drawingColumns(task);
  return range(task.rows.map((r) => r[target]).filter((v): v is number => typeof v === 'number'));
}

/** The plane a drawing is shown on before it has a grid: its fixed plane, or a table's rows with a margin. */
export function taskPlane(task: DrawableTask, fixed: Domain | null): PlaneGeometry {
  const { x, y } = drawingColumns(task);
  const pad = (values: number[]): [number, number] => {
    const [lo, hi] = values.length > 0 ? range(values) : [-1, 1];
    const m = (hi - lo) * 0.15 || 0.5;
    return [lo - m, hi + m];
  };
  const domain = fixed ?? { x: pad(task.rows.map((r) => r[x] as number)), y: pad(task.rows.map((r) => r[y] as number)) };
  return { domain: { x: [...domain.x], y: [...domain.y] }, scales: [IDENTITY, IDENTITY], labels: [task.columns[x].name, task.columns[y].name] };
}
