/** Train / Pause, Step, Reset and the speed, from slow motion to full speed. */
import { getPlatform } from '../platform';
import { SPEEDS, useTrainingStore } from '../store/training';

export function speedLabel(speed: number): string {
  if (speed === 0) return 'Full speed';
  if (speed === 60) return '60 updates/s (one per frame)';
  return `${speed} update${speed === 1 ? '' : 's'}/s${speed < 60 ? ' (slow motion)' : ''}`;
}

export function RunControls(): React.JSX.Element {
  const state = useTrainingStore((s) => s.engineState);
  const connected = useTrainingStore((s) => s.connected);
  const speed = useTrainingStore((s) => s.speed);
  const stale = useTrainingStore((s) => s.stale);
  const engineLost = useTrainingStore((s) => s.engineLost);
  const { train, pause, step, reset, setSpeed } = useTrainingStore.getState();
  const training = state === 'training';
  const speedIndex = Math.max(0, SPEEDS.indexOf(speed as (typeof SPEEDS)[number]));
  const finished = (state === 'done' || state === 'diverged') && !stale;

  return (
    <div className="run-controls">
      <div className="run-controls__buttons">
        {training ? (
          <button type="button" className="primary" onClick={pause} aria-keyshortcuts="Space">
            Pause
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={train}
            disabled={!connected}
            title={finished ? 'Start a new run from the initial weights' : state === 'paused' && !stale ? 'Continue training' : 'Train the design'}
          >
            {finished ? 'Train again' : state === 'paused' && !stale ? 'Continue' : 'Train'}
          </button>
        )}
        <button type="button" onClick={() => step(1)} disabled={!connected || training || finished} title="Run one update (a sample or a batch), then pause">
          Step
        </button>
        <button type="button" onClick={reset} disabled={!connected || training} title="Back to the initial weights">
          Reset
        </button>
      </div>
      {engineLost !== null && (
        <p className="training-panel__problem" role="alert">
          The training engine stopped twice in a row.{' '}
          <button type="button" onClick={() => getPlatform().engine.restart()} data-testid="restart-engine">
            Restart engine
          </button>
        </p>
      )}
      <label className="run-controls__speed">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={SPEEDS.length - 1}
          step={1}
          value={speedIndex}
          aria-valuetext={speedLabel(speed)}
          onChange={(e) => setSpeed(SPEEDS[Number(e.currentTarget.value)])}
        />
        <span className="run-controls__speed-value">{speedLabel(speed)}</span>
      </label>
    </div>
  );
}
