/**
 * Which inputs a run's weights were trained on. A table's network learns on scaled, one-hot
 * encoded rows; change its data card after training (a scaler, the split the scalers are fitted
 * on, a column's role or categories) and the same weights mean something else. A run records the
 * encoding it trained with, so an export never wraps a run's weights in another run's scaling.
 */
import { buildDataset } from '../datasets';
import type { Dataset } from '../datasets/types';
import type { ExperimentSetup } from '../setup';
import type { Run } from './schema';

export type RunScaling = NonNullable<Run['scaling']>;

/** The encoding a dataset's inputs went through, or undefined where it has none to record (built-in sets). */
export function scalingOf(data: Dataset): RunScaling | undefined {
  if (!data.inputScales || !data.inputNames) return undefined;
  const names = data.inputNames;
  return {
    inputs: data.inputScales.map((s, j) => ({ name: names[j] ?? `x${j + 1}`, shift: s.shift, scale: s.scale })),
    ...(data.targetScale ? { target: { ...data.targetScale } } : {}),
    ...(data.classNames ? { classes: [...data.classNames] } : {}),
  };
}

/** What differs between the encoding a run trained with and the task's now, in words; null when the same (or the run recorded none). */
export function scalingChange(run: Run, now: RunScaling | undefined): string | null {
  const then = run.scaling;
  if (!then) return null;
  if (!now) return 'the task no longer scales its inputs';
  if (then.inputs.length !== now.inputs.length || then.inputs.some((c, j) => c.name !== now.inputs[j].name)) return 'the input columns changed';
  const moved = now.inputs.findIndex((c, j) => !Object.is(c.shift, then.inputs[j].shift) || !Object.is(c.scale, then.inputs[j].scale));
  if (moved >= 0) return `the scaling of ${JSON.stringify(now.inputs[moved].name)} changed (its scaler, or the training rows it is fitted on)`;
  if (Boolean(then.target) !== Boolean(now.target) || (then.target && now.target && (!Object.is(then.target.shift, now.target.shift) || !Object.is(then.target.scale, now.target.scale)))) return "the target's scaling changed";
  if ((then.classes ?? []).join('\u0000') !== (now.classes ?? []).join('\u0000')) return 'the classes changed';
  return null;
}

/**
 * Why the run's weights do not fit the setup's data any more, as a sentence ending in what to do;
 * null when they do. Only tables and drawings encode their rows; built-in sets never change it.
 */
export function runDataProblem(run: Run, setup: ExperimentSetup): string | null {
  if (!run.scaling) return null;
  const now = setup.task.dataset === 'table' || setup.task.dataset === 'drawn' ? scalingOf(buildDataset(setup.task)) : undefined;
  const change = scalingChange(run, now);
  return change ? `The data card changed since ${run.id} was trained (${change}), so its weights would read the rows wrong. Train again, then export` : null;
}
