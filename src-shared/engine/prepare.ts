import { buildDataset, type Dataset } from '../datasets';
import type { DesignProblem, Plan } from '../network/compile';
import type { ExperimentSetup } from '../setup';
import { checkSetup } from '../setup-check';
import type { ModelOptions } from './create-model';
import { Trainer } from './trainer';

export type Prepared =
  | { ok: true; trainer: Trainer; dataset: Dataset; plan: Plan }
  | { ok: false; problems: DesignProblem[] };

export { checkTraining, MAX_EPOCHS } from '../setup-check';

/** Validates and compiles a setup, builds its data and a trainer seeded as the setup says. */
export function prepareTraining(setup: ExperimentSetup, networkOptions: ModelOptions & { deferInit?: boolean } = {}): Prepared {
  const { compiled, problems } = checkSetup(setup);
  if (!compiled.ok || problems.length > 0) return { ok: false, problems };
  let dataset: Dataset;
  try {
    dataset = buildDataset(setup.task, compiled.plan.outputSize);
  } catch (e) {
    return { ok: false, problems: [{ message: (e as Error).message, fix: 'Fix the task data' }] };
  }
  return { ok: true, trainer: new Trainer(compiled.plan, dataset, setup.training, networkOptions), dataset, plan: compiled.plan };
}
