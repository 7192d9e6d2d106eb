/**
 * What a frame shows besides its weights: the network's outputs and hidden units over a grid of
 * the input plane (two-input tasks) and the post-style prediction table. The engine builds it for
 * every live snapshot, the renderer for a recorded frame it is scrubbed to (recorded frames keep
 * only weights), so both show the same numbers for the same weights.
 */
import type { Dataset } from '../datasets';
import type { LayerInfo } from '../protocol/engine';
import { evaluateGrid, type GridEvaluation } from './grid';
import { Network, type LayerParameters } from './network';
import { predictionRows, type PredictionRow } from './report';

export interface FrameView {
  grid?: GridEvaluation;
  predictions: PredictionRow[];
}

/** The grid (`gridResolution` cells a side, none when 0 or the task is not on a plane) and the table. */
export function buildFrame(network: Network, dataset: Dataset, gridResolution: number): FrameView {
  const domain = dataset.domain;
  const grid = domain && network.inputSize === 2 && gridResolution > 0 ? evaluateGrid(network, domain, gridResolution) : undefined;
  return { grid, predictions: predictionRows(dataset, (x, n) => network.predict(x, n)) };
}

/**
 * A network for forward passes only, with the given weights. No WebAssembly kernel: it only
 * speeds up training, and scrubbing builds one network per frame.
 */
export function forwardNetwork(layers: readonly Pick<LayerInfo, 'inSize' | 'outSize' | 'activation'>[], parameters: readonly LayerParameters[]): Network {
  // The loss plays no part in a forward pass; any valid one will do.
  const spec = { inputSize: layers[0].inSize, layers: layers.map((l) => ({ units: l.outSize, activation: l.activation })), loss: 'mse' as const };
  const network = new Network(spec, { wasm: false });
  network.setParameters([...parameters]);
  return network;
}

type Numbers = { every(predicate: (v: number) => boolean): boolean };

/** Whether every weight and bias is a number to draw or save (a diverged run's may not be). */
export function parametersAreFinite(parameters: readonly { W: Numbers; b: Numbers }[]): boolean {
  return parameters.every((p) => p.W.every(Number.isFinite) && p.b.every(Number.isFinite));
}
