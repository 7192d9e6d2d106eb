/**
 * A layer on the canvas: a column of neurons (the post's picture of a layer), its size and
 * activation editable in place, and any problem the design has with it.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useCallback } from 'react';
import type { DesignNode } from '../../src-shared/network/design';
import { selectNodeProblemText, useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { ActivationSelect, LOSS_LABELS, UnitsField } from './fields';
import type { LayerFlowNode } from './flow-elements';
import { NEURON_PAD, NEURON_RADIUS, NEURON_SLOT, NODE_WIDTH, handleY, neuronAreaHeight, neuronColumn } from './geometry';
import './LayerNode.css';

export const KIND_LABEL: Record<DesignNode['type'], string> = { input: 'Input', dense: 'Dense', output: 'Output' };

function Neurons({ units, kind }: { units: number; kind: DesignNode['type'] }): React.JSX.Element {
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

function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>): React.JSX.Element | null {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const problemText = useDesignStore(useCallback(selectNodeProblemText(id), [id]));
  const update = useDesignStore((s) => s.updateNodeParams);
  if (!node) return null;
  const units = node.params.units;
  const handleTop = handleY(units);
  const kind = KIND_LABEL[node.type];
  const firstProblem = problemText.split('\n')[0];
  return (
    <div
      className={`layer-node layer-${node.type}${selected ? ' selected' : ''}${problemText ? ' has-problem' : ''}`}
      data-testid={`layer-${id}`}
      data-kind={node.type}
      data-units={units}
      style={{ width: NODE_WIDTH }}
    >
      <div className="layer-header">
        <span className="layer-kind">{kind}</span>
        <span className="layer-name" title={node.label ?? id}>
          {node.label ?? id}
        </span>
        {problemText && (
          <span className="problem-badge" title={problemText} aria-label={`Problem: ${problemText}`}>
            !
          </span>
        )}
      </div>
      {node.type !== 'input' && <Handle type="target" position={Position.Left} style={{ top: handleTop }} aria-label={`${kind} ${id} input`} />}
      <Neurons units={units} kind={node.type} />
      <div className="layer-controls">
        <UnitsField
          value={units}
          label={`${kind} ${id} units`}
          testId={`units-${id}`}
          onCommit={(u) => update(id, { units: u }, { coalesce: `${id}.units` })}
        />
        {node.type === 'input' ? (
          <span className="layer-caption">inputs</span>
        ) : (
          <ActivationSelect
            value={node.params.activation}
            label={`${kind} ${id} activation`}
            testId={`activation-${id}`}
            onChange={(activation) => update(id, { activation })}
          />
        )}
      </div>
      {node.type === 'output' && <div className="layer-loss">loss: {LOSS_LABELS[node.params.loss].replace(/ \(.*\)$/, '')}</div>}
      {node.type !== 'output' && <Handle type="source" position={Position.Right} style={{ top: handleTop }} aria-label={`${kind} ${id} output`} />}
      {firstProblem && (
        <div className="layer-problem" role="note">
          {firstProblem}
        </div>
      )}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);

export const nodeTypes = { input: LayerNode, dense: LayerNode, output: LayerNode };
