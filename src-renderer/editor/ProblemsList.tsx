/**
 * Everything that stops the design from training, each with its fix and where it is in the file
 * (its JSON path); a click shows the layer or connection it concerns. Problems of the design as a
 * whole (no Input, a loop) are listed here too.
 */
import { useMemo } from 'react';
import { distinctProblems } from '../../src-shared/setup-check';
import { useDesignStore } from '../store/design';
import { focusNode } from './canvas-control';
import { readyText } from './plan-text';
import './ProblemsList.css';

export function ProblemsList(): React.JSX.Element {
  const all = useDesignStore((s) => s.problems);
  // Listed once however many places it is on (a loop is on each of its layers); the canvas marks them all.
  const problems = useMemo(() => distinctProblems(all), [all]);
  const compiled = useDesignStore((s) => s.compiled);
  const setSelection = useDesignStore((s) => s.setSelection);
  const applyFix = useDesignStore((s) => s.applyFix);
  if (problems.length === 0) {
    return (
      <section className="problems ok" aria-label="Problems" data-testid="problems">
        <h2 className="panel-title">Problems</h2>
        <p className="valid" data-testid="design-valid">
          <span aria-hidden="true">✓</span> {compiled.ok ? readyText(compiled.plan) : 'The network is ready to train.'}
        </p>
      </section>
    );
  }
  return (
    <section className="problems" aria-label="Problems" data-testid="problems">
      <h2 className="panel-title">
        Problems <span className="count">{problems.length}</span>
      </h2>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.nodeId ?? p.edgeId ?? ''}-${i}`} data-node={p.nodeId} data-edge={p.edgeId}>
            <button
              type="button"
              className="problem"
              disabled={!p.nodeId && !p.edgeId}
              onClick={() => {
                if (p.nodeId) {
                  setSelection({ nodeIds: [p.nodeId], edgeIds: p.edgeId ? [p.edgeId] : [] });
                  focusNode(p.nodeId);
                } else if (p.edgeId) {
                  setSelection({ nodeIds: [], edgeIds: [p.edgeId] });
                }
              }}
            >
              <span className="problem-message">{p.message}</span>
              <span className="problem-fix">{p.fix}</span>
              {p.path && <code className="problem-path">{p.path}</code>}
              {p.count > 1 && <span className="problem-count">in {p.count} places</span>}
            </button>
            {p.apply && (
              <button type="button" className="problem-apply" data-testid="apply-fix" onClick={() => p.apply && applyFix(p.apply)}>
                Apply: {p.apply.summary}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
