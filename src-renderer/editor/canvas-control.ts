/**
 * The canvas's viewport for commands that come from outside it (menu, header, shortcuts):
 * fit, zoom, and where new layers land. The canvas registers its React Flow instance here.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { compileDesign } from '../../src-shared/network/compile';
import { connectionProblem } from '../../src-shared/network/connect';
import type { DesignNode, NodeType, Position } from '../../src-shared/network/design';
import { LAYOUT_COLUMN } from '../../src-shared/network/layout';
import * as ops from '../store/design-ops';
import { defaultParams } from '../store/design-ops';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { useViewStore } from '../store/view';
import type { LayerFlowEdge, LayerFlowNode } from './flow-elements';
import { NODE_WIDTH, displayWidth, handleY, measureWith, nodeMetrics } from './geometry';

let instance: ReactFlowInstance<LayerFlowNode, LayerFlowEdge> | null = null;

export function registerCanvas(flow: ReactFlowInstance<LayerFlowNode, LayerFlowEdge> | null): void {
  instance = flow;
}

/**
 * Fitting fills the pane but for a margin: a small network is drawn large (its neurons' maps
 * readable), up to 1.25 times its size.
 */
export const FIT_OPTIONS = { padding: '14px', maxZoom: 1.25, duration: 200 } as const;

/**
 * Whether the view is the fitted one: then it follows the pane (a pane resized, the window
 * resized, the plots shown) and fits again. Panning or zooming by hand leaves it where it is put.
 */
let following = true;

export function fitView(): void {
  following = true;
  void instance?.fitView(FIT_OPTIONS);
}

/** The pane changed size: a fitted view fits again. */
export function paneResized(): void {
  if (following) fitView();
}

/** The canvas's own fit button fitted the view: it follows the pane again. */
export function followPane(): void {
  following = true;
}

/** The user moved the view (dragged, scrolled, zoomed, or asked for one layer): it stays put. */
export function viewMovedByHand(): void {
  following = false;
}

export function zoomIn(): void {
  following = false;
  void instance?.zoomIn({ duration: 150 });
}

export function zoomOut(): void {
  following = false;
  void instance?.zoomOut({ duration: 150 });
}

/** Lays the graph out left to right (handles of a chain on one line), then fits it into view. */
export function tidyLayout(): void {
  const store = useDesignStore.getState();
  const { measure, column } = measureWith(useDocumentStore.getState().setup.design, store.compiled.facts);
  store.layout(measure, column);
  useViewStore.getState().requestFit();
}

/** A new node of a kind, not connected: the size it is drawn at. */
function newNodeMetrics(type: NodeType): { height: number; anchor: number } {
  const node = { type, params: defaultParams(type) } as Pick<DesignNode, 'type' | 'params'>;
  return nodeMetrics(node, displayWidth(node, undefined));
}

/** A node placed with its centre at a point of the canvas (where it was dropped). */
export function positionCentredAt(type: NodeType, point: Position): Position {
  const { height } = newNodeMetrics(type);
  return { x: Math.round(point.x - NODE_WIDTH / 2), y: Math.round(point.y - height / 2) };
}

export function screenToCanvas(point: Position): Position | null {
  return instance ? instance.screenToFlowPosition(point) : null;
}

/**
 * Adds a layer without dragging (palette click or keyboard): to the right of the rightmost
 * layer, handles in line with the selected one, connected from it when the rules allow.
 * Clicking Input, Dense, Output in turn builds a whole chain.
 */
export function addLayerBeside(type: NodeType): string {
  const store = useDesignStore.getState();
  const { design } = useDocumentStore.getState().setup;
  const { nodes } = design;
  const selected = store.selection.nodeIds.length === 1 ? nodes.find((n) => n.id === store.selection.nodeIds[0]) : undefined;
  const anchorNode = selected ?? nodes.reduce<DesignNode | undefined>((best, n) => (!best || n.position.x > best.position.x ? n : best), undefined);
  // Would the new layer be allowed after the selected one, and how wide would it be? Ask a stand-in.
  const probe = ops.addNode(design, type, { x: 0, y: 0 });
  const connectFrom = selected && connectionProblem(probe.design, selected.id, probe.id) === null ? selected.id : undefined;
  const probed = connectFrom ? ops.connect(probe.design, connectFrom, probe.id) : probe.design;
  const facts = compileDesign(probed).facts;
  const added = probed.nodes[probed.nodes.length - 1];
  const size = nodeMetrics(added, displayWidth(added, facts[added.id]));
  const { measure } = measureWith(probed, facts);
  // The column after the selected layer (a branch), else after the rightmost one; below any layer already there.
  const start = anchorNode
    ? {
        x: (selected ? selected.position.x : Math.max(...nodes.map((n) => n.position.x))) + LAYOUT_COLUMN,
        y: Math.round(anchorNode.position.y + handleY(displayWidth(anchorNode, facts[anchorNode.id])) - size.anchor),
      }
    : { x: 0, y: Math.round(-size.anchor) };
  const position = freeSpot(start, size.height, nodes, measure);
  const id = store.addNode(type, position, { connectFrom });
  useViewStore.getState().requestFit();
  return id;
}

/** Room between a new layer and one it would otherwise cover. */
const SPOT_GAP = 48;

/** `at`, or straight below it past every layer that would overlap a node of `height` there. */
export function freeSpot(at: Position, height: number, nodes: readonly DesignNode[], measure: (n: DesignNode) => { height: number }): Position {
  let y = at.y;
  for (let moved = true; moved; ) {
    moved = false;
    for (const n of nodes) {
      const overlapsX = n.position.x < at.x + NODE_WIDTH && at.x < n.position.x + NODE_WIDTH;
      const bottom = n.position.y + measure(n).height;
      if (overlapsX && n.position.y < y + height + SPOT_GAP && y < bottom + SPOT_GAP) {
        y = Math.round(bottom + SPOT_GAP);
        moved = true;
      }
    }
  }
  return { x: at.x, y };
}

/** Brings one layer into view (a problem was clicked). */
export function focusNode(id: string): void {
  const node = instance?.getNode(id);
  if (!instance || !node) return;
  following = false;
  void instance.fitView({ nodes: [{ id }], padding: 0.6, maxZoom: 1.2, duration: 250 });
}
