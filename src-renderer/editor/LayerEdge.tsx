/**
 * A connection between two layers, drawn as what it carries: a line from each neuron it leaves to
 * each neuron it feeds (every one, into a layer with weights; one each, into a merge or an
 * activation). Once a run has weights, each line into a layer with weights takes its weight's
 * colour and thickness, readable in both themes.
 */
import { BaseEdge, getBezierPath, useInternalNode, type EdgeProps } from '@xyflow/react';
import { memo, useCallback, useMemo } from 'react';
import { isNodeType, kindOf } from '../../src-shared/layers';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { useEdgeWeights } from '../store/edge-weights';
import { useViewStore } from '../store/view';
import { linePairs, linePattern } from './edge-lines';
import type { LayerFlowEdge } from './flow-elements';
import { NODE_WIDTH, displayWidth, neuronColumn, neuronY } from './geometry';
import { weightStroke } from './weight-colors';
import './LayerEdge.css';

/** How many neurons a node draws (a number, so the edge re-renders only when it changes). */
function useDrawn(id: string): number {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const facts = useDesignStore(useCallback((s) => s.compiled.facts[id], [id]));
  return node ? neuronColumn(displayWidth(node, facts)).drawn : 0;
}

function LayerEdgeView(props: EdgeProps<LayerFlowEdge>): React.JSX.Element {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } = props;
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const drawnIn = useDrawn(source);
  const drawnOut = useDrawn(target);
  const targetType = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === target)?.type, [target]));
  const hasWeights = targetType !== undefined && isNodeType(targetType) && kindOf(targetType).trainable !== undefined;
  const edges = useDocumentStore((s) => s.setup.design.edges);
  const facts = useDesignStore((s) => s.compiled.facts);
  const pattern = linePattern({ id, target }, edges, facts, hasWeights);
  const offset = pattern.kind === 'one-to-one' ? pattern.offset : -1;
  const weights = useEdgeWeights(useCallback((s) => (hasWeights ? s.byTarget[target] : undefined), [target, hasWeights]));
  const maxAbs = useEdgeWeights((s) => s.maxAbs);
  const theme = useViewStore((s) => s.theme);
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });

  const lines = useMemo(() => {
    if (!sourceNode || !targetNode) return [];
    const from = sourceNode.internals.positionAbsolute;
    const to = targetNode.internals.positionAbsolute;
    const x1 = from.x + (sourceNode.measured.width ?? NODE_WIDTH);
    const x2 = to.x;
    const stroke = weightStroke(theme, maxAbs);
    const pairs = linePairs(offset < 0 ? { kind: 'full' } : { kind: 'one-to-one', offset }, drawnIn, drawnOut);
    return pairs.map(([i, j]) => {
      const y1 = from.y + neuronY(i);
      const y2 = to.y + neuronY(j);
      const mid = (x1 + x2) / 2;
      const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
      const w = weights && i < weights.fanIn && j < weights.fanOut ? weights.W[i * weights.fanOut + j] : undefined;
      const style = w === undefined || !Number.isFinite(w) ? undefined : stroke(w);
      return { key: `${i}-${j}`, d, style: style && { stroke: style.color, strokeWidth: style.width } };
    });
  }, [sourceNode, targetNode, drawnIn, drawnOut, offset, weights, maxAbs, theme]);

  return (
    <g className={`layer-edge${selected ? ' selected' : ''}${weights ? ' weighted' : ''}`} data-testid={`edge-${id}`}>
      <g className="fan" aria-hidden="true">
        {lines.map((l) => (
          <path key={l.key} d={l.d} style={l.style} />
        ))}
      </g>
      <BaseEdge id={id} path={path} className="layer-edge-spine" interactionWidth={24} />
    </g>
  );
}

export const LayerEdge = memo(LayerEdgeView);
export const edgeTypes = { layer: LayerEdge };
