/**
 * Running a lesson's steps without a screen (`nn-designer lesson check`): each step's setup is
 * loaded, trained as far as the step says, and its check judged — pass or fail, with what was
 * found. A check that can never pass says so at once instead of training in vain.
 */
import { taskShape } from '../datasets';
import { epochLine, isReportEpoch, predictionRows } from '../engine/report';
import { prepareTraining } from '../engine/prepare';
import { getPreset } from '../presets';
import type { ExperimentSetup } from '../setup';
import { checkSetup } from '../setup-check';
import { trainSweepRun } from '../sweep/run';
import type { LessonCheck, LessonStep, Lesson } from './schema';

/** What a step's check found: pass or fail, and what was found. */
export interface StepVerdict {
  pass: boolean;
  detail: string;
}

export interface StepResult {
  id: string;
  title: string;
  pass: boolean;
  /** What was found: "loss 0.000068 < 0.01 in 10 of 10 seeds", or why it fails. */
  detail: string;
}

/** The setup a step works on: its own, a preset's, the learner's, or the one before it. */
export function stepSetup(step: LessonStep, previous: ExperimentSetup | null, learner: ExperimentSetup | null): ExperimentSetup | { error: string } {
  const from = step.from;
  if (!from) return previous ?? { error: 'it names no setup, and no step before it does' };
  if ('learner' in from && learner) return structuredClone(learner);
  if ('preset' in from && from.preset) return structuredClone((getPreset(from.preset) as NonNullable<ReturnType<typeof getPreset>>).setup);
  if ('setup' in from) return structuredClone(from.setup);
  return { error: "it checks the learner's own experiment: give it with --with FILE" };
}

const hiddenUnits = (setup: ExperimentSetup): number =>
  setup.design.nodes.reduce((n, node) => n + (node.type !== 'input' && node.type !== 'output' && 'units' in node.params ? node.params.units : 0), 0);

/** Why a check cannot pass on this setup whatever training does, or null. */
export function neverPasses(check: LessonCheck, setup: ExperimentSetup, fromLearner: boolean): string | null {
  if (check.lossBelow !== undefined && check.lossBelow <= 0) return `a loss below ${check.lossBelow} is impossible: losses are never negative`;
  const classes = taskShape(setup.task).classes;
  if ((check.accuracyAtLeast !== undefined || check.accuracyAtMost !== undefined) && classes === undefined) return 'accuracy is not measured on a task that predicts numbers (regression)';
  if (check.accuracyAtLeast !== undefined && check.accuracyAtMost !== undefined && check.accuracyAtLeast > check.accuracyAtMost) return `an accuracy of at least ${check.accuracyAtLeast} and at most ${check.accuracyAtMost} cannot both hold`;
  if (!fromLearner && check.maxHiddenUnits !== undefined && hiddenUnits(setup) > check.maxHiddenUnits) return `the step's own design has ${hiddenUnits(setup)} hidden units, more than the ${check.maxHiddenUnits} the check allows`;
  return null;
}

/** What a run of the setup prints, as `nn-designer train` prints it: the loss lines and the predictions table. */
function printed(setup: ExperimentSetup): string[] {
  const p = prepareTraining(setup);
  if (!p.ok) return [];
  p.trainer.runToEnd();
  const epochs = setup.training.epochs;
  const lines = p.trainer.history.filter((h) => isReportEpoch(h.epoch, epochs)).map((h) => epochLine(h.epoch, h.loss));
  return [...lines, ...predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n)).map((r) => r.text)];
}

/** What one run of a check's setup came to: its last epoch's mean loss and its accuracy on the training samples. */
export interface RunOutcome {
  finalLoss?: number;
  accuracy?: number;
}

/**
 * Where a check's numbers come from. Headless, each is a training of its own; the app hands in
 * the run on screen instead, so a check of one seed needs no training again.
 */
export interface Observer {
  /** What the setup's run prints: its loss lines and its predictions table. */
  table(setup: ExperimentSetup): string[];
  /** The run of `setup` (its seed already moved on by the seed's index), stopping early once `loss < lossBelow` when given. */
  run(setup: ExperimentSetup, seedIndex: number, lossBelow: number | undefined): RunOutcome;
}

const headless: Observer = {
  table: printed,
  run(setup, _seedIndex, lossBelow) {
    const until = lossBelow !== undefined ? { metric: 'loss' as const, op: '<' as const, value: lossBelow, text: `loss < ${lossBelow}` } : null;
    const run = trainSweepRun(setup, until, new Date(0));
    return { finalLoss: run.finalLoss, accuracy: run.accuracy };
  },
};

