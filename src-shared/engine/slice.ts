/**
 * A 2-D slice through the inputs of a task with more than two: two inputs on the plot's axes,
 * every other held at one value (the training rows' mean until the user moves it). The decision
 * boundary and the hidden units' maps of such a task are drawn over a slice, and say which.
 */
import type { Dataset } from '../datasets';

/** A rectangle of the input plane: the x and y ranges a grid spans. */
export interface Domain {
  x: [number, number];
  y: [number, number];
}

export interface PlaneSlice {
  /** The inputs on the x and y axes (indices into a row). */
  axes: [number, number];
  /** One value per input, in the network's units; the two on the axes are not used. */
  values: number[];
}

/** A slice with the plane it spans: each axis input's range over the rows, with a margin. */
export interface ResolvedSlice extends PlaneSlice {
  domain: Domain;
}

/** Per input: the training rows' mean, and the smallest and largest value of every row (test rows too). */
export interface InputStats {
  mean: number[];
  min: number[];
  max: number[];
}

type Rows = Pick<Dataset, 'inputSize' | 'count' | 'inputs' | 'heldOut'>;

export function inputStats(data: Rows): InputStats {
  const d = data.inputSize;
  const sum = new Array<number>(d).fill(0);
  const min = new Array<number>(d).fill(Infinity);
  const max = new Array<number>(d).fill(-Infinity);
  const scan = (inputs: Float64Array, count: number, into: number[] | null): void => {
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < d; j++) {
        const v = inputs[i * d + j];
        if (into) into[j] += v;
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
    }
  };
  scan(data.inputs, data.count, sum);
  if (data.heldOut) scan(data.heldOut.inputs, data.heldOut.count, null);
  const mean = sum.map((s) => (data.count > 0 ? s / data.count : 0));
  return {
    mean,
    min: min.map((v, j) => (Number.isFinite(v) ? v : mean[j])),
    max: max.map((v, j) => (Number.isFinite(v) ? v : mean[j])),
  };
}

/** An input's range on an axis: its rows' range and 15 % on each side (half a unit when it is constant), as a table's plane. */
export function axisRange(stats: InputStats, input: number): [number, number] {
  const lo = stats.min[input];
  const hi = stats.max[input];
  const margin = (hi - lo) * 0.15 || 0.5;
  return [lo - margin, hi + margin];
}

/** The first two inputs on the axes, the others at their means. */
export function defaultSlice(stats: InputStats): PlaneSlice {
  return { axes: [0, 1], values: stats.mean.slice() };
}

/** Whether a slice fits rows of `inputSize` inputs: a value each, two different inputs on the axes. */
export function sliceFits(slice: PlaneSlice, inputSize: number): boolean {
  const [x, y] = slice.axes;
  const inRange = (a: number): boolean => Number.isInteger(a) && a >= 0 && a < inputSize;
  return slice.values.length === inputSize && inRange(x) && inRange(y) && x !== y && slice.values.every(Number.isFinite);
}

/**
 * The slice a grid of this data is drawn over: `chosen` when it fits, else the default. None for
 * a task of two inputs (its plane is the whole input space) or of one.
 */
export function resolveSlice(data: Rows, stats: InputStats, chosen?: PlaneSlice | null): ResolvedSlice | undefined {
  if (data.inputSize <= 2) return undefined;
  const slice = chosen && sliceFits(chosen, data.inputSize) ? chosen : defaultSlice(stats);
  const [x, y] = slice.axes;
  return { axes: [x, y], values: slice.values.slice(), domain: { x: axisRange(stats, x), y: axisRange(stats, y) } };
}
