/**
 * How a classifier's answers fall: rows are the true classes, columns the classes it picked,
 * each cell the count, shaded by its share of the row (the diagonal is what it got right). Where
 * a split holds rows out, a switch shows either set: the training rows or the test rows.
 */
import { useState } from 'react';
import { classColor } from './classes';

export interface ConfusionSet {
  accuracy: number;
  confusion: number[][];
  samples: number;
}

export function ConfusionMatrix(props: { training: ConfusionSet; test?: ConfusionSet; classNames?: readonly string[] }): React.JSX.Element {
  const [which, setWhich] = useState<'training' | 'test'>('training');
  const shown = which === 'test' && props.test ? props.test : props.training;
  const onTest = shown === props.test;
  const { confusion, samples, accuracy } = shown;
  const k = confusion.length;
  const name = (c: number): string => props.classNames?.[c] ?? String(c);
  return (
    <figure className="confusion" data-testid="confusion" data-set={onTest ? 'test' : 'training'}>
      {props.test && (
        <div className="confusion__switch viz-segmented" role="radiogroup" aria-label="Rows counted" data-export-skip>
          {(['training', 'test'] as const).map((set) => (
            <label key={set} className={`viz-segmented__option${which === set ? ' checked' : ''}`}>
              <input type="radio" name="confusion-set" value={set} checked={which === set} onChange={() => setWhich(set)} />
              {set === 'training' ? 'Training' : 'Test'}
            </label>
          ))}
        </div>
      )}
      <table className="confusion__table">
        <caption className="confusion__caption" data-export-text>
          Accuracy {(accuracy * 100).toFixed(1)}% on {samples.toLocaleString('en-US')} {onTest ? 'test rows' : 'training samples'}
        </caption>
        <thead>
          <tr>
            <td className="confusion__corner">
              <span className="muted">true ↓ picked →</span>
            </td>
            {confusion.map((_, c) => (
              <th key={c} scope="col" data-export-text>
                <span className="confusion__swatch" style={{ background: classColor(c) }} aria-hidden="true" />
                {name(c)}
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
                  {name(t)}
                </th>
                {row.map((count, p) => {
                  const share = total > 0 ? count / total : 0;
                  const strong = share > 0.5;
                  return (
                    <td
                      key={p}
                      className={`confusion__cell${t === p ? ' confusion__cell--right' : ''}${strong ? ' confusion__cell--strong' : ''}`}
                      style={{ background: `color-mix(in srgb, var(--${t === p ? 'accent' : 'danger'}) ${Math.round(share * 85)}%, transparent)` }}
                      title={`True class ${name(t)}, picked ${name(p)}: ${count} of ${total}`}
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