/** The seeds and epochs a check trains: whether the run on screen alone can answer it. */
export function checkRuns(step: LessonStep, setup: ExperimentSetup): { seeds: number; epochs: number } {
  return { seeds: step.check?.seeds ?? 1, epochs: step.check?.withinEpochs ?? step.trainEpochs ?? setup.training.epochs };
}

/** A step's check judged on a setup: pass or fail, with what was found. */
export function judgeStep(step: LessonStep, setup: ExperimentSetup, fromLearner: boolean, observer: Observer = headless): StepVerdict {
  const problems = checkSetup(setup).problems;
  if (problems.length > 0) return { pass: false, detail: `its setup cannot train: ${problems[0].message}. ${problems[0].fix}.` };
  const check = step.check;
  if (!check) return { pass: true, detail: 'its setup loads (nothing to check)' };
  const never = neverPasses(check, setup, fromLearner);
  if (never) return { pass: false, detail: `this check can never pass: ${never}` };
  const notes: string[] = [];
  if (check.maxHiddenUnits !== undefined) {
    const units = hiddenUnits(setup);
    if (units > check.maxHiddenUnits) return { pass: false, detail: `the design has ${units} hidden units; the check allows ${check.maxHiddenUnits}` };
    notes.push(`${units} hidden units ≤ ${check.maxHiddenUnits}`);
  }
  const { epochs } = checkRuns(step, setup);
  const trained = { ...setup, training: { ...setup.training, epochs } };
  if (check.table) {
    const lines = observer.table(trained);
    const missing = check.table.filter((l) => !lines.includes(l));
    if (missing.length > 0) return { pass: false, detail: `the table differs: expected ${JSON.stringify(missing[0])}${missing.length > 1 ? ` and ${missing.length - 1} more lines` : ''}` };
    notes.push(`the ${check.table.length} lines of the table match`);
  }
  if (check.lossBelow !== undefined || check.accuracyAtLeast !== undefined || check.accuracyAtMost !== undefined) {
    const seeds = check.seeds ?? 1;
    const needed = check.atLeast ?? seeds;
    let passed = 0;
    let worst = '';
    let first = '';
    for (let k = 0; k < seeds; k++) {
      const run = observer.run({ ...trained, training: { ...trained.training, seed: (trained.training.seed + k) >>> 0 } }, k, check.lossBelow);
      const loss = run.finalLoss;
      const acc = run.accuracy;
      const ok =
        (check.lossBelow === undefined || (loss !== undefined && loss < check.lossBelow)) &&
        (check.accuracyAtLeast === undefined || (acc !== undefined && acc >= check.accuracyAtLeast)) &&
        (check.accuracyAtMost === undefined || (acc !== undefined && acc <= check.accuracyAtMost));
      const found = `${loss === undefined ? 'no loss' : `loss ${loss.toPrecision(3)}`}${acc === undefined ? '' : `, accuracy ${(acc * 100).toFixed(1)}%`}`;
      if (k === 0) first = found;
      if (ok) passed++;
      else if (!worst) worst = `seed ${trained.training.seed + k}: ${found}`;
    }
    const what = [
      check.lossBelow !== undefined ? `loss < ${check.lossBelow} within ${epochs} epochs` : null,
      check.accuracyAtLeast !== undefined ? `accuracy ≥ ${check.accuracyAtLeast * 100}%` : null,
      check.accuracyAtMost !== undefined ? `accuracy ≤ ${check.accuracyAtMost * 100}%` : null,
    ]
      .filter(Boolean)
      .join(', ');
    const summary = `${what} in ${passed} of ${seeds} seed${seeds === 1 ? '' : 's'}${needed < seeds ? ` (${needed} needed)` : ''}`;
    if (passed < needed) return { pass: false, detail: `${summary}; ${worst}` };
    // One seed: what it came to is worth saying (the XOR neuron's 50%, the loss reached).
    notes.push(seeds === 1 ? `${summary} (${first})` : summary);
  }
  return { pass: true, detail: notes.join('; ') };
}

export function checkLesson(lesson: Lesson, learner: ExperimentSetup | null = null): StepResult[] {
  let previous: ExperimentSetup | null = null;
  return lesson.steps.map((step) => {
    const setup = stepSetup(step, previous, learner);
    if ('error' in setup) return { id: step.id, title: step.title, pass: false, detail: `no setup: ${setup.error}` };
    previous = setup;
    const fromLearner = learner !== null && step.from !== undefined && 'learner' in step.from;
    return { id: step.id, title: step.title, ...judgeStep(step, setup, fromLearner) };
  });
}
