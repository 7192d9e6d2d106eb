/**
 * A run's saved weights must fit the design they were trained on, or loading them would feed
 * the engine arrays of the wrong size. Checked only when the design compiles: a design that does
 * not is still a valid file, and its runs' weights cannot be matched to layers.
 */
import { compileDesign } from '../network/compile';
import type { FileProblem } from './problems';
import type { Experiment } from './schema';
import { problem } from './problems';

export interface LayerShape {
  /** Design node id of the layer. */
  nodeId: string;
  inSize: number;
  outSize: number;
}

/** The layers with weights, in the order a run saves them; null when the design does not compile. */
export function layerShapes(design: Experiment['setup']['design']): LayerShape[] | null {
  const compiled = compileDesign(design);
  if (!compiled.ok) return null;
  const { plan } = compiled;
  return plan.trainable.map((k) => {
    const step = plan.steps[k];
    const shape = step.weights ?? { fanIn: 0, fanOut: 0 };
    return { nodeId: step.id, inSize: shape.fanIn, outSize: shape.fanOut };
  });
}

export function checkRunShapes(experiment: Experiment): { problems: FileProblem[]; warnings: FileProblem[] } {
  const problems: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  const withWeights = experiment.runs.map((r, i) => [r, i] as const).filter(([r]) => r.parameters.length > 0);
  if (withWeights.length === 0) return { problems, warnings };
  const shapes = layerShapes(experiment.setup.design);
  if (!shapes) {
    for (const [, i] of withWeights) {
      warnings.push(problem(['runs', i, 'parameters'], 'the design does not compile, so these weights cannot be matched to its layers; fix the design to use them'));
    }
    return { problems, warnings };
  }
  for (const [run, i] of withWeights) {
    if (run.parameters.length !== shapes.length) {
      problems.push(problem(['runs', i, 'parameters'], `expected weights for ${shapes.length} layer${shapes.length === 1 ? '' : 's'} (${shapes.map((s) => s.nodeId).join(', ')}), got ${run.parameters.length}`));
      continue;
    }
    run.parameters.forEach((p, k) => {
      const s = shapes[k];
      if (p.node !== undefined && p.node !== s.nodeId) {
        problems.push(problem(['runs', i, 'parameters', k, 'node'], `expected the weights of ${s.nodeId} here (layers with weights come in the order they run), got ${JSON.stringify(p.node)}`));
        return;
      }
      if (p.W.length !== s.inSize * s.outSize) {
        problems.push(problem(['runs', i, 'parameters', k, 'W'], `expected ${s.inSize * s.outSize} weights (${s.inSize} × ${s.outSize} into ${s.nodeId}), got ${p.W.length}`));
      }
      if (p.b.length !== s.outSize) {
        problems.push(problem(['runs', i, 'parameters', k, 'b'], `expected ${s.outSize} biases (one per unit of ${s.nodeId}), got ${p.b.length}`));
      }
    });
  }
  return { problems, warnings };
}
