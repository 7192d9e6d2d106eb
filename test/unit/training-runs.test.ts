/**
 * Runs through the app's stores and a real engine session: saving keeps every run (a new Train
 * after a finished run adds one), each run is recorded as the command line records it, the post's
 * report epochs survive a save, a saved run's frames come back by replaying it from its seed, New
 * leaves nothing of the previous run on screen, and a replay runs by the clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { EngineSession } from '../../src-shared/engine/session';
import { appendRun, parseExperiment, runFromTrainer, serializeExperiment, type Run } from '../../src-shared/experiment';
import type { EngineEvent } from '../../src-shared/protocol/engine';
import { getPreset } from '../../src-shared/presets';
import { useDesignStore } from '../../src-renderer/store/design';
import { emptySetup, runsNoticeOf, toExperiment, useDocumentStore } from '../../src-renderer/store/document';
import { REPLAY_MS, speedFor, useTrainingStore, type TrainingState } from '../../src-renderer/store/training';
import { open, trained, waitFor } from './training-harness';

/** These runs are longer: more time than the harness's default. */
const until = (check: (s: TrainingState) => boolean): Promise<TrainingState> => waitFor(check, 30_000);

let disconnect: () => void = () => {};
let session: EngineSession | null = null;
let delivered = 0;

beforeEach(() => {
  const listeners = new Set<(e: EngineEvent) => void>();
  session = new EngineSession((e) => {
    delivered++;
    listeners.forEach((l) => l(structuredClone(e)));
  });
  disconnect = useTrainingStore.getState().connect({
    post: (command) => session?.handle(structuredClone(command)),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  useTrainingStore.getState().setPace('full');
});

afterEach(() => {
  disconnect();
  session?.dispose();
  vi.useRealTimers();
  vi.restoreAllMocks();
});



const savedRuns = (): Run[] => JSON.parse(serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()))).runs;

/** What `nn-designer train` records for a preset trained to its end. */
function cliRun(id: string): Run {
  const prepared = prepareTraining(structuredClone(getPreset(id)!.setup), { wasm: false });
  if (!prepared.ok) throw new Error(id);
  prepared.trainer.runToEnd();
  return runFromTrainer(prepared.trainer, getPreset(id)!.setup.design);
}

