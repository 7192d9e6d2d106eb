/**
 * Predictions printed the way the post prints them, beside what the post printed when the run
 * is one of its experiments: the same lines, digit for digit, is the point.
 */
import { useMemo } from 'react';
import { epochLine } from '../../src-shared/engine/report';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import { PRESETS, type Preset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainingKey } from '../../src-shared/setup-check';
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

export function PredictionsTable(props: {
  frame: DisplayedFrame;
  history: readonly EpochRecord[];
  historyVersion: number;
  epochs: number;
  setup: ExperimentSetup | null;
}): React.JSX.Element {
  const { frame, history, historyVersion, epochs, setup } = props;
  const preset = useMemo(() => matchingPreset(setup), [setup]);
  const postLines = preset?.postOutput ?? null;
  const showEpochs = postLines?.some((l) => l.startsWith('Epoch')) ?? false;
  const ours = useMemo(
    () => [...(showEpochs ? epochLines(history, epochs, frame.epoch) : []), ...frame.predictions.map((p) => p.text)],
    // `historyVersion` stands for the in-place growth of `history`.
    [showEpochs, history, historyVersion, epochs, frame],
  );
  const done = frame.epoch >= epochs;

  return (
    <div className="predictions">
      <div className="predictions__column">
        <div className="predictions__heading" data-export-text>
          This run, after {frame.epoch} epoch{frame.epoch === 1 ? '' : 's'}
        </div>
        <pre className="predictions__lines" data-testid="predictions">
          {ours.map((line, i) => (
            <div key={i} data-export-text className={postLines && done && postLines.includes(line) ? 'predictions__line predictions__line--match' : 'predictions__line'}>
              {line}
            </div>
          ))}
        </pre>
      </div>
      {postLines && (
        <div className="predictions__column">
          <div className="predictions__heading" data-export-text>The post printed ({preset?.title})</div>
          <pre className="predictions__lines predictions__lines--post" data-testid="post-predictions">
            {postLines.map((line, i) => (
              <div key={i} className="predictions__line" data-export-text>
                {line}
              </div>
            ))}
          </pre>
          {done && <div className="muted">Lines that match the post digit for digit are marked ✓.</div>}
        </div>
      )}
    </div>
  );
}
