/**
 * The dataset registry: every set a design can train on, one descriptor each (see types.ts).
 * The file schema, the Task panel, the exports and the command line loop over this list; a new
 * built-in set is its file and a line here (test/unit/datasets.test.ts checks every descriptor).
 */
import { addition } from './addition';
import { circle } from './circle';
import { clusters } from './clusters';
import { encodeTargets } from './common';
import { drawn } from './drawn';
import { inline } from './inline';
import { and, nand, or, xor } from './logic-gates';
import { spiral } from './spiral';
import { table } from './table';
import type { Dataset, DatasetKind, DatasetParams, TaskOf, TaskShapeInfo } from './types';

export const DATASETS = [and, or, nand, xor, addition, circle, spiral, clusters, drawn, inline, table] as const;

/** What a design is trained on, as the file holds it: a set's id and its settings. */
export type TaskSpec = TaskOf<(typeof DATASETS)[number]>;
export type DatasetName = TaskSpec['dataset'];
export const DATASET_NAMES = DATASETS.map((d) => d.id) as readonly DatasetName[];

export type { Dataset, DatasetField, DatasetKind, DisplayStyle, TaskShapeInfo } from './types';
export { ADDITION_INPUT_SCALE, ADDITION_OUTPUT_SCALE, ADDITION_TEST_PAIRS, additionData } from './addition';
export { circleData } from './circle';
export { clustersData } from './clusters';
export { defaultOutputs, encodeTargets, MAX_CLASSES, MAX_SAMPLES, MIN_CLASSES } from './common';
export { DRAW_DECIMALS, DRAW_DOMAIN, drawnRow, emptyDrawing, isDrawable, MAX_DRAWN_POINTS } from './drawn';
export { inlineData } from './inline';
export { LOGIC_GATES, logicGate, type LogicGate } from './logic-gates';
export { spiralData } from './spiral';
export { COLUMN_ROLES, COLUMN_TYPES, SCALERS, TABLE_LIMITS, tableData, tableProblems, type TableColumn, type TableParams } from './table';

const byId = new Map<string, DatasetKind>(DATASETS.map((d) => [d.id, d as unknown as DatasetKind]));

export function isDatasetName(id: unknown): id is DatasetName {
  return typeof id === 'string' && byId.has(id);
}

/** The descriptor of a task's set, with the task as its settings. */
function kindOf(task: TaskSpec): { kind: DatasetKind; params: DatasetParams } {
  const kind = byId.get(task.dataset);
  if (!kind) throw new Error(`Unknown dataset "${String(task.dataset)}"`);
  return { kind, params: task as unknown as DatasetParams };
}

export function datasetKind(id: DatasetName): DatasetKind {
  return byId.get(id) as DatasetKind;
}

/** A task's data, its targets shaped for an Output of `outputs` units (the task's default when absent). */
export function buildDataset(task: TaskSpec, outputs?: number): Dataset {
  const { kind, params } = kindOf(task);
  const data = kind.build(params);
  return outputs === undefined ? data : encodeTargets(data, outputs);
}

/** How many samples a task has, without building it. */
export function taskSamples(task: TaskSpec): number {
  const { kind, params } = kindOf(task);
  return kind.samples(params);
}

/** Input and output widths of a task (and its classes) without building its data. */
export function taskShape(task: TaskSpec): TaskShapeInfo {
  const { kind, params } = kindOf(task);
  return kind.shape(params);
}

/** The names of a task's inputs without building it (a table's columns); null where it names none. */
export function taskInputNames(task: TaskSpec): string[] | null {
  const { kind, params } = kindOf(task);
  return kind.inputNames?.(params) ?? null;
}

/** How many classes a task has, for classification tasks whose classes are labels. */
export function taskClasses(task: TaskSpec): number | undefined {
  return taskShape(task).classes;
}

/** The task's name in summaries and plots ("XOR", "Spiral", an inline task's own name). */
export function taskLabel(task: TaskSpec): string {
  const { kind, params } = kindOf(task);
  return kind.name(params);
}

/** "Spiral (3 classes, 200 points, noise 0.05, data seed 0)". */
export function describeTask(task: TaskSpec): string {
  const { kind, params } = kindOf(task);
  return `${kind.name(params)} ${kind.describe(params)}`;
}

/** What a task's settings say that cannot hold together, at paths inside the task (a table's cells against its columns). */
export function taskProblems(task: TaskSpec): { path: (string | number)[]; message: string }[] {
  const { kind, params } = kindOf(task);
  return kind.check?.(params) ?? [];
}

/** Python (NumPy) that builds the task's X and y and sets DISPLAY; `outputs` is the Output's width. */
export function taskPython(task: TaskSpec, outputs = taskShape(task).outputs): string[] {
  const { kind, params } = kindOf(task);
  return kind.python(params, outputs);
}
