/**
 * The lesson file format (`.nndlesson`, JSON): a title, an introduction and steps, each with its
 * text (Markdown), the setup it loads, the controls it locks or hides, a prediction it asks the
 * learner for, how far it trains, and what it checks before moving on. Checked like `.nnd`
 * files: every problem names its path.
 */
import { z } from '../experiment/zod';
import { exactly, finiteNumber, list, nonEmptyText, numberFrom, oneOf, record, text, wholeNumber } from '../experiment/fields';
import { SetupSchema } from '../experiment/schema';

export const LESSON_FORMAT = 'nn-designer-lesson';
export const LESSON_VERSION = 1;
export const LESSON_EXTENSION = '.nndlesson';

export const LESSON_LIMITS = { steps: 100, text: 20_000, title: 200, options: 10, tableLines: 64, seeds: 100 } as const;

/** What a learner may not change (locked) or does not see (hidden) during a step. */
export const LESSON_CONTROLS = ['design', 'task', 'training', 'palette', 'exports', 'learningRate', 'epochs', 'optimizer'] as const;

const markdown = text(LESSON_LIMITS.text, 'Markdown');
const title = nonEmptyText(LESSON_LIMITS.title, 'title');

/**
 * Where a step's setup comes from: a built-in experiment, one written here, or the learner's own
 * (in the app, what is on screen; for the checker, --with FILE), starting from a preset when given.
 */
const StepSetupSchema = z.union([
  record({ learner: z.literal(true), preset: nonEmptyText(100, 'preset id').optional() }),
  record({ preset: nonEmptyText(100, 'preset id') }),
  record({ setup: SetupSchema }),
]);

const PredictSchema = record({
  question: nonEmptyText(LESSON_LIMITS.title * 2, 'question'),
  /** Sketch a line on the plane, or pick one of the options. */
  kind: oneOf(['sketch', 'choice'] as const),
  options: list(nonEmptyText(LESSON_LIMITS.title, 'option'), LESSON_LIMITS.options, 'options', 2).optional(),
  /** The option training bears out (choices): said after training, beside the learner's. */
  answer: wholeNumber(0, LESSON_LIMITS.options - 1).optional(),
});

export const CheckSchema = record({
  /** The last epoch's mean loss below (or at most) this. */
  lossBelow: finiteNumber().optional(),
  /** The share of training samples right at least this. */
  accuracyAtLeast: numberFrom(0, 1).optional(),
  /** The share right at most this (a failure to show, such as the single neuron on XOR). */
  accuracyAtMost: numberFrom(0, 1).optional(),
  /** Within this many epochs (default: the setup's own). */
  withinEpochs: wholeNumber(1, 10_000_000).optional(),
  /** Over this many seeds (the setup's seed and the next ones), every one must pass unless `atLeast` says how many. */
  seeds: wholeNumber(1, LESSON_LIMITS.seeds).optional(),
  atLeast: wholeNumber(1, LESSON_LIMITS.seeds).optional(),
  /** The design holds at most this many hidden units in all. */
  maxHiddenUnits: wholeNumber(1, 100_000).optional(),
  /** The printed table, line for line (the post's numbers). */
  table: list(text(400), LESSON_LIMITS.tableLines, 'lines', 1).optional(),
});

export const LessonStepSchema = record({
  id: nonEmptyText(100, 'id'),
  title,
  text: markdown,
  from: StepSetupSchema.optional(),
  lock: list(oneOf(LESSON_CONTROLS), LESSON_CONTROLS.length, 'controls').optional(),
  hide: list(oneOf(LESSON_CONTROLS), LESSON_CONTROLS.length, 'controls').optional(),
  predict: PredictSchema.optional(),
  /** Train this many epochs of the setup before the check (default: to its end). */
  trainEpochs: wholeNumber(1, 10_000_000).optional(),
  check: CheckSchema.optional(),
});

export const LessonSchema = record(
  {
    format: exactly(LESSON_FORMAT),
    version: exactly(LESSON_VERSION),
    title,
    intro: markdown.optional(),
    steps: list(LessonStepSchema, LESSON_LIMITS.steps, 'steps', 1),
  },
  'an NN Designer lesson (a JSON object)',
);

export type Lesson = z.infer<typeof LessonSchema>;
export type LessonStep = z.infer<typeof LessonStepSchema>;
export type LessonCheck = z.infer<typeof CheckSchema>;
export type LessonControl = (typeof LESSON_CONTROLS)[number];
