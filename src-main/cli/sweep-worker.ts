/**
 * A worker thread of `nn-designer sweep --jobs N` (bundled to out/cli/sweep-worker.mjs): trains
 * one run of the sweep at a time, as the process itself would (src-shared/sweep/run.ts).
 */
import { trainSweepRun } from '../../src-shared/sweep/run';
import type { StopRule } from '../../src-shared/sweep/until';
import type { ExperimentSetup } from '../../src-shared/setup';
import type { Run } from '../../src-shared/experiment';

export default function train(task: { setup: ExperimentSetup; until: StopRule | null; createdAt: string }): Run {
  return trainSweepRun(task.setup, task.until, new Date(task.createdAt));
}
