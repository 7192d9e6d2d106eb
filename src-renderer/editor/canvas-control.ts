/**
 * The canvas's viewport for commands that come from outside it (menu, header, shortcuts):
 * fit, zoom, and where new layers land. The canvas registers its React Flow instance here.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { unitsOf, type DesignNode, type NodeType, type Position } from '../../src-shared/network/design';
import { LAYER_SPACING_X } from '../../src-shared/network/chain';
import * as ops from '../store/design-ops';
import { connectionProblem } from '../../src-shared/network/connect';
import { defaultParams } from '../store/design-ops';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { useViewStore } from '../store/view';
import type { LayerFlowEdge, LayerFlowNode } from './flow-elements';
import { NODE_WIDTH, handleY, nodeHeight } from './geometry';

let instance: ReactFlowInstance<LayerFlowNode, LayerFlowEdge> | null = null;

export function registerCanvas(flow: ReactFlowInstance<LayerFlowNode, LayerFlowEdge> | null): void {
  instance = flow;
}

export const FIT_OPTIONS = { padding: 0.2, maxZoom: 1.1, duration: 200 };

export function fitView(): void {
  void instance?.fitView(FIT_OPTIONS);
}

export function zoomIn(): void {
  void instance?.zoomIn({ duration: 150 });
}

export function zoomOut(): void {
  void instance?.zoomOut({ duration: 150 });
}

/** Lines the layers up left to right, handles on one line, then fits them into view. */
export function tidyLayout(): void {
  useDesignStore.getState().layout((node: DesignNode) => ({ height: nodeHeight(node), anchor: handleY(unitsOf(node) ?? 1) }));
  useViewStore.getState().requestFit();
}

/** A node placed with its centre at a point of the canvas (where it was dropped). */
export function positionCentredAt(type: NodeType, point: Position): Position {
  const height = nodeHeight({ id: '', type, position: point, params: defaultParams(type) } as DesignNode);
  return { x: Math.round(point.x - NODE_WIDTH / 2), y: Math.round(point.y - height / 2) };
}

export function screenToCanvas(point: Position): Position | null {
  return instance ? instance.screenToFlowPosition(point) : null;
}

/**
 * Adds a layer without dragging (palette click or keyboard): to the right of the rightmost
 * layer, handles in line with it, connected from the selected layer when the rules allow.
 * Clicking Input, Dense, Output in turn builds a whole chain.
 */
export function addLayerBeside(type: NodeType): string {
  const store = useDesignStore.getState();
  const { design } = useDocumentStore.getState().setup;
  const { nodes } = design;
  const selected = store.selection.nodeIds.length === 1 ? nodes.find((n) => n.id === store.selection.nodeIds[0]) : undefined;
  const anchorNode = selected ?? nodes.reduce<DesignNode | undefined>((best, n) => (!best || n.position.x > best.position.x ? n : best), undefined);
  const units = (defaultParams(type) as { units?: number }).units ?? 1;
  const position = anchorNode
    ? {
        x: Math.max(...nodes.map((n) => n.position.x)) + LAYER_SPACING_X,
        y: Math.round(anchorNode.position.y + handleY(unitsOf(anchorNode) ?? 1) - handleY(units)),
      }
    : { x: 0, y: Math.round(-handleY(units)) };
  // Would the new layer be allowed after the selected one? Ask with a stand-in of its kind.
  const probe = selected && ops.addNode(design, type, position);
  const connectFrom = selected && probe && connectionProblem(probe.design, selected.id, probe.id) === null ? selected.id : undefined;
  const id = store.addNode(type, position, { connectFrom });
  useViewStore.getState().requestFit();
  return id;
}

/** Brings one layer into view (a problem was clicked). */
export function focusNode(id: string): void {
  const node = instance?.getNode(id);
  if (!instance || !node) return;
  void instance.fitView({ nodes: [{ id }], padding: 0.6, maxZoom: 1.2, duration: 250 });
}