describe('runs in the app', () => {
  it('a new Train after a finished run adds a run; each is recorded as the command line records it', async () => {
    open('xor-2-4-1');
    useTrainingStore.getState().train();
    await until(trained);
    expect(savedRuns()).toHaveLength(1);

    // Train again, with another seed: the first run stays, the second is added.
    useDesignStore.getState().setTraining({ seed: 7 });
    useTrainingStore.getState().train();
    await until((s) => trained(s) && s.loadedSetup?.training.seed === 7);
    const runs = savedRuns();
    expect(runs.map((r) => r.id)).toEqual(['run-1', 'run-2']);
    expect(runs.map((r) => r.settings?.seed)).toEqual([42, 7]);

    const cli = cliRun('xor-2-4-1');
    const [first] = runs;
    // Same settings, outcome, final loss and accuracy as the CLI's record of the same run.
    expect(first.settings).toEqual(cli.settings);
    expect(first.outcome).toBe('converged');
    expect(first.outcome).toBe(cli.outcome);
    expect(first.finalLoss).toBe(cli.finalLoss);
    expect(first.accuracy).toBe(1);
    expect(first.accuracy).toBe(cli.accuracy);
    expect(first.status).toBe('done');
    expect(first.parameters).toEqual(cli.parameters.map((p) => ({ node: p.node, W: Array.from(p.W), b: Array.from(p.b) })));
    expect(first.design).toEqual(cli.design);
    expect(useDocumentStore.getState().dirty).toBe(true);
  });

  it('keeps the post’s “Epoch 2000 … 8000” losses in the saved history, and a reopened run gets its frames back', async () => {
    open('xor-2-4-1');
    useTrainingStore.getState().train();
    const live = await until(trained);
    const liveFrames = live.frames.map((f) => f.updates);
    // A history just past the save's 2,000 points (the live one is thinned to about that): thinning it must keep the post's epochs.
    const run = useDocumentStore.getState().run!;
    const byEpoch = new Map(run.history.map((h) => [h.epoch, h.loss]));
    // Around each report epoch, losses above and below it: thinning keeps each stretch's extremes, so they are never kept by chance.
    const dense = Array.from({ length: 2100 }, (_, i) => Math.round((i * 9999) / 2099)).map((epoch, i) => ({ epoch, loss: byEpoch.get(epoch) ?? (0.3 / (1 + epoch)) * (i % 2 ? 3 : 0.3) }));
    for (const epoch of [0, 2000, 4000, 6000, 8000]) if (!dense.some((h) => h.epoch === epoch)) dense.push({ epoch, loss: byEpoch.get(epoch)! });
    dense.sort((a, b) => a.epoch - b.epoch);
    useDocumentStore.getState().setRun({ ...run, history: dense });
    const text = serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()));
    const parsed = parseExperiment(text);
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    const [saved] = parsed.experiment.runs;
    expect(saved.history.length).toBeLessThanOrEqual(2005);
    const lossAt = (epoch: number): string | undefined => saved.history.find((h) => h.epoch === epoch)?.loss.toFixed(6);
    expect([0, 2000, 4000, 6000, 8000].map(lossAt)).toEqual(['0.255675', '0.000355', '0.000149', '0.000093', '0.000068']);

    // Reopened: the engine restores the run, and the frames before it are replayed from its seed.
    const { name, setup, runs } = parsed.experiment;
    useDocumentStore.getState().open({ filePath: '/tmp/xor.nnd', name, setup, runs });
    useTrainingStore.getState().loadRun(useDocumentStore.getState().run);
    const reopened = await until((s) => s.frames.length > 2 && s.engineState === 'done');
    expect(reopened.frames.map((f) => f.updates)).toEqual(liveFrames);
    expect(Array.from(reopened.frames[100].parameters[0].W)).toEqual(Array.from(live.frames[100].parameters[0].W));
    expect(reopened.history.find((h) => h.epoch === 2000)?.loss.toFixed(6)).toBe('0.000355');
    expect(useDocumentStore.getState().dirty).toBe(false);
  });

  it('a run trained on an earlier design is kept in full with that design, and reopened it is not shown as this design’s', async () => {
    open('xor-2-4-1');
    const before = structuredClone(useDocumentStore.getState().setup.design);
    useTrainingStore.getState().train();
    await until(trained);
    const hidden = useDocumentStore.getState().setup.design.nodes.find((n) => n.type === 'dense');
    useDesignStore.getState().updateNodeParams(hidden!.id, { units: 3 });
    useTrainingStore.getState().train();
    await until((s) => trained(s) && !s.stale);
    const text = serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()));
    const parsed = parseExperiment(text);
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    const { runs } = parsed.experiment;
    expect(runs.map((r) => [r.id, r.summary ?? false, r.parameters.map((p) => p.W.length)])).toEqual([
      ['run-1', false, [8, 4]],
      ['run-2', false, [6, 3]],
    ]);
    expect(runs[0].design).toEqual(before);
    expect(runsNoticeOf(useDocumentStore.getState(), new Date())).toBeNull();

    // Reopened: the run of this design shows; put back as it was, the earlier run is the one shown.
    const { name, setup } = parsed.experiment;
    useDocumentStore.getState().open({ filePath: '/tmp/xor.nnd', name, setup, runs });
    expect(useDocumentStore.getState().run?.replaces).toBe('run-2');
    useDocumentStore.getState().open({ filePath: '/tmp/xor.nnd', name, setup: { ...setup, design: before }, runs });
    expect(useDocumentStore.getState().run?.replaces).toBe('run-1');
  });

  it('past 100 runs, older ones become summaries and the save says which', () => {
    open('and-neuron');
    const setup = useDocumentStore.getState().setup;
    const run = cliRun('and-neuron');
    let runs: Run[] = [];
    for (let i = 0; i < 101; i++) runs = appendRun(runs, run).runs;
    useDocumentStore.getState().open({ filePath: '/tmp/and.nnd', name: 'AND', setup, runs });
    // Opened as it is: nothing to say, nothing changed.
    expect(runsNoticeOf(useDocumentStore.getState(), new Date())).toBeNull();
    expect(savedRuns()).toHaveLength(101);
    expect(useDocumentStore.getState().dirty).toBe(false);

    // One more run trained here: all 102 are kept, the 100 latest in full.
    const { asSaved: _saved, replaces: _replaces, ...shown } = useDocumentStore.getState().run!;
    useDocumentStore.getState().setRun({ ...shown, createdAt: new Date().toISOString() });
    const saved = savedRuns();
    expect(saved).toHaveLength(102);
    expect(saved.filter((r) => r.summary).map((r) => r.id)).toEqual(['run-1', 'run-2']);
    expect(saved.at(-1)?.id).toBe('run-102');
    expect(runsNoticeOf(useDocumentStore.getState(), new Date())).toMatch(/latest 100 runs; run-2 is kept as a summary/);
  });

  it('New leaves nothing of the previous run: no progress, plots or history, even from engine events still on their way', async () => {
    open('xor-2-4-1');
    useTrainingStore.getState().setPace(2000);
    useTrainingStore.getState().train();
    await until((s) => s.engineState === 'training' && (s.progress?.epoch ?? 0) > 10);
    useDocumentStore.getState().open({ filePath: null, name: null, setup: emptySetup() });
    useTrainingStore.getState().loadRun(null);
    const before = delivered;
    await new Promise((r) => setTimeout(r, 300));
    const s = useTrainingStore.getState();
    expect(delivered).toBeGreaterThanOrEqual(before);
    expect(s.progress).toBeNull();
    expect(s.snapshot).toBeNull();
    expect(s.history).toHaveLength(0);
    expect(s.frames).toHaveLength(0);
    expect(s.layers).toHaveLength(0);
    expect(s.dataset).toBeNull();
    expect(s.engineState).toBe('empty');
    expect(useDocumentStore.getState().run).toBeNull();
  });

  it('the watch pace shows a whole run in about eight seconds', () => {
    const xor = getPreset('xor-2-4-1')!.setup;
    const addition = getPreset('addition-2-16-16-1')!.setup;
    expect(speedFor('watch', xor)).toBe(1250); // 10,000 full-batch updates
    expect(speedFor('watch', addition)).toBe(12_500); // 200 epochs of 500 samples
    expect(speedFor('full', xor)).toBe(0);
    expect(speedFor(15, xor)).toBe(15);
  });

  it('replays by the clock: on a machine that manages two frames a second the replay still takes five seconds', () => {
    open('xor-2-4-1');
    let clock = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
    const parameters = [{ W: new Float64Array(8), b: new Float64Array(4) }];
    useTrainingStore.setState({ frames: Array.from({ length: 300 }, (_, i) => ({ epoch: i, updates: i, parameters })), scrubIndex: null });
    useTrainingStore.getState().replay();
    expect(useTrainingStore.getState().replaying).toBe(true);
    const seen: (number | null)[] = [];
    for (let tick = 0; tick < 10; tick++) {
      clock += 500; // each frame is half a second late
      vi.advanceTimersToNextTimer();
      seen.push(useTrainingStore.getState().scrubIndex);
    }
    // Half-way through the clock, half-way through the frames; at five seconds, back to live.
    expect(seen[4]).toBe(150);
    expect(seen.at(-1)).toBeNull();
    expect(useTrainingStore.getState().replaying).toBe(false);
    expect(REPLAY_MS).toBe(5000);
  });
});
