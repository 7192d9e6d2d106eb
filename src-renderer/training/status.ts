/**
 * What to tell the user about a run. The verdict itself (converged, stalled, saturated,
 * diverged) is src-shared's, so the app and the command line say the same thing.
 */
export {
  CONVERGED_LOSS,
  isStalled,
  networkOutputs,
  runStatus as verdict,
  stallAdvice,
  type RunStatus as RunVerdict,
} from '../../src-shared/engine/run-status';
export { formatDuration } from '../../src-shared/duration';

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

/** "97.5%", "100%": a share of samples classified right. */
export function formatAccuracy(accuracy: number): string {
  if (!Number.isFinite(accuracy)) return '—';
  const percent = accuracy * 100;
  return `${percent === 100 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}
