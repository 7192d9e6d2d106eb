/**
 * A layer on the canvas, one component for every kind: its kind and name, a column of neurons
 * as wide as the layer (the post's picture of a layer, with each hidden neuron's map once a run
 * has one), the settings its kind edits in place, its width and parameter count, and the design's
 * problems with it and their fixes. A kind with inputs has one input handle (a merge takes
 * several connections into it); every kind but the Output has an output handle. Handles are for the
 * mouse (a tooltip, no accessible name: they take no keys); the keyboard connects through the
 * palette and the inspector.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useCallback } from 'react';
import { isNodeType, kindOf, type Params } from '../../src-shared/layers';
import type { Activation } from '../../src-shared/network/design';
import { selectNodeProblemText, useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { FieldControl } from './fields';
import type { LayerFlowNode } from './flow-elements';
import { NEURON_PAD, NEURON_RADIUS, NEURON_SLOT, NODE_WIDTH, displayWidth, handleY, neuronAreaHeight, neuronColumn } from './geometry';
import { fieldText, kindTone, nodeFields, type KindTone } from './kinds';
import { InputNames } from './InputNames';
import { NeuronMaps } from './NeuronMaps';
import './LayerNode.css';

function Neurons({ width, tone }: { width: number | null; tone: KindTone }): React.JSX.Element {
  const column = neuronColumn(width);
  const height = neuronAreaHeight(width);
  const cx = NODE_WIDTH / 2;
  const cy = (i: number) => NEURON_PAD + i * NEURON_SLOT + NEURON_SLOT / 2;
  return (
    <svg className="neurons" width={NODE_WIDTH} height={height} aria-hidden="true">
      {Array.from({ length: column.drawn }, (_, i) => (
        <circle key={i} className={`neuron neuron-${tone}`} cx={cx} cy={cy(i)} r={NEURON_RADIUS} />
      ))}
      {column.hidden > 0 && (
        <text className="neuron-more" x={cx} y={cy(column.drawn)} dominantBaseline="central" textAnchor="middle">
          +{column.hidden}
        </text>
      )}
      {width === null && (
        <g>
          <circle className={`neuron neuron-${tone} neuron-unknown`} cx={cx} cy={cy(0)} r={NEURON_RADIUS} />
          <text className="neuron-more" x={cx + 18} y={cy(0)} dominantBaseline="central">
            ?
          </text>
        </g>
      )}
    </svg>
  );
}

/** "3 wide · 12 params": what the compiler knows of the node, even while the graph has problems. */
function factsText(width: number | null, parameters: number, trainable: boolean): string {
  const w = width === null ? 'width unknown' : `${width.toLocaleString('en-US')} wide`;
  if (!trainable) return `${w} · no weights`;
  if (width === null || parameters === 0) return `${w} · weights once connected`;
  return `${w} · ${parameters.toLocaleString('en-US')} param${parameters === 1 ? '' : 's'}`;
}

function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>): React.JSX.Element | null {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const facts = useDesignStore(useCallback((s) => s.compiled.facts[id], [id]));
  const problems = useDesignStore(useCallback(selectNodeProblemText(id), [id]));
  const update = useDesignStore((s) => s.updateNodeParams);
  if (!node || !isNodeType(node.type)) return null;
  const kind = kindOf(node.type);
  const params = node.params as Params;
  const tone = kindTone(kind);
  const width = displayWidth(node, facts);
  const column = neuronColumn(width);
  const handleTop = handleY(width);
  const name = node.label?.trim() || id;
  const fields = nodeFields(kind, params);
  const [first, ...more] = problems ? problems.split('\n\n') : [];
  const activation = (typeof params.activation === 'string' ? params.activation : 'linear') as Activation;
  return (
    <div
      className={`layer-node layer-${node.type} tone-${tone}${selected ? ' selected' : ''}${problems ? ' has-problem' : ''}`}
      data-testid={`layer-${id}`}
      data-kind={node.type}
      data-units={width ?? ''}
      style={{ width: NODE_WIDTH }}
    >
      <div className="layer-header" title={kind.hint}>
        <span className="layer-kind">{kind.label}</span>
        <span className="layer-name" title={name}>
          {name}
        </span>
        {problems && (
          <span className="problem-badge" title={problems} aria-label={`Problem: ${problems}`}>
            !
          </span>
        )}
      </div>
      {kind.inputs.max > 0 && (
        <Handle
          type="target"
          position={Position.Left}
          style={{ top: handleTop }}
          title={`Input: drop a connection here${kind.inputs.max > 1 ? ` (takes ${kind.inputs.min} or more)` : ''}`}
        />
      )}
      <div className="neuron-area">
        <Neurons width={width} tone={tone} />
        {kind.role === 'hidden' && <NeuronMaps nodeId={id} name={name} drawn={column.drawn} height={neuronAreaHeight(width)} activation={activation} />}
      </div>
      {fields.inline.length > 0 && (
        <div className={`layer-controls fields-${fields.inline.length}`}>
          {fields.inline.map((key) => {
            const field = kind.fields[key];
            return (
              <FieldControl
                key={key}
                field={field}
                value={params[key]}
                label={`${kind.label} ${id} ${field.label.toLowerCase()}`}
                testId={`${key}-${id}`}
                onCommit={(value, how) => update(id, { [key]: value }, how === 'stepped' ? { coalesce: `${id}.${key}` } : undefined)}
              />
            );
          })}
          {fields.inline.length === 1 && kind.fields[fields.inline[0]].type !== 'choice' && (
            <span className="layer-caption">{kind.fields[fields.inline[0]].label.toLowerCase()}</span>
          )}
        </div>
      )}
      {fields.shown.map((key) => (
        <div key={key} className="layer-text-row">
          {kind.fields[key].label.toLowerCase()}: {fieldText(kind, key, params[key])}
        </div>
      ))}
      {kind.role === 'input' && <InputNames />}
      <div className="layer-facts" data-testid={`facts-${id}`}>
        {factsText(facts?.width ?? null, facts?.parameters ?? 0, kind.trainable !== undefined)}
      </div>
      {kind.role !== 'output' && <Handle type="source" position={Position.Right} style={{ top: handleTop }} title="Output: drag from here to another layer’s input" />}
      {first && (
        <div className="layer-problem" role="note">
          {first.split('\n').map((line, i) => (
            <span key={i} className={i === 0 ? 'layer-problem-message' : 'layer-problem-fix'}>
              {line}
            </span>
          ))}
          {more.length > 0 && <span className="layer-problem-more">and {more.length} more (see Problems)</span>}
        </div>
      )}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);

/** React Flow's node types: every kind is drawn by the one component. */
export const nodeTypes = { layer: LayerNode };
