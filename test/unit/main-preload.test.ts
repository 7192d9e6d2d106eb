/**
 * The preload script with Electron's renderer API and the page's window replaced by recorders:
 * what the page sees as `window.nnd`, what reaches main, and how the engine port is handed over.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appInfoArgument, IPC } from '../../src-shared/protocol/ipc-channels';
import { ENGINE_PORT_MESSAGE, type AppApi, type MenuCommand } from '../../src-shared/protocol/app-api';

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, (event: unknown, value?: unknown) => void>(),
  sent: [] as unknown[][],
  invoked: [] as unknown[][],
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => bridge.exposed.set(name, api) },
  ipcRenderer: {
    on: (channel: string, fn: (event: unknown, value?: unknown) => void) => bridge.listeners.set(channel, fn),
    send: (...args: unknown[]) => bridge.sent.push(args),
    invoke: async (...args: unknown[]) => (bridge.invoked.push(args), null),
  },
}));

const posted: { message: unknown; origin: string; transfer: unknown[] }[] = [];
const page = { activeElement: null as null | Record<string, unknown> };

async function loadPreload(): Promise<AppApi> {
  vi.resetModules();
  bridge.exposed.clear();
  bridge.listeners.clear();
  bridge.sent.length = 0;
  posted.length = 0;
  page.activeElement = null;
  vi.stubGlobal('window', { location: { origin: 'app://nnd' }, postMessage: (message: unknown, origin: string, transfer: unknown[]) => posted.push({ message, origin, transfer }) });
  vi.stubGlobal('document', page);
  process.argv.push(appInfoArgument({ name: 'NN Designer', version: '9.8.7', platform: 'linux' }));
  await import('../../src-main/preload/preload');
  process.argv.pop();
  return bridge.exposed.get('nnd') as AppApi;
}
const fromMain = (channel: string, value?: unknown, ports: unknown[] = []) => bridge.listeners.get(channel)!({ ports }, value);

beforeEach(() => vi.unstubAllGlobals());

describe('preload', () => {
  it('exposes window.nnd with the app info main put on the command line', async () => {
    const api = await loadPreload();
    expect(api.info).toEqual({ name: 'NN Designer', version: '9.8.7', platform: 'linux' });
    api.setDocumentState({ filePath: null, dirty: true, text: '{}' });
    expect(bridge.sent).toEqual([[IPC.documentState, { filePath: null, dirty: true, text: '{}' }]]);
    await api.saveFile('{}', { saveAs: true });
    expect(bridge.invoked.at(-1)).toEqual([IPC.saveFile, '{}', { saveAs: true }]);
    const model = Uint8Array.of(8, 1, 18, 3);
    await api.exportFile({ suggestedName: 'XOR', data: model, kind: 'onnx' });
    expect(bridge.invoked.at(-1)).toEqual([IPC.exportFile, { suggestedName: 'XOR', data: model, kind: 'onnx' }]);
  });

  it('keeps events that arrive before the page subscribes, then delivers them in order', async () => {
    const api = await loadPreload();
    fromMain(IPC.fileOpened, { ok: true, filePath: '/a.nnd', text: '{}' });
    fromMain(IPC.menuCommand, 'train.toggle');
    const files: unknown[] = [];
    const commands: MenuCommand[] = [];
    api.onFileOpened((f) => files.push(f));
    const stop = api.onMenuCommand((c) => commands.push(c));
    expect(files).toEqual([{ ok: true, filePath: '/a.nnd', text: '{}' }]);
    expect(commands).toEqual(['train.toggle']);
    fromMain(IPC.menuCommand, 'view.fit');
    stop();
    fromMain(IPC.menuCommand, 'view.zoomIn');
    expect(commands).toEqual(['train.toggle', 'view.fit']);
  });

  it('leaves Edit commands to a focused text field, and gives them to the page otherwise', async () => {
    const api = await loadPreload();
    const commands: MenuCommand[] = [];
    api.onMenuCommand((c) => commands.push(c));
    page.activeElement = { tagName: 'INPUT', type: 'number', isContentEditable: false };
    fromMain(IPC.menuCommand, 'edit.paste');
    fromMain(IPC.menuCommand, 'edit.duplicate');
    expect(bridge.sent).toEqual([[IPC.nativeEdit, 'paste']]);
    expect(commands).toEqual([]);
    page.activeElement = { tagName: 'INPUT', type: 'range', isContentEditable: false };
    fromMain(IPC.menuCommand, 'edit.paste');
    page.activeElement = { tagName: 'DIV', isContentEditable: false };
    fromMain(IPC.menuCommand, 'edit.undo');
    expect(commands).toEqual(['edit.paste', 'edit.undo']);
  });

  it('answers every flush request from main: with the page’s handler’s state, or null without one', async () => {
    const api = await loadPreload();
    fromMain(IPC.flushDocument, 1); // before the editor registered its handler
    const state = { filePath: null, dirty: true, text: '{"latest": true}' };
    const stop = api.onFlushRequest(() => state);
    fromMain(IPC.flushDocument, 2);
    stop();
    fromMain(IPC.flushDocument, 3);
    api.onFlushRequest(() => {
      throw new Error('broken editor');
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    fromMain(IPC.flushDocument, 4); // main must not wait for its timeout
    expect(bridge.sent).toEqual([
      [IPC.documentFlushed, 1, null],
      [IPC.documentFlushed, 2, state],
      [IPC.documentFlushed, 3, null],
      [IPC.documentFlushed, 4, null],
    ]);
  });

  it('hands the engine port to the page only once it asks, and every new port after a restart at once', async () => {
    const api = await loadPreload();
    const closed: number[] = [];
    const port = (id: number) => ({ id, close: () => closed.push(id) });
    fromMain(IPC.enginePort, undefined, [port(1)]);
    fromMain(IPC.enginePort, undefined, [port(2)]); // the first engine is gone already
    expect(posted).toEqual([]);
    expect(closed).toEqual([1]);
    api.connectEngine();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ message: ENGINE_PORT_MESSAGE, origin: 'app://nnd' });
    expect((posted[0].transfer[0] as { id: number }).id).toBe(2);
    fromMain(IPC.enginePort, undefined, [port(3)]);
    expect((posted[1].transfer[0] as { id: number }).id).toBe(3);
    api.restartEngine();
    expect(bridge.sent.at(-1)).toEqual([IPC.restartEngine]);
  });
});
