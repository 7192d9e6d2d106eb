/** Between a live trainer and a saved run: weights named by their layers, history thinned, status named. */
import type { LayerParameters } from '../engine/model';
import { isReportEpoch, predictionRows } from '../engine/report';
import { networkOutputs, runStatus as runOutcome } from '../engine/run-status';
import type { EpochRecord, Trainer } from '../engine/trainer';
import { compileDesign } from '../network/compile';
import type { Design } from '../network/design';
import { decimateHistory } from './history';
import { listing } from './problems';
import { base64Length } from './float64-base64';
import { weightsFor } from './run-binding';
import { scalingOf } from './run-scaling';
import { DECIMAL_VALUES, HISTORY_POINTS, LIMITS, type Run, type RunStatus, type SavedLayerParameters } from './schema';
import { outputActivation } from '../engine/plan-info';
import { classMetrics, heldOutSet } from '../engine/metrics';

export interface RunOptions {
  id?: string;
  /** When the run was saved; a fixed date makes tests and golden files reproducible. */
  createdAt?: Date;
  /** The trainer is done with its weights: the run holds its arrays, not copies (a large run, saved once). */
  shareWeights?: boolean;
}

/**
 * A trainer's state as a saved run: its settings and seed, the design it trained (`design`, the
 * one its plan was compiled from), what it came to, and (unless it diverged: NaN cannot be
 * written) its weights, each set named by its layer.
 */
export function runFromTrainer(trainer: Trainer, design: Design, options: RunOptions = {}): Run {
  const { plan } = trainer;
  const finite = trainer.network.trainables.every((p) => p.W.every(Number.isFinite) && p.b.every(Number.isFinite));
  // Predictions first: they may grow the kernel's memory, which moves the network's own arrays.
  const outcome = outcomeOf(trainer);
  const accuracy = finite ? accuracyOf(trainer) : null;
  const test = finite ? heldOutResults(trainer) : null;
  // getParameters copies; the trainables are the network's own arrays.
  const weights: readonly LayerParameters[] = options.shareWeights ? trainer.network.trainables : trainer.network.getParameters();
  const parameters = weights.map((p, k) => ({ node: plan.steps[plan.trainable[k]].id, W: p.W, b: p.b }));
  const history = trainer.history.filter((h) => Number.isFinite(h.loss));
  const epochs = trainer.config.epochs;
  const run: Run = {
    id: options.id ?? 'run-1',
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    epoch: trainer.epoch,
    updates: trainer.updates,
    status: statusOf(trainer),
    design: structuredClone(design),
    parameters: finite ? parameters : [],
    history: decimateHistory(history, HISTORY_POINTS, (e) => isReportEpoch(e, epochs)),
    settings: structuredClone(trainer.config),
    outcome,
  };
  if (trainer.divergedAt) run.divergedAt = { ...trainer.divergedAt };
  const scaling = scalingOf(trainer.data);
  if (scaling) run.scaling = scaling;
  const last = history[history.length - 1];
  if (last) run.finalLoss = last.loss;
  if (accuracy !== null) run.accuracy = accuracy;
  if (test) Object.assign(run, test);
  return run;
}

/** Loss and accuracy on the rows the split holds out; null without a split. */
export function heldOutResults(trainer: Trainer): { testLoss: number; testAccuracy?: number } | null {
  const held = heldOutSet(trainer.data);
  if (!held) return null;
  const testLoss = trainer.evaluateLoss(held);
  if (!Number.isFinite(testLoss)) return null;
  const metrics = classMetrics(held, (x, n) => trainer.network.predict(x, n), held.count);
  return metrics ? { testLoss, testAccuracy: metrics.accuracy } : { testLoss };
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
  if (status.kind === 'idle' || status.kind === 'training') return undefined;
  // The file keeps the accuracy beside the outcome: a run no better than chance is a finished one there.
  return status.kind === 'chance' ? 'finished' : status.kind;
}

/** Share of training samples classified right (all of them, not the sample the plots use). */
function accuracyOf(trainer: Trainer): number | null {
  const { data, network } = trainer;
  return classMetrics(data, (x, n) => network.predict(x, n), data.count)?.accuracy ?? null;
}

