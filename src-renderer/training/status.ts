/** What to tell the user about a run: converging, converged, stalled, diverged. */
import type { EpochRecord } from '../../src-shared/engine/trainer';
import type { EngineState } from '../../src-shared/protocol/engine';
import type { TrainingConfig } from '../../src-shared/engine/config';

export type RunVerdict =
  | { kind: 'idle' }
  | { kind: 'training' }
  | { kind: 'converged'; loss: number }
  | { kind: 'stalled'; loss: number; epochs: number }
  | { kind: 'finished'; loss: number | null }
  | { kind: 'diverged'; message: string };

/** Mean squared error below which the outputs sit within about 0.03 of their targets. */
export const CONVERGED_LOSS = 1e-3;

/**
 * A run has stalled when, over the last stretch of epochs (a tenth of the run, at least 100
 * epochs), the loss fell by less than 1% while still far from converged: the single neuron on XOR.
 */
export function isStalled(history: readonly EpochRecord[], totalEpochs: number): { stalled: boolean; window: number } {
  const window = Math.max(100, Math.floor(totalEpochs / 10));
  const n = history.length;
  if (n < window + 1) return { stalled: false, window };
  const now = history[n - 1].loss;
  const then = history[n - 1 - window].loss;
  if (!(now > CONVERGED_LOSS)) return { stalled: false, window };
  return { stalled: then - now < 0.01 * then, window };
}

export function verdict(input: {
  state: EngineState;
  history: readonly EpochRecord[];
  epochs: number;
  divergence: string | null;
}): RunVerdict {
  const { state, history, epochs, divergence } = input;
  if (state === 'diverged') return { kind: 'diverged', message: divergence ?? 'Training diverged: the loss became NaN or infinite.' };
  const loss = history.length > 0 ? history[history.length - 1].loss : null;
  if (loss !== null && loss < CONVERGED_LOSS) return { kind: 'converged', loss };
  const stall = isStalled(history, epochs);
  if (loss !== null && stall.stalled) return { kind: 'stalled', loss, epochs: stall.window };
  if (state === 'training') return { kind: 'training' };
  if (state === 'done') return { kind: 'finished', loss };
  return { kind: 'idle' };
}

/**
 * What to try when a run stalls. A network without a hidden layer cannot separate XOR; summed
 * gradients over many examples per update make each (S)GD step that many times larger than the
 * learning rate suggests (the post's XOR sums 4; a 200-point set with the same rate saturates
 * every neuron) — not Adam's, which scales its steps itself, and not when the total is small;
 * otherwise the usual suspects.
 */
export function stallAdvice(run: {
  hiddenLayers: number;
  classification: boolean;
  training: Pick<TrainingConfig, 'updateMode' | 'reduction' | 'batchSize' | 'learningRate' | 'optimizer'>;
  samples: number;
}): string {
  if (run.hiddenLayers === 0 && run.classification) {
    return 'With no hidden layer the network can only draw one straight line; if no line separates the classes (XOR), add a Dense layer.';
  }
  const { updateMode, reduction, batchSize, learningRate, optimizer } = run.training;
  const rows = updateMode === 'batch' ? run.samples : updateMode === 'minibatch' ? Math.min(batchSize, run.samples) : 1;
  if (reduction === 'sum' && optimizer.type !== 'adam' && rows > 16 && learningRate * rows > 1) {
    const smaller = Number((learningRate / rows).toPrecision(2));
    return (
      `Each update sums the gradients of ${rows.toLocaleString('en-US')} examples, so its step is ${rows.toLocaleString('en-US')} times ` +
      `what a learning rate of ${learningRate} takes for one example: try Averaged gradients, or a learning rate near ${smaller}.`
    );
  }
  return 'Try another learning rate or seed, or more hidden units.';
}

/** "2m 05s", "12s", "0.4s": short enough for a progress bar. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Time left at the current rate; null while the rate is unknown. */
export function timeLeftMs(p: { updates: number; epochs: number; updatesPerSecond: number }, updatesPerEpoch: number): number | null {
  const total = p.epochs * updatesPerEpoch;
  if (!(p.updatesPerSecond > 0) || updatesPerEpoch <= 0) return null;
  return (Math.max(0, total - p.updates) / p.updatesPerSecond) * 1000;
}

/** Losses such as 0.000355 or 2.1e-7, in the post's six-decimal style while that still reads. */
export function formatLoss(loss: number | null): string {
  if (loss === null) return '—';
  // NaN or infinity: say what happened rather than print the number.
  if (!Number.isFinite(loss)) return 'diverged';
  if (loss === 0) return '0';
  return Math.abs(loss) >= 1e-4 && Math.abs(loss) < 1e4 ? loss.toFixed(6) : loss.toExponential(2);
}
