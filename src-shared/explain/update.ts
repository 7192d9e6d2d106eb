/**
 * One training update with every term of it: the forward values, the output error, each neuron's
 * error term (the chain-rule product), each weight's gradient and change, and the new weights.
 * Every number is computed with the engine's own functions in the engine's order, so the new
 * weights are the ones the trainer's next update gives, bit for bit (test/unit/explain-update.test.ts).
 */
import { activate, backpropActivation, LEAKY_SLOPE, type Activation } from '../engine/activations';
import type { UpdateMode, Reduction } from '../engine/config';
import { denseDown, denseForward, denseGradients } from '../engine/dense-math';
import { fusedDelta, fusesWithActivation, lossGradient, sampleLoss, type Loss } from '../engine/losses';
import type { LayerParameters } from '../engine/model';
import { buildDataset, type Dataset } from '../datasets';
import { kindOf, isNodeType } from '../layers';
import { nodeName, type Plan } from '../network/compile';
import type { ExperimentSetup } from '../setup';
import { checkSetup } from '../setup-check';

/** Most weights and biases a sheet lists one by one: beyond this it is too long to read. */
export const MAX_EXPLAINED_PARAMETERS = 2000;
/** Most examples one explained full-batch update may sum. */
export const MAX_EXPLAINED_EXAMPLES = 64;

/** What one example contributes in one layer. */
export interface ExampleLayerTerms {
  /** z = inputs · W + b, per neuron. */
  z: number[];
  /** a = f(z). */
  a: number[];
  /**
   * dL/da: for the output layer the loss gradient, for a hidden one what the layer above passes
   * down (Σ over the neurons above of their δ × the weight to them). Null for the output layer of
   * a fused loss (bce after sigmoid, cross-entropy after softmax), whose δ is out − target directly.
   */
  upstream: number[] | null;
  /** f'(z), the activation's slope at z (shown; δ is computed as the engine computes it); null where `upstream` is. */
  slope: number[] | null;
  /** δ = dL/dz = upstream × slope. */
  delta: number[];
  /** This example's gradient of each weight, input k × δ j, row-major as W (k × outSize + j). */
  gradW: number[];
  /** This example's gradient of each bias: δ. */
  gradB: number[];
}

export interface ExampleTerms {
  /** Its row in the training set (0-based). */
  index: number;
  x: number[];
  y: number[];
  /** This example's loss before the update. */
  loss: number;
  layers: ExampleLayerTerms[];
}

export interface LayerUpdate {
  /** The design node's id and its name as the canvas shows it. */
  id: string;
  name: string;
  activation: Activation;
  /** Leaky ReLU's slope below zero. */
  leak: number;
  inSize: number;
  outSize: number;
  /** The weights before the update, W row-major: inSize × outSize, W[k × outSize + j] from input k to neuron j. */
  W: number[];
  b: number[];
  /** The update's gradient: one example's, or the batch's sum (times 1/rows for a mean). */
  gradW: number[];
  gradB: number[];
  /** −learning rate × gradient. */
  changeW: number[];
  changeB: number[];
  /** W + change: what the engine holds after the update. */
  newW: number[];
  newB: number[];
}

export interface UpdateExplanation {
  /** One example (per-sample SGD) or every example summed (full batch). */
  kind: 'sample' | 'batch';
  updateMode: UpdateMode;
  reduction: Reduction;
  /** The factor on the summed gradient: 1, or 1/rows for a mean over a batch. */
  scale: number;
  learningRate: number;
  loss: Loss;
  /** Whether the output's δ is out − target directly (see ExampleLayerTerms.upstream). */
  fused: boolean;
  datasetName: string;
  /** Rows in the training set. */
  datasetCount: number;
  inputSize: number;
  outputSize: number;
  examples: ExampleTerms[];
  layers: LayerUpdate[];
}

export type ExplainResult = { ok: true; explanation: UpdateExplanation } | { ok: false; message: string };

const WORKS = 'It explains chains of Dense layers (Input → Dense… → Output) trained with plain SGD, one example or the full batch at a time, as the post\'s four experiments are';

