/**
 * The network canvas (React Flow): layers dropped from the palette, connected by dragging from
 * handle to handle, moved, selected and deleted. React Flow draws; the design store decides —
 * every change React Flow proposes becomes a store action, so undo covers all of it.
 */
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useConnection,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type ConnectionState,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { taskLabel, taskShape } from '../../src-shared/datasets';
import { isNodeType } from '../../src-shared/layers';
import { connectionProblem, connectionWarnings } from '../../src-shared/network/connect';
import type { Position } from '../../src-shared/network/design';
import { useDesignStore, type Selection } from '../store/design';
import { useDocumentStore } from '../store/document';
import { useViewStore } from '../store/view';
import { pinNeuron } from './neuron-focus';
import { PALETTE_MIME } from './Palette';
import { FIT_OPTIONS, fitView, followPane, paneResized, positionCentredAt, registerCanvas, viewMovedByHand } from './canvas-control';
import { FlowEdgeCache, FlowNodeCache, type LayerFlowEdge, type LayerFlowNode, type Measured } from './flow-elements';
import { useLocked } from '../store/lesson';
import { edgeTypes } from './LayerEdge';
import { nodeTypes } from './LayerNode';
import './Canvas.css';

const EMPTY_VIEWPORT = { x: 120, y: 220, zoom: 1 };

function applySelect(ids: readonly string[], changes: readonly { id: string; selected: boolean }[]): string[] {
  const next = new Set(ids);
  for (const c of changes) {
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  return [...next];
}

/**
 * While a connection is being dragged over a layer: why it cannot be made there, or the problems
 * it would bring where it lands (an Add over unequal widths), with their fixes.
 */
function ConnectionHint(): React.JSX.Element | null {
  const pair = useConnection(
    useCallback((c: ConnectionState): string | null => {
      if (!c.inProgress || !c.toNode || c.toNode.id === c.fromNode.id) return null;
      return c.fromHandle.type === 'source' ? `${c.fromNode.id}\n${c.toNode.id}` : `${c.toNode.id}\n${c.fromNode.id}`;
    }, []),
  );
  const design = useDocumentStore((s) => s.setup.design);
  const task = useDocumentStore((s) => s.setup.task);
  const verdict = useMemo(() => {
    if (!pair) return null;
    const [source, target] = pair.split('\n');
    const refused = connectionProblem(design, source, target);
    if (refused) return { refused, warnings: [] };
    return { refused: null, warnings: connectionWarnings(design, source, target, { ...taskShape(task), name: taskLabel(task) }) };
  }, [pair, design, task]);
  if (!verdict || (!verdict.refused && verdict.warnings.length === 0)) return null;
  return (
    <Panel position="top-center" className={`connection-hint${verdict.refused ? ' refused' : ' warning'}`} role="status" data-testid="connection-hint">
      {verdict.refused ? (
        <span className="connection-hint-message">{verdict.refused}</span>
      ) : (
        verdict.warnings.map((w, i) => (
          <span key={i} className="connection-hint-warning">
            <span className="connection-hint-message">{w.message}</span>
            <span className="connection-hint-fix">{w.fix}</span>
          </span>
        ))
      )}
    </Panel>
  );
}

/** The overview map covers the network on a small canvas: it shows only where there is room for both. */
const MINIMAP_ROOM = { width: 720, height: 440 };

/**
 * Follows the canvas's size: whether there is room for the overview map, and a fitted view fits
 * again when the pane is resized (after the resize settles, so a dragged pane edge does not
 * refit on every frame).
 */
function usePaneSize(): { ref: (el: HTMLDivElement | null) => void; roomy: boolean } {
  const [roomy, setRoomy] = useState(true);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let seen: { width: number; height: number } | null = null;
    observer.current = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setRoomy(width >= MINIMAP_ROOM.width && height >= MINIMAP_ROOM.height);
      const first = seen === null;
      if (!first && seen?.width === width && seen.height === height) return;
      seen = { width, height };
      if (first) return;
      clearTimeout(timer);
      timer = setTimeout(paneResized, 80);
    });
    observer.current.observe(el);
  }, []);
  return { ref, roomy };
}

function EmptyHint(): React.JSX.Element {
  return (
    <Panel position="top-center" className="empty-hint">
      Drag an <b>Input</b>, a <b>Dense</b> and an <b>Output</b> layer here from the left, then connect them from right handle to left
      handle. Or click the layers in that order: each new one is connected to the selected one. A layer may feed several others;
      merge branches with <b>Add</b> or <b>Concatenate</b>.
    </Panel>
  );
}

