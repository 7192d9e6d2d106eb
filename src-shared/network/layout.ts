/**
 * Left-to-right positions for a graph: each layer in the column of its longest path from a layer
 * with no inputs, layers of one column stacked, handles of a lone layer on the main line (y = 0).
 * A lone layer that a longer connection jumps over moves up, so the connection passes beneath it.
 */
import type { Design, DesignNode, Position } from './design';

/** A node's height and the height within it that neighbours line up on (its handles). */
export interface NodeMetrics {
  height: number;
  anchor: number;
}

/** From one column's left edge to the next: a node (112 wide on the canvas) and room for its connections' lines. */
export const LAYOUT_COLUMN = 160;
const GAP_Y = 48;

/** Each layer's column: the length of its longest path from a layer with no inputs (Kahn's order; a loop keeps the depth reached before it). */
function depths(design: Design): { ids: string[]; index: Map<string, number>; edges: Design['edges']; depth: number[] } {
  const ids = design.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges = design.edges.filter((e) => index.has(e.source) && index.has(e.target) && e.source !== e.target);
  const depth = new Array<number>(ids.length).fill(0);
  const remaining = new Array<number>(ids.length).fill(0);
  for (const e of edges) remaining[index.get(e.target) as number]++;
  const ready = ids.map((_, i) => i).filter((i) => remaining[i] === 0);
  while (ready.length > 0) {
    const i = ready.shift() as number;
    for (const e of edges) {
      if (e.source !== ids[i]) continue;
      const t = index.get(e.target) as number;
      depth[t] = Math.max(depth[t], depth[i] + 1);
      if (--remaining[t] === 0) ready.push(t);
    }
  }
  return { ids, index, edges, depth };
}

/** How many columns the layout puts the graph in (0 for an empty one). */
export function columnCount(design: Design): number {
  const { depth } = depths(design);
  return depth.length === 0 ? 0 : Math.max(...depth) + 1;
}

/** `column`: from one column's left edge to the next (LAYOUT_COLUMN unless the nodes are drawn narrower). */
export function layeredPositions(design: Design, measure: (node: DesignNode) => NodeMetrics, column: number = LAYOUT_COLUMN): Map<string, Position> {
  const { ids, index, edges, depth } = depths(design);
  const columns = new Map<number, number[]>();
  ids.forEach((_, i) => columns.set(depth[i], [...(columns.get(depth[i]) ?? []), i]));
  const spans = edges.map((e) => [depth[index.get(e.source) as number], depth[index.get(e.target) as number]]);
  const moves = new Map<string, Position>();
  for (const [col, members] of columns) {
    const metrics = members.map((i) => measure(design.nodes[i]));
    const x = col * column;
    if (members.length === 1) {
      const jumped = spans.some(([a, b]) => a < col && b > col);
      const { height, anchor } = metrics[0];
      moves.set(ids[members[0]], { x, y: Math.round(jumped ? -height - GAP_Y / 2 : -anchor) });
      continue;
    }
    const total = metrics.reduce((s, m) => s + m.height, 0) + GAP_Y * (members.length - 1);
    let y = -total / 2;
    members.forEach((i, k) => {
      moves.set(ids[i], { x, y: Math.round(y) });
      y += metrics[k].height + GAP_Y;
    });
  }
  return moves;
}
