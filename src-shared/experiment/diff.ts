/**
 * What changed between two experiments (or two runs' setups) and what it did: the network layer
 * by layer, the task, the training settings one by one, and the latest run of each — its final
 * loss and accuracy. `nn-designer diff` prints it; the app's run comparison reads the same.
 */
import { describeTask } from '../datasets';
import type { ExperimentSetup } from '../setup';
import { latestRunOf, networkDifferences } from './run-binding';
import type { Experiment, Run } from './schema';

export interface SetupDiff {
  design: string[];
  task: string | null;
  /** `learningRate: 2 → 0.5`, one per setting that differs (nested ones by their path). */
  training: string[];
}

export interface ExperimentDiff extends SetupDiff {
  /** What the latest run of each design came to. */
  runs: { a: RunFacts | null; b: RunFacts | null; loss: string | null; accuracy: string | null };
}

export interface RunFacts {
  id: string;
  epoch: number;
  finalLoss?: number;
  accuracy?: number;
  testAccuracy?: number;
}

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) for (const [p, t] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(p, t);
  } else if (value !== undefined) out.set(prefix, JSON.stringify(value));
  return out;
}

export function diffSetups(a: ExperimentSetup, b: ExperimentSetup): SetupDiff {
  const ta = flatten(a.training);
  const tb = flatten(b.training);
  const keys = [...new Set([...ta.keys(), ...tb.keys()])];
  const training = keys.filter((k) => ta.get(k) !== tb.get(k)).map((k) => `${k}: ${ta.get(k) ?? '(none)'} → ${tb.get(k) ?? '(none)'}`);
  const taskA = JSON.stringify(a.task);
  const taskB = JSON.stringify(b.task);
  return { design: networkDifferences(a.design, b.design), task: taskA === taskB ? null : `${describeTask(a.task)} → ${describeTask(b.task)}`, training };
}

function facts(run: Run | undefined): RunFacts | null {
  if (!run) return null;
  return { id: run.id, epoch: run.epoch, finalLoss: run.finalLoss, accuracy: run.accuracy, testAccuracy: run.testAccuracy };
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export function diffExperiments(a: Experiment, b: Experiment): ExperimentDiff {
  const ra = facts(a.runs[latestRunOf(a.runs, a.setup.design)]);
  const rb = facts(b.runs[latestRunOf(b.runs, b.setup.design)]);
  const la = ra?.finalLoss;
  const lb = rb?.finalLoss;
  const loss = la !== undefined && lb !== undefined ? `${la.toPrecision(4)} → ${lb.toPrecision(4)}${la > 0 ? ` (× ${(lb / la).toPrecision(3)})` : ''}` : null;
  const accuracy = ra?.accuracy !== undefined && rb?.accuracy !== undefined ? `${pct(ra.accuracy)} → ${pct(rb.accuracy)}` : null;
  return { ...diffSetups(a.setup, b.setup), runs: { a: ra, b: rb, loss, accuracy } };
}