/** Why a design is not a chain of Dense layers, naming the node. */
function notAChain(setup: ExperimentSetup, plan: Plan): string {
  const byId = new Map(setup.design.nodes.map((n) => [n.id, n]));
  const name = (id: string): string => {
    const node = byId.get(id);
    return node ? nodeName(node) : id;
  };
  const odd = plan.steps.find((s, k) => k > 0 && s.type !== 'dense' && s.type !== 'output');
  if (odd) {
    const label = isNodeType(odd.type) ? kindOf(odd.type).label : 'other';
    return `it has ${/^[AEIOU]/i.test(label) ? 'an' : 'a'} ${label} layer (${name(odd.id)})`;
  }
  const merge = plan.steps.find((s) => s.inputs.length > 1);
  if (merge) return `${name(merge.id)} takes more than one input`;
  const counts = new Map<number, number>();
  for (const s of plan.steps) for (const k of s.inputs) counts.set(k, (counts.get(k) ?? 0) + 1);
  const fork = [...counts].find(([, c]) => c > 1);
  if (fork) return `${name(plan.steps[fork[0]].id)} feeds more than one layer`;
  return 'it is not one path from Input to Output';
}

/** The activation's slope at z, for the sheet (the engine folds it into δ without storing it). */
function slopeOf(f: Activation, z: number, a: number, leak: number): number {
  switch (f) {
    case 'sigmoid':
      return a * (1 - a);
    case 'tanh':
      return 1 - a * a;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leaky_relu':
      return z > 0 ? 1 : leak;
    case 'linear':
      return 1;
    case 'softmax':
      return Number.NaN; // never asked: a softmax is explained only as a fused output, which has no slope
  }
}

/**
 * Explains the update the engine makes next from `parameters` (one entry per Dense layer, in
 * chain order): on example `sample` (0-based) for per-sample SGD, on every example for a full batch
 * (`sample` is then ignored). Refuses, with the reason and what works, any design or setting the
 * sheet cannot show term by term.
 */
