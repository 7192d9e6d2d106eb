/**
 * One run of a sweep, trained to its end (or to its stop rule) and recorded as the command line
 * records every run. The same function runs in a worker thread and in the process itself, so a
 * run's numbers never depend on how many run at once.
 */
import { classMetrics } from '../engine/metrics';
import { prepareTraining } from '../engine/prepare';
import type { Trainer } from '../engine/trainer';
import { runFromTrainer, type Run } from '../experiment';
import type { ExperimentSetup } from '../setup';
import { meets, type StopRule } from './until';

export function trainSweepRun(setup: ExperimentSetup, until: StopRule | null, createdAt: Date): Run {
  const prepared = prepareTraining(setup);
  if (!prepared.ok) {
    const first = prepared.problems[0];
    return failedRun(setup, `it cannot train: ${first.message} (${first.fix})`, createdAt);
  }
  const { trainer } = prepared;
  while (!trainer.done) {
    trainer.runEpochs(1);
    if (until && stops(until, trainer)) break;
  }
  return runFromTrainer(trainer, setup.design, { createdAt, shareWeights: true });
}

function stops(rule: StopRule, trainer: Trainer): boolean {
  if (rule.metric === 'loss') return meets(rule, trainer.history.at(-1)?.loss);
  const m = classMetrics(trainer.data, (x, n) => trainer.network.predict(x, n));
  return meets(rule, m?.accuracy);
}

/** A run that did not happen (its engine failed twice, or its cell cannot train): kept, with why. */
export function failedRun(setup: ExperimentSetup, why: string, createdAt: Date): Run {
  return {
    id: 'run-1',
    createdAt: createdAt.toISOString(),
    epoch: 0,
    updates: 0,
    status: 'ready',
    design: structuredClone(setup.design),
    parameters: [],
    history: [],
    settings: structuredClone(setup.training),
    outcome: 'failed',
    failure: why,
  };
}
