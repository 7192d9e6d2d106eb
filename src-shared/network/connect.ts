/**
 * Whether a connection may be drawn, said while it is being dragged: the rules of the compiler
 * that one connection can break (direction, how many inputs a kind takes, loops), and the
 * problems it would cause where it lands (an Add over unequal widths).
 */
import { isNodeType, kindOf } from '../layers';
import { compileDesign, nodeName, type DesignProblem, type TaskShape } from './compile';
import type { Design } from './design';

/** Why `source → target` may not be connected, or null when it may. */
export function connectionProblem(design: Design, source: string, target: string): string | null {
  const from = design.nodes.find((n) => n.id === source);
  const to = design.nodes.find((n) => n.id === target);
  if (!from || !to || !isNodeType(from.type) || !isNodeType(to.type)) return 'Both ends must be layers';
  if (source === target) return 'A layer cannot feed itself';
  if (kindOf(from.type).role === 'output') return 'The Output layer is last: nothing follows it';
  const into = kindOf(to.type);
  if (into.role === 'input') return 'The Input layer is first: nothing feeds it';
  if (design.edges.some((e) => e.source === source && e.target === target)) return 'These layers are already connected';
  const inputs = design.edges.filter((e) => e.target === target).length;
  if (inputs >= into.inputs.max) {
    return into.inputs.max === 1
      ? `${nodeName(to)} already has an input: to feed it two layers, merge them with Add or Concatenate first`
      : `${nodeName(to)} already takes ${into.inputs.max} inputs, the most a merge takes`;
  }
  // Following connections on from the target must not come back to the source.
  const next = new Map<string, string[]>();
  for (const e of design.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === source) return 'That would make a loop: data must flow one way, from Input to Output';
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return null;
}

/**
 * The problems a new connection would bring to the layer it lands on (beyond those it has now),
 * shown while dragging so the user sees, for instance, that an Add needs equal widths.
 */
export function connectionWarnings(design: Design, source: string, target: string, task?: TaskShape): DesignProblem[] {
  const before = compileDesign(design, task);
  const withEdge: Design = { nodes: design.nodes, edges: [...design.edges, { id: '\u0000preview', source, target }] };
  const after = compileDesign(withEdge, task);
  const known = new Set(before.problems.map((p) => `${p.nodeId}\n${p.message}`));
  return after.problems.filter((p) => p.shape && p.nodeId === target && !known.has(`${p.nodeId}\n${p.message}`));
}
