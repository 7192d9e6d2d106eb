/**
 * The selected layer: its settings (made from its kind's fields), its width and weights, its
 * problems with their fixes, the layers it reads (in order: a Concatenate's columns come in this
 * order, so they can be moved) and the layers it feeds. With nothing selected, the network at a
 * glance from the compiled plan.
 */
import { useCallback } from 'react';
import { appliedFields, isNodeType, kindOf, paramValue, type Params } from '../../src-shared/layers';
import { nodeName } from '../../src-shared/network/compile';
import { connectionProblem } from '../../src-shared/network/connect';
import type { Design, DesignNode } from '../../src-shared/network/design';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { FieldControl } from './fields';
import { isChainPlan, mergeSummary } from './plan-text';
import './Inspector.css';

function NetworkSummary(): React.JSX.Element {
  const nodes = useDocumentStore((s) => s.setup.design.nodes);
  const compiled = useDesignStore((s) => s.compiled);
  if (nodes.length === 0) return <p className="muted">No layers yet.</p>;
  if (!compiled.ok) return <p className="muted">Select a layer to edit it. The network cannot train yet; see Problems.</p>;
  const { plan } = compiled;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return (
    <dl className="facts" data-testid="network-summary">
      <dt>Network</dt>
      <dd data-testid="network-shape">
        {isChainPlan(plan) ? plan.steps.map((s) => s.width).join(' → ') : mergeSummary(plan)}
      </dd>
      <dt>Parameters</dt>
      <dd>{plan.parameterCount.toLocaleString('en-US')} weights and biases</dd>
      <dt className="facts-wide">Layers</dt>
      <dd className="facts-wide">
        <table className="summary-steps">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Wide</th>
              <th scope="col">Params</th>
            </tr>
          </thead>
          <tbody>
            {plan.steps.map((s) => {
              const node = byId.get(s.id);
              const name = node ? nodeName(node) : s.id;
              return (
                <tr key={s.id}>
                  <td className="summary-name" title={name}>
                    {name}
                  </td>
                  <td>{s.width.toLocaleString('en-US')}</td>
                  <td>{s.weights ? ((s.weights.fanIn + 1) * s.weights.fanOut).toLocaleString('en-US') : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </dd>
      <dt>Tip</dt>
      <dd className="muted">Select a layer to edit it.</dd>
    </dl>
  );
}

/** A select that connects the node to (or from) one of the layers the rules allow. */
function ConnectPicker({ label, candidates, onPick }: { label: string; candidates: DesignNode[]; onPick(id: string): void }): React.JSX.Element | null {
  if (candidates.length === 0) return null;
  return (
    <select className="connect-picker" aria-label={label} value="" onChange={(e) => e.target.value && onPick(e.target.value)}>
      <option value="">{label}…</option>
      {candidates.map((n) => (
        <option key={n.id} value={n.id}>
          {nodeName(n)}
        </option>
      ))}
    </select>
  );
}

function Connections({ node, design }: { node: DesignNode; design: Design }): React.JSX.Element {
  const connect = useDesignStore((s) => s.connect);
  const removeElements = useDesignStore((s) => s.removeElements);
  const moveInput = useDesignStore((s) => s.moveInput);
  const facts = useDesignStore((s) => s.compiled.facts);
  const kind = kindOf(node.type);
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const inputs = design.edges.filter((e) => e.target === node.id);
  const outputs = design.edges.filter((e) => e.source === node.id);
  const name = (id: string): string => {
    const n = byId.get(id);
    return n ? nodeName(n) : id;
  };
  const width = (id: string): string => {
    const w = facts[id]?.width;
    return w == null ? '' : ` · ${w} wide`;
  };
  const ordered = kind.inputs.max > 1;
  // A merge as wide as its inputs together puts them side by side (Concatenate): order is its column order.
  const sideBySide = ordered && kind.infer(kind.defaults, [1, 2]) === 3;
  return (
    <>
      {kind.inputs.max > 0 && (
        <section className="insp-connections" aria-label={`Inputs of ${nodeName(node)}`}>
          <h4>
            {ordered ? 'Inputs' : 'Input'}
            {ordered && <span className="muted small"> in order{sideBySide ? ': its columns come in this order' : ''}</span>}
          </h4>
          {inputs.length === 0 && <p className="muted small">Nothing feeds it yet.</p>}
          <ol className="connection-list" data-testid="inspector-inputs">
            {inputs.map((e, k) => (
              <li key={e.id}>
                <span className="connection-name">
                  {name(e.source)}
                  <span className="muted">{width(e.source)}</span>
                </span>
                {ordered && (
                  <>
                    <button type="button" className="icon small" aria-label={`Move ${name(e.source)} earlier`} disabled={k === 0} onClick={() => moveInput(e.id, -1)}>
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon small"
                      aria-label={`Move ${name(e.source)} later`}
                      disabled={k === inputs.length - 1}
                      onClick={() => moveInput(e.id, 1)}
                    >
                      ↓
                    </button>
                  </>
                )}
                <button type="button" className="icon small" aria-label={`Disconnect ${name(e.source)}`} onClick={() => removeElements([], [e.id])}>
                  ×
                </button>
              </li>
            ))}
          </ol>
          <ConnectPicker
            label="Add an input"
            candidates={design.nodes.filter((n) => connectionProblem(design, n.id, node.id) === null)}
            onPick={(id) => connect(id, node.id)}
          />
        </section>
      )}
      {kind.role !== 'output' && (
        <section className="insp-connections" aria-label={`What ${nodeName(node)} feeds`}>
          <h4>Feeds</h4>
          {outputs.length === 0 && <p className="muted small">It feeds nothing yet.</p>}
          <ul className="connection-list" data-testid="inspector-feeds">
            {outputs.map((e) => (
              <li key={e.id}>
                <span className="connection-name">{name(e.target)}</span>
                <button type="button" className="icon small" aria-label={`Disconnect ${name(e.target)}`} onClick={() => removeElements([], [e.id])}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <ConnectPicker
            label="Connect to"
            candidates={design.nodes.filter((n) => connectionProblem(design, node.id, n.id) === null)}
            onPick={(id) => connect(node.id, id)}
          />
        </section>
      )}
    </>
  );
}

/** "3 × 4 weights + 4 biases = 16 parameters", or what the layer does without any. */
function WeightsLine({ node, design }: { node: DesignNode; design: Design }): React.JSX.Element | null {
  const facts = useDesignStore((s) => s.compiled.facts);
  const kind = kindOf(node.type);
  const width = facts[node.id]?.width ?? null;
  if (kind.role === 'input') return <p className="muted small">{width ?? '?'} values, one per input of the task; no weights.</p>;
  const inWidths = design.edges.filter((e) => e.target === node.id).map((e) => facts[e.source]?.width ?? null);
  if (width === null || inWidths.length === 0 || inWidths.some((w) => w === null)) {
    return <p className="muted small">Its width and weights follow once its inputs are connected.</p>;
  }
  if (!kind.trainable) return <p className="muted small">{width} wide; no weights to learn.</p>;
  const { fanIn, fanOut } = kind.trainable.shape(node.params as Params, inWidths as number[], width);
  return (
    <p className="muted small" data-testid="inspector-weights">
      {fanIn} × {fanOut} weights + {fanOut} biases = {((fanIn + 1) * fanOut).toLocaleString('en-US')} parameters
    </p>
  );
}

function LayerSettings({ id }: { id: string }): React.JSX.Element | null {
  const node = useDocumentStore(useCallback((s) => s.setup.design.nodes.find((n) => n.id === id), [id]));
  const design = useDocumentStore((s) => s.setup.design);
  const problems = useDesignStore((s) => s.problems);
  const update = useDesignStore((s) => s.updateNodeParams);
  const setLabel = useDesignStore((s) => s.setNodeLabel);
  const facts = useDesignStore((s) => s.compiled.facts);
  if (!node) return null;
  if (!isNodeType(node.type)) return <p className="muted">{id} is a layer of a kind this version does not know.</p>;
  const kind = kindOf(node.type);
  const params = node.params as Params;
  const mine = problems.filter((p) => p.nodeId === id);
  const inWidths = design.edges.filter((e) => e.target === id).map((e) => facts[e.source]?.width ?? null);
  return (
    <div className="layer-settings" data-testid="inspector-layer">
      <h3 className="inspector-heading">
        {kind.label} layer <span className="muted">{id}</span>
      </h3>
      <p className="muted small inspector-hint">{kind.hint}</p>
      <label className="insp-field">
        <span>Name</span>
        <input type="text" value={node.label ?? ''} placeholder={id} maxLength={80} onChange={(e) => setLabel(id, e.target.value)} aria-label="Layer name" />
      </label>
      {appliedFields(kind.fields, params).map((key) => [key, kind.fields[key]] as const).map(([key, field]) => {
        const control = (
          <FieldControl
            field={field}
            value={paramValue(field, params[key]) as Params[string]}
            inWidths={inWidths}
            label={field.label}
            testId={`inspector-${key}`}
            variant="inspector"
            onCommit={(value, how) => update(id, { [key]: value }, how === 'stepped' ? { coalesce: `${id}.${key}` } : undefined)}
          />
        );
        // A set of checkboxes is a group with a legend, not one labelled control.
        return field.type === 'toggles' ? (
          <fieldset key={key} className="insp-field insp-toggles">
            <legend>{field.label}</legend>
            {control}
          </fieldset>
        ) : (
          <label key={key} className="insp-field">
            <span>{field.label}</span>
            {control}
          </label>
        );
      })}
      <WeightsLine node={node} design={design} />
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
      <Connections node={node} design={design} />
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
