/**
 * Which edits are to a drawing's points (drawn, erased, cleared, or undone): the run starts over
 * on them by itself, as TensorFlow Playground's does, instead of waiting for Train. Anything else
 * (the design, the training settings, another task, a table's card) makes the run stale as before.
 */
import { isDrawable } from '../../src-shared/datasets';
import type { ExperimentSetup } from '../../src-shared/setup';

type TableTask = Extract<ExperimentSetup['task'], { dataset: 'table' | 'drawn' }>;

const isTableTask = (task: ExperimentSetup['task']): task is TableTask => task.dataset === 'table' || task.dataset === 'drawn';

export function isDataEdit(before: ExperimentSetup, after: ExperimentSetup): boolean {
  if (before.design !== after.design || before.training !== after.training || before.task === after.task) return false;
  const a = before.task;
  const b = after.task;
  if (!isTableTask(a) || !isTableTask(b) || a.dataset !== b.dataset || !isDrawable(b)) return false;
  // A drawing's own card (its target: classes or a value, how many classes) is the drawing tools' to change.
  if (b.dataset === 'drawn') return true;
  // An imported table: only its rows, its card and split as they were.
  return a.columns === b.columns && a.split === b.split && a.name === b.name;
}
