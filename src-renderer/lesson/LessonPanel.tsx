/**
 * The lesson on screen, over the inspector column: the step's title and text, its prediction
 * (asked before training, compared with what training bore out after it), what its check found
 * once the run has trained, and Back / Next / Reset step / Leave lesson. Next waits for the
 * step's check to pass.
 */
import type { LessonStep } from '../../src-shared/lessons/schema';
import { useLessonStore } from '../store/lesson';
import { enterStep, leaveLesson, resetStep, resumeLesson, startOver } from './lesson-actions';
import type { Verdict } from './live-check';
import { Markdown } from './Markdown';
import './lesson.css';

function Prediction(props: { step: LessonStep; verdict: Verdict | undefined }): React.JSX.Element | null {
  const { step, verdict } = props;
  const answer = useLessonStore((s) => s.answers[step.id]);
  const predict = step.predict;
  if (!predict) return null;
  if (predict.kind === 'sketch' || !predict.options) {
    return (
      <div className="lesson-predict" data-testid="lesson-predict">
        <p className="lesson-predict__question">Predict: {predict.question}</p>
        <p className="muted">Sketching on the plane comes later: picture your answer, press Train, and compare it with the decision boundary the run draws.</p>
      </div>
    );
  }
  const options = predict.options;
  const name = `lesson-predict-${step.id}`;
  return (
    <fieldset className="lesson-predict" data-testid="lesson-predict">
      <legend className="lesson-predict__question">Predict: {predict.question}</legend>
      {options.map((option, i) => (
        <label key={i} className="lesson-predict__option">
          <input type="radio" name={name} checked={answer === i} onChange={() => useLessonStore.getState().answer(step.id, i)} />
          {option}
        </label>
      ))}
      {verdict && predict.answer !== undefined && (
        <p className="lesson-predict__outcome" data-testid="lesson-predict-outcome" role="status">
          You said: {answer === undefined ? '(no answer)' : options[answer]}. Training bears out: {options[predict.answer]}
          {answer === undefined ? '.' : answer === predict.answer ? ' — as you said.' : ' — not what you said.'}
        </p>
      )}
    </fieldset>
  );
}

function CheckOutcome(props: { step: LessonStep; verdict: Verdict | undefined; passedBefore: boolean }): React.JSX.Element {
  const checking = useLessonStore((s) => s.checking);
  const { step, verdict } = props;
  const seeds = step.check?.seeds ?? 1;
  if (checking) return <p className="lesson-check muted" role="status">Checking over {seeds} seed{seeds === 1 ? '' : 's'}…</p>;
  if (verdict)
    return (
      <p className={`lesson-check ${verdict.pass ? 'lesson-check--pass' : 'lesson-check--fail'}`} role="status" data-testid="lesson-check">
        <strong>{verdict.pass ? '✓ pass' : '✗ not yet'}</strong>: {verdict.detail}
      </p>
    );
  if (!step.check) return <p className="lesson-check muted">Nothing to check here: press Train to watch, then Next.</p>;
  return (
    <p className="lesson-check muted" data-testid="lesson-check">
      {props.passedBefore ? 'You passed this step before. ' : ''}Press Train: the step is checked when the run ends{seeds > 1 ? `, over ${seeds} seeds` : ''}.
    </p>
  );
}

export function LessonPanel(): React.JSX.Element | null {
  const lesson = useLessonStore((s) => s.lesson);
  const index = useLessonStore((s) => s.index);
  const verdicts = useLessonStore((s) => s.verdicts);
  const passed = useLessonStore((s) => s.passed);
  const setupError = useLessonStore((s) => s.setupError);
  const offer = useLessonStore((s) => s.resumeOffer);
  if (!lesson) return null;
  const step = lesson.steps[index];
  const count = lesson.steps.length;
  const verdict = verdicts[step.id];
  const passedBefore = passed.includes(step.id);
  const last = index === count - 1;
  const mayGoOn = !setupError && (!step.check || passedBefore);
  return (
    <section className="lesson-panel" aria-labelledby="lesson-step-title" data-testid="lesson-panel">
      <p className="lesson-panel__lesson muted">
        Lesson: {lesson.title} · step {index + 1} of {count}
      </p>
      <h2 id="lesson-step-title" className="lesson-panel__title">
        {step.title}
      </h2>
      {offer && (
        <div className="lesson-panel__resume" data-testid="lesson-resume">
          <span>
            You were at step {offer.index + 1} of {count}.
          </span>
          <button type="button" className="primary" onClick={resumeLesson}>
            Resume at step {offer.index + 1}
          </button>
          <button type="button" onClick={startOver}>
            Start over
          </button>
        </div>
      )}
      {index === 0 && lesson.intro && <Markdown className="lesson-panel__text lesson-panel__intro" text={lesson.intro} />}
      <Markdown className="lesson-panel__text" text={step.text} />
      {setupError && (
        <p className="lesson-check lesson-check--fail" role="alert">
          {setupError}
        </p>
      )}
      <Prediction step={step} verdict={verdict} />
      <CheckOutcome step={step} verdict={verdict} passedBefore={passedBefore} />
      {last && passedBefore && <p className="lesson-check lesson-check--pass">You have finished the lesson.</p>}
      <div className="lesson-panel__nav">
        <button type="button" disabled={index === 0} onClick={() => enterStep(index - 1)}>
          Back
        </button>
        <button type="button" className="primary" disabled={last || !mayGoOn} title={mayGoOn ? undefined : 'Next opens once this step’s check passes'} onClick={() => enterStep(index + 1)}>
          Next
        </button>
        <button type="button" onClick={resetStep}>
          Reset step
        </button>
        <button type="button" onClick={leaveLesson}>
          Leave lesson
        </button>
      </div>
    </section>
  );
}
