/**
 * What runs over seeds came to, in words, from the command line's summary of a sweep's cell:
 * "reached loss < 0.01 in 7 of 10 seeds" with a stop rule, else the final loss's median and range.
 */
import type { Run } from '../../src-shared/experiment';
import { summarizeCell, verdict } from '../../src-shared/sweep/summary';
import type { StopRule } from '../../src-shared/sweep/until';
import { formatLoss } from '../training/status';

export interface SeedsVerdict {
  /** The count with a stop rule, else the final loss. */
  headline: string;
  /** The final loss's median and range (with a rule), and runs that diverged or failed. */
  details: string[];
}

export function seedsVerdict(runs: readonly Run[], until: StopRule | null): SeedsVerdict {
  const summary = summarizeCell(runs, until);
  const seeds = `${runs.length} seed${runs.length === 1 ? '' : 's'}`;
  const loss = summary.finalLoss ? `final loss median ${formatLoss(summary.finalLoss.median)} (${formatLoss(summary.finalLoss.min)} to ${formatLoss(summary.finalLoss.max)})` : null;
  const details: string[] = [];
  let headline: string;
  if (until) {
    headline = verdict(summary, until, runs.length);
    if (loss) details.push(loss);
  } else headline = loss ? `${loss} over ${seeds}` : `no run of ${seeds} finished with a loss`;
  if (summary.accuracy && summary.accuracy.min < 1) details.push(`accuracy ${pct(summary.accuracy.min)} to ${pct(summary.accuracy.max)}`);
  if (summary.diverged > 0) details.push(`${summary.diverged} diverged`);
  if (summary.failed > 0) details.push(`${summary.failed} failed`);
  return { headline, details };
}

const pct = (v: number): string => `${(v * 100).toFixed(v === 1 ? 0 : 1)}%`;
