/** What the renderer is told about a loaded plan: its layers with weights, and its nodes with maps. */
import type { Activation } from './activations';
import type { Plan } from '../network/compile';
import type { LayerInfo, MapInfo } from '../protocol/engine';

/** The layers with weights, in the order their parameters come (snapshots, saved runs). */
export function trainableLayers(plan: Plan): LayerInfo[] {
  return plan.trainable.map((k) => {
    const step = plan.steps[k];
    const shape = step.weights ?? { fanIn: 0, fanOut: 0 };
    return { nodeId: step.id, inSize: shape.fanIn, outSize: shape.fanOut, activation: (step.params as { activation: Activation }).activation };
  });
}

/** The hidden nodes, in the order of a grid's `hidden` maps. */
export function hiddenMaps(plan: Plan): MapInfo[] {
  return plan.steps.slice(1, -1).map((s) => ({ nodeId: s.id, type: s.type, width: s.width }));
}

/** The Output layer's activation. */
export function outputActivation(plan: Plan): Activation {
  return (plan.steps[plan.steps.length - 1].params as { activation: Activation }).activation;
}
