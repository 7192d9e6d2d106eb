/**
 * A table's rows as the network sees them: the split into training and test rows, each numeric
 * column scaled as its card says (fitted on the training rows only, so the test rows tell the
 * truth), each categorical input one-hot, a categorical target as classes.
 */
import { RandomState } from '../../rng/random-state';
import { defaultOutputs, encodeTargets } from '../common';
import type { Dataset } from '../types';
import { inputColumns, inputNames, targetColumn, type Cell, type TableColumn, type TableParams } from './card';

/** `x' = (x − shift) / scale`, as the engine and the exports apply it. */
export interface FittedScaler {
  shift: number;
  scale: number;
}

/**
 * Which rows train and which test. Classification: for each class in its card's order, that
 * class's rows (in row order) are shuffled by one permutation of the split's RandomState and the
 * first round(share × count) go to the test set; regression: all rows as one group. Both lists
 * come back in row order.
 */
export function splitRows(p: TableParams): { train: number[]; test: number[] } {
  const all = p.rows.map((_, i) => i);
  if (!p.split || p.split.testPercent <= 0) return { train: all, test: [] };
  const target = targetColumn(p);
  const column = target ? p.columns.indexOf(target) : -1;
  const groups: number[][] =
    target?.type === 'categorical' ? (target.categories ?? []).map((k) => all.filter((i) => p.rows[i][column] === k)) : [all];
  const rs = new RandomState(p.split.seed);
  const test = new Set<number>();
  for (const group of groups) {
    const order = rs.permutation(group.length);
    const take = Math.round((group.length * p.split.testPercent) / 100);
    for (let k = 0; k < take; k++) test.add(group[order[k]]);
  }
  return { train: all.filter((i) => !test.has(i)), test: all.filter((i) => test.has(i)) };
}

/** The scaler of a numeric column, fitted on `rows`: z-score uses the mean and the population standard deviation. */
export function fitScaler(column: TableColumn, values: readonly number[]): FittedScaler {
  const kind = column.scaler ?? 'zscore';
  if (kind === 'none' || values.length === 0) return { shift: 0, scale: 1 };
  if (kind === 'minmax') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    // A constant column scales to 0, not to a division by zero.
    return { shift: lo, scale: hi > lo ? hi - lo : 1 };
  }
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  const std = Math.sqrt(squares / values.length);
  return { shift: mean, scale: std > 0 ? std : 1 };
}

/** Every scaled column's scaler by column index (numeric inputs, and a numeric target), fitted on the training rows. */
export function fitScalers(p: TableParams, train: readonly number[]): Map<number, FittedScaler> {
  const fitted = new Map<number, FittedScaler>();
  p.columns.forEach((c, j) => {
    if (c.role === 'ignore' || c.type !== 'numeric') return;
    fitted.set(j, fitScaler(c, train.map((i) => p.rows[i][j] as number)));
  });
  return fitted;
}

/**
 * What each of the network's inputs reads in the table's units (`x × scale + shift`: a numeric
 * column's fitted scaler, a one-hot column {0, 1}), and a numeric target's scaler: the one
 * account of them, which the dataset and the ONNX export share.
 */
export function tableScales(p: TableParams, scalers: Map<number, FittedScaler> = fitScalers(p, splitRows(p).train)): { inputScales: FittedScaler[]; targetScale?: FittedScaler } {
  const target = targetColumn(p);
  const inputScales = inputColumns(p).flatMap((c) => (c.type === 'numeric' ? [scalers.get(p.columns.indexOf(c)) as FittedScaler] : (c.categories ?? []).map(() => ({ shift: 0, scale: 1 }))));
  return target?.type === 'numeric' ? { inputScales, targetScale: scalers.get(p.columns.indexOf(target)) as FittedScaler } : { inputScales };
}

/** The rows `which` as network inputs and targets (and class labels for a categorical target). */
function encodeRows(p: TableParams, which: readonly number[], scalers: Map<number, FittedScaler>): { inputs: Float64Array; targets: Float64Array; labels?: Int32Array } {
  const inputs = inputColumns(p).map((c) => ({ c, j: p.columns.indexOf(c) }));
  const width = inputs.reduce((n, { c }) => n + (c.type === 'numeric' ? 1 : (c.categories ?? []).length), 0);
  const target = targetColumn(p);
  const t = target ? p.columns.indexOf(target) : -1;
  const x = new Float64Array(which.length * width);
  const y = new Float64Array(which.length);
  const labels = target?.type === 'categorical' ? new Int32Array(which.length) : undefined;
  which.forEach((row, r) => {
    const cells = p.rows[row];
    let k = r * width;
    for (const { c, j } of inputs) {
      if (c.type === 'numeric') {
        const s = scalers.get(j) as FittedScaler;
        x[k++] = ((cells[j] as number) - s.shift) / s.scale;
      } else {
        const categories = c.categories ?? [];
        x[k + categories.indexOf(cells[j] as string)] = 1;
        k += categories.length;
      }
    }
    if (labels) labels[r] = (target?.categories ?? []).indexOf(cells[t] as string);
    else if (target) {
      const s = scalers.get(t) as FittedScaler;
      y[r] = ((cells[t] as number) - s.shift) / s.scale;
    }
  });
  if (labels) y.set(labels);
  return { inputs: x, targets: y, labels };
}

/** The table as a dataset: its training rows, the test rows held out, its inputs' and classes' names. */
export function tableData(p: TableParams): Dataset {
  const { train, test } = splitRows(p);
  const scalers = fitScalers(p, train);
  const target = targetColumn(p);
  const names = inputNames(p);
  const classes = target?.type === 'categorical' ? (target.categories ?? []).length : undefined;
  const fitted = encodeRows(p, train, scalers);
  const held = encodeRows(p, test, scalers);
  const scales = tableScales(p, scalers);
  const base: Dataset = {
    name: p.name ?? 'Table',
    inputSize: names.length,
    outputSize: 1,
    count: train.length,
    inputs: fitted.inputs,
    targets: fitted.targets,
    kind: classes === undefined ? 'regression' : 'classification',
    ...(classes === undefined ? {} : { classes, labels: fitted.labels, classNames: target?.categories }),
    display: 'table',
    inputNames: names,
    inputScales: scales.inputScales,
    ...(names.length === 2 ? { domain: boundsOf(fitted.inputs) } : {}),
    ...(test.length > 0 ? { heldOut: { count: test.length, inputs: held.inputs, targets: held.targets, ...(held.labels ? { labels: held.labels } : {}) } } : {}),
    ...(scales.targetScale ? { targetScale: scales.targetScale } : {}),
  };
  return classes === undefined ? base : encodeTargets(base, defaultOutputs(classes));
}

function boundsOf(xy: Float64Array): { x: [number, number]; y: [number, number] } {
  const range = (offset: number): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = offset; i < xy.length; i += 2) {
      lo = Math.min(lo, xy[i]);
      hi = Math.max(hi, xy[i]);
    }
    if (!Number.isFinite(lo)) return [-1, 1];
    const m = (hi - lo) * 0.15 || 0.5;
    return [lo - m, hi + m];
  };
  return { x: range(0), y: range(1) };
}

export type { Cell };