export function Canvas(): React.JSX.Element {
  const designNodes = useDocumentStore((s) => s.setup.design.nodes);
  const designEdges = useDocumentStore((s) => s.setup.design.edges);
  const selection = useDesignStore((s) => s.selection);
  const theme = useViewStore((s) => s.theme);
  const fitRequest = useViewStore((s) => s.fitRequest);
  // A lesson's step that keeps the design as it is: layers can be looked at and moved, not rewired.
  const designLocked = useLocked('design');
  const flow = useReactFlow<LayerFlowNode, LayerFlowEdge>();
  const initialized = useNodesInitialized();
  const [measured, setMeasured] = useState<ReadonlyMap<string, Measured>>(new Map());
  const nodeCache = useRef(new FlowNodeCache());
  const edgeCache = useRef(new FlowEdgeCache());
  const lastFit = useRef(0);
  const pane = usePaneSize();

  useEffect(() => {
    registerCanvas(flow);
    return () => registerCanvas(null);
  }, [flow]);

  // Fit only when asked (a document was loaded, a layer added by click), never because a first
  // layer was dropped: the view must not jump under the mouse of someone building a network.
  const isEmpty = designNodes.length === 0;
  useEffect(() => {
    if (fitRequest === lastFit.current) return;
    if (isEmpty) {
      // Nothing to fit: start a new design at actual size, with room to the right.
      lastFit.current = fitRequest;
      void flow.setViewport(EMPTY_VIEWPORT);
      return;
    }
    if (!initialized) return;
    lastFit.current = fitRequest;
    fitView();
  }, [initialized, fitRequest, flow, isEmpty]);

  const selectedNodes = useMemo(() => new Set(selection.nodeIds), [selection]);
  const selectedEdges = useMemo(() => new Set(selection.edgeIds), [selection]);
  const nodes = useMemo(() => nodeCache.current.nodes(designNodes, selectedNodes, measured), [designNodes, selectedNodes, measured]);
  const edges = useMemo(() => edgeCache.current.edges(designEdges, selectedEdges), [designEdges, selectedEdges]);

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    const store = useDesignStore.getState();
    const moves = new Map<string, Position>();
    const selects: { id: string; selected: boolean }[] = [];
    const sizes: [string, Measured][] = [];
    for (const change of changes) {
      if (change.type === 'position' && change.position) moves.set(change.id, change.position);
      else if (change.type === 'select') selects.push(change);
      else if (change.type === 'dimensions' && change.dimensions) sizes.push([change.id, change.dimensions]);
      // 'remove' never comes: deleting goes through the store's deleteSelection (deleteKeyCode is off).
    }
    if (moves.size) store.moveNodes(moves);
    if (selects.length) {
      const next: Selection = { nodeIds: applySelect(store.selection.nodeIds, selects), edgeIds: useDesignStore.getState().selection.edgeIds };
      store.setSelection(next);
    }
    if (sizes.length) {
      setMeasured((current) => {
        const changed = sizes.filter(([id, size]) => current.get(id)?.width !== size.width || current.get(id)?.height !== size.height);
        if (changed.length === 0) return current;
        const next = new Map(current);
        for (const [id, size] of changed) next.set(id, { width: size.width, height: size.height });
        return next;
      });
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<LayerFlowEdge>[]) => {
    const selects = changes.filter((c): c is Extract<EdgeChange<LayerFlowEdge>, { type: 'select' }> => c.type === 'select');
    if (selects.length === 0) return;
    const store = useDesignStore.getState();
    store.setSelection({ nodeIds: store.selection.nodeIds, edgeIds: applySelect(store.selection.edgeIds, selects) });
  }, []);

  const onConnect = useCallback((c: Connection) => {
    useDesignStore.getState().connect(c.source, c.target);
  }, []);

  const isValidConnection = useCallback(
    (c: Connection | LayerFlowEdge) => connectionProblem(useDocumentStore.getState().setup.design, c.source, c.target) === null,
    [],
  );

  const onPaneClick = useCallback(() => pinNeuron(null), []);
  // A move the user made (a drag, the wheel) comes with its event; the app's own fits without.
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => event && viewMovedByHand(), []);
  const beginGesture = useCallback(() => useDesignStore.getState().beginGesture(), []);
  const endGesture = useCallback(() => useDesignStore.getState().endGesture(), []);

  const onDragOver = useCallback((e: React.DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME);
      if (!isNodeType(type)) return;
      e.preventDefault();
      const point = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      useDesignStore.getState().addNode(type, positionCentredAt(type, point));
    },
    [flow],
  );

  return (
    <div className="canvas" data-testid="canvas" ref={pane.ref}>
      <ReactFlow<LayerFlowNode, LayerFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onPaneClick={onPaneClick}
        onMoveStart={onMoveStart}
        isValidConnection={isValidConnection}
        nodesConnectable={!designLocked}
        edgesReconnectable={!designLocked}
        onNodeDragStart={beginGesture}
        onNodeDragStop={endGesture}
        onSelectionDragStart={beginGesture}
        onSelectionDragStop={endGesture}
        onDragOver={onDragOver}
        onDrop={onDrop}
        colorMode={theme}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Control', 'Meta']}
        selectionKeyCode="Shift"
        connectionLineType={ConnectionLineType.Bezier}
        connectionRadius={28}
        // The network is fitted close to the pane's edges: a connection dragged from a layer there
        // must not slide the canvas away under the pointer (zoom out to reach beyond the view).
        autoPanOnConnect={false}
        defaultViewport={EMPTY_VIEWPORT}
        minZoom={0.2}
        maxZoom={2.5}
        snapToGrid
        snapGrid={[10, 10]}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <Controls showInteractive={false} position="bottom-left" onZoomIn={viewMovedByHand} onZoomOut={viewMovedByHand} onFitView={followPane} fitViewOptions={FIT_OPTIONS} />
        {pane.roomy && (
          <MiniMap pannable zoomable position="bottom-right" nodeBorderRadius={6} ariaLabel="Overview of the network" style={{ width: 150, height: 96 }} />
        )}
        <ConnectionHint />
        {isEmpty && <EmptyHint />}
      </ReactFlow>
    </div>
  );
}