export function explainUpdate(setup: ExperimentSetup, parameters: readonly LayerParameters[], sample: number): ExplainResult {
  const { compiled, problems } = checkSetup(setup);
  if (!compiled.ok || problems.length > 0) {
    const p = problems[0];
    return { ok: false, message: `This setup cannot train, so it has no update to explain: ${p.message} (${p.fix})` };
  }
  const plan = compiled.plan;
  const training = setup.training;
  const chain = plan.chain;
  if (!chain) return { ok: false, message: `Explain this update cannot follow this design: ${notAChain(setup, plan)}. ${WORKS}.` };
  if (training.optimizer.type !== 'sgd') {
    return { ok: false, message: `This setup trains with ${training.optimizer.type === 'adam' ? 'Adam' : 'momentum'}, whose step depends on past gradients; the sheet explains plain SGD (change = −learning rate × gradient). Set the optimizer to SGD to explain an update. ${WORKS}.` };
  }
  if (training.regularization) {
    return { ok: false, message: `This setup adds an ${training.regularization.type.toUpperCase()} penalty to every weight's gradient; the sheet explains the loss's gradient alone. Turn regularisation off to explain an update. ${WORKS}.` };
  }
  if (training.updateMode === 'minibatch') {
    return { ok: false, message: `This setup trains on shuffled minibatches of ${training.batchSize}; the sheet explains one example (update mode sample or shuffle) or the full batch (update mode batch). ${WORKS}.` };
  }
  const layersSpec = chain.layers;
  const hiddenSoftmax = layersSpec.slice(0, -1).findIndex((l) => l.activation === 'softmax');
  if (hiddenSoftmax >= 0) {
    return { ok: false, message: `Explain this update shows one error term per neuron; ${nodeNameOf(setup, plan.steps[hiddenSoftmax + 1].id)} is a softmax, where every neuron's error depends on all of them. Use sigmoid, tanh, ReLU or linear there.` };
  }
  const top = layersSpec[layersSpec.length - 1];
  const fused = fusesWithActivation(chain.loss, top.activation);
  if (top.activation === 'softmax' && !fused) {
    return { ok: false, message: `A softmax output is explained with the cross-entropy loss (its error term is then out − target); this design uses ${chain.loss}. Set the Output's loss to cross_entropy.` };
  }
  if (plan.parameterCount > MAX_EXPLAINED_PARAMETERS) {
    return { ok: false, message: `This network has ${plan.parameterCount.toLocaleString('en-US')} weights and biases; a sheet of every term stops being readable past ${MAX_EXPLAINED_PARAMETERS.toLocaleString('en-US')}. Explain a smaller network.` };
  }
  if (parameters.length !== layersSpec.length) return { ok: false, message: `The weights are for ${parameters.length} layers but the design has ${layersSpec.length}` };
  const sizes = layersSpec.map((l, i) => ({ n: i === 0 ? chain.inputSize : layersSpec[i - 1].units, m: l.units }));
  for (let i = 0; i < sizes.length; i++) {
    const { n, m } = sizes[i];
    if (parameters[i].W.length !== n * m || parameters[i].b.length !== m) {
      return { ok: false, message: `Layer ${i + 1} expects ${n}×${m} weights and ${m} biases, got ${parameters[i].W.length} and ${parameters[i].b.length}` };
    }
    if (![...parameters[i].W, ...parameters[i].b].every(Number.isFinite)) return { ok: false, message: `Layer ${i + 1}'s weights are not all finite numbers: the run diverged, so there is no update to explain. Train again with a smaller learning rate.` };
  }
  let data: Dataset;
  try {
    data = buildDataset(setup.task, plan.outputSize);
  } catch (e) {
    return { ok: false, message: `The task's data cannot be built: ${(e as Error).message}` };
  }
  const batch = training.updateMode === 'batch';
  if (batch && data.count > MAX_EXPLAINED_EXAMPLES) {
    return { ok: false, message: `A full-batch update over ${data.count.toLocaleString('en-US')} examples is too long to list term by term (at most ${MAX_EXPLAINED_EXAMPLES}). Explain a per-sample update instead (update mode sample or shuffle).` };
  }
  if (!batch && !(Number.isInteger(sample) && sample >= 0 && sample < data.count)) {
    return { ok: false, message: `There is no example ${sample}: ${data.name} has ${data.count} examples, numbered 0 to ${data.count - 1}` };
  }
  const rows = batch ? Array.from({ length: data.count }, (_, i) => i) : [sample];
  const examples = rows.map((r) => exampleTerms(data, r, parameters, layersSpec, sizes, chain.loss, fused));
  const lost = examples.find((e) => !Number.isFinite(e.loss));
  if (lost) return { ok: false, message: `Example ${lost.index}'s loss is not finite (${lost.loss}): the engine stops there instead of updating. Train again with a smaller learning rate.` };

  // One row takes the engine's per-sample step: W -= lr · (x·δ). Several sum x·δ over the rows
  // from +0 (then × 1/rows for a mean) and step once: W -= lr · gW.
  const lr = training.learningRate;
  const single = rows.length === 1;
  const scale = !single && training.reduction === 'mean' ? 1 / rows.length : 1;
  const layers = layersSpec.map((spec, li): LayerUpdate => {
    const { n, m } = sizes[li];
    let gradW: number[];
    let gradB: number[];
    if (single) {
      gradW = examples[0].layers[li].gradW;
      gradB = examples[0].layers[li].gradB;
    } else {
      const input = new Float64Array(rows.length * n);
      const delta = new Float64Array(rows.length * m);
      examples.forEach((e, r) => {
        input.set(li === 0 ? e.x : e.layers[li - 1].a, r * n);
        delta.set(e.layers[li].delta, r * m);
      });
      const gW = new Float64Array(n * m);
      const gb = new Float64Array(m);
      denseGradients(input, 0, n, delta, m, rows.length, gW, gb, scale);
      gradW = Array.from(gW);
      gradB = Array.from(gb);
    }
    const W = Array.from(parameters[li].W);
    const b = Array.from(parameters[li].b);
    // −(lr·g) added is exactly W − lr·g (IEEE subtraction is addition of the negation).
    const changeW = gradW.map((g) => -(lr * g));
    const changeB = gradB.map((g) => -(lr * g));
    const step = plan.steps[li + 1];
    return {
      id: step.id,
      name: nodeNameOf(setup, step.id),
      activation: spec.activation,
      leak: spec.slope ?? LEAKY_SLOPE,
      inSize: n,
      outSize: m,
      W,
      b,
      gradW,
      gradB,
      changeW,
      changeB,
      newW: W.map((w, i) => w + changeW[i]),
      newB: b.map((v, i) => v + changeB[i]),
    };
  });
  return {
    ok: true,
    explanation: {
      kind: batch ? 'batch' : 'sample',
      updateMode: training.updateMode,
      reduction: training.reduction,
      scale,
      learningRate: lr,
      loss: chain.loss,
      fused,
      datasetName: data.name,
      datasetCount: data.count,
      inputSize: chain.inputSize,
      outputSize: plan.outputSize,
      examples,
      layers,
    },
  };
}

