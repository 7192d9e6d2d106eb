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
import { heldOutView } from './scores';
import type { ResolvedSlice } from './slice';

export interface FrameView {
  grid?: GridEvaluation;
  predictions: PredictionRow[];
  /** For classification: accuracy and the confusion matrix (on up to METRIC_SAMPLES samples). */
  metrics?: ClassMetrics;
  /** Where a split holds rows out: the loss on them, and for a classifier their accuracy and confusion. */
  testLoss?: number;
  testMetrics?: ClassMetrics;
}

/**
 * The grid (`gridResolution` cells a side, none when 0 or the task is not on a plane), the
 * table, the class metrics and the held-out rows' scores. A task of two inputs is drawn over its
 * plane; one of more over `slice` (engine/slice.ts), when given.
 */
export function buildFrame(network: Model, dataset: Dataset, gridResolution: number, slice?: ResolvedSlice): FrameView {
  const domain = slice ? slice.domain : dataset.domain;
  const fits = slice ? network.inputSize === slice.values.length : network.inputSize === 2;
  const grid = domain && fits && gridResolution > 0 ? evaluateGrid(network, domain, gridResolution, slice) : undefined;
  const predict = (x: Float64Array, n: number): Float64Array => network.predict(x, n);
  const metrics = classMetrics(dataset, predict) ?? undefined;
  const held = heldOutView(network, dataset);
  return {
    grid,
    predictions: predictionRows(dataset, predict),
    ...(metrics ? { metrics } : {}),
    ...(held && Number.isFinite(held.testLoss) ? { testLoss: held.testLoss } : {}),
    ...(held?.testMetrics ? { testMetrics: held.testMetrics } : {}),
  };
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
