import type { NetworkSpec } from '../engine/network';
import { compileDesign, type Plan } from './compile';
import type { Activation, Design, DesignNode, Loss } from './design';

export const LAYER_SPACING_X = 240;

/** A left-to-right chain design: Input → hidden Dense layers → Output. */
export function chainDesign(
  inputUnits: number,
  hidden: { units: number; activation: Activation }[],
  output: { units: number; activation: Activation; loss: Loss },
): Design {
  const nodes: DesignNode[] = [
    { id: 'input', type: 'input', position: { x: 0, y: 0 }, params: { units: inputUnits } },
    ...hidden.map(
      (h, i): DesignNode => ({
        id: `dense-${i + 1}`,
        type: 'dense',
        position: { x: LAYER_SPACING_X * (i + 1), y: 0 },
        params: { units: h.units, activation: h.activation },
      }),
    ),
    { id: 'output', type: 'output', position: { x: LAYER_SPACING_X * (hidden.length + 1), y: 0 }, params: { ...output } },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e-${nodes[i].id}-${n.id}`, source: nodes[i].id, target: n.id }));
  return { nodes, edges };
}

/** The plan of a dense chain given as a NetworkSpec (tests and benchmarks build networks this way). */
export function chainPlan(spec: NetworkSpec): Plan {
  const last = spec.layers[spec.layers.length - 1];
  const compiled = compileDesign(chainDesign(spec.inputSize, spec.layers.slice(0, -1), { ...last, loss: spec.loss }));
  if (!compiled.ok) throw new Error(`Not a valid chain: ${compiled.problems.map((p) => p.message).join('; ')}`);
  return compiled.plan;
}
