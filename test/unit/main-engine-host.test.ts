import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeExit, EngineHost, type EngineLink } from '../../src-shared/engine/engine-host';
import { RestartPolicy, workloadKey, type EngineRestart } from '../../src-shared/engine/restart-policy';
import { getPreset } from '../../src-shared/presets';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';

const ENGINE_ENTRY = path.resolve(import.meta.dirname, '../../src-main/engine/engine-process.ts');

/** The renderer's end of a channel to a Node-forked engine (the app uses a MessagePort instead). */
interface NodePort {
  child: ChildProcess;
  events: EngineEvent[];
  post(command: EngineCommand): void;
  next<T extends EngineEvent['type']>(type: T, match?: (e: Extract<EngineEvent, { type: T }>) => boolean): Promise<Extract<EngineEvent, { type: T }>>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** The injected factory: a REAL engine process, forked with Node and running the TypeScript entry through tsx. */
function forkEngine(): EngineLink<NodePort> {
  const child = fork(ENGINE_ENTRY, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const events: EngineEvent[] = [];
  const waiters: { test: (e: EngineEvent) => boolean; resolve: (e: EngineEvent) => void }[] = [];
  child.on('message', (message) => {
    const event = message as EngineEvent;
    events.push(event);
    for (const w of waiters.filter((w) => w.test(event))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(event);
    }
  });
  const port: NodePort = {
    child,
    events,
    post: (command) => void child.send(command),
    next: (type, match) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} event from engine ${child.pid} within 20 s`)), 20_000);
        waiters.push({
          test: (e) => e.type === type && (!match || match(e as never)),
          resolve: (e) => (clearTimeout(timer), resolve(e as never)),
        });
      }),
  };
  let exited = false;
  const exitListeners: ((how: string) => void)[] = [];
  child.on('exit', (code, signal) => {
    exited = true;
    exitListeners.forEach((l) => l(describeExit(code, signal)));
  });
  return {
    process: {
      get pid() {
        return child.pid;
      },
      kill: () => void child.kill(),
      onExit: (listener) => (exited ? listener(describeExit(child.exitCode, child.signalCode)) : void exitListeners.push(listener)),
    },
    rendererPort: port,
  };
}

function hostWithRecorder(policy?: RestartPolicy) {
  const ports: NodePort[] = [];
  const restarts: EngineRestart[] = [];
  let notify: (() => void) | null = null;
  const changed = () => new Promise<void>((resolve) => (notify = resolve));
  const host = new EngineHost<NodePort>({
    spawn: forkEngine,
    deliverPort: (port) => {
      ports.push(port);
      notify?.();
    },
    notifyRestart: (info) => {
      restarts.push(info);
      notify?.();
    },
    policy,
  });
  return { host, ports, restarts, changed };
}

async function trainXorToTheEnd(port: NodePort) {
  const setup = structuredClone(getPreset('xor-2-4-1')!.setup);
  port.post({ type: 'load', setup });
  const loaded = await port.next('loaded');
  port.post({ type: 'train' });
  await port.next('state', (e) => e.state === 'done');
  const snapshots = port.events.filter((e): e is Extract<EngineEvent, { type: 'snapshot' }> => e.type === 'snapshot');
  return { loaded, last: snapshots[snapshots.length - 1] };
}

const exitOf = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('EngineHost with a real forked engine process', () => {
  it('trains the post’s 2-4-1 XOR in the child, restarts it after a kill, and the new engine works', async () => {
    const { host, ports, restarts, changed } = hostWithRecorder();
    host.start();
    expect(ports).toHaveLength(1);
    const first = ports[0];
    const firstPid = host.pid;
    expect(firstPid).toBe(first.child.pid);

    const { loaded, last } = await trainXorToTheEnd(first);
    expect(loaded.parameterCount).toBe(17);
    expect(last.epoch).toBe(10000);
    // Typed arrays cross the process boundary intact (structured clone).
    expect(last.parameters[0].W).toBeInstanceOf(Float64Array);
    expect(last.predictions.map((p) => p.text)).toEqual(getPreset('xor-2-4-1')!.postOutput.slice(5));

    // Crash it: the host notices, forks a new process and hands over a new port.
    const delivered = changed();
    process.kill(firstPid!, 'SIGKILL');
    await delivered;
    await new Promise((r) => setTimeout(r, 50));
    expect(restarts).toEqual([{ reason: 'The training engine stopped unexpectedly (killed).', gaveUp: false }]);
    expect(ports).toHaveLength(2);
    expect(host.pid).not.toBe(firstPid);
    expect(host.running).toBe(true);

    const again = await trainXorToTheEnd(ports[1]);
    expect(again.last.predictions.map((p) => p.text)).toEqual(last.predictions.map((p) => p.text));

    host.stop();
    await exitOf(ports[1].child);
    expect(restarts).toHaveLength(1); // stopping on purpose is not a crash
  });

  it('gives up on a second crash in a row instead of looping', async () => {
    const { host, ports, restarts, changed } = hostWithRecorder(new RestartPolicy({ quickRepeatMs: 60_000, loopCrashes: 3, loopWindowMs: 120_000 }));
    host.start();
    ports[0].post({ type: 'pause' }); // nothing loaded: the engine answers with an error event, so it runs
    await ports[0].next('error');

    let next = changed();
    process.kill(host.pid!, 'SIGKILL');
    await next;
    expect(restarts.at(-1)).toMatchObject({ gaveUp: false });
    expect(ports).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 50));

    next = changed();
    process.kill(host.pid!, 'SIGKILL');
    await next;
    expect(restarts.at(-1)).toEqual({
      reason: 'The training engine stopped unexpectedly (killed). It stopped again within a minute of the last time, so it was not restarted by itself.',
      gaveUp: true,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(ports).toHaveLength(2); // no third process
    expect(host.running).toBe(false);

    // Asking again (the renderer's Restart button) starts a fresh engine.
    host.start();
    expect(ports).toHaveLength(3);
    ports[2].post({ type: 'pause' });
    await ports[2].next('error');
    host.stop();
  });

  it('ends the engine process when the host stops (quitting the app)', async () => {
    const { host, ports } = hostWithRecorder();
    host.start();
    const child = ports[0].child;
    ports[0].post({ type: 'pause' });
    await ports[0].next('error');
    host.stop();
    await exitOf(child);
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
  });
});

describe('EngineHost crash policy', () => {
  /** Stand-in processes whose death and workload the test decides; the policy, not the process, is under test here. */
  function fakes() {
    const exits: ((how: string) => void)[] = [];
    const workloads: ((key: string) => void)[] = [];
    let clock = 0;
    const restarts: EngineRestart[] = [];
    const host = new EngineHost<number>({
      spawn: () => {
        const id = exits.length;
        const process = { pid: 1000 + id, kill: () => {}, onExit: (l: (how: string) => void) => void (exits[id] = l), onWorkload: (l: (key: string) => void) => void (workloads[id] = l) };
        return { process, rendererPort: id };
      },
      deliverPort: () => {},
      notifyRestart: (info) => restarts.push(info),
      policy: new RestartPolicy(undefined, () => clock),
    });
    return {
      host,
      restarts,
      crash: (how = 'exit code 1') => exits[exits.length - 1](how),
      workOn: (key: string) => workloads[workloads.length - 1](key),
      advance: (ms: number) => (clock += ms),
      spawned: () => exits.length,
    };
  }

  it('tells the page of a restart before the new engine’s port, which the platforms wait for (they drop the old port on the notice)', () => {
    const order: string[] = [];
    const exits: ((how: string) => void)[] = [];
    const host = new EngineHost<number>({
      spawn: () => {
        const id = exits.length;
        return { process: { pid: id, kill: () => {}, onExit: (l: (how: string) => void) => void (exits[id] = l) }, rendererPort: id };
      },
      deliverPort: (port) => order.push(`port ${port}`),
      notifyRestart: (info) => order.push(info.gaveUp ? 'gave up' : 'restarted'),
    });
    host.start();
    exits[0]('exit code 1');
    expect(order).toEqual(['port 0', 'restarted', 'port 1']);
  });

  it('restarts after crashes that are far apart, every time', () => {
    const f = fakes();
    f.host.start();
    for (let i = 0; i < 4; i++) {
      f.advance(70_000);
      f.crash();
    }
    expect(f.restarts.map((r) => r.gaveUp)).toEqual([false, false, false, false]);
    expect(f.spawned()).toBe(5);
    expect(f.restarts[0].reason).toBe('The training engine stopped unexpectedly (exit code 1).');
  });

  it('gives up when the restarted engine dies within 10 s, and a stale process’s exit is ignored', () => {
    const f = fakes();
    f.host.start();
    f.advance(1000);
    f.crash('killed');
    f.advance(9000);
    f.crash('killed');
    expect(f.restarts).toEqual([
      { reason: 'The training engine stopped unexpectedly (killed).', gaveUp: false },
      { reason: 'The training engine stopped unexpectedly (killed). It stopped again within 10 seconds of the last time, so it was not restarted by itself.', gaveUp: true },
    ]);
    expect(f.spawned()).toBe(2);
    f.crash(); // the same dead process reporting again
    expect(f.restarts).toHaveLength(2);
  });

  it('gives up on a slow loop: killed for memory every 20 s, it is not restarted a third time', () => {
    const f = fakes();
    f.host.start();
    for (let i = 0; i < 3; i++) {
      f.advance(20_000);
      f.crash('killed');
    }
    expect(f.restarts.map((r) => r.gaveUp)).toEqual([false, false, true]);
    expect(f.restarts[2].reason).toContain('It stopped 3 times within 2 minutes, so it was not restarted by itself.');
    expect(f.spawned()).toBe(3);
  });

  it('gives up when the same design brings it down twice, however far apart', () => {
    const f = fakes();
    const big = workloadKey(structuredClone(getPreset('xor-2-4-1')!.setup));
    f.host.start();
    f.workOn(big);
    f.advance(600_000);
    f.crash('killed');
    f.workOn(big); // the page loads its design into the new engine, and trains it again
    f.advance(600_000);
    f.crash('killed');
    expect(f.restarts.map((r) => r.gaveUp)).toEqual([false, true]);
    expect(f.restarts[1].reason).toContain('It stopped twice while working on the same design, so it was not restarted by itself.');
  });

  it('does not count another design’s crash as the same, and a fresh start forgets the earlier crashes', () => {
    const f = fakes();
    f.host.start();
    f.workOn('a');
    f.advance(600_000);
    f.crash();
    f.workOn('b');
    f.advance(600_000);
    f.crash();
    expect(f.restarts.map((r) => r.gaveUp)).toEqual([false, false]);
    f.host.start(); // the user's Restart, or a reloaded page
    f.workOn('a');
    f.advance(600_000);
    f.crash();
    expect(f.restarts.at(-1)?.gaveUp).toBe(false);
  });
});

describe('workloadKey', () => {
  it('tells setups apart by what training depends on, not by where nodes sit', () => {
    const setup = structuredClone(getPreset('xor-2-4-1')!.setup);
    const moved = structuredClone(setup);
    for (const node of moved.design.nodes) node.position = { x: node.position.x + 100, y: node.position.y };
    const otherRate = structuredClone(setup);
    otherRate.training.learningRate *= 2;
    expect(workloadKey(moved)).toBe(workloadKey(setup));
    expect(workloadKey(otherRate)).not.toBe(workloadKey(setup));
    expect(workloadKey(setup)).toMatch(/^[0-9a-f]{8}$/);
  });
});
