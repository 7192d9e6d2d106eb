import type { TaskSpec } from './datasets';
import type { TrainingConfig } from './engine/config';
import type { Design } from './network/design';

/** Everything needed to train: what the engine receives and what an experiment file starts from. */
export interface ExperimentSetup {
  design: Design;
  task: TaskSpec;
  training: TrainingConfig;
}
