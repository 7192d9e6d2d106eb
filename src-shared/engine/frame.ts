/**
 * What a frame shows besides its weights: the network's outputs and hidden units over a grid of
 * the input plane (two-input tasks) and the post-style prediction table. The engine builds it for
 * every live snapshot, the renderer for a recorded frame it is scrubbed to (recorded frames keep
 * only weights), so both show the same numbers for the same weights.
 */
import type { Dataset } from '../datasets';
import type { Plan } from '../network/compile';
import { createModel } from './create-model';
import { evaluateGrid, type GridEvaluation } from './grid';
import { classMetrics, type ClassMetrics } from './metrics';
import type { Model } from './model';
import type { LayerParameters } from './network';
import { predictionRows, type PredictionRow } from './report';

export interface FrameView {
  grid?: GridEvaluation;
  predictions: PredictionRow[];
  /** For classification: accuracy and the confusion matrix (on up to METRIC_SAMPLES samples). */
  metrics?: ClassMetrics;
}

/** The grid (`gridResolution` cells a side, none when 0 or the task is not on a plane), the table and the class metrics. */
export function buildFrame(network: Model, dataset: Dataset, gridResolution: number): FrameView {
  const domain = dataset.domain;
  const grid = domain && network.inputSize === 2 && gridResolution > 0 ? evaluateGrid(network, domain, gridResolution) : undefined;
  const predict = (x: Float64Array, n: number): Float64Array => network.predict(x, n);
  const metrics = classMetrics(dataset, predict) ?? undefined;
  return { grid, predictions: predictionRows(dataset, predict), ...(metrics ? { metrics } : {}) };
}

/**
 * A network for forward passes only, with the given weights. No WebAssembly kernel: it only
 * speeds up training, and scrubbing builds one network per frame.
 */
export function forwardNetwork(plan: Plan, parameters: readonly LayerParameters[]): Model {
  const network = createModel(plan, { wasm: false });
  network.setParameters([...parameters]);
  return network;
}

type Numbers = { every(predicate: (v: number) => boolean): boolean };

/** Whether every weight and bias is a number to draw or save (a diverged run's may not be). */
export function parametersAreFinite(parameters: readonly { W: Numbers; b: Numbers }[]): boolean {
  return parameters.every((p) => p.W.every(Number.isFinite) && p.b.every(Number.isFinite));
}
