/**
 * Pure edits of a design graph. Each returns a new Design and leaves untouched nodes as the same
 * objects, so the canvas re-renders only what changed and undo can keep whole snapshots cheaply.
 */
import { KINDS } from '../../src-shared/layers';
import { LAYER_SPACING_X } from '../../src-shared/network/chain';
import type { Design, DesignEdge, DesignNode, NodeType, Position } from '../../src-shared/network/design';

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

/** Why a connection may not be made, or null when it may. Mirrors compileDesign's chain rules. */
export function connectionProblem(design: Design, source: string, target: string): string | null {
  const from = design.nodes.find((n) => n.id === source);
  const to = design.nodes.find((n) => n.id === target);
  if (!from || !to) return 'Both ends must be layers';
  if (source === target) return 'A layer cannot feed itself';
  if (from.type === 'output') return 'The Output layer is last: nothing follows it';
  if (to.type === 'input') return 'The Input layer is first: nothing feeds it';
  if (design.edges.some((e) => e.source === source && e.target === target)) return 'These layers are already connected';
  if (design.edges.some((e) => e.source === source)) return 'This layer already feeds another layer';
  if (design.edges.some((e) => e.target === target)) return 'That layer already has an input';
  // Following the chain on from the target must not come back to the source.
  const next = new Map(design.edges.map((e) => [e.source, e.target]));
  const seen = new Set<string>();
  for (let cursor: string | undefined = target; cursor && !seen.has(cursor); cursor = next.get(cursor)) {
    if (cursor === source) return 'That would make a loop';
    seen.add(cursor);
  }
  return null;
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

/** Layers in chain order from the Input, then the ones off the chain, in their current order. */
export function chainOrder(design: Design): DesignNode[] {
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const next = new Map(design.edges.map((e) => [e.source, e.target]));
  const ordered: DesignNode[] = [];
  const seen = new Set<string>();
  let cursor: DesignNode | undefined = design.nodes.find((n) => n.type === 'input');
  while (cursor && !seen.has(cursor.id)) {
    seen.add(cursor.id);
    ordered.push(cursor);
    const nextId = next.get(cursor.id);
    cursor = nextId ? byId.get(nextId) : undefined;
  }
  return [...ordered, ...design.nodes.filter((n) => !seen.has(n.id))];
}

/** A node's height and the height within it that neighbours line up on (its handles). */
export interface NodeMetrics {
  height: number;
  anchor: number;
}

/**
 * Left-to-right layout: the chain from Input to Output on one row with their handles on one line
 * (nodes grow with their units), anything off the chain on a row below.
 */
export function layout(design: Design, measure: (node: DesignNode) => NodeMetrics): Design {
  const ordered = chainOrder(design);
  const onChain = new Set<string>();
  const next = new Map(design.edges.map((e) => [e.source, e.target]));
  let cursor = ordered[0]?.type === 'input' ? ordered[0].id : undefined;
  while (cursor && !onChain.has(cursor)) {
    onChain.add(cursor);
    cursor = next.get(cursor);
  }
  const chain = ordered.filter((n) => onChain.has(n.id));
  const rest = ordered.filter((n) => !onChain.has(n.id));
  const moves = new Map<string, Position>();
  let bottom = 0;
  chain.forEach((n, i) => {
    const { height, anchor } = measure(n);
    moves.set(n.id, { x: i * LAYER_SPACING_X, y: Math.round(-anchor) });
    bottom = Math.max(bottom, height - anchor);
  });
  const restTop = Math.round(bottom + 60);
  rest.forEach((n, i) => moves.set(n.id, { x: i * LAYER_SPACING_X, y: restTop }));
  return moveNodes(design, moves);
}
