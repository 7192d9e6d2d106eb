/**
 * The training store against a real engine session in the same process: a run trains through
 * the store's coalescing, records time-travel frames, goes stale on edits, and saves and restores
 * through helper A's run format.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineSession } from '../../src-shared/engine/session';
import { RunSchema } from '../../src-shared/experiment';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import { getPreset } from '../../src-shared/presets';
import { useDesignStore } from '../../src-renderer/store/design';
import { useTrainingStore, type TrainingState } from '../../src-renderer/store/training';

let disconnect: () => void = () => {};
let session: EngineSession | null = null;
const sent: EngineCommand[] = [];

beforeEach(() => {
  const listeners = new Set<(e: EngineEvent) => void>();
  // Structured clone on both sides, as a worker's postMessage does.
  session = new EngineSession((e) => listeners.forEach((l) => l(structuredClone(e))));
  disconnect = useTrainingStore.getState().connect({
    post: (command) => {
      sent.push(command);
      session?.handle(structuredClone(command));
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
});

afterEach(() => {
  disconnect();
  session?.dispose();
  sent.length = 0;
});

function open(id: string): void {
  const preset = getPreset(id);
  if (!preset) throw new Error(id);
  useDesignStore.getState().loadSetup(structuredClone(preset.setup), { filePath: null, name: preset.title });
}

function until(check: (s: TrainingState) => boolean, timeoutMs = 20_000): Promise<TrainingState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
    const poll = (): void => {
      const s = useTrainingStore.getState();
      // Wait for the coalesced commit too (progress and snapshot land on the next frame).
      if (check(s)) {
        clearTimeout(timer);
        resolve(s);
      } else setTimeout(poll, 5);
    };
    poll();
  });
}

const trained = (s: TrainingState): boolean => s.engineState === 'done' && s.snapshot !== null && s.snapshot.epoch === s.progress?.epochs;

describe('training store', () => {
  it('trains the 2-4-1 preset to the post’s numbers and records evenly spaced frames', async () => {
    open('xor-2-4-1');
    useTrainingStore.getState().train();
    const s = await until(trained);
    expect(s.snapshot?.predictions.map((p) => p.text)).toEqual(getPreset('xor-2-4-1')?.postOutput.slice(5));
    // A thinned history: at most 2,000 points plus the epochs the post prints, which keep their losses.
    expect(s.history.length).toBeGreaterThan(900);
    expect(s.history.length).toBeLessThanOrEqual(2005);
    expect(s.history.at(-1)?.epoch).toBe(9999);
    expect(s.history.find((h) => h.epoch === 2000)?.loss.toFixed(6)).toBe('0.000355');
    expect(s.frames.length).toBeGreaterThan(250);
    expect(s.frames.length).toBeLessThanOrEqual(300);
    expect(s.frames[0].updates).toBe(0);
    expect(s.frames[s.frames.length - 1].updates).toBe(10_000);
    expect(s.stale).toBe(false);

    // Moving a node is not a change to the run; a learning rate is.
    const node = useDesignStore.getState().setup.design.nodes[0];
    useDesignStore.getState().moveNodes(new Map([[node.id, { x: node.position.x + 30, y: node.position.y }]]));
    expect(useTrainingStore.getState().stale).toBe(false);
    useDesignStore.getState().setTraining({ learningRate: 1 });
    expect(useTrainingStore.getState().stale).toBe(true);
    expect(useTrainingStore.getState().runForSave()).toBeNull();
    useDesignStore.getState().undo();
    expect(useTrainingStore.getState().stale).toBe(false);
  });

  it('saves a run in the experiment format and restores it into a fresh engine', async () => {
    open('and-neuron');
    useTrainingStore.getState().train();
    await until(trained);
    const run = useTrainingStore.getState().runForSave();
    if (!run) throw new Error('no run to save');
    expect(RunSchema.safeParse({ id: 'run-1', createdAt: new Date().toISOString(), ...run }).success).toBe(true);
    expect(run.status).toBe('done');
    expect(run.epoch).toBe(1000);
    const predictions = useTrainingStore.getState().snapshot?.predictions.map((p) => p.text);
    expect(predictions).toEqual(getPreset('and-neuron')?.postOutput);

    // As if the file were opened later: reset to fresh weights, then restore the saved run.
    useTrainingStore.getState().reset();
    await until((s) => s.snapshot?.epoch === 0);
    expect(useTrainingStore.getState().snapshot?.predictions.map((p) => p.text)).not.toEqual(predictions);
    useTrainingStore.getState().restoreRun(JSON.parse(JSON.stringify(run)));
    const restored = await until((s) => s.snapshot?.epoch === 1000);
    expect(restored.snapshot?.predictions.map((p) => p.text)).toEqual(predictions);
    expect(restored.engineState).toBe('done');
    const load = sent.filter((c) => c.type === 'load').at(-1);
    expect(load?.type === 'load' && load.restore?.epoch).toBe(1000);
  });

  it('refuses to send a design with problems and says what to fix', () => {
    open('xor-2-4-1');
    useDesignStore.getState().setTraining({ learningRate: 0 });
    const before = sent.length;
    useTrainingStore.getState().train();
    expect(sent.slice(before).some((c) => c.type === 'train')).toBe(false);
    expect(useTrainingStore.getState().problems.map((p) => p.message)).toEqual(['Learning rate is 0']);
  });
});
