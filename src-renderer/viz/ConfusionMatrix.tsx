/**
 * How a classifier's answers fall: rows are the true classes, columns the classes it picked,
 * each cell the count, shaded by its share of the row (the diagonal is what it got right).
 */
import { classColor } from './classes';

export function ConfusionMatrix(props: { confusion: number[][]; samples: number; accuracy: number }): React.JSX.Element {
  const { confusion, samples, accuracy } = props;
  const k = confusion.length;
  return (
    <figure className="confusion" data-testid="confusion">
      <table className="confusion__table">
        <caption className="confusion__caption" data-export-text>
          Accuracy {(accuracy * 100).toFixed(1)}% on {samples.toLocaleString('en-US')} training samples
        </caption>
        <thead>
          <tr>
            <td className="confusion__corner">
              <span className="muted">true ↓ picked →</span>
            </td>
            {confusion.map((_, c) => (
              <th key={c} scope="col" data-export-text>
                <span className="confusion__swatch" style={{ background: classColor(c) }} aria-hidden="true" />
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, t) => {
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={t}>
                <th scope="row" data-export-text>
                  <span className="confusion__swatch" style={{ background: classColor(t) }} aria-hidden="true" />
                  {t}
                </th>
                {row.map((count, p) => {
                  const share = total > 0 ? count / total : 0;
                  const strong = share > 0.5;
                  return (
                    <td
                      key={p}
                      className={`confusion__cell${t === p ? ' confusion__cell--right' : ''}${strong ? ' confusion__cell--strong' : ''}`}
                      style={{ background: `color-mix(in srgb, var(--${t === p ? 'accent' : 'danger'}) ${Math.round(share * 85)}%, transparent)` }}
                      title={`True class ${t}, picked ${p}: ${count} of ${total}`}
                      data-export-text
                    >
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {k > 2 && <figcaption className="muted">Off the diagonal: points given the wrong class.</figcaption>}
    </figure>
  );
}
