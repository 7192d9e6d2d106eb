/**
 * Time travel: drag back through the recorded frames, replay them, or return to the live run.
 * The slider's last position is the live run; the ones before it are the recorded checkpoints.
 */
import { useTrainingStore } from '../store/training';

export function Scrubber(): React.JSX.Element {
  const frames = useTrainingStore((s) => s.frames);
  const scrubIndex = useTrainingStore((s) => s.scrubIndex);
  const replaying = useTrainingStore((s) => s.replaying);
  const liveEpoch = useTrainingStore((s) => s.snapshot?.epoch ?? 0);
  const { scrubTo, replay, stopReplay } = useTrainingStore.getState();
  const position = scrubIndex ?? frames.length;
  const frame = scrubIndex === null ? null : frames[scrubIndex];

  return (
    <div className="scrubber" role="group" aria-label="Time travel">
      <button type="button" onClick={() => (replaying ? stopReplay() : replay())} disabled={frames.length < 2} aria-pressed={replaying}>
        {replaying ? 'Stop' : '▶ Replay'}
      </button>
      <input
        type="range"
        aria-label="Time travel: recorded frames, live at the right end"
        aria-valuetext={frame ? `epoch ${frame.epoch}` : `live, epoch ${liveEpoch}`}
        min={0}
        max={frames.length}
        step={1}
        value={position}
        disabled={frames.length < 1}
        onChange={(e) => {
          stopReplay();
          const i = Number(e.currentTarget.value);
          scrubTo(i >= frames.length ? null : i);
        }}
      />
      <span className="scrubber__label mono" data-testid="scrub-label" aria-live="polite">
        {frame ? `epoch ${frame.epoch} · frame ${position + 1} of ${frames.length}` : `live · epoch ${liveEpoch}`}
      </span>
      <button type="button" onClick={() => scrubTo(null)} disabled={scrubIndex === null} title="Follow the live run again">
        Go live
      </button>
    </div>
  );
}
