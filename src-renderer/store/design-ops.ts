/**
 * Pure edits of a design graph. Each returns a new Design and leaves untouched nodes as the same
 * objects, so the canvas re-renders only what changed and undo can keep whole snapshots cheaply.
 */
import { KINDS } from '../../src-shared/layers';
import { connectionProblem } from '../../src-shared/network/connect';
import type { Design, DesignEdge, DesignNode, NodeType, Position } from '../../src-shared/network/design';
import { layeredPositions, type NodeMetrics } from '../../src-shared/network/layout';

export type NodeParams<T extends NodeType> = Extract<DesignNode, { type: T }>['params'];

/** What a new layer of each kind starts with: its kind's defaults (the post's sigmoid, sized for its tasks). */
export function defaultParams<T extends NodeType>(type: T): NodeParams<T> {
  return { ...KINDS[type].defaults } as NodeParams<T>; // TS cannot narrow an indexed access by a generic key
}

/** `dense-3` when dense-1 and dense-2 exist: short ids people can read in problems. */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  if (!taken.has(prefix) && prefix !== 'dense') return prefix;
  for (let i = 1; ; i++) {
    const id = `${prefix}-${i}`;
    if (!taken.has(id)) return id;
  }
}

function ids(design: Design): Set<string> {
  return new Set([...design.nodes.map((n) => n.id), ...design.edges.map((e) => e.id)]);
}

export function addNode(design: Design, type: NodeType, position: Position, params?: Partial<NodeParams<NodeType>>): { design: Design; id: string } {
  const id = freshId(type, ids(design));
  const node = { id, type, position: { ...position }, params: { ...defaultParams(type), ...params } } as DesignNode;
  return { design: { nodes: [...design.nodes, node], edges: design.edges }, id };
}

export function updateParams(design: Design, id: string, params: Partial<NodeParams<NodeType>>): Design {
  return {
    nodes: design.nodes.map((n) => (n.id === id ? ({ ...n, params: { ...n.params, ...params } } as DesignNode) : n)),
    edges: design.edges,
  };
}

export function setLabel(design: Design, id: string, label: string): Design {
  return {
    nodes: design.nodes.map((n) => {
      if (n.id !== id) return n;
      const { label: _old, ...rest } = n;
      return (label.trim() ? { ...rest, label } : rest) as DesignNode;
    }),
    edges: design.edges,
  };
}

export function moveNodes(design: Design, moves: ReadonlyMap<string, Position>): Design {
  return {
    nodes: design.nodes.map((n) => {
      const to = moves.get(n.id);
      return to && (to.x !== n.position.x || to.y !== n.position.y) ? { ...n, position: { x: to.x, y: to.y } } : n;
    }),
    edges: design.edges,
  };
}

/** Removes nodes (with their connections) and edges. */
export function removeElements(design: Design, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Design {
  const goneNodes = new Set(nodeIds);
  const goneEdges = new Set(edgeIds);
  return {
    nodes: design.nodes.filter((n) => !goneNodes.has(n.id)),
    edges: design.edges.filter((e) => !goneEdges.has(e.id) && !goneNodes.has(e.source) && !goneNodes.has(e.target)),
  };
}

export function connect(design: Design, source: string, target: string): Design {
  if (connectionProblem(design, source, target)) return design;
  const edge: DesignEdge = { id: freshId(`e-${source}-${target}`, ids(design)), source, target };
  return { nodes: design.nodes, edges: [...design.edges, edge] };
}

/** The part of a design that was selected: chosen nodes and the edges between them. */
export function extract(design: Design, nodeIds: ReadonlySet<string>): Design {
  return {
    nodes: design.nodes.filter((n) => nodeIds.has(n.id)),
    edges: design.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)),
  };
}

/** Adds a copied fragment with fresh ids, shifted by `offset`; returns the new node ids. */
export function paste(design: Design, fragment: Design, offset: Position): { design: Design; nodeIds: string[] } {
  const taken = ids(design);
  const rename = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = freshId(n.type, taken);
    taken.add(id);
    rename.set(n.id, id);
    return { ...n, id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y }, params: { ...n.params } } as DesignNode;
  });
  const edges = fragment.edges.flatMap((e) => {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (!source || !target) return [];
    const id = freshId(`e-${source}-${target}`, taken);
    taken.add(id);
    return [{ id, source, target }];
  });
  return { design: { nodes: [...design.nodes, ...nodes], edges: [...design.edges, ...edges] }, nodeIds: nodes.map((n) => n.id) };
}

/**
 * Moves one of a layer's input connections `by` places among its inputs (-1: one earlier), the
 * other connections keeping their places: a merge reads its inputs in edge order (Concatenate's
 * columns come in that order), so this is how they are reordered.
 */
export function moveInput(design: Design, edgeId: string, by: number): Design {
  const edge = design.edges.find((e) => e.id === edgeId);
  if (!edge) return design;
  const slots = design.edges.flatMap((e, i) => (e.target === edge.target ? [i] : []));
  const order = slots.map((i) => design.edges[i]);
  const from = order.indexOf(edge);
  const to = Math.max(0, Math.min(order.length - 1, from + by));
  if (to === from) return design;
  order.splice(from, 1);
  order.splice(to, 0, edge);
  const edges = [...design.edges];
  slots.forEach((slot, k) => (edges[slot] = order[k]));
  return { nodes: design.nodes, edges };
}

export type { NodeMetrics };

/** Left-to-right layout of any graph (src-shared's layered layout), for the node sizes `measure` gives, columns `column` apart. */
export function layout(design: Design, measure: (node: DesignNode) => NodeMetrics, column?: number): Design {
  return moveNodes(design, layeredPositions(design, measure, column));
}
