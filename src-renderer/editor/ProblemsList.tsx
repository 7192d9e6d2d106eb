/** Everything that stops the design from training, each with its fix; a click shows the layer. */
import { useDesignStore } from '../store/design';
import { focusNode } from './canvas-control';
import './ProblemsList.css';

export function ProblemsList(): React.JSX.Element {
  const problems = useDesignStore((s) => s.problems);
  const compiled = useDesignStore((s) => s.compiled);
  const setSelection = useDesignStore((s) => s.setSelection);
  if (problems.length === 0) {
    const shape = compiled.ok ? compiled.plan.steps.map((s) => s.width).join('-') : '';
    return (
      <section className="problems ok" aria-label="Problems" data-testid="problems">
        <h2 className="panel-title">Problems</h2>
        <p className="valid" data-testid="design-valid">
          <span aria-hidden="true">✓</span> The {shape} network is ready to train.
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
          <li key={`${p.nodeId ?? p.edgeId ?? ''}-${i}`} data-node={p.nodeId}>
            <button
              type="button"
              className="problem"
              disabled={!p.nodeId}
              onClick={() => {
                if (!p.nodeId) return;
                setSelection({ nodeIds: [p.nodeId], edgeIds: [] });
                focusNode(p.nodeId);
              }}
            >
              <span className="problem-message">{p.message}</span>
              <span className="problem-fix">{p.fix}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
