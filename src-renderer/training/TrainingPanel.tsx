/// <reference types="vite/client" />
/**
 * Training controls and settings. Settings live in the design store (so they are undoable and
 * saved with the document); the run itself lives in the training store.
 */
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { useHidden, useLocked } from '../store/lesson';
import { useTrainingStore } from '../store/training';
import { RunControls } from './RunControls';
import { RowPrediction } from './RowPrediction';
import { RunProgress } from './RunProgress';
import { SeedsControl } from './SeedsControl';
import { TaskSettings } from './TaskSettings';
import { TrainingSettings } from './TrainingSettings';
import './training.css';

export function TrainingPanel(): React.JSX.Element {
  const runProblems = useTrainingStore((s) => s.problems);
  const settingsProblems = useDesignStore((s) => s.trainingProblems);
  const error = useTrainingStore((s) => s.error);
  // Train on an empty canvas: one sentence on what to do instead of "no Input", "no Output".
  const emptyCanvas = useDocumentStore((s) => s.setup.design.nodes.length === 0) && runProblems.length > 0;
  // Design problems are listed by the editor; those found on Train that concern no node show here.
  const problems = [...settingsProblems, ...(emptyCanvas ? [] : runProblems.filter((p) => !p.nodeId && !settingsProblems.some((s) => s.message === p.message)))];
  const taskLocked = useLocked('task');
  const taskHidden = useHidden('task');
  const trainingLocked = useLocked('training');
  const trainingHidden = useHidden('training');
  const nodeProblems = runProblems.filter((p) => p.nodeId).length;

  return (
    <section aria-label="Training" className="training-panel">
      <RunControls />
      <RunProgress />
      <SeedsControl />
      {emptyCanvas && (
        <p className="training-panel__problem" role="alert" data-testid="empty-design">
          Add layers first: drag an Input, a Dense and an Output layer onto the canvas (or click them in the palette, in that order), or open a preset.
        </p>
      )}
      <RowPrediction />
      {nodeProblems > 0 && (
        <p className="training-panel__problem" role="alert">
          The design has {nodeProblems} problem{nodeProblems === 1 ? '' : 's'} to fix before it can train (see the marked layers).
        </p>
      )}
      {problems.length > 0 && (
        <ul className="training-panel__problems" aria-label="Training problems">
          {problems.map((p, i) => (
            <li key={i} role="alert">
              {p.message}: {p.fix}
              {p.apply && (
                <>
                  {' '}
                  <button type="button" className="link" data-testid="apply-fix" onClick={() => p.apply && useDesignStore.getState().applyFix(p.apply)}>
                    Apply: {p.apply.summary}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="training-panel__problem" role="alert">
          {error}{' '}
          <button type="button" className="link" onClick={() => useTrainingStore.getState().dismissError()}>
            Dismiss
          </button>
        </p>
      )}
      {!taskHidden && (
        <fieldset className="lesson-locked" disabled={taskLocked} aria-label={taskLocked ? 'Task (kept as it is by the lesson)' : undefined}>
          <TaskSettings />
        </fieldset>
      )}
      {!trainingHidden && (
        <fieldset className="lesson-locked" disabled={trainingLocked} aria-label={trainingLocked ? 'Training settings (kept as they are by the lesson)' : undefined}>
          <TrainingSettings />
        </fieldset>
      )}
    </section>
  );
}
