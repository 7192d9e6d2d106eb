/**
 * A step's check judged on the run on screen, with the checker's own rules (lessons/check.ts):
 * the table the run prints, its last loss and its accuracy, with no training again. A check over
 * several seeds, or over other epochs than the run trained, needs trainings of its own: that is
 * the worker's (check-in-worker.ts).
 */
import { judgeStep, checkRuns, type Observer, type StepVerdict } from '../../src-shared/lessons/check';
import type { LessonStep } from '../../src-shared/lessons/schema';
import { epochLine, isReportEpoch } from '../../src-shared/engine/report';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import type { ExperimentSetup } from '../../src-shared/setup';

export interface LiveRun {
  /** Epochs trained. */
  epoch: number;
  history: readonly EpochRecord[];
  /** The predictions table's lines for the run's weights now. */
  predictions: readonly string[];
  /** Accuracy over the training samples (classification). */
  accuracy?: number;
}

export type Verdict = StepVerdict;

/** Whether the run on screen alone answers the step's check (one seed, trained to the epochs the check counts). */
export function liveAnswers(step: LessonStep, setup: ExperimentSetup): boolean {
  const { seeds, epochs } = checkRuns(step, setup);
  return seeds === 1 && epochs === setup.training.epochs;
}

/** The lines the run prints, as `nn-designer train` prints them. */
export function liveTable(run: LiveRun, epochs: number): string[] {
  const lines = run.history.filter((h) => h.epoch < run.epoch && isReportEpoch(h.epoch, epochs)).map((h) => epochLine(h.epoch, h.loss));
  return [...lines, ...run.predictions];
}

/** The verdict on the run on screen; null when the check needs trainings of its own (see `liveAnswers`). */
export function judgeLive(step: LessonStep, setup: ExperimentSetup, run: LiveRun): Verdict | null {
  if (!liveAnswers(step, setup)) return null;
  const observer: Observer = {
    table: (trained) => liveTable(run, trained.training.epochs),
    run: () => ({ finalLoss: run.history.at(-1)?.loss, accuracy: run.accuracy }),
  };
  // On screen is the learner's own experiment, whatever the step started it from.
  return judgeStep(step, setup, true, observer);
}
