/** What a sweep's cells came to: each cell's runs folded into the figures a table shows. */
import type { Run } from '../experiment';
import { meets, type StopRule } from './until';

export interface CellSummary {
  runs: number;
  /** Runs whose end meets the stop rule (the verdict: "reached loss < 0.01 in 7 of 10 seeds"). */
  reached: number | null;
  diverged: number;
  failed: number;
  finalLoss: { median: number; min: number; max: number } | null;
  accuracy: { median: number; min: number; max: number } | null;
}

function spread(values: number[]): { median: number; min: number; max: number } | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

export function summarizeCell(runs: readonly Run[], until: StopRule | null): CellSummary {
  const finished = runs.filter((r) => r.outcome !== 'failed' && r.status !== 'diverged');
  return {
    runs: runs.length,
    reached: until ? runs.filter((r) => meets(until, until.metric === 'loss' ? r.finalLoss : r.accuracy)).length : null,
    diverged: runs.filter((r) => r.status === 'diverged').length,
    failed: runs.filter((r) => r.outcome === 'failed').length,
    finalLoss: spread(finished.flatMap((r) => (r.finalLoss === undefined ? [] : [r.finalLoss]))),
    accuracy: spread(finished.flatMap((r) => (r.accuracy === undefined ? [] : [r.accuracy]))),
  };
}

/** "reached loss < 0.01 in 7 of 10 seeds" (or "…of 10 runs" for one seed a cell). */
export function verdict(summary: CellSummary, until: StopRule, seeds: number): string {
  return `reached ${until.text} in ${summary.reached} of ${summary.runs} ${seeds > 1 ? 'seeds' : 'runs'}`;
}