function nodeNameOf(setup: ExperimentSetup, id: string): string {
  const node = setup.design.nodes.find((n) => n.id === id);
  return node ? nodeName(node) : id;
}

/** The forward and backward pass of one example, with the engine's functions on one row. */
function exampleTerms(
  data: Dataset,
  row: number,
  parameters: readonly LayerParameters[],
  specs: readonly { activation: Activation; slope?: number }[],
  sizes: readonly { n: number; m: number }[],
  loss: Loss,
  fused: boolean,
): ExampleTerms {
  const x = data.inputs.slice(row * data.inputSize, (row + 1) * data.inputSize);
  const y = data.targets.slice(row * data.outputSize, (row + 1) * data.outputSize);
  const zs: Float64Array[] = [];
  const as: Float64Array[] = [];
  let input = x;
  specs.forEach((spec, li) => {
    const { n, m } = sizes[li];
    const z = new Float64Array(m);
    const a = new Float64Array(m);
    denseForward(input, 0, n, Float64Array.from(parameters[li].W), Float64Array.from(parameters[li].b), z, m, 1);
    activate(spec.activation, z, a, m, m, spec.slope ?? LEAKY_SLOPE);
    zs.push(z);
    as.push(a);
    input = a;
  });
  const last = specs.length - 1;
  const k = sizes[last].m;
  const out = as[last];
  const exampleLoss = 0 + sampleLoss(loss, out, 0, y, 0, k); // summed from 0 as the engine's lossSum is
  const upstreams: (Float64Array | null)[] = new Array<Float64Array | null>(specs.length).fill(null);
  const deltas: Float64Array[] = new Array<Float64Array>(specs.length);
  const top = new Float64Array(k);
  if (fused) fusedDelta(loss, out, 0, y, 0, k, top);
  else {
    lossGradient(loss, out, 0, y, 0, k, top);
    upstreams[last] = top.slice();
    backpropActivation(specs[last].activation, zs[last], out, top, k, k, specs[last].slope ?? LEAKY_SLOPE);
  }
  deltas[last] = top;
  for (let li = last; li > 0; li--) {
    const { n, m } = sizes[li];
    const down = new Float64Array(n);
    denseDown(deltas[li], Float64Array.from(parameters[li].W), n, m, 1, down, false);
    upstreams[li - 1] = down.slice();
    backpropActivation(specs[li - 1].activation, zs[li - 1], as[li - 1], down, n, n, specs[li - 1].slope ?? LEAKY_SLOPE);
    deltas[li - 1] = down;
  }
  const layers = specs.map((spec, li): ExampleLayerTerms => {
    const { n, m } = sizes[li];
    const inputs = li === 0 ? x : as[li - 1];
    const delta = deltas[li];
    const gradW = new Array<number>(n * m);
    for (let kk = 0; kk < n; kk++) for (let j = 0; j < m; j++) gradW[kk * m + j] = inputs[kk] * delta[j];
    const upstream = upstreams[li];
    return {
      z: Array.from(zs[li]),
      a: Array.from(as[li]),
      upstream: upstream ? Array.from(upstream) : null,
      slope: upstream ? Array.from(zs[li], (z, j) => slopeOf(spec.activation, z, as[li][j], spec.slope ?? LEAKY_SLOPE)) : null,
      delta: Array.from(delta),
      gradW,
      gradB: Array.from(delta),
    };
  });
  return { index: row, x: Array.from(x), y: Array.from(y), loss: exampleLoss, layers };
}
