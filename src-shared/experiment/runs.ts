/** Between a live trainer and a saved run: weights as JSON numbers, history thinned, status named. */
import type { LayerParameters } from '../engine/network';
import { isReportEpoch, predictionRows } from '../engine/report';
import { networkOutputs, runStatus as runOutcome } from '../engine/run-status';
import type { EpochRecord, Trainer } from '../engine/trainer';
import type { Design } from '../network/design';
import { decimateHistory } from './history';
import { listing } from './problems';
import { layerShapes } from './run-shapes';
import { HISTORY_POINTS, LIMITS, type Run, type RunStatus, type SavedLayerParameters } from './schema';
import { outputActivation } from '../engine/plan-info';
import { classMetrics } from '../engine/metrics';

export interface RunOptions {
  id?: string;
  /** When the run was saved; a fixed date makes tests and golden files reproducible. */
  createdAt?: Date;
}

/**
 * A trainer's state as a saved run: its settings and seed, what it came to, and (unless it
 * diverged: NaN cannot be written) its weights.
 */
export function runFromTrainer(trainer: Trainer, options: RunOptions = {}): Run {
  const parameters = trainer.network.getParameters().map(toSaved);
  const finite = parameters.every((p) => p.W.every(Number.isFinite) && p.b.every(Number.isFinite));
  const history = trainer.history.filter((h) => Number.isFinite(h.loss));
  const epochs = trainer.config.epochs;
  const run: Run = {
    id: options.id ?? 'run-1',
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    epoch: trainer.epoch,
    updates: trainer.updates,
    status: statusOf(trainer),
    parameters: finite ? parameters : [],
    history: decimateHistory(history, HISTORY_POINTS, (e) => isReportEpoch(e, epochs)),
    settings: structuredClone(trainer.config),
    outcome: outcomeOf(trainer),
  };
  if (trainer.divergedAt) run.divergedAt = { ...trainer.divergedAt };
  const last = history[history.length - 1];
  if (last) run.finalLoss = last.loss;
  const accuracy = finite ? accuracyOf(trainer) : null;
  if (accuracy !== null) run.accuracy = accuracy;
  return run;
}

function statusOf(trainer: Trainer): RunStatus {
  if (trainer.status === 'done' || trainer.status === 'diverged') return trainer.status;
  return trainer.updates === 0 ? 'ready' : 'paused';
}

/** The run's outcome once it has ended; none while it can still go on. */
function outcomeOf(trainer: Trainer): Run['outcome'] {
  if (!trainer.done) return undefined;
  const rows = trainer.status === 'diverged' ? [] : predictionRows(trainer.data, (x, n) => trainer.network.predict(x, n));
  const status = runOutcome({
    state: trainer.status,
    history: trainer.history,
    epochs: trainer.config.epochs,
    outputs: { activation: outputActivation(trainer.plan), values: networkOutputs(rows, trainer.data.display) },
    training: trainer.config,
    samples: trainer.data.count,
  });
  return status.kind === 'idle' || status.kind === 'training' ? undefined : status.kind;
}

/** Share of training samples classified right (all of them, not the sample the plots use). */
function accuracyOf(trainer: Trainer): number | null {
  const { data, network } = trainer;
  return classMetrics(data, (x, n) => network.predict(x, n), data.count)?.accuracy ?? null;
}

export function toSaved(p: LayerParameters): SavedLayerParameters {
  return { W: Array.from(p.W), b: Array.from(p.b) };
}

export function fromSaved(p: SavedLayerParameters): LayerParameters {
  return { W: Float64Array.from(p.W), b: Float64Array.from(p.b) };
}

/**
 * What the engine's `load` command (and `Trainer.restore`) takes to continue a saved run;
 * undefined when the run kept no weights.
 */
export function restoreOf(run: Run): { parameters: LayerParameters[]; epoch: number; updates: number; history: EpochRecord[] } | undefined {
  if (run.parameters.length === 0) return undefined;
  return { parameters: run.parameters.map(fromSaved), epoch: run.epoch, updates: run.updates, history: run.history.map((h) => ({ ...h })) };
}

/** A run reduced to its summary: settings, seed, outcome, final loss and accuracy; no weights or history. */
export function summarizeRun(run: Run): Run {
  const last = run.history[run.history.length - 1];
  const summary: Run = { ...run, parameters: [], history: [], summary: true };
  if (summary.finalLoss === undefined && last) summary.finalLoss = last.loss;
  return summary;
}

