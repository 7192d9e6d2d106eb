/**
 * The desktop page's end of the engine channel, with real MessagePorts: commands sent before a
 * port, and those sent while a crashed engine is replaced (the page loads its run again as soon
 * as it hears of the restart), reach the engine that answers; nothing goes to the dead one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineRestart } from '../../src-shared/engine/restart-policy';
import { ENGINE_PORT_MESSAGE, type AppApi } from '../../src-shared/protocol/app-api';
import type { EngineCommand } from '../../src-shared/protocol/engine';

/** The page's window as the platform uses it: preload posts the port to it. */
const page = new EventTarget();

beforeEach(() => {
  (globalThis as { window?: unknown }).window = page;
});
afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

/** What the preload's API offers the engine connection; the rest of AppApi is not used here. */
function fakeApi(): { api: AppApi; restarted: (info: EngineRestart) => void } {
  let restarted: (info: EngineRestart) => void = () => {};
  const api = {
    onEngineRestarted: (listener: (info: EngineRestart) => void) => void (restarted = listener),
    connectEngine: () => {},
    restartEngine: () => {},
  } as unknown as AppApi;
  return { api, restarted: (info) => restarted(info) };
}

/** A new engine: preload hands the page one end of a channel; the test reads the other. */
function deliverPort(): { received: EngineCommand[]; port: MessagePort } {
  const channel = new MessageChannel();
  const received: EngineCommand[] = [];
  channel.port2.onmessage = (e: MessageEvent<EngineCommand>) => void received.push(e.data);
  // Node's MessageEvent takes only a MessagePort as its source; the page checks the source is its window.
  page.dispatchEvent(Object.assign(new Event('message'), { data: ENGINE_PORT_MESSAGE, source: page, ports: [channel.port1] }));
  return { received, port: channel.port2 };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('the desktop page’s engine channel', () => {
  it('keeps commands until the first port, and during a restart until the new one', async () => {
    const { createElectronPlatform } = await import('../../src-renderer/platform/electron');
    const { api, restarted } = fakeApi();
    const engine = createElectronPlatform(api).engine;
    const restarts: EngineRestart[] = [];
    engine.onRestart((info) => void restarts.push(info));

    engine.post({ type: 'pause' });
    const first = deliverPort();
    engine.post({ type: 'train' });
    await settle();
    expect(first.received.map((c) => c.type)).toEqual(['pause', 'train']);

    // The engine crashed: main says so first, then posts the new engine's port.
    restarted({ reason: 'The training engine stopped unexpectedly (exit code 1).', gaveUp: false });
    engine.post({ type: 'step', updates: 1 });
    const second = deliverPort();
    await settle();
    expect(restarts).toHaveLength(1);
    expect(first.received.map((c) => c.type)).toEqual(['pause', 'train']);
    expect(second.received.map((c) => c.type)).toEqual(['step']);
    first.port.close();
    second.port.close();
  });
});
