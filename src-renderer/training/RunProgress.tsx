/** The progress bar (epoch, loss, time left) and what to make of the run so far. */
import { useDocumentStore } from '../store/document';
import { useTrainingStore } from '../store/training';
import { formatAccuracy, formatDuration, formatLoss, networkOutputs, stallAdvice, timeLeftMs, verdict, type RunVerdict } from './status';

export function RunProgress(): React.JSX.Element {
  const progress = useTrainingStore((s) => s.progress);
  const state = useTrainingStore((s) => s.engineState);
  const updatesPerEpoch = useTrainingStore((s) => s.updatesPerEpoch);
  const stale = useTrainingStore((s) => s.stale);
  const divergence = useTrainingStore((s) => s.divergence);
  const hiddenLayers = useTrainingStore((s) => Math.max(0, s.layers.length - 1));
  const kind = useTrainingStore((s) => s.dataset?.kind);
  const samples = useTrainingStore((s) => s.dataset?.count ?? 0);
  const training = useTrainingStore((s) => s.loadedSetup?.training);
  const wasm = useTrainingStore((s) => s.wasm);
  const display = useTrainingStore((s) => s.dataset?.display);
  const outputActivation = useTrainingStore((s) => s.layers.at(-1)?.activation);
  const predictions = useTrainingStore((s) => s.snapshot?.predictions);
  const metrics = useTrainingStore((s) => s.snapshot?.metrics ?? null);
  const accuracy = metrics?.accuracy ?? null;
  // Subscribing to the version re-renders as the history grows; the verdict reads its tail.
  useTrainingStore((s) => s.historyVersion);
  const history = useTrainingStore.getState().history;
  const settingsEpochs = useDocumentStore((s) => s.setup.training.epochs);
  const emptyCanvas = useDocumentStore((s) => s.setup.design.nodes.length === 0);
  const refused = useTrainingStore((s) => s.problems.length > 0);

  if (!progress) {
    return (
      <div className="run-progress run-progress--idle" role="status" data-testid="run-idle">
        {emptyCanvas && refused ? 'Nothing to train: the canvas is empty.' : stale ? 'The design has changed: Train loads it and starts a new run.' : 'Not trained yet.'}
      </div>
    );
  }

  // A run that has not begun is the settings' run: its length is theirs, as soon as they change.
  const epochs = stale && progress.updates === 0 ? settingsEpochs : progress.epochs;
  const total = epochs * Math.max(1, updatesPerEpoch);
  const fraction = Math.min(1, progress.updates / Math.max(1, total));
  const left = state === 'training' ? timeLeftMs(progress, updatesPerEpoch) : null;
  const outputs = predictions && outputActivation && display ? { activation: outputActivation, values: networkOutputs(predictions, display) } : null;
  const v = verdict({ state, history, epochs: progress.epochs, divergence, outputs, training, samples, metrics });
  // A verdict before the last epoch may still change: it says "so far".
  const soFar = state !== 'done' && state !== 'diverged' && progress.epoch < progress.epochs ? `so far (epoch ${progress.epoch.toLocaleString('en-US')} of ${progress.epochs.toLocaleString('en-US')})` : null;

  return (
    <div className="run-progress">
      <div
        className={`run-progress__bar run-progress__bar--${v.kind}`}
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={epochs}
        aria-valuenow={progress.epoch}
        aria-valuetext={`Epoch ${progress.epoch} of ${epochs}`}
      >
        <div className="run-progress__fill" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
      </div>
      <dl className="run-progress__figures">
        <div>
          <dt>Epoch</dt>
          <dd data-testid="epoch">
            {progress.epoch.toLocaleString('en-US')} / {epochs.toLocaleString('en-US')}
          </dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd data-testid="loss">{state === 'diverged' ? 'diverged' : formatLoss(progress.loss)}</dd>
        </div>
        {accuracy !== null && (
          <div>
            <dt>Accuracy</dt>
            <dd data-testid="accuracy">{state === 'diverged' ? '—' : formatAccuracy(accuracy)}</dd>
          </div>
        )}
        <div>
          <dt>{state === 'training' ? 'Time left' : 'Time'}</dt>
          {/* A run read from a file trained elsewhere: how long it took is not known here. */}
          <dd data-testid="run-time">
            {state === 'training' ? (left === null ? '…' : formatDuration(left)) : progress.elapsedMs === 0 && progress.updates > 0 ? '—' : formatDuration(progress.elapsedMs)}
          </dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd
            data-testid="speed"
            data-kernel={wasm ? 'webassembly' : 'javascript'}
            title={wasm ? 'Per-sample SGD runs in WebAssembly here' : 'Per-sample SGD runs in JavaScript here (WebAssembly is not available)'}
          >
            {state === 'training' && progress.updatesPerSecond > 0 ? `${Math.round(progress.updatesPerSecond).toLocaleString('en-US')} updates/s` : '—'}
          </dd>
        </div>
      </dl>
      <Verdict
        verdict={v}
        soFar={soFar}
        stale={stale}
        advice={training ? stallAdvice({ hiddenLayers, classification: kind === 'classification', training, samples }) : ''}
      />
    </div>
  );
}

/** "Stalled", or "Stalled so far (epoch 343 of 1,000)" while the run has epochs to go. */
function headline(word: string, soFar: string | null): string {
  return soFar ? `${word} ${soFar}` : word;
}

function Verdict(props: { verdict: RunVerdict; soFar: string | null; stale: boolean; advice: string }): React.JSX.Element | null {
  const { verdict: v, soFar, stale } = props;
  if (stale) {
    return (
      <p className="run-status run-status--stale" role="status">
        The design or settings changed since this run was loaded: Train starts a new run with them.
      </p>
    );
  }
  switch (v.kind) {
    case 'diverged':
      return (
        <p className="run-status run-status--diverged" role="alert" data-testid="run-status">
          {v.message}
        </p>
      );
    case 'converged':
      return (
        <p className="run-status run-status--converged" role="status" data-testid="run-status">
          {headline('Converged', soFar)}: the loss is {formatLoss(v.loss)}, below 0.001.
        </p>
      );
    case 'stalled':
      return (
        <p className="run-status run-status--stalled" role="status" data-testid="run-status">
          {headline('Stalled', soFar)}: the loss ({formatLoss(v.loss)}) has improved by less than 1% over the last {v.epochs.toLocaleString('en-US')} epochs.{' '}
          {props.advice}
        </p>
      );
    case 'saturated':
      return (
        <p className="run-status run-status--saturated" role="status" data-testid="run-status">
          {soFar ? v.message.replace(/^Saturated:/, `${headline('Saturated', soFar)}:`) : v.message}
        </p>
      );
    case 'chance':
      return (
        <p className="run-status run-status--chance" role="status" data-testid="run-status">
          {v.message}
        </p>
      );
    case 'finished':
      return (
        <p className="run-status" role="status" data-testid="run-status">
          Finished: loss {formatLoss(v.loss)}.
        </p>
      );
    default:
      return null;
  }
}
