/**
 * What a dataset kind is: one descriptor holds everything that differs between the sets a design
 * trains on — its settings (which give the file format, the JSON Schema and the Task panel's
 * fields), how it builds its data, the Python that builds the same data in the exports, how many
 * samples and classes it has, whether it lies on a 2-D plane, and how it is summarised. Everything
 * else loops over the registry (`datasets/index.ts`), as for layer kinds.
 */
import type { ParamField } from '../layers/types';

/** How predictions are shown: as the post prints them. */
export type DisplayStyle = 'logic' | 'addition' | 'points' | 'table';

export interface Dataset {
  name: string;
  inputSize: number;
  outputSize: number;
  count: number;
  /** count × inputSize, row-major. */
  inputs: Float64Array;
  /** count × outputSize, row-major. */
  targets: Float64Array;
  kind: 'classification' | 'regression';
  /** For classification: how many classes, and each sample's class (0 … classes − 1). */
  classes?: number;
  labels?: Int32Array;
  display: DisplayStyle;
  /** The input plane a 2-D task's decision boundary is drawn over. */
  domain?: { x: [number, number]; y: [number, number] };
  /** Held-out examples (the post's addition test pairs). */
  test?: { count: number; inputs: Float64Array; targets: Float64Array };
  /** The test rows a split holds out of training (a table's), targets shaped as the training ones. */
  heldOut?: { count: number; inputs: Float64Array; targets: Float64Array; labels?: Int32Array };
  /** The names of the inputs (a table's columns, one-hot ones as `colour=red`). */
  inputNames?: string[];
  /** Scaled inputs: input j reads `x × scale + shift` in the table's units. */
  inputScales?: { shift: number; scale: number }[];
  /** The classes' names, in label order (a table's categorical target). */
  classNames?: string[];
  /** A scaled numeric target: predictions read `output × scale + shift` in the table's units. */
  targetScale?: { shift: number; scale: number };
}

/**
 * One setting of a dataset as the file stores it: a number or choice (as a layer's settings,
 * with a hint for the Task panel and whether files may leave it out), a name, or rows of numbers.
 */
export type DatasetField =
  | (ParamField & { hint?: string; /** files may leave it out: the kind's default then holds */ optional?: boolean })
  | { type: 'text'; label: string; max: number; optional?: boolean }
  | { type: 'rows'; label: string; /** most rows, and most numbers in a row */ maxRows: number; maxWidth: number }
  /** A table's data card, its cells and its split (datasets/table). */
  | { type: 'columns'; label: string }
  | { type: 'cells'; label: string; /** it may hold no rows yet (a drawing not begun) */ empty?: boolean }
  | { type: 'split'; label: string };

/** Settings that do not hold together (a table's cells against its columns), at a path inside the task. */
export interface DatasetProblem {
  path: (string | number)[];
  message: string;
}

export type DatasetValue = number | string | number[][] | object;
export type DatasetParams = Record<string, DatasetValue | undefined>;

/** The shape a task gives the design's ends. */
export interface TaskShapeInfo {
  inputs: number;
  outputs: number;
  /** For classification by label: the number of classes (two classes may use one output or two). */
  classes?: number;
}

export interface DatasetKind<Id extends string = string, P extends object = DatasetParams> {
  /** The file format's `dataset`. */
  readonly id: Id;
  /** Its name in summaries and plots ("XOR", "Spiral"). */
  readonly label: string;
  /** Its entry in the Task panel's list ("Spiral (2-D, 2–5 classes)"); none: not offered there (data from a file). */
  readonly menuLabel?: string;
  readonly fields: { readonly [K in keyof P]-?: DatasetField };
  /** A task of this kind as the Task panel starts it. */
  readonly defaults: P;
  /** Settings taken over from the task it replaces in the Task panel, where that one has them (default: every shared one). */
  readonly carries?: readonly (keyof P & string)[];
  /** Its inputs are two coordinates of a plane: the boundary and the neurons' maps are drawn over it. */
  readonly plane: boolean;
  /** What the schema cannot check field by field (a table's rows against its columns). */
  check?(params: P): DatasetProblem[];
  /** Its name for this task (an inline task's own name). */
  name(params: P): string;
  samples(params: P): number;
  shape(params: P): TaskShapeInfo;
  /** The names of its inputs, without building it (a table's columns); none: x₁, x₂, … */
  inputNames?(params: P): string[];
  /** The data, its targets as the kind's default Output reads them (see datasets/encode.ts). */
  build(params: P): Dataset;
  /** Python (NumPy) that builds the same X and y, and sets DISPLAY; `outputs` is the Output's width. */
  python(params: P, outputs: number): string[];
  /** What `nn-designer info` says after the label: "(200 points, noise 0.05, data seed 0)". */
  describe(params: P): string;
}

/** Declares a kind with its settings' types inferred from its defaults. */
export function defineDataset<Id extends string, P extends object>(kind: DatasetKind<Id, P>): DatasetKind<Id, P> {
  return kind;
}

/** The task a kind describes, as the file holds it: `{ dataset: id, ...settings }`. */
export type TaskOf<K> = K extends DatasetKind<infer Id, infer P> ? { dataset: Id } & P : never;
