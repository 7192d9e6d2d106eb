/**
 * A connection between two layers, drawn as what it carries: a line from each neuron it leaves to
 * each neuron it feeds (every one, into a layer with weights; one each, into a merge or an
 * activation); a layer wide enough to be drawn as a grid joins its lines a row at a time. Once a
 * run has weights, each line that is one weight takes its colour and thickness, readable in both
 * themes.
 */
import { BaseEdge, getBezierPath, useInternalNode, type EdgeProps } from '@xyflow/react';
import { memo, useCallback, useMemo } from 'react';
import { isNodeType, kindOf } from '../../src-shared/layers';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { useEdgeWeights } from '../store/edge-weights';
import { useViewStore } from '../store/view';
import { linePattern, rowLines, type LineEnds } from './edge-lines';
import type { LayerFlowEdge } from './flow-elements';
import { useDensity } from './density';
import { DENSITY, displayWidth, neuronLayout, neuronRowY } from './geometry';
import { weightStroke } from './weight-colors';
import './LayerEdge.css';

/** How a node lays out its neurons, as a key (a string, so the edge re-renders only when it changes). */
function useEnds(id: string): string {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const facts = useDesignStore(useCallback((s) => s.compiled.facts[id], [id]));
  const density = useDensity();
  if (!node) return `0 1 0 ${DENSITY[density].width}`;
  const layout = neuronLayout(displayWidth(node, facts), density);
  return `${layout.shown} ${layout.columns} ${layout.cell} ${layout.nodeWidth}`;
}

function endsOf(key: string): LineEnds & { cell: number; nodeWidth: number } {
  const [shown, columns, cell, nodeWidth] = key.split(' ').map(Number);
  return { shown, columns, cell, nodeWidth };
}

function LayerEdgeView(props: EdgeProps<LayerFlowEdge>): React.JSX.Element {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } = props;
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const endsIn = useEnds(source);
  const endsOut = useEnds(target);
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
    const into = endsOf(endsIn);
    const out = endsOf(endsOut);
    const x1 = from.x + (sourceNode.measured.width ?? into.nodeWidth);
    const x2 = to.x;
    const stroke = weightStroke(theme, maxAbs);
    return rowLines(offset < 0 ? { kind: 'full' } : { kind: 'one-to-one', offset }, into, out).map((line) => {
      const y1 = from.y + neuronRowY(into.cell, line.from);
      const y2 = to.y + neuronRowY(out.cell, line.to);
      const mid = (x1 + x2) / 2;
      const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
      const [i, j] = line.weight ?? [-1, -1];
      const w = weights && line.weight && i < weights.fanIn && j < weights.fanOut ? weights.W[i * weights.fanOut + j] : undefined;
      const style = w === undefined || !Number.isFinite(w) ? undefined : stroke(w);
      return { key: `${line.from}-${line.to}`, d, style: style && { stroke: style.color, strokeWidth: style.width } };
    });
  }, [sourceNode, targetNode, endsIn, endsOut, offset, weights, maxAbs, theme]);

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
