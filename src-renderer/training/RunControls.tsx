/**
 * Train / Pause, Step, Reset and the pace: "Watch" shows the whole run in about eight seconds,
 * "Full speed" trains as fast as the engine can, "Slow motion" steps through it update by update.
 */
import { useId } from 'react';
import { getPlatform } from '../platform';
import { SLOW_SPEEDS, useTrainingStore, WATCH_SECONDS, type Pace } from '../store/training';

export function speedLabel(speed: number): string {
  if (speed === 0) return 'Full speed';
  if (speed === 60) return '60 updates/s (one per frame)';
  return `${speed.toLocaleString('en-US')} update${speed === 1 ? '' : 's'}/s${speed < 60 ? ' (slow motion)' : ''}`;
}

type PaceKind = 'watch' | 'full' | 'slow';
const kindOf = (pace: Pace): PaceKind => (typeof pace === 'number' ? 'slow' : pace);

const PACES: { kind: PaceKind; label: string; title: string }[] = [
  { kind: 'watch', label: 'Watch', title: `Show the whole run in about ${WATCH_SECONDS} seconds, so you can see it learn` },
  { kind: 'full', label: 'Full speed', title: 'Train as fast as the engine can' },
  { kind: 'slow', label: 'Slow motion', title: 'A few updates a second, to follow single steps' },
];

export function RunControls(): React.JSX.Element {
  const state = useTrainingStore((s) => s.engineState);
  const connected = useTrainingStore((s) => s.connected);
  const pace = useTrainingStore((s) => s.pace);
  const speed = useTrainingStore((s) => s.speed);
  const stale = useTrainingStore((s) => s.stale);
  const engineLost = useTrainingStore((s) => s.engineLost);
  const deferredBuild = useTrainingStore((s) => s.deferredBuild);
  const { train, pause, step, reset, setPace } = useTrainingStore.getState();
  const name = useId();
  const training = state === 'training';
  const finished = (state === 'done' || state === 'diverged') && !stale;
  const kind = kindOf(pace);
  const slowIndex = typeof pace === 'number' ? Math.max(0, (SLOW_SPEEDS as readonly number[]).indexOf(pace)) : 2;

  return (
    <div className="run-controls">
      <div className="run-controls__buttons">
        {training ? (
          <button type="button" className="primary" onClick={pause} aria-keyshortcuts="Space" title="Pause (Space)">
            Pause
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={train}
            disabled={!connected}
            aria-keyshortcuts="Space"
            title={`${finished ? 'Start a new run from the initial weights' : state === 'paused' && !stale ? 'Continue training' : 'Train the design'} (Space)`}
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
      <div className="run-controls__pace" role="radiogroup" aria-label="Pace">
        {PACES.map((p) => (
          <label key={p.kind} className={`run-controls__pace-option${kind === p.kind ? ' checked' : ''}`} title={p.title}>
            <input
              type="radio"
              name={name}
              value={p.kind}
              checked={kind === p.kind}
              onChange={() => setPace(p.kind === 'slow' ? SLOW_SPEEDS[slowIndex] : p.kind)}
            />
            {p.label}
          </label>
        ))}
      </div>
      {kind === 'slow' ? (
        <label className="run-controls__speed">
          <span>Updates per second</span>
          <input
            type="range"
            min={0}
            max={SLOW_SPEEDS.length - 1}
            step={1}
            value={slowIndex}
            aria-valuetext={speedLabel(SLOW_SPEEDS[slowIndex])}
            onChange={(e) => setPace(SLOW_SPEEDS[Number(e.currentTarget.value)])}
          />
          <span className="run-controls__speed-value">{speedLabel(SLOW_SPEEDS[slowIndex])}</span>
        </label>
      ) : (
        <p className="run-controls__speed-value" data-testid="pace-note">
          {kind === 'full' ? 'As fast as the engine can.' : speed > 0 ? `The whole run in about ${WATCH_SECONDS} s (${speedLabel(speed)}).` : `The whole run in about ${WATCH_SECONDS} s.`}
        </p>
      )}
      {deferredBuild !== null && (
        <p className="run-controls__speed-value" data-testid="deferred-build">
          A large network ({deferredBuild.toLocaleString('en-US')} weights and biases): it is built when you press Train or Step.
        </p>
      )}
    </div>
  );
}
