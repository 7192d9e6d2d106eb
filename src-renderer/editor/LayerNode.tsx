/**
 * A layer on the canvas, one component for every kind: its kind and name, a column of neurons
 * as wide as the layer (the post's picture of a layer; a grid for a wide one), with each hidden
 * neuron's map once a run has one, the settings its kind edits in place (a row each), its width
 * and parameter count, and the design's
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
import { useLocked } from '../store/lesson';
import { FieldControl } from './fields';
import type { LayerFlowNode } from './flow-elements';
import { useDensity } from './density';
import { DENSITY, cellCentre, compactTextHeight, controlsHeight, displayWidth, handleY, neuronAreaHeight, neuronLayout, neuronRadius, type NeuronLayout } from './geometry';
import { compactFields, compactText, fieldText, kindTone, nodeFields, type KindTone } from './kinds';
import { InputNames } from './InputNames';
import { NeuronMaps } from './NeuronMaps';
import './LayerNode.css';

function Neurons({ layout, height, tone }: { layout: NeuronLayout; height: number; tone: KindTone }): React.JSX.Element {
  const r = neuronRadius(layout);
  const lastRow = cellCentre(layout, (layout.rows - 1) * layout.columns).y;
  const middle = layout.nodeWidth / 2;
  return (
    <svg className="neurons" width={layout.nodeWidth} height={height} aria-hidden="true">
      {Array.from({ length: layout.shown }, (_, i) => {
        const c = cellCentre(layout, i);
        return <circle key={i} className={`neuron neuron-${tone}`} cx={c.x} cy={c.y} r={r} />;
      })}
      {layout.hidden > 0 && (
        <text className="neuron-more" x={middle} y={lastRow} dominantBaseline="central" textAnchor="middle">
          +{layout.hidden}
        </text>
      )}
      {layout.unknown && (
        <g>
          <circle className={`neuron neuron-${tone} neuron-unknown`} cx={middle} cy={lastRow} r={r} />
          <text className="neuron-more" x={middle + r + 6} y={lastRow} dominantBaseline="central">
            ?
          </text>
        </g>
      )}
    </svg>
  );
}

/**
 * "3 wide" over "12 params": what the compiler knows of the node, even while the graph has
 * problems. One text ("3 wide · 12 params") for whoever reads or copies it, drawn as two lines.
 */
function Facts({ width, parameters, trainable }: { width: number | null; parameters: number; trainable: boolean }): React.JSX.Element {
  const w = width === null ? 'width unknown' : `${width.toLocaleString('en-US')} wide`;
  let p: string;
  if (!trainable) p = 'no weights';
  else if (width === null || parameters === 0) p = 'no inputs yet';
  else p = `${parameters.toLocaleString('en-US')} param${parameters === 1 ? '' : 's'}`;
  return (
    <>
      <span className="layer-fact">{w}</span>
      <span className="layer-fact-separator"> · </span>
      <span className="layer-fact" title={p}>
        {p}
      </span>
    </>
  );
}

function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>): React.JSX.Element | null {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const facts = useDesignStore(useCallback((s) => s.compiled.facts[id], [id]));
  const problems = useDesignStore(useCallback(selectNodeProblemText(id), [id]));
  const update = useDesignStore((s) => s.updateNodeParams);
  const designLocked = useLocked('design');
  const density = useDensity();
  if (!node || !isNodeType(node.type)) return null;
  const kind = kindOf(node.type);
  const params = node.params as Params;
  const tone = kindTone(kind);
  const width = displayWidth(node, facts);
  const layout = neuronLayout(width, density);
  const areaHeight = neuronAreaHeight(width, density);
  const handleTop = handleY(width, density);
  const name = node.label?.trim() || id;
  const compact = density === 'compact';
  const fields = compact ? { inline: [], shown: [] } : nodeFields(kind, params);
  const written = compact ? compactFields(kind, params) : [];
  const [first, ...more] = problems ? problems.split('\n\n') : [];
  const activation = (typeof params.activation === 'string' ? params.activation : 'linear') as Activation;
  return (
    <div
      className={`layer-node layer-${node.type} tone-${tone} density-${density}${selected ? ' selected' : ''}${problems ? ' has-problem' : ''}`}
      data-testid={`layer-${id}`}
      data-kind={node.type}
      data-units={width ?? ''}
      style={{ width: DENSITY[density].width }}
    >
      <div className="layer-header" title={kind.hint}>
        <span className="layer-title">
          <span className="layer-kind" title={kind.label}>
            {kind.label}
          </span>
          <span className="layer-name" title={name}>
            {name}
          </span>
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
        <Neurons layout={layout} height={areaHeight} tone={tone} />
        {kind.role === 'hidden' && <NeuronMaps nodeId={id} name={name} layout={layout} height={areaHeight} activation={activation} />}
      </div>
      {fields.inline.length > 0 && (
        // A fieldset, so a lesson step that keeps the design as it is disables the layer's fields at once.
        <fieldset className="layer-controls" disabled={designLocked} style={{ height: controlsHeight(fields.inline.length) }}>
          {fields.inline.map((key) => {
            const field = kind.fields[key];
            return (
              <div key={key} className="layer-control-row">
                <FieldControl
                  field={field}
                  value={params[key]}
                  label={`${kind.label} ${id} ${field.label.toLowerCase()}`}
                  testId={`${key}-${id}`}
                  onCommit={(value, how) => update(id, { [key]: value }, how === 'stepped' ? { coalesce: `${id}.${key}` } : undefined)}
                />
                {field.type !== 'choice' && <span className="layer-caption">{field.label.toLowerCase()}</span>}
              </div>
            );
          })}
        </fieldset>
      )}
      {fields.shown.map((key) => (
        <div key={key} className="layer-text-row" title={fieldText(kind, key, params[key])}>
          {kind.fields[key].label.toLowerCase()}: {fieldText(kind, key, params[key])}
        </div>
      ))}
      {written.length > 0 && (
        <div className="layer-written" style={{ height: compactTextHeight(written.reduce((n, f) => n + f.lines, 0)) }} data-testid={`settings-${id}`}>
          {written.map(({ key, lines }) => (
            <div key={key} className={`layer-written-row lines-${lines}`} title={`${kind.fields[key].label}: ${fieldText(kind, key, params[key])}`}>
              {compactText(kind, key, params[key])}
            </div>
          ))}
        </div>
      )}
      {!compact && kind.role === 'input' && <InputNames />}
      {!compact && (
        <div className="layer-facts" data-testid={`facts-${id}`}>
          <Facts width={facts?.width ?? null} parameters={facts?.parameters ?? 0} trainable={kind.trainable !== undefined} />
        </div>
      )}
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
