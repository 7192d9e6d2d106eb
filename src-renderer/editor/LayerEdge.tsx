/**
 * A connection between two layers, drawn as what it is: every neuron of one layer wired to every
 * neuron of the next. Once a run has weights, each line takes its weight's colour and thickness.
 */
import { BaseEdge, getBezierPath, useInternalNode, type EdgeProps } from '@xyflow/react';
import { interpolateRdBu, scaleDiverging } from 'd3';
import { memo, useCallback, useMemo } from 'react';
import { selectNodeWidth, useDesignStore } from '../store/design';
import { useEdgeWeights } from '../store/edge-weights';
import type { LayerFlowEdge } from './flow-elements';
import { NODE_WIDTH, neuronColumn, neuronY } from './geometry';
import './LayerEdge.css';

function useUnits(id: string): number {
  return useDesignStore(useCallback(selectNodeWidth(id), [id]));
}

function LayerEdgeView(props: EdgeProps<LayerFlowEdge>): React.JSX.Element {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } = props;
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const sourceUnits = useUnits(source);
  const targetUnits = useUnits(target);
  const weights = useEdgeWeights(useCallback((s) => s.byTarget[target], [target]));
  const maxAbs = useEdgeWeights((s) => s.maxAbs);
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });

  const lines = useMemo(() => {
    if (!sourceNode || !targetNode) return [];
    const from = sourceNode.internals.positionAbsolute;
    const to = targetNode.internals.positionAbsolute;
    const x1 = from.x + (sourceNode.measured.width ?? NODE_WIDTH);
    const x2 = to.x;
    const color = scaleDiverging(interpolateRdBu).domain([-(maxAbs || 1), 0, maxAbs || 1]);
    const drawnIn = neuronColumn(sourceUnits).drawn;
    const drawnOut = neuronColumn(targetUnits).drawn;
    const result: { key: string; d: string; stroke?: string; width?: number }[] = [];
    for (let i = 0; i < drawnIn; i++) {
      for (let j = 0; j < drawnOut; j++) {
        const y1 = from.y + neuronY(i);
        const y2 = to.y + neuronY(j);
        const mid = (x1 + x2) / 2;
        const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
        const w = weights && i < weights.fanIn && j < weights.fanOut ? weights.W[i * weights.fanOut + j] : undefined;
        result.push(
          w === undefined
            ? { key: `${i}-${j}`, d }
            : { key: `${i}-${j}`, d, stroke: color(w), width: 0.6 + 3.4 * (Math.abs(w) / (maxAbs || 1)) },
        );
      }
    }
    return result;
  }, [sourceNode, targetNode, sourceUnits, targetUnits, weights, maxAbs]);

  return (
    <g className={`layer-edge${selected ? ' selected' : ''}${weights ? ' weighted' : ''}`} data-testid={`edge-${id}`}>
      <g className="fan" aria-hidden="true">
        {lines.map((l) => (
          <path key={l.key} d={l.d} style={l.stroke ? { stroke: l.stroke, strokeWidth: l.width } : undefined} />
        ))}
      </g>
      <BaseEdge id={id} path={path} className="layer-edge-spine" interactionWidth={24} />
    </g>
  );
}

export const LayerEdge = memo(LayerEdgeView);
export const edgeTypes = { layer: LayerEdge };
