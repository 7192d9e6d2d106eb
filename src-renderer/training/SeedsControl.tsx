/**
 * "Train over seeds…": the setup trained N times, from its seed on, off the page's thread, with
 * an optional stop rule ("loss<0.01", the command line's --until); a progress bar of runs done,
 * the time left and Cancel (which keeps the finished runs). The result is drawn beside the loss.
 */
import { useId, useState } from 'react';
import { checkSetup } from '../../src-shared/setup-check';
import { useDocumentStore } from '../store/document';
import { checkSeeds, DEFAULT_SEEDS, MAX_SEEDS, MIN_SEEDS, readStopRule, useSeedsStore } from '../store/seeds';
import { timeLeftMs } from '../platform/seeds-pool';
import { formatDuration } from './status';

export function SeedsControl(): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [seeds, setSeeds] = useState(String(DEFAULT_SEEDS));
  const [until, setUntil] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const status = useSeedsStore((s) => s.status);
  const seed = useDocumentStore((s) => s.setup.training.seed);
  const id = useId();
  const running = status === 'running';

  const count = seeds.trim() === '' ? NaN : Number(seeds);
  const seedsProblem = Number.isNaN(count) ? 'Enter a number' : checkSeeds(count);
  const rule = readStopRule(until);
  const untilProblem = rule && 'error' in rule ? rule.error : null;

  const start = (): void => {
    const setup = useDocumentStore.getState().setup;
    const problem = checkSetup(setup).problems[0];
    if (problem) {
      setRefusal(`The setup cannot train yet: ${problem.message} (${problem.fix}).`);
      return;
    }
    setRefusal(useSeedsStore.getState().start(setup, count, until));
  };

  return (
    <div className="seeds-control" data-testid="seeds-control">
      {!open && !running ? (
        <button type="button" aria-expanded={false} onClick={() => setOpen(true)} title="Train the setup once for each of several seeds and compare the runs">
          Train over seeds…
        </button>
      ) : (
        <fieldset className="tp-settings seeds-control__form">
          <legend>Train over seeds</legend>
          <div className="tp-settings__row">
            <div className="tp-field">
              <label htmlFor={`${id}-n`}>Seeds</label>
              <input
                id={`${id}-n`}
                type="number"
                min={MIN_SEEDS}
                max={MAX_SEEDS}
                step={1}
                value={seeds}
                disabled={running}
                aria-invalid={seedsProblem !== null}
                aria-describedby={`${id}-n-hint`}
                data-testid="seeds-count"
                onChange={(e) => setSeeds(e.target.value)}
              />
              <span id={`${id}-n-hint`} className={seedsProblem ? 'tp-field__problem' : 'tp-field__hint'}>
                {seedsProblem ?? (Number.isInteger(count) ? `seeds ${seed} to ${seed + count - 1}` : '')}
              </span>
            </div>
            <div className="tp-field">
              <label htmlFor={`${id}-until`}>Stop a run when</label>
              <input
                id={`${id}-until`}
                type="text"
                value={until}
                placeholder="loss<0.01"
                spellCheck={false}
                disabled={running}
                aria-invalid={untilProblem !== null}
                aria-describedby={`${id}-until-hint`}
                data-testid="seeds-until"
                onChange={(e) => setUntil(e.target.value)}
              />
              <span id={`${id}-until-hint`} className={untilProblem ? 'tp-field__problem' : 'tp-field__hint'}>
                {untilProblem ?? 'empty: every epoch'}
              </span>
            </div>
          </div>
          {running ? (
            <SeedsProgress />
          ) : (
            <div className="seeds-control__buttons">
              <button type="button" className="primary" onClick={start} disabled={seedsProblem !== null || untilProblem !== null} data-testid="seeds-start">
                Train {Number.isInteger(count) && seedsProblem === null ? `${count} seeds` : 'over seeds'}
              </button>
              <button type="button" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
          )}
          {!running && <SeedsOutcome />}
          {refusal && (
            <p className="training-panel__problem" role="alert">
              {refusal}
            </p>
          )}
        </fieldset>
      )}
    </div>
  );
}

function SeedsProgress(): React.JSX.Element {
  const finished = useSeedsStore((s) => s.finished);
  const total = useSeedsStore((s) => s.total);
  const lanes = useSeedsStore((s) => s.lanes);
  const elapsed = useSeedsStore((s) => s.elapsedMs);
  const left = timeLeftMs(finished, total, elapsed);
  return (
    <div className="seeds-control__progress">
      <div
        className="run-progress__bar"
        role="progressbar"
        aria-label="Seeds trained"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finished}
        aria-valuetext={`${finished} of ${total} runs`}
        data-testid="seeds-progress"
      >
        <div className="run-progress__fill" style={{ width: `${((finished / Math.max(1, total)) * 100).toFixed(1)}%` }} />
      </div>
      <div className="seeds-control__figures">
        <span data-testid="seeds-done">
          {finished} of {total} runs
        </span>
        <span>{left === null ? 'time left: …' : `about ${formatDuration(left)} left`}</span>
        <span className="muted">
          {lanes} worker{lanes === 1 ? '' : 's'}
        </span>
        <button type="button" onClick={() => useSeedsStore.getState().cancel()} data-testid="seeds-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}

function SeedsOutcome(): React.JSX.Element | null {
  const status = useSeedsStore((s) => s.status);
  const finished = useSeedsStore((s) => s.finished);
  const total = useSeedsStore((s) => s.total);
  const elapsed = useSeedsStore((s) => s.elapsedMs);
  if (status !== 'done' && status !== 'cancelled') return null;
  return (
    <p className="seeds-control__outcome" role="status" data-testid="seeds-outcome">
      {status === 'cancelled' ? `Cancelled: ${finished} of ${total} runs finished` : `${finished} runs trained`} in {formatDuration(elapsed)}
      {finished > 0 ? ', added to the experiment’s runs (Save keeps them).' : '.'}
    </p>
  );
}
