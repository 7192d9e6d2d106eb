import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import { EngineSession } from '../../src-shared/engine/session';
import { hostEngine, type MessageEndpoint } from '../../src-shared/engine/host';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { chainDesign } from '../../src-shared/network/chain';

const sessions: EngineSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

/** A session with its events recorded, and a way to wait for one. */
function start(): { session: EngineSession; events: EngineEvent[]; next: (type: EngineEvent['type'], timeoutMs?: number) => Promise<EngineEvent> } {
  const events: EngineEvent[] = [];
  const waiters: { type: string; resolve: (e: EngineEvent) => void }[] = [];
  const session = new EngineSession((e) => {
    events.push(e);
    for (const w of waiters.filter((w) => w.type === e.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  });
  sessions.push(session);
  const next = (type: EngineEvent['type'], timeoutMs = 5000): Promise<EngineEvent> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ type, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  return { session, events, next };
}

const setupOf = (id: string): ExperimentSetup => {
  const p = getPreset(id);
  if (!p) throw new Error(id);
  return structuredClone(p.setup);
};
const of = <T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

describe('EngineSession', () => {
  it('loads a preset, trains it to the end in slices and reports the post’s predictions', async () => {
    const { session, events, next } = start();
    session.handle({ type: 'load', setup: setupOf('xor-2-4-1') });
    const loaded = of(events, 'loaded')[0];
    expect(loaded.layers.map((l) => [l.nodeId, l.inSize, l.outSize])).toEqual([
      ['dense-1', 2, 4],
      ['output', 4, 1],
    ]);
    expect(loaded.parameterCount).toBe(17);
    session.handle({ type: 'train' });
    await new Promise<void>((resolve) => {
      const check = (): void => (of(events, 'state').some((e) => e.state === 'done') ? resolve() : void setTimeout(check, 10));
      check();
    });
    const snapshots = of(events, 'snapshot');
    const last = snapshots[snapshots.length - 1];
    expect(last.epoch).toBe(10000);
    expect(last.predictions.map((p) => p.text)).toEqual(getPreset('xor-2-4-1')?.postOutput.slice(5));
    // Progress events carry a thinned history, each point once and in order, with the epochs the post prints.
    const history = of(events, 'progress').flatMap((p) => p.history);
    for (let i = 1; i < history.length; i++) expect(history[i].epoch).toBeGreaterThan(history[i - 1].epoch);
    expect(history.at(-1)?.epoch).toBe(9999);
    expect([0, 2000, 4000, 6000, 8000].map((e) => history.find((h) => h.epoch === e)?.loss.toFixed(6))).toEqual(['0.255675', '0.000355', '0.000149', '0.000093', '0.000068']);
    // The grid covers the XOR plane: 48×48 outputs, and one map per hidden neuron.
    expect(last.grid?.outputs.length).toBe(48 * 48);
    expect(last.grid?.hidden.map((h) => h.length)).toEqual([4 * 48 * 48]);
    await next('progress', 100).catch(() => undefined);
  });

  it('pauses mid-epoch between slices, and resumes', async () => {
    const { session, events, next } = start();
    // One epoch of 200 000 circle points takes far longer than a slice.
    session.handle({ type: 'load', setup: { ...setupOf('xor-2-4-1'), task: { dataset: 'circle', samples: 200000, noise: 0.1, seed: 3 }, training: { ...setupOf('xor-2-4-1').training, updateMode: 'shuffle', epochs: 50 } } });
    session.handle({ type: 'train' });
    await next('progress');
    await new Promise((r) => setTimeout(r, 30));
    const asked = performance.now();
    session.handle({ type: 'pause' });
    const answered = performance.now() - asked;
    const stopped = of(events, 'progress').at(-1);
    expect(of(events, 'state').at(-1)).toEqual({ type: 'state', state: 'paused' });
    expect(stopped?.positionInEpoch).toBeGreaterThan(0);
    expect(answered).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 60));
    expect(of(events, 'progress').at(-1)?.updates).toBe(stopped?.updates);
    session.handle({ type: 'train' });
    await new Promise((r) => setTimeout(r, 60));
    expect(of(events, 'progress').at(-1)?.updates).toBeGreaterThan(stopped?.updates ?? Infinity);
  });

  it('switching to slow motion mid-run does not make up for the time spent at full speed', async () => {
    const { session, events } = start();
    const setup = setupOf('addition-2-16-16-1');
    session.handle({ type: 'load', setup: { ...setup, training: { ...setup.training, epochs: 100000 } } });
    session.handle({ type: 'train' });
    await new Promise((r) => setTimeout(r, 300));
    session.handle({ type: 'configure', options: { speed: 2000 } });
    const atSwitch = of(events, 'progress').at(-1)?.updates ?? 0;
    await new Promise((r) => setTimeout(r, 100));
    session.handle({ type: 'pause' });
    const after = of(events, 'progress').at(-1)?.updates ?? 0;
    // 2000 updates a second for 0.1 s is about 200; a burst making up for the 0.3 s at full speed
    // would add 600 more.
    expect(after - atSwitch).toBeGreaterThan(20);
    expect(after - atSwitch).toBeLessThan(450);
  });

  it('reports the time a watched run took by the clock, pauses left out (not only the time spent computing)', async () => {
    const { session, events, next } = start();
    const setup = setupOf('and-neuron');
    // 400 updates at 1,000 a second: about 0.4 s by the clock, well under a millisecond of arithmetic.
    session.handle({ type: 'configure', options: { speed: 1000 } });
    session.handle({ type: 'load', setup: { ...setup, training: { ...setup.training, epochs: 100 } } });
    session.handle({ type: 'train' });
    await new Promise((r) => setTimeout(r, 150));
    session.handle({ type: 'pause' });
    const paused = of(events, 'progress').at(-1)?.elapsedMs ?? 0;
    expect(paused).toBeGreaterThanOrEqual(120);
    await new Promise((r) => setTimeout(r, 300)); // paused: no time passes for the run
    const started = performance.now();
    session.handle({ type: 'train' });
    await next('state', 5000).then(async function done(e): Promise<void> {
      if (e.type === 'state' && e.state === 'done') return;
      return done(await next('state', 5000));
    });
    const wall = performance.now() - started;
    const total = of(events, 'progress').at(-1)?.elapsedMs ?? 0;
    expect(total).toBeGreaterThanOrEqual(paused + wall - 40);
    expect(total).toBeLessThanOrEqual(paused + wall + 40);
    expect(total).toBeGreaterThanOrEqual(350);
  });

  it('steps an exact number of updates and resets to the initial weights', () => {
    const { session, events } = start();
    session.handle({ type: 'load', setup: setupOf('addition-2-16-16-1') });
    const initial = of(events, 'snapshot')[0].parameters;
    session.handle({ type: 'step', updates: 750 });
    const stepped = of(events, 'progress').at(-1);
    expect([stepped?.epoch, stepped?.positionInEpoch, stepped?.updates]).toEqual([1, 250, 750]);
    expect(of(events, 'snapshot').at(-1)?.parameters).not.toEqual(initial);
    session.handle({ type: 'reset' });
    expect(of(events, 'snapshot').at(-1)?.parameters).toEqual(initial);
    expect(of(events, 'progress').at(-1)?.updates).toBe(0);
  });

  it('reports divergence with the epoch and a smaller learning rate to try', async () => {
    const { session, events, next } = start();
    const setup = setupOf('xor-2-4-1');
    setup.design.nodes = setup.design.nodes.map((n) => (n.type === 'output' ? { ...n, params: { ...n.params, activation: 'linear', loss: 'mse' } } : n));
    session.handle({ type: 'load', setup: { ...setup, training: { ...setup.training, learningRate: 1e6 } } });
    session.handle({ type: 'train' });
    const diverged = await next('diverged');
    expect(diverged.type === 'diverged' && diverged.message).toMatch(/diverged.*epoch \d+ with learning rate 1000000\. Reset and try a learning rate of 100000 or smaller/);
    expect(of(events, 'state').at(-1)?.state).toBe('diverged');
    // Nothing drawn from NaN weights: the last snapshot's predictions are numbers or the run stopped before.
    session.handle({ type: 'train' });
    expect(of(events, 'state').at(-1)?.state).toBe('diverged');
  });

  it('answers bad commands with an error event and keeps working', () => {
    const { session, events } = start();
    session.handle(null);
    session.handle({ type: 'fly' });
    session.handle({ type: 'train' });
    session.handle({ type: 'load', setup: 42 });
    session.handle({ type: 'load', setup: { design: { nodes: [], edges: [] }, task: { dataset: 'xor' }, training: setupOf('xor-2-4-1').training } });
    session.handle({ type: 'load', setup: setupOf('and-neuron') });
    session.handle({ type: 'step', updates: -5 });
    session.handle({ type: 'predict', requestId: 1, inputs: [[1]] });
    session.handle({ type: 'predict', requestId: 2, inputs: [[1, 1]] });
    const errors = of(events, 'error').map((e) => e.message);
    expect(errors).toEqual([
      'The engine received a message without a command type',
      'Unknown engine command "fly"',
      'Nothing to train: load a design first',
      'Load needs a design, a task and training settings',
      'Step needs a whole number of updates from 1 to 10000000, got -5',
      'Predict needs rows of 2 finite numbers',
    ]);
    expect(of(events, 'invalid')[0].problems.map((p) => p.message)).toEqual(['The design has no Input layer', 'The design has no Output layer']);
    expect(of(events, 'predictions')[0].outputs[0][0]).toBeGreaterThan(0);
  });
});

