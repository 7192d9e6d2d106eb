/**
 * A layer on the canvas, for every kind of the registry: a column of neurons (the post's picture
 * of a layer) as wide as the compiler says, the kind's inline settings editable in place, its
 * width and parameter count, the loss on the Output, and any problem the design has with it.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useCallback } from 'react';
import { kindOf, LOSS_LABELS, type Params } from '../../src-shared/layers';
import { selectNodeProblemText, selectNodeWidth, useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { ParamInput } from './fields';
import type { LayerFlowNode } from './flow-elements';
import { NEURON_PAD, NEURON_RADIUS, NEURON_SLOT, NODE_WIDTH, handleY, neuronAreaHeight, neuronColumn } from './geometry';
import './LayerNode.css';

function Neurons({ units, kind }: { units: number; kind: string }): React.JSX.Element {
  const column = neuronColumn(units);
  const height = neuronAreaHeight(units);
  const cx = NODE_WIDTH / 2;
  const cy = (i: number) => NEURON_PAD + i * NEURON_SLOT + NEURON_SLOT / 2;
  return (
    <svg className="neurons" width={NODE_WIDTH} height={height} aria-hidden="true">
      {Array.from({ length: column.drawn }, (_, i) => (
        <circle key={i} className={`neuron neuron-${kind}`} cx={cx} cy={cy(i)} r={NEURON_RADIUS} />
      ))}
      {column.hidden > 0 && (
        <text className="neuron-more" x={cx} y={cy(column.drawn)} dominantBaseline="central" textAnchor="middle">
          +{column.hidden}
        </text>
      )}
    </svg>
  );
}

/** "3 wide · 9 parameters": what the layer is, at a glance. */
function facts(width: number | null, parameters: number): string {
  const wide = width === null ? 'width unknown' : `${width} wide`;
  return parameters > 0 ? `${wide} · ${parameters.toLocaleString('en-US')} parameters` : wide;
}

function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>): React.JSX.Element | null {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const problemText = useDesignStore(useCallback(selectNodeProblemText(id), [id]));
  const width = useDesignStore(useCallback(selectNodeWidth(id), [id]));
  const known = useDesignStore(useCallback((s) => s.compiled.facts[id]?.width ?? null, [id]));
  const parameters = useDesignStore(useCallback((s) => s.compiled.facts[id]?.parameters ?? 0, [id]));
  const update = useDesignStore((s) => s.updateNodeParams);
  if (!node) return null;
  const kind = kindOf(node.type);
  const params = node.params as Params;
  const handleTop = handleY(width);
  const firstProblem = problemText.split('\n')[0];
  const inline = Object.entries(kind.fields).filter(([, f]) => f.inline);
  return (
    <div
      className={`layer-node layer-${node.type}${selected ? ' selected' : ''}${problemText ? ' has-problem' : ''}`}
      data-testid={`layer-${id}`}
      data-kind={node.type}
      data-units={width}
      style={{ width: NODE_WIDTH }}
    >
      <div className="layer-header">
        <span className="layer-kind">{kind.label}</span>
        <span className="layer-name" title={node.label ?? id}>
          {node.label ?? id}
        </span>
        {problemText && (
          <span className="problem-badge" title={problemText} aria-label={`Problem: ${problemText}`}>
            !
          </span>
        )}
      </div>
      {kind.inputs.max > 0 && (
        <Handle type="target" position={Position.Left} style={{ top: handleTop }} aria-label={`${kind.label} ${id} input${kind.inputs.max > 1 ? 's' : ''}`} />
      )}
      <Neurons units={width} kind={node.type} />
      <div className="layer-controls">
        {inline.map(([key, field]) => (
          <ParamInput
            key={key}
            field={field}
            value={params[key]}
            label={`${kind.label} ${id} ${field.label.toLowerCase()}`}
            testId={`${key}-${id}`}
            onChange={(value) => update(id, { [key]: value }, { coalesce: `${id}.${key}` })}
          />
        ))}
        {inline.length === 0 && <span className="layer-caption">{kind.hint}</span>}
      </div>
      {node.type === 'output' && <div className="layer-loss">loss: {LOSS_LABELS[(params as { loss: keyof typeof LOSS_LABELS }).loss]?.replace(/ \(.*\)$/, '')}</div>}
      <div className="layer-facts" data-testid={`facts-${id}`}>
        {facts(known, parameters)}
      </div>
      {kind.role !== 'output' && <Handle type="source" position={Position.Right} style={{ top: handleTop }} aria-label={`${kind.label} ${id} output`} />}
      {firstProblem && (
        <div className="layer-problem" role="note">
          {firstProblem}
        </div>
      )}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
