/**
 * The training store against a real engine session in the same process: a run trains through
 * the store's coalescing, records time-travel frames, goes stale on edits, becomes the document's
 * run, and saves and restores through the experiment file's run format.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineSession } from '../../src-shared/engine/session';
import { parseExperiment, RunSchema, serializeExperiment } from '../../src-shared/experiment';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import { getPreset } from '../../src-shared/presets';
import { graph } from './graph-design';
import { useDesignStore } from '../../src-renderer/store/design';
import { fittingRun, toExperiment, useDocumentStore } from '../../src-renderer/store/document';
import { useTrainingStore } from '../../src-renderer/store/training';
import { open, trained, waitFor as until } from './training-harness';

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
  // These tests are about the numbers, not the pace a person watches at.
  useTrainingStore.getState().setPace('full');
});

afterEach(() => {
  disconnect();
  session?.dispose();
  sent.length = 0;
});




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

    // The trained run is the document's now: a change to save.
    expect(fittingRun(useDocumentStore.getState())?.updates).toBe(10_000);
    expect(useDocumentStore.getState().dirty).toBe(true);

    // Moving a node is not a change to the run; a learning rate is.
    const node = useDocumentStore.getState().setup.design.nodes[0];
    useDesignStore.getState().moveNodes(new Map([[node.id, { x: node.position.x + 30, y: node.position.y }]]));
    expect(useTrainingStore.getState().stale).toBe(false);
    useDesignStore.getState().setTraining({ learningRate: 1 });
    expect(useTrainingStore.getState().stale).toBe(true);
    expect(fittingRun(useDocumentStore.getState())).toBeNull();
    useDesignStore.getState().undo();
    expect(useTrainingStore.getState().stale).toBe(false);
    expect(fittingRun(useDocumentStore.getState())?.updates).toBe(10_000);
  });

  it('saves a run in the experiment format and restores it into a fresh engine without making the document dirty', async () => {
    open('and-neuron');
    useTrainingStore.getState().train();
    await until(trained);
    const text = serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()));
    const [run] = JSON.parse(text).runs;
    expect(RunSchema.safeParse(run).success).toBe(true);
    expect(run.status).toBe('done');
    expect(run.epoch).toBe(1000);
    const predictions = useTrainingStore.getState().snapshot?.predictions.map((p) => p.text);
    expect(predictions).toEqual(getPreset('and-neuron')?.postOutput);

    // Reset is a change to the document's run: there is none to save now.
    useTrainingStore.getState().reset();
    await until((s) => s.snapshot?.epoch === 0);
    expect(useTrainingStore.getState().snapshot?.predictions.map((p) => p.text)).not.toEqual(predictions);
    expect(useDocumentStore.getState().run).toBeNull();

    // As if the file were opened later: the document holds the saved run, the engine continues it.
    const parsed = parseExperiment(text);
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    const { name, setup, runs } = parsed.experiment;
    useDocumentStore.getState().open({ filePath: '/tmp/and.nnd', name, setup, runs });
    useTrainingStore.getState().loadRun(useDocumentStore.getState().run);
    const restored = await until((s) => s.snapshot?.epoch === 1000 && s.engineState === 'done');
    expect(restored.snapshot?.predictions.map((p) => p.text)).toEqual(predictions);
    const load = sent.filter((c) => c.type === 'load').at(-1);
    expect(load?.type === 'load' && load.restore?.epoch).toBe(1000);
    // What the engine reports is the file's run, not a change to it.
    expect(useDocumentStore.getState().dirty).toBe(false);
    expect(serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()))).toBe(text);
  });

  it('opening a file with a network of over a million weights builds nothing; Train builds it and continues the saved run', async () => {
    const xor = getPreset('xor-2-4-1');
    if (!xor) throw new Error('xor-2-4-1');
    // 2 → 2000 → 600 → 1: 1,207,201 weights and biases.
    const design = graph(
      [['in', 'input', { units: 2 }], ['a', 'dense', { units: 2000, activation: 'sigmoid' }], ['b', 'dense', { units: 600, activation: 'sigmoid' }], ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'squared_error' }]],
      'in>a a>b b>out',
    );
    const setup = { ...structuredClone(xor.setup), design, training: { ...xor.setup.training, epochs: 3 } };
    // No plots over the plane: drawing a million-weight network over a grid is not what is tested here.
    session?.handle({ type: 'configure', options: { gridResolution: 0 } });
    useDocumentStore.getState().open({ filePath: null, name: 'large', setup });
    useTrainingStore.getState().step();
    await until((s) => s.snapshot?.epoch === 1);
    const text = serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()));

    const parsed = parseExperiment(text);
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    sent.length = 0;
    useDocumentStore.getState().open({ filePath: '/tmp/large.nnd', name: 'large', setup: parsed.experiment.setup, runs: parsed.experiment.runs });
    useTrainingStore.getState().loadRun(useDocumentStore.getState().run);
    expect(sent.filter((c) => c.type === 'load')).toEqual([]);
    expect(useTrainingStore.getState().deferredBuild).toBe(1_207_201);

    useTrainingStore.getState().step();
    const load = sent.find((c) => c.type === 'load');
    expect(load?.type === 'load' && load.restore?.epoch).toBe(1);
    await until((s) => s.snapshot?.epoch === 2);
    expect(useTrainingStore.getState().deferredBuild).toBeNull();

    // Opened again and edited before training: the saved run no longer fits, and the note goes.
    useDocumentStore.getState().open({ filePath: '/tmp/large.nnd', name: 'large', setup: parsed.experiment.setup, runs: parsed.experiment.runs });
    useTrainingStore.getState().loadRun(useDocumentStore.getState().run);
    expect(useTrainingStore.getState().deferredBuild).toBe(1_207_201);
    useDesignStore.getState().updateNodeParams('b', { units: 10 });
    expect(useTrainingStore.getState().deferredBuild).toBeNull();
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
