/**
 * One engine of the seeds pool, off the page's main thread: trains each run it is sent to its end
 * (or its stop rule) with `trainSweepRun`, the command line's own function, and sends the run back.
 */
import type { Run } from '../../src-shared/experiment';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainSweepRun } from '../../src-shared/sweep/run';
import type { StopRule } from '../../src-shared/sweep/until';

export interface SeedsWorkerRequest {
  setup: ExperimentSetup;
  until: StopRule | null;
  /** ISO time the run is recorded with. */
  createdAt: string;
}

export type SeedsWorkerReply = { type: 'run'; run: Run } | { type: 'failed'; message: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<SeedsWorkerRequest>) => void) | null; postMessage(message: SeedsWorkerReply): void };

scope.onmessage = (e) => {
  const { setup, until, createdAt } = e.data;
  try {
    scope.postMessage({ type: 'run', run: trainSweepRun(setup, until, new Date(createdAt)) });
  } catch (error) {
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