describe('hostEngine over a real MessagePort', () => {
  it('carries commands and events (typed arrays intact) across a structured-clone boundary', async () => {
    const { port1, port2 } = new NodeMessageChannel();
    const session = hostEngine(port1 as unknown as MessageEndpoint);
    sessions.push(session);
    const received: EngineEvent[] = [];
    const snapshot = new Promise<EngineEvent>((resolve) => {
      port2.on('message', (e: EngineEvent) => {
        received.push(e);
        if (e.type === 'snapshot') resolve(e);
      });
    });
    const command: EngineCommand = { type: 'load', setup: setupOf('xor-neuron') };
    port2.postMessage(command);
    const snap = await snapshot;
    expect(snap.type === 'snapshot' && snap.parameters[0].W).toBeInstanceOf(Float64Array);
    expect(snap.type === 'snapshot' && snap.grid?.outputs).toBeInstanceOf(Float64Array);
    // A loaded machine may take more than a slice to draw the weights: a 'preparing' state comes first then.
    const order = received.filter((e) => !(e.type === 'state' && e.state === 'preparing')).map((e) => e.type);
    expect(order.slice(0, 2)).toEqual(['loaded', 'state']);
    port1.close();
    port2.close();
  });
});

describe('a large network', () => {
  // About 3 million weights: drawing them takes far longer than one slice of the engine's work.
  const big = (): ExperimentSetup => ({
    design: chainDesign(2, [{ units: 1200, activation: 'relu' }, { units: 1200, activation: 'relu' }, { units: 1200, activation: 'relu' }], { units: 1, activation: 'sigmoid', loss: 'bce' }),
    task: { dataset: 'xor' },
    training: { ...setupOf('xor-2-4-1').training, epochs: 1 },
  });

  it('is set up a slice at a time: the engine says so, and a command sent meanwhile still counts', async () => {
    const { session, events, next } = start();
    session.handle({ type: 'configure', options: { gridResolution: 0 } }); // no decision grid: it is the weights that matter here
    session.handle({ type: 'load', setup: big() });
    // The load returned before the weights were drawn.
    expect(of(events, 'loaded')).toHaveLength(0);
    expect(of(events, 'state').map((e) => e.state)).toEqual(['preparing']);
    session.handle({ type: 'train' });
    await next('loaded', 20_000);
    await new Promise<void>((resolve) => {
      const check = (): void => (of(events, 'state').some((e) => e.state === 'done') ? resolve() : void setTimeout(check, 10));
      check();
    });
    expect(of(events, 'state').map((e) => e.state)).toEqual(['preparing', 'ready', 'training', 'done']);
  });

  it('gives way to a new design sent while it is being set up', async () => {
    const { session, events } = start();
    session.handle({ type: 'configure', options: { gridResolution: 0 } });
    session.handle({ type: 'load', setup: big() });
    session.handle({ type: 'load', setup: setupOf('xor-2-4-1') });
    // The small design needs one slice: it is loaded at once, and the big one never is.
    expect(of(events, 'loaded').map((e) => e.parameterCount)).toEqual([17]);
    await new Promise((r) => setTimeout(r, 200));
    expect(of(events, 'loaded')).toHaveLength(1);
  });
});
