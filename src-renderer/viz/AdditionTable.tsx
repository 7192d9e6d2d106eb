/** The post's seven test pairs: the network's sum, the true one, and what the post's net said. */
import { useMemo } from 'react';
import type { ExperimentSetup } from '../../src-shared/setup';
import type { DisplayedFrame } from './frame';
import { matchingPreset } from './PredictionsTable';

/** The post's predicted sum from its printed line " 23 + 45 =  65.7  (actual: 68)". */
function postSums(lines: readonly string[]): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of lines) {
    const m = /^\s*(\d+)\s*\+\s*(\d+)\s*=\s*([\d.]+)/.exec(line);
    if (m) sums.set(`${Number(m[1])}+${Number(m[2])}`, m[3]);
  }
  return sums;
}

export function AdditionTable(props: { frame: DisplayedFrame; setup: ExperimentSetup | null }): React.JSX.Element {
  const preset = useMemo(() => matchingPreset(props.setup), [props.setup]);
  const post = useMemo(() => (preset ? postSums(preset.postOutput) : null), [preset]);
  return (
    <table className="addition-table" data-testid="addition-table">
      <thead>
        <tr>
          <th scope="col" data-export-text>a + b</th>
          <th scope="col" data-export-text>predicted</th>
          <th scope="col" data-export-text>actual</th>
          <th scope="col" data-export-text>error</th>
          {post && <th scope="col" data-export-text>the post</th>}
        </tr>
      </thead>
      <tbody>
        {props.frame.predictions.map((row) => {
          const [a, b] = row.inputs;
          const predicted = row.predicted[0];
          const actual = row.expected[0];
          const error = predicted - actual;
          const theirs = post?.get(`${a}+${b}`);
          return (
            <tr key={`${a}+${b}`}>
              <th scope="row" className="mono" data-export-text>
                {a} + {b}
              </th>
              <td className="mono" data-export-text>{predicted.toFixed(1)}</td>
              <td className="mono" data-export-text>{actual}</td>
              <td data-export-text className={`mono ${Math.abs(error) > 5 ? 'bad' : Math.abs(error) < 1.5 ? 'good' : ''}`}>
                {error >= 0 ? '+' : '−'}
                {Math.abs(error).toFixed(1)}
              </td>
              {post && <td data-export-text className={`mono ${theirs === predicted.toFixed(1) ? 'good' : ''}`}>{theirs ?? '—'}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
