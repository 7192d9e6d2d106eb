import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost, type EngineLink, type EngineRestart } from '../../src-main/main/engine-host';
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
  const exitListeners: ((code: number | null) => void)[] = [];
  child.on('exit', (code) => {
    exited = true;
    exitListeners.forEach((l) => l(code));
  });
  return {
    process: {
      get pid() {
        return child.pid;
      },
      kill: () => void child.kill(),
      onExit: (listener) => (exited ? listener(child.exitCode) : void exitListeners.push(listener)),
    },
    rendererPort: port,
  };
}

function hostWithRecorder(crashWindowMs?: number) {
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
    crashWindowMs,
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
    const { host, ports, restarts, changed } = hostWithRecorder(60_000);
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
    expect(restarts.at(-1)).toEqual({ reason: 'The training engine stopped unexpectedly (killed).', gaveUp: true });
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
  /** Stand-in processes whose death the test decides; the policy, not the process, is under test here. */
  function fakes() {
    const exits: ((code: number | null) => void)[] = [];
    let clock = 0;
    const restarts: EngineRestart[] = [];
    const host = new EngineHost<number>({
      spawn: () => {
        const id = exits.length;
        return { process: { pid: 1000 + id, kill: () => {}, onExit: (l) => void (exits[id] = l) }, rendererPort: id };
      },
      deliverPort: () => {},
      notifyRestart: (info) => restarts.push(info),
      crashWindowMs: 10_000,
      now: () => clock,
    });
    return { host, restarts, crash: (code: number | null) => exits[exits.length - 1](code), advance: (ms: number) => (clock += ms), spawned: () => exits.length };
  }

  it('restarts after crashes that are far apart, every time', () => {
    const f = fakes();
    f.host.start();
    for (let i = 0; i < 3; i++) {
      f.advance(15_000);
      f.crash(1);
    }
    expect(f.restarts.map((r) => r.gaveUp)).toEqual([false, false, false]);
    expect(f.spawned()).toBe(4);
    expect(f.restarts[0].reason).toBe('The training engine stopped unexpectedly (exit code 1).');
  });

  it('gives up when the restarted engine dies within the window, and a stale process’s exit is ignored', () => {
    const f = fakes();
    f.host.start();
    f.advance(1000);
    f.crash(null);
    f.advance(9000);
    f.crash(null);
    expect(f.restarts.map((r) => r.gaveUp)).toEqual([false, true]);
    expect(f.spawned()).toBe(2);
    f.crash(null); // the same dead process reporting again
    expect(f.restarts).toHaveLength(2);
  });
});