/** Bytes a run takes in a file, roughly (numbers are written with up to 17 digits and a separator). */
const approximateBytes = (run: Run): number => 24 * run.parameters.reduce((n, p) => n + p.W.length + p.b.length, 0) + 48 * run.history.length + 1024;

export interface AppendResult {
  runs: Run[];
  /** What happened to older runs (kept as summaries, or dropped past the limit), for the user; null when nothing did. */
  notice: string | null;
}

/**
 * The runs a file keeps once `run` is added (or replaces the run with id `replaces`). Every run
 * is kept: the latest `LIMITS.fullRuns` in full, as long as they fit well inside a readable file;
 * older ones, and those whose weights no longer fit `design`, as summaries; past
 * `LIMITS.runSummaries` summaries the oldest go. Whatever is reduced or dropped is said in `notice`.
 */
export function appendRun(existing: readonly Run[], run: Run, options: { design?: Design; replaces?: string } = {}): AppendResult {
  const runs = existing.slice();
  const at = options.replaces === undefined ? -1 : runs.findIndex((r) => r.id === options.replaces);
  if (at >= 0) runs[at] = { ...run, id: runs[at].id };
  else runs.push({ ...run, id: freshId(runs) });

  const notes: string[] = [];
  const shapes = options.design ? layerShapes(options.design) : null;
  const stale: string[] = [];
  const fits = (r: Run): boolean =>
    !shapes || (r.parameters.length === shapes.length && r.parameters.every((p, k) => p.W.length === shapes[k].inSize * shapes[k].outSize && p.b.length === shapes[k].outSize));
  for (let i = 0; i < runs.length; i++) {
    if (runs[i].parameters.length > 0 && !fits(runs[i])) {
      stale.push(runs[i].id);
      runs[i] = summarizeRun(runs[i]);
    }
  }
  if (stale.length > 0) {
    notes.push(`Trained on an earlier design, ${describeIds(stale)} ${stale.length === 1 ? 'is kept as a summary' : 'are kept as summaries'} (${stale.length === 1 ? 'its' : 'their'} weights do not fit the design now)`);
  }

  // Newest first: full runs while the count and the size allow, then summaries.
  const budget = LIMITS.fileBytes / 2;
  let bytes = 0;
  let full = 0;
  const reduced: string[] = [];
  for (let i = runs.length - 1; i >= 0; i--) {
    if (runs[i].summary) continue;
    bytes += approximateBytes(runs[i]);
    full++;
    if (full > LIMITS.fullRuns || (bytes > budget && i !== runs.length - 1)) {
      reduced.push(runs[i].id);
      runs[i] = summarizeRun(runs[i]);
    }
  }
  if (reduced.length > 0) {
    notes.push(
      `The file keeps the weights and loss history of its latest ${Math.min(full - reduced.length, LIMITS.fullRuns)} runs; ${describeIds(reduced.reverse())} ` +
        `${reduced.length === 1 ? 'is' : 'are'} kept as ${reduced.length === 1 ? 'a summary' : 'summaries'} (settings, seed, final loss, status)`,
    );
  }

  const summaries = runs.filter((r) => r.summary).length;
  if (summaries > LIMITS.runSummaries) {
    const excess = summaries - LIMITS.runSummaries;
    const dropped = runs.filter((r) => r.summary).slice(0, excess).map((r) => r.id);
    const gone = new Set(dropped);
    runs.splice(0, runs.length, ...runs.filter((r) => !gone.has(r.id)));
    notes.push(`Only ${LIMITS.runSummaries.toLocaleString('en-US')} summaries fit in a file, so the oldest (${describeIds(dropped)}) were left out`);
  }
  return { runs, notice: notes.length > 0 ? `${notes.join('. ')}.` : null };
}

/** `run-N` one past the highest number in use. */
function freshId(runs: readonly Run[]): string {
  let n = 0;
  for (const r of runs) {
    const m = /^run-(\d+)$/.exec(r.id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `run-${n + 1}`;
}

/** "run-3", "run-3 and run-4", "run-1 … run-57 (57 runs)". */
function describeIds(ids: readonly string[]): string {
  if (ids.length <= 3) return listing(ids);
  return `${ids[0]} … ${ids[ids.length - 1]} (${ids.length} runs)`;
}
