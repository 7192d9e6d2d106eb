/** The selected layer's settings, validated as they are typed; with nothing selected, the network at a glance. */
import { useCallback } from 'react';
import { nodeName } from '../../src-shared/network/compile';
import type { DesignNode } from '../../src-shared/network/design';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { connectionProblem } from '../store/design-ops';
import { ActivationSelect, LossSelect, UnitsField } from './fields';
import { KIND_LABEL } from './LayerNode';
import './Inspector.css';

function NetworkSummary(): React.JSX.Element {
  const empty = useDocumentStore((s) => s.setup.design.nodes.length === 0);
  const compiled = useDesignStore((s) => s.compiled);
  if (empty) return <p className="muted">No layers yet.</p>;
  if (!compiled.ok) return <p className="muted">Select a layer to edit it. The network cannot train yet; see Problems.</p>;
  const sizes = [compiled.spec.inputSize, ...compiled.spec.layers.map((l) => l.units)];
  const parameters = compiled.spec.layers.reduce((sum, l, i) => sum + (sizes[i] + 1) * l.units, 0);
  return (
    <dl className="facts" data-testid="network-summary">
      <dt>Network</dt>
      <dd data-testid="network-shape">{sizes.join(' → ')}</dd>
      <dt>Parameters</dt>
      <dd>{parameters} weights and biases</dd>
      <dt>Tip</dt>
      <dd className="muted">Select a layer to edit it.</dd>
    </dl>
  );
}

function ConnectionPicker({ node }: { node: DesignNode }): React.JSX.Element | null {
  const design = useDocumentStore((s) => s.setup.design);
  const connect = useDesignStore((s) => s.connect);
  const removeElements = useDesignStore((s) => s.removeElements);
  if (node.type === 'output') return null;
  const outgoing = design.edges.find((e) => e.source === node.id);
  const candidates = design.nodes.filter((n) => n.id !== node.id && (connectionProblem(design, node.id, n.id) === null || n.id === outgoing?.target));
  return (
    <label className="insp-field">
      <span>Feeds into</span>
      <select
        value={outgoing?.target ?? ''}
        aria-label={`${nodeName(node)} feeds into`}
        onChange={(e) => {
          if (outgoing) removeElements([], [outgoing.id]);
          if (e.target.value) connect(node.id, e.target.value);
        }}
      >
        <option value="">(nothing)</option>
        {candidates.map((n) => (
          <option key={n.id} value={n.id}>
            {nodeName(n)}
          </option>
        ))}
      </select>
    </label>
  );
}

function LayerSettings({ id }: { id: string }): React.JSX.Element | null {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const problems = useDesignStore((s) => s.problems);
  const update = useDesignStore((s) => s.updateNodeParams);
  const setLabel = useDesignStore((s) => s.setNodeLabel);
  const design = useDocumentStore((s) => s.setup.design);
  if (!node) return null;
  const kind = KIND_LABEL[node.type];
  const incoming = design.edges.find((e) => e.target === node.id);
  const fanIn = incoming ? design.nodes.find((n) => n.id === incoming.source)?.params.units : undefined;
  const mine = problems.filter((p) => p.nodeId === id);
  return (
    <div className="layer-settings" data-testid="inspector-layer">
      <h3 className="inspector-heading">
        {kind} layer <span className="muted">{id}</span>
      </h3>
      <label className="insp-field">
        <span>Name</span>
        <input
          type="text"
          value={node.label ?? ''}
          placeholder={id}
          maxLength={80}
          onChange={(e) => setLabel(id, e.target.value)}
          aria-label="Layer name"
        />
      </label>
      <label className="insp-field">
        <span>{node.type === 'input' ? 'Inputs' : 'Units'}</span>
        <UnitsField value={node.params.units} label={`${kind} units`} testId="inspector-units" showMessage onCommit={(u) => update(id, { units: u }, { coalesce: `${id}.units` })} />
      </label>
      {node.type !== 'input' && (
        <label className="insp-field">
          <span>Activation</span>
          <ActivationSelect value={node.params.activation} label="Activation" testId="inspector-activation" onChange={(activation) => update(id, { activation })} />
        </label>
      )}
      {node.type === 'output' && (
        <label className="insp-field">
          <span>Loss</span>
          <LossSelect value={node.params.loss} label="Loss" testId="inspector-loss" onChange={(loss) => update(id, { loss })} />
        </label>
      )}
      <ConnectionPicker node={node} />
      {fanIn !== undefined && node.type !== 'input' && (
        <p className="muted small">
          {fanIn} × {node.params.units} weights + {node.params.units} biases = {(fanIn + 1) * node.params.units} parameters
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
