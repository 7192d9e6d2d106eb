/**
 * Rebuilds what the plots need for a recorded frame: its decision grid and prediction table.
 * Live frames come from the engine complete; recorded ones keep only weights (see recorder.ts),
 * and re-evaluating a small network is a millisecond of work, done only when the user scrubs.
 */
import { buildDataset, type Dataset } from '../../src-shared/datasets';
import { evaluateGrid, type Domain, type GridEvaluation } from '../../src-shared/engine/grid';
import { Network, type LayerParameters } from '../../src-shared/engine/network';
import { predictionRows, type PredictionRow } from '../../src-shared/engine/report';
import type { LayerInfo } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';

type Numbers = { every(predicate: (v: number) => boolean): boolean };

/** Whether every weight and bias is a number to draw or save (a diverged run's may not be). */
export function parametersAreFinite(parameters: readonly { W: Numbers; b: Numbers }[]): boolean {
  return parameters.every((p) => p.W.every(Number.isFinite) && p.b.every(Number.isFinite));
}

export function networkFor(layers: readonly LayerInfo[], parameters: readonly LayerParameters[]): Network {
  // The loss plays no part in a forward pass; any valid one will do. No WebAssembly kernel: it
  // only speeds up training, and scrubbing builds one network per frame.
  const spec = { inputSize: layers[0].inSize, layers: layers.map((l) => ({ units: l.outSize, activation: l.activation })), loss: 'mse' as const };
  const network = new Network(spec, { wasm: false });
  network.setParameters(parameters as LayerParameters[]);
  return network;
}

export function replayFrame(
  layers: readonly LayerInfo[],
  parameters: readonly LayerParameters[],
  dataset: Dataset,
  resolution: number,
): { grid?: GridEvaluation; predictions: PredictionRow[] } {
  const network = networkFor(layers, parameters);
  const domain: Domain | undefined = dataset.domain;
  const grid = domain && network.inputSize === 2 && resolution > 0 ? evaluateGrid(network, domain, resolution) : undefined;
  return { grid, predictions: predictionRows(dataset, (x, n) => network.predict(x, n)) };
}

const datasets = new WeakMap<ExperimentSetup, Dataset>();

/** The loaded setup's data, built once per setup (the engine has its own copy). */
export function datasetOf(setup: ExperimentSetup): Dataset {
  let d = datasets.get(setup);
  if (!d) datasets.set(setup, (d = buildDataset(setup.task)));
  return d;
}
