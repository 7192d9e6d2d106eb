/** Between a live trainer and a saved run: weights as JSON numbers, history thinned, status named. */
import type { LayerParameters } from '../engine/network';
import type { EpochRecord, Trainer } from '../engine/trainer';
import { decimateHistory } from './history';
import type { Run, RunStatus, SavedLayerParameters } from './schema';

export interface RunOptions {
  id?: string;
  /** When the run was saved; a fixed date makes tests and golden files reproducible. */
  createdAt?: Date;
}

/** A trainer's state as a saved run. A diverged run keeps no weights: NaN cannot be written. */
export function runFromTrainer(trainer: Trainer, options: RunOptions = {}): Run {
  const parameters = trainer.network.getParameters().map(toSaved);
  const finite = parameters.every((p) => p.W.every(Number.isFinite) && p.b.every(Number.isFinite));
  const run: Run = {
    id: options.id ?? 'run-1',
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    epoch: trainer.epoch,
    updates: trainer.updates,
    status: runStatus(trainer),
    parameters: finite ? parameters : [],
    history: decimateHistory(trainer.history.filter((h) => Number.isFinite(h.loss))),
  };
  if (trainer.divergedAt) run.divergedAt = { ...trainer.divergedAt };
  return run;
}

function runStatus(trainer: Trainer): RunStatus {
  if (trainer.status === 'done' || trainer.status === 'diverged') return trainer.status;
  return trainer.updates === 0 ? 'ready' : 'paused';
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
