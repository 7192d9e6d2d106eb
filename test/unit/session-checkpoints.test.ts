/** The engine's evenly spaced weight checkpoints, which time travel in the app is built on. */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineSession } from '../../src-shared/engine/session';
import { prepareTraining } from '../../src-shared/engine/prepare';
import type { Checkpoint, EngineEvent } from '../../src-shared/protocol/engine';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';

const sessions: EngineSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

const setupOf = (id: string): ExperimentSetup => structuredClone(getPreset(id)?.setup as ExperimentSetup);

function trainToEnd(setup: ExperimentSetup): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  return new Promise((resolve) => {
    const session = new EngineSession((e) => {
      events.push(e);
      if (e.type === 'state' && (e.state === 'done' || e.state === 'diverged')) setTimeout(() => resolve(events), 0);
    });
    sessions.push(session);
    session.handle({ type: 'load', setup });
    session.handle({ type: 'train' });
  });
}

const checkpointsOf = (events: EngineEvent[]): Checkpoint[] =>
  events.flatMap((e) => (e.type === 'progress' ? (e.checkpoints ?? []) : []));

describe('engine checkpoints', () => {
  it('records about 300 evenly spaced frames of a run that ends between two snapshots', async () => {
    const setup = setupOf('xor-2-4-1');
    const checkpoints = checkpointsOf(await trainToEnd(setup));
    const updates = checkpoints.map((c) => c.updates);
    expect(updates[0]).toBe(0);
    expect(updates[updates.length - 1]).toBe(10_000);
    expect(checkpoints.length).toBeGreaterThanOrEqual(290);
    expect(checkpoints.length).toBeLessThanOrEqual(302);
    const every = updates[1] - updates[0];
    for (let i = 1; i < updates.length - 1; i++) expect(updates[i] - updates[i - 1]).toBe(every);
  });

  it('holds the real weights at each checkpoint: the same as training that far on its own', async () => {
    const setup = setupOf('addition-2-16-16-1');
    setup.training.epochs = 3;
    const checkpoints = checkpointsOf(await trainToEnd(setup));
    const probe = checkpoints[Math.floor(checkpoints.length / 2)];
    expect(probe.updates).toBeGreaterThan(0);
    const prepared = prepareTraining(setup);
    if (!prepared.ok) throw new Error('preset does not compile');
    prepared.trainer.run(probe.updates);
    const expected = prepared.trainer.network.getParameters();
    expect(probe.parameters.map((p) => Array.from(p.W))).toEqual(expected.map((p) => Array.from(p.W)));
    expect(probe.parameters.map((p) => Array.from(p.b))).toEqual(expected.map((p) => Array.from(p.b)));
  });

  it('keeps no checkpoint with non-finite weights when a run diverges', async () => {
    // A linear output does not saturate, so with this learning rate the weights overflow.
    const setup = setupOf('xor-2-4-1');
    setup.training.learningRate = 1e6;
    setup.training.epochs = 100; // a checkpoint every update: the last ones come right before the overflow
    const output = setup.design.nodes.find((n) => n.type === 'output');
    if (output?.type !== 'output') throw new Error('no output node');
    output.params.activation = 'linear';
    const events = await trainToEnd(setup);
    expect(events.some((e) => e.type === 'diverged')).toBe(true);
    expect(checkpointsOf(events).length).toBeGreaterThan(1);
    for (const c of checkpointsOf(events)) {
      for (const p of c.parameters) expect([...p.W, ...p.b].every(Number.isFinite)).toBe(true);
    }
  });
});
