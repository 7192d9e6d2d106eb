/**
 * The selected layer's settings (its kind's fields, from the registry), what feeds it and what it
 * feeds, its width and parameters and its problems; with nothing selected, the network at a glance.
 */
import { useCallback } from 'react';
import { kindOf, type Params } from '../../src-shared/layers';
import { nodeName } from '../../src-shared/network/compile';
import { connectionProblem } from '../../src-shared/network/connect';
import type { DesignNode } from '../../src-shared/network/design';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { ParamInput } from './fields';
import './Inspector.css';

function NetworkSummary(): React.JSX.Element {
  const empty = useDocumentStore((s) => s.setup.design.nodes.length === 0);
  const compiled = useDesignStore((s) => s.compiled);
  if (empty) return <p className="muted">No layers yet.</p>;
  if (!compiled.ok) return <p className="muted">Select a layer to edit it. The network cannot train yet; see Problems.</p>;
  const { plan } = compiled;
  const shape = plan.chain ? [plan.chain.inputSize, ...plan.chain.layers.map((l) => l.units)].join(' → ') : `${plan.steps.length} layers, ${plan.inputSize} in, ${plan.outputSize} out`;
  return (
    <dl className="facts" data-testid="network-summary">
      <dt>Network</dt>
      <dd data-testid="network-shape">{shape}</dd>
      <dt>Parameters</dt>
      <dd>{plan.parameterCount.toLocaleString('en-US')} weights and biases</dd>
      <dt>Tip</dt>
      <dd className="muted">Select a layer to edit it.</dd>
    </dl>
  );
}

/** What feeds the layer, in order (a merge's input order), and what it feeds; connections can be added and removed here too. */
function Connections({ node }: { node: DesignNode }): React.JSX.Element {
  const design = useDocumentStore((s) => s.setup.design);
  const connect = useDesignStore((s) => s.connect);
  const removeElements = useDesignStore((s) => s.removeElements);
  const moveInput = useDesignStore((s) => s.moveInput);
  const kind = kindOf(node.type);
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const incoming = design.edges.filter((e) => e.target === node.id);
  const outgoing = design.edges.filter((e) => e.source === node.id);
  const canFeed = design.nodes.filter((n) => connectionProblem(design, node.id, n.id) === null);
  const merge = kind.inputs.max > 1;
  return (
    <>
      {kind.inputs.max > 0 && (
        <div className="insp-field">
          <span>{merge ? 'Inputs, in order' : 'Input'}</span>
          {incoming.length === 0 ? (
            <span className="muted small">none: connect a layer into it</span>
          ) : (
            <ol className="insp-connections" aria-label={`Inputs of ${nodeName(node)}`}>
              {incoming.map((e, i) => {
                const from = byId.get(e.source);
                return (
                  <li key={e.id}>
                    <span>{from ? nodeName(from) : e.source}</span>
                    {merge && (
                      <>
                        <button type="button" className="icon" disabled={i === 0} onClick={() => moveInput(e.id, -1)} aria-label={`Move ${from ? nodeName(from) : e.source} up`} title="Earlier">
                          ↑
                        </button>
                        <button type="button" className="icon" disabled={i === incoming.length - 1} onClick={() => moveInput(e.id, 1)} aria-label={`Move ${from ? nodeName(from) : e.source} down`} title="Later">
                          ↓
                        </button>
                      </>
                    )}
                    <button type="button" className="icon" onClick={() => removeElements([], [e.id])} aria-label={`Disconnect ${from ? nodeName(from) : e.source}`} title="Disconnect">
                      ×
                    </button>
                  </li>
                );
              })}
            </ol>
          )}
        </div>
      )}
      {kind.role !== 'output' && (
        <div className="insp-field">
          <span>Feeds</span>
          {outgoing.length > 0 && (
            <ul className="insp-connections" aria-label={`Layers ${nodeName(node)} feeds`}>
              {outgoing.map((e) => {
                const to = byId.get(e.target);
                return (
                  <li key={e.id}>
                    <span>{to ? nodeName(to) : e.target}</span>
                    <button type="button" className="icon" onClick={() => removeElements([], [e.id])} aria-label={`Disconnect ${to ? nodeName(to) : e.target}`} title="Disconnect">
                      ×
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <select
            value=""
            aria-label={`Connect ${nodeName(node)} to`}
            onChange={(e) => {
              if (e.target.value) connect(node.id, e.target.value);
            }}
          >
            <option value="">{outgoing.length > 0 ? 'also feed…' : 'feed…'}</option>
            {canFeed.map((n) => (
              <option key={n.id} value={n.id}>
                {nodeName(n)}
              </option>
            ))}
          </select>
        </div>
      )}
    </>
  );
}

function LayerSettings({ id }: { id: string }): React.JSX.Element | null {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const problems = useDesignStore((s) => s.problems);
  const facts = useDesignStore(useCallback((s) => s.compiled.facts[id], [id]));
  const update = useDesignStore((s) => s.updateNodeParams);
  const setLabel = useDesignStore((s) => s.setNodeLabel);
  if (!node) return null;
  const kind = kindOf(node.type);
  const params = node.params as Params;
  const mine = problems.filter((p) => p.nodeId === id);
  return (
    <div className="layer-settings" data-testid="inspector-layer">
      <h3 className="inspector-heading">
        {kind.label} layer <span className="muted">{id}</span>
      </h3>
      <p className="muted small">{kind.hint}</p>
      <label className="insp-field">
        <span>Name</span>
        <input type="text" value={node.label ?? ''} placeholder={id} maxLength={80} onChange={(e) => setLabel(id, e.target.value)} aria-label="Layer name" />
      </label>
      {Object.entries(kind.fields).map(([key, field]) => (
        <label className="insp-field" key={key}>
          <span>{field.label}</span>
          <ParamInput
            field={field}
            value={params[key]}
            label={field.label}
            testId={`inspector-${key}`}
            showMessage
            onChange={(value) => update(id, { [key]: value }, { coalesce: `${id}.${key}` })}
          />
        </label>
      ))}
      <Connections node={node} />
      {facts && (
        <p className="muted small" data-testid="inspector-facts">
          {facts.width === null ? 'Width not known until its inputs are' : `${facts.width} wide`}
          {facts.parameters > 0 ? `: ${facts.parameters.toLocaleString('en-US')} weights and biases` : ''}
        </p>
      )}
      {mine.length > 0 && (
        <ul className="inspector-problems" aria-label="Problems with this layer">
          {mine.map((p, i) => (
            <li key={i}>
              <strong>{p.message}</strong>
              <span>{p.fix}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Inspector(): React.JSX.Element {
  const selection = useDesignStore((s) => s.selection);
  const deleteSelection = useDesignStore((s) => s.deleteSelection);
  const duplicate = useDesignStore((s) => s.duplicateSelection);
  const count = selection.nodeIds.length;
  return (
    <section className="inspector panel" aria-label="Inspector" data-testid="inspector">
      <h2 className="panel-title">Inspector</h2>
      {count === 1 ? (
        <LayerSettings id={selection.nodeIds[0]} />
      ) : count > 1 ? (
        <div className="multi">
          <p>{count} layers selected.</p>
          <div className="button-row">
            <button type="button" onClick={duplicate}>
              Duplicate
            </button>
            <button type="button" className="danger" onClick={deleteSelection}>
              Delete
            </button>
          </div>
        </div>
      ) : (
        <NetworkSummary />
      )}
    </section>
  );
}
