/**
 * Predictions printed the way the post prints them, line for line beside what the post printed
 * when the run is one of its experiments: the same lines, digit for digit, is the point. A
 * classifier with several outputs shows each sample's class probabilities instead.
 */
import { useMemo } from 'react';
import { epochLine } from '../../src-shared/engine/report';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import type { DatasetInfo } from '../../src-shared/protocol/engine';
import { PRESETS, type Preset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainingKey } from '../../src-shared/setup-check';
import { classColor } from './classes';
import type { DisplayedFrame } from './frame';

/** The preset a setup is, unchanged, if any. */
export function matchingPreset(setup: ExperimentSetup | null): Preset | null {
  if (!setup) return null;
  const key = trainingKey(setup);
  return PRESETS.find((p) => trainingKey(p.setup) === key) ?? null;
}

/** The post's "Epoch  2000  Loss: …" lines: every fifth of the run, from the history we have. */
export function epochLines(history: readonly EpochRecord[], epochs: number, upTo: number): string[] {
  const every = Math.max(1, Math.floor(epochs / 5));
  const lines: string[] = [];
  for (const h of history) {
    if (h.epoch >= upTo) break;
    if (h.epoch % every === 0 && h.epoch < epochs) lines.push(epochLine(h.epoch, h.loss));
  }
  return lines;
}

/** What a printed line is about: "Epoch 2000", or the inputs "[0 1]". */
export function lineKey(line: string): string {
  const epoch = /^Epoch\s+(\d+)/.exec(line);
  if (epoch) return `epoch ${Number(epoch[1])}`;
  const inputs = /^(\[[^\]]*\])/.exec(line);
  return inputs ? inputs[1] : line;
}

/** The number a printed line is about: the loss of an "Epoch" line, the output after "→". */
export function lineValue(line: string): string {
  const arrow = /→\s*(\S+)/.exec(line);
  if (arrow) return arrow[1];
  const loss = /Loss:\s*(\S+)/.exec(line);
  return loss ? loss[1] : line;
}

/**
 * Our lines in the post's order, one per post line ('' where this run has not printed it yet),
 * so the two columns can be read across.
 */
export function alignedLines(ours: readonly string[], post: readonly string[]): string[] {
  const byKey = new Map(ours.map((l) => [lineKey(l), l]));
  return post.map((l) => byKey.get(lineKey(l)) ?? '');
}

export function PredictionsTable(props: {
  frame: DisplayedFrame;
  history: readonly EpochRecord[];
  historyVersion: number;
  epochs: number;
  setup: ExperimentSetup | null;
}): React.JSX.Element {
  const { frame, history, historyVersion, epochs, setup } = props;
  const preset = useMemo(() => matchingPreset(setup), [setup]);
  // Presets beyond the post (the graph presets) have no printed lines to stand beside.
  const postLines = preset && preset.postOutput.length > 0 ? preset.postOutput : null;
  const showEpochs = postLines?.some((l) => l.startsWith('Epoch')) ?? false;
  const ours = useMemo(
    () => [...(showEpochs ? epochLines(history, epochs, frame.epoch) : []), ...frame.predictions.map((p) => p.text)],
    // `historyVersion` stands for the in-place growth of `history`.
    [showEpochs, history, historyVersion, epochs, frame],
  );
  const done = frame.epoch >= epochs;
  const shown = postLines ? alignedLines(ours, postLines) : ours;

  return (
    <div className="predictions">
      <div className="predictions__column">
        <div className="predictions__heading" data-export-text>
          This run, after {frame.epoch} epoch{frame.epoch === 1 ? '' : 's'}
        </div>
        <pre className="predictions__lines" data-testid="predictions">
          {shown.map((line, i) => (
            <div
              key={i}
              data-export-text
              className={postLines && done && line === postLines[i] ? 'predictions__line predictions__line--match' : line ? 'predictions__line' : 'predictions__line predictions__line--waiting'}
            >
              {line || ' '}
            </div>
          ))}
        </pre>
      </div>
      {postLines && (
        <div className="predictions__column">
          <div className="predictions__heading" data-export-text>
            The post
          </div>
          <pre className="predictions__lines predictions__lines--post" data-testid="post-predictions" aria-label={`The post printed: ${postLines.join('; ')}`}>
            {postLines.map((line, i) => (
              <div key={i} className="predictions__line" data-export-text title={line}>
                {lineValue(line)}
              </div>
            ))}
          </pre>
        </div>
      )}
      {postLines && <div className="predictions__note muted">{done ? 'Lines that match the post digit for digit are marked ✓.' : `The post’s numbers are for the end of the run (${preset?.title}).`}</div>}
    </div>
  );
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** Each sample's class probabilities as a bar of the class colours, the class picked and the true one. */
/** A k-class run's first rows: inputs in the table's units where it has them, classes by name. */
export function ProbabilityTable(props: { frame: DisplayedFrame; dataset?: Pick<DatasetInfo, 'inputScales' | 'classNames'> }): React.JSX.Element {
  const rows = props.frame.predictions;
  const scales = props.dataset?.inputScales;
  const name = (c: number): string => props.dataset?.classNames?.[c] ?? String(c);
  return (
    <table className="probabilities" data-testid="probabilities">
      <caption className="muted" data-export-text>
        After {props.frame.epoch} epochs: the first {rows.length} training samples
      </caption>
      <thead>
        <tr>
          <th scope="col" data-export-text>
            input
          </th>
          <th scope="col" data-export-text>
            class probabilities
          </th>
          <th scope="col" data-export-text>
            picked
          </th>
          <th scope="col" data-export-text>
            true
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const picked = argmax(row.predicted);
          const truth = argmax(row.expected);
          const text = row.predicted.map((p, c) => `${props.dataset?.classNames ? name(c) : `class ${c}`}: ${p.toFixed(3)}`).join(', ');
          return (
            <tr key={i} className={picked === truth ? 'right' : 'wrong'}>
              <td className="mono" data-export-text>
                {row.inputs.map((v, j) => fmt(scales?.[j] ? v * scales[j].scale + scales[j].shift : v)).join(', ')}
              </td>
              <td>
                <div className="probabilities__bar" role="img" aria-label={text} title={text}>
                  {row.predicted.map((p, c) => (
                    <span key={c} style={{ width: `${(Math.max(0, Math.min(1, p)) * 100).toFixed(1)}%`, background: classColor(c) }} />
                  ))}
                </div>
              </td>
              <td className="mono" data-export-text>
                {name(picked)} <span className="muted">({row.predicted[picked].toFixed(2)})</span>
              </td>
              <td className="mono" data-export-text>
                {name(truth)} {picked === truth ? '✓' : '✗'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