/** A layer's weights as a run saves them: a copy, named by the layer's node id. */
export function toSaved(p: LayerParameters, node: string): SavedLayerParameters {
  return { node, W: p.W.slice(), b: p.b.slice() };
}

/**
 * A run of `design` holding the given weights (in its plan's order) at epoch 0: an imported
 * model's, say, so it predicts at once and trains on from them.
 */
export function runOfWeights(design: Design, parameters: readonly LayerParameters[], options: RunOptions = {}): Run {
  const compiled = compileDesign(design);
  if (!compiled.ok) throw new Error(`the design cannot run: ${compiled.problems[0].message}`);
  const { plan } = compiled;
  if (parameters.length !== plan.trainable.length) throw new Error(`expected weights for ${plan.trainable.length} layers, got ${parameters.length}`);
  return {
    id: options.id ?? 'run-1',
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    epoch: 0,
    updates: 0,
    status: 'ready',
    design: structuredClone(design),
    parameters: parameters.map((p, k) => toSaved(p, plan.steps[plan.trainable[k]].id)),
    history: [],
  };
}

/**
 * What the engine's `load` command (and `Trainer.restore`) takes to continue a saved run of
 * `design`, weights in its plan's order; undefined when the run kept no weights or is not this
 * design's (run-binding.ts).
 */
export function restoreOf(run: Run, design: Design): { parameters: LayerParameters[]; epoch: number; updates: number; history: EpochRecord[] } | undefined {
  const weights = weightsFor(run, design);
  if (!weights) return undefined;
  return { parameters: weights.map((p) => ({ W: p.W.slice(), b: p.b.slice() })), epoch: run.epoch, updates: run.updates, history: run.history.map((h) => ({ ...h })) };
}

/** A run reduced to its summary: settings, seed, outcome, final loss and accuracy; no weights, history or design. */
export function summarizeRun(run: Run): Run {
  const last = run.history[run.history.length - 1];
  const summary: Run = { ...run, parameters: [], history: [], summary: true };
  delete summary.design;
  if (summary.finalLoss === undefined && last) summary.finalLoss = last.loss;
  return summary;
}

/** Characters one weight list takes in a file: decimal numbers of up to 24 characters, or base64. */
const valuesBytes = (n: number): number => (n <= DECIMAL_VALUES ? 24 * n : base64Length(n) + 32);

/** Bytes a run takes in a file: its weights exactly as written (within the decimals' widths), its history and design roughly. */
export const runBytes = (run: Run): number =>
  run.parameters.reduce((n, p) => n + valuesBytes(p.W.length) + valuesBytes(p.b.length) + 64, 0) +
  48 * run.history.length +
  (run.design ? 300 * run.design.nodes.length + 120 * run.design.edges.length : 0) +
  1024;

export interface AppendResult {
  runs: Run[];
  /** What happened to older runs (kept as summaries, or dropped past the limit), for the user; null when nothing did. */
  notice: string | null;
}

/**
 * The runs a file keeps once `run` is added (or replaces the run with id `replaces`). Every run
 * is kept, those of earlier designs too (each holds the design it was trained on): the latest
 * `LIMITS.fullRuns` in full, as long as they fit in a readable file beside the newest; older ones
 * as summaries; past `LIMITS.runSummaries` summaries the oldest go. Whatever is reduced or
 * dropped is said in `notice`.
 */
export function appendRun(existing: readonly Run[], run: Run, options: { replaces?: string } = {}): AppendResult {
  const runs = existing.slice();
  const at = options.replaces === undefined ? -1 : runs.findIndex((r) => r.id === options.replaces);
  if (at >= 0) runs[at] = { ...run, id: runs[at].id };
  else runs.push({ ...run, id: freshId(runs) });

  const notes: string[] = [];
  // Newest first: full runs while the count and the size allow, then summaries. The newest is
  // always kept in full (a design the budget admits fits a file on its own, see LIMITS.fileBytes).
  const budget = LIMITS.fileBytes / 2;
  let bytes = 0;
  let full = 0;
  const reduced: string[] = [];
  for (let i = runs.length - 1; i >= 0; i--) {
    if (runs[i].summary) continue;
    bytes += runBytes(runs[i]);
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
