import { buildDataset, type Dataset } from '../datasets';
import type { DesignProblem } from '../network/compile';
import type { ExperimentSetup } from '../setup';
import { checkSetup } from '../setup-check';
import type { NetworkOptions } from './network';
import { Trainer } from './trainer';

export type Prepared =
  | { ok: true; trainer: Trainer; dataset: Dataset; /** design node ids of the layers, input first */ chain: string[] }
  | { ok: false; problems: DesignProblem[] };

export { checkTraining, MAX_EPOCHS } from '../setup-check';

/** Validates and compiles a setup, builds its data and a trainer seeded as the setup says. */
export function prepareTraining(setup: ExperimentSetup, networkOptions: NetworkOptions = {}): Prepared {
  const { compiled, problems } = checkSetup(setup);
  if (!compiled.ok || problems.length > 0) return { ok: false, problems };
  let dataset: Dataset;
  try {
    dataset = buildDataset(setup.task);
  } catch (e) {
    return { ok: false, problems: [{ message: (e as Error).message, fix: 'Fix the task data' }] };
  }
  return { ok: true, trainer: new Trainer(compiled.spec, dataset, setup.training, networkOptions), dataset, chain: compiled.chain };
}
