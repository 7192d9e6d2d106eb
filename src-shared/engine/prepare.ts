import { buildDataset, taskLabel, taskSamples, taskShape, type Dataset } from '../datasets';
import { budgetProblems } from '../network/budget';
import { compileDesign, type DesignProblem, type Plan } from '../network/compile';
import type { ExperimentSetup } from '../setup';
import type { TrainingConfig } from './config';
import type { ModelOptions } from './create-model';
import { Trainer } from './trainer';

export type Prepared =
  | { ok: true; trainer: Trainer; dataset: Dataset; plan: Plan }
  | { ok: false; problems: DesignProblem[] };

/** Most epochs one run may ask for; beyond it the user almost surely typed a zero too many. */
export const MAX_EPOCHS = 10_000_000;

/** Checks a training configuration; each problem names the setting and the fix. */
export function checkTraining(t: TrainingConfig): DesignProblem[] {
  const problems: DesignProblem[] = [];
  if (!Number.isInteger(t.epochs) || t.epochs < 1 || t.epochs > MAX_EPOCHS) {
    problems.push({ message: `Epochs is ${t.epochs}`, fix: `Set epochs to a whole number from 1 to ${MAX_EPOCHS}` });
  }
  if (!Number.isFinite(t.learningRate) || t.learningRate <= 0) {
    problems.push({ message: `Learning rate is ${t.learningRate}`, fix: 'Set the learning rate to a positive number, such as 0.5' });
  }
  if (t.updateMode === 'minibatch' && (!Number.isInteger(t.batchSize) || t.batchSize < 1)) {
    problems.push({ message: `Batch size is ${t.batchSize}`, fix: 'Set the batch size to a whole number of at least 1' });
  }
  if (!Number.isInteger(t.seed) || t.seed < 0 || t.seed > 0xffffffff) {
    problems.push({ message: `Seed is ${t.seed}`, fix: 'Set the seed to a whole number from 0 to 4294967295' });
  }
  if (!Number.isFinite(t.init.scale) || t.init.scale <= 0) {
    problems.push({ message: `Initial weight scale is ${t.init.scale}`, fix: 'Set the weight scale to a positive number, such as 0.5' });
  }
  return problems;
}

/** Validates and compiles a setup, builds its data and a trainer seeded as the setup says. */
export function prepareTraining(setup: ExperimentSetup, networkOptions: ModelOptions & { deferInit?: boolean } = {}): Prepared {
  const compiled = compileDesign(setup.design, { ...taskShape(setup.task), name: taskLabel(setup.task) });
  const problems = [...(compiled.ok ? [] : compiled.problems), ...checkTraining(setup.training)];
  if (!compiled.ok || problems.length > 0) return { ok: false, problems };
  const shape = taskShape(setup.task);
  const over = budgetProblems(compiled.plan, setup.training, taskSamples(setup.task), shape.inputs, compiled.plan.outputSize);
  if (over.length > 0) return { ok: false, problems: over };
  let dataset: Dataset;
  try {
    dataset = buildDataset(setup.task, compiled.plan.outputSize);
  } catch (e) {
    return { ok: false, problems: [{ message: (e as Error).message, fix: 'Fix the task data' }] };
  }
  return { ok: true, trainer: new Trainer(compiled.plan, dataset, setup.training, networkOptions), dataset, plan: compiled.plan };
}
