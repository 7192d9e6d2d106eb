/**
 * Taking a lesson: beginning it (the built-in one, or a file opened through File → Open),
 * entering a step (its setup becomes the document), judging its check once the learner's run
 * has trained, resuming where the learner left it, and leaving it.
 */
import { stepSetup } from '../../src-shared/lessons/check';
import { parseLesson } from '../../src-shared/lessons/parse';
import type { Lesson } from '../../src-shared/lessons/schema';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainingKey } from '../../src-shared/setup-check';
import { mayReplaceDocument, showLessonSetup, takeLessonFiles } from '../editor/document-actions';
import { useDocumentStore } from '../store/document';
import { currentStep, useLessonStore } from '../store/lesson';
import { useTrainingStore } from '../store/training';
import { useViewStore } from '../store/view';
import { checkInWorker } from './check-in-worker';
import { judgeLive } from './live-check';
import { clearProgress, readProgress, writeProgress } from './progress';

const storage = typeof localStorage === 'undefined' ? undefined : localStorage;

let runningCheck: { cancel(): void } | null = null;
function cancelCheck(): void {
  runningCheck?.cancel();
  runningCheck = null;
}

/** Begins a lesson at its first step; progress kept from an earlier visit is offered, not imposed. */
export async function takeLesson(lesson: Lesson, source: string, options: { guarded?: boolean } = {}): Promise<void> {
  if (!options.guarded && !(await mayReplaceDocument())) return;
  cancelCheck();
  useLessonStore.getState().begin(lesson, source, readProgress(storage, lesson));
  enterStep(0, { keepOffer: true });
}

/** The setup step `index` works on: the steps before it each hand theirs on to the next. */
function setupOf(lesson: Lesson, index: number): ExperimentSetup | { error: string } {
  let previous: ExperimentSetup | null = null;
  for (let k = 0; k <= index; k++) {
    const step = lesson.steps[k];
    const from = step.from;
    // A learner's step without a preset to start from goes on with what is on screen.
    const learner = k === index && from && 'learner' in from && !from.preset ? useDocumentStore.getState().setup : null;
    const setup = stepSetup(step, previous, learner);
    if ('error' in setup) {
      if (k === index) return setup;
      continue;
    }
    previous = step.trainEpochs !== undefined ? { ...setup, training: { ...setup.training, epochs: step.trainEpochs } } : setup;
  }
  return previous ?? { error: 'no setup' };
}

/** Shows step `index` with its setup loaded; moving on from the first step answers the resume offer (no). */
export function enterStep(index: number, options: { keepOffer?: boolean } = {}): void {
  const state = useLessonStore.getState();
  if (!options.keepOffer && state.resumeOffer) state.dismissOffer();
  const lesson = state.lesson;
  if (!lesson || index < 0 || index >= lesson.steps.length) return;
  cancelCheck();
  const setup = setupOf(lesson, index);
  if ('error' in setup) {
    state.show(index, `This step’s setup cannot be loaded: ${setup.error}.`);
    return;
  }
  const step = lesson.steps[index];
  showLessonSetup(`${step.title}`, `Step ${index + 1} of ${lesson.steps.length} of the lesson “${lesson.title}”.`, setup);
  state.show(index, null);
}

export function resetStep(): void {
  const { index, lesson } = useLessonStore.getState();
  const step = currentStep({ lesson, index });
  if (step) useLessonStore.getState().forget(step.id);
  enterStep(index);
}

export function resumeLesson(): void {
  const offer = useLessonStore.getState().resumeOffer;
  if (!offer) return;
  useLessonStore.getState().restore(offer);
  enterStep(offer.index);
}

export function startOver(): void {
  const { lesson } = useLessonStore.getState();
  if (lesson) clearProgress(storage, lesson);
  useLessonStore.getState().dismissOffer();
}

export function leaveLesson(): void {
  cancelCheck();
  useLessonStore.getState().leave();
  useViewStore.getState().notify({ tone: 'info', text: 'You left the lesson. What is on screen is an ordinary experiment now, yours to edit and save; the start screen takes you back to the lesson where you left it.' });
}

/** Judges the step's check on the run that has just trained to its end. */
function judgeFinishedRun(): void {
  const lessonState = useLessonStore.getState();
  const step = currentStep(lessonState);
  if (!step || lessonState.setupError) return;
  const setup = useDocumentStore.getState().setup;
  const training = useTrainingStore.getState();
  const { snapshot, progress } = training;
  if (!snapshot || !progress || !training.loadedSetup || trainingKey(training.loadedSetup) !== trainingKey(setup)) return;
  const verdict = judgeLive(step, setup, {
    epoch: progress.epoch,
    history: training.history,
    predictions: snapshot.predictions.map((p) => p.text),
    accuracy: snapshot.metrics?.accuracy,
  });
  if (verdict) {
    lessonState.judged(step.id, verdict);
    return;
  }
  cancelCheck();
  lessonState.setChecking(true);
  const check = checkInWorker({ step, setup: structuredClone(setup) });
  runningCheck = check;
  void check.result.then((v) => {
    if (runningCheck !== check || !v) return;
    runningCheck = null;
    if (currentStep(useLessonStore.getState())?.id === step.id) useLessonStore.getState().judged(step.id, v);
  });
}

/** Connects the lesson mode: lesson files from File → Open, checks after training, progress kept. Returns the function that disconnects it. */
export function startLessons(): () => void {
  takeLessonFiles((file, options) => {
    const parsed = parseLesson(file.text);
    const name = file.filePath.split(/[\\/]/).pop() ?? file.filePath;
    if (!parsed.ok) {
      useViewStore.getState().showProblems({ title: `${name} could not be opened`, problems: parsed.problems });
      return;
    }
    void takeLesson(parsed.lesson, name, options);
  });
  // A run reaches its end ('done'), and its last snapshot lands: judge once per finished run.
  let judgedSnapshot: unknown = null;
  const offTraining = useTrainingStore.subscribe((t, previous) => {
    if (!useLessonStore.getState().lesson) return;
    if (t.engineState !== 'done') {
      if (previous.engineState === 'done') judgedSnapshot = null;
      return;
    }
    if (!t.snapshot || t.snapshot === judgedSnapshot || !t.progress || t.snapshot.epoch < t.progress.epoch) return;
    judgedSnapshot = t.snapshot;
    judgeFinishedRun();
  });
  const offProgress = useLessonStore.subscribe((s, previous) => {
    if (!s.lesson || s.resumeOffer) return;
    if (s.index !== previous.index || s.answers !== previous.answers || s.passed !== previous.passed) writeProgress(storage, s.lesson, { index: s.index, answers: s.answers, passed: s.passed });
  });
  return () => {
    takeLessonFiles(null);
    offTraining();
    offProgress();
  };
}
