/** What the decision boundary's colours and lines mean, for one output (two classes or a number) or k classes. */
import { classColor, classLabel } from './classes';
import { classInterpolator } from './tables';

const GRADIENT = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => classInterpolator(t)).join(', ')})`;

export function ClassLegend(props: { classes: number; outputs: number; names?: readonly string[]; value?: boolean }): React.JSX.Element {
  const { classes, outputs } = props;
  const name = (c: number): string => classLabel(props.names, c);
  if (props.value) {
    return (
      <div className="class-legend" data-testid="class-legend">
        <div className="class-legend__scale" data-export-text>
          <span>low</span>
          <span className="class-legend__gradient" style={{ background: GRADIENT }} aria-label="orange low, blue high" role="img" />
          <span>high</span>
          <span className="muted">· the number predicted, and each point’s own · dashed: 0.5</span>
        </div>
      </div>
    );
  }
  if (outputs === 1) {
    return (
      <div className="class-legend" data-testid="class-legend">
        <div className="class-legend__scale" data-export-text>
          <span>{name(0)}</span>
          <span className="class-legend__gradient" style={{ background: GRADIENT }} aria-label="orange near 0, blue near 1" role="img" />
          <span>{name(1)}</span>
          <span className="muted">· the output from 0 to 1 · dashed: 0.5</span>
        </div>
      </div>
    );
  }
  return (
    <div className="class-legend" data-testid="class-legend">
      <ul className="class-legend__classes" aria-label="Classes">
        {Array.from({ length: classes }, (_, c) => (
          <li key={c} data-export-text>
            <span className="class-legend__swatch" style={{ background: classColor(c) }} aria-hidden="true" />
            {name(c)}
          </li>
        ))}
      </ul>
      <div className="class-legend__lines muted" data-export-text>
        Pale: unsure · deep: sure · line: where the winning class changes
      </div>
    </div>
  );
}
