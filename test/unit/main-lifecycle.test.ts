/**
 * src-main/main/index.ts, the app's lifecycle wiring, run in Node against a recording stand-in for
 * Electron's API (main-fake-electron.ts). Files, recovery copies, the menu template and the engine
 * host are the real modules, on real temporary folders.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../src-shared/protocol/ipc-channels';
import { createFakeElectron, fakeEvent, FakeBrowserWindow, FakeUtilityProcess, FakeWebContents, ipcEventFrom, type FakeElectron } from './main-fake-electron';

const state = vi.hoisted(() => ({ fake: null as null | { electron: unknown } }));
// Each launch gets a fresh stand-in; the mocked module (cached by Vitest) forwards to the current one.
vi.mock('electron', () => {
  const forward = (name: string) => new Proxy(function () {}, {
    get: (_t, key) => Reflect.get((state.fake!.electron as Record<string, object>)[name], key),
    set: (_t, key, value) => Reflect.set((state.fake!.electron as Record<string, object>)[name], key, value),
    construct: (_t, args) => Reflect.construct((state.fake!.electron as Record<string, new (...a: unknown[]) => object>)[name], args),
  });
  const names = ['app', 'BrowserWindow', 'Menu', 'ipcMain', 'dialog', 'protocol', 'session', 'shell', 'utilityProcess', 'MessageChannelMain'];
  return Object.fromEntries(names.map((n) => [n, forward(n)]));
});

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/files');
const XOR_FILE = path.join(FIXTURES, 'valid', 'xor-2-4-1.nnd');
const XOR_TEXT = readFileSync(XOR_FILE, 'utf8');

let scratch: string;
let userData: string;
const savedArgv = process.argv;
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'nnd-lifecycle-'));
  userData = path.join(scratch, 'userData');
  mkdirSync(userData);
});
afterEach(() => {
  process.argv = savedArgv;
  delete process.env.NND_USER_DATA_DIR;
  rmSync(scratch, { recursive: true, force: true });
});

/** Loads src-main/main/index.ts afresh (as a new app launch) and lets Electron become ready. */
async function launch(argv: string[] = ['electron', '.'], beforeReady?: (fake: FakeElectron) => void, { packaged = false } = {}) {
  vi.resetModules();
  FakeBrowserWindow.all = [];
  FakeUtilityProcess.forked = [];
  const fake = createFakeElectron();
  fake.electron.app.isPackaged = packaged;
  state.fake = fake;
  process.env.NND_USER_DATA_DIR = userData;
  process.argv = argv;
  await import('../../src-main/main/index');
  beforeReady?.(fake);
  await fake.becomeReady();
  const window = FakeBrowserWindow.all[0];
  return { fake, window, contents: window.webContents, trusted: ipcEventFrom(window) };
}

const AND_TEXT = readFileSync(path.join(FIXTURES, 'valid', 'and-neuron.nnd'), 'utf8');

/** Plays the page's preload: answers each flush request (a moment later, as IPC does) with `state()`. */
function pageAnswersFlushes(fake: FakeElectron, window: FakeBrowserWindow, state: () => unknown): void {
  window.webContents.page = (channel, requestId) => {
    if (channel === IPC.flushDocument) setImmediate(() => fake.send(IPC.documentFlushed, ipcEventFrom(window), requestId, state()));
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const waitFor = async (check: () => boolean, ms = 3000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('app lifecycle (src-main/main/index.ts)', () => {
  it('opens one sandboxed, isolated window on app://, and serves nothing outside it', async () => {
    const { fake, window } = await launch();
    expect(FakeBrowserWindow.all).toHaveLength(1);
    expect(fake.record.sandboxEnabled).toBe(true);
    expect(fake.record.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const prefs = window.options.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]preload\.cjs$/);
    expect(window.url).toBe('app://nnd/index.html');
    expect(window.title).toBe('Untitled — NN Designer');
    const serve = fake.protocolHandlers.get('app')!;
    expect((await serve({ url: 'app://elsewhere/index.html' })).status).toBe(404);
    expect((await serve({ url: 'app://nnd/%2e%2e%2fpackage.json' })).status).toBe(404);
  });

  it('starts the engine when the page has loaded, hands over the port, restarts it after a crash and on reload', async () => {
    const { contents } = await launch();
    expect(FakeUtilityProcess.forked).toHaveLength(0);
    contents.emit('did-finish-load');
    const [engine] = FakeUtilityProcess.forked;
    expect(engine.options.serviceName).toBe('NN Designer engine');
    expect(engine.modulePath).toMatch(/engine-process\.js$/);
    // One end of one channel to the engine, the other to the page.
    const enginePort = engine.messages[0].transfer[0] as { id: number };
    const pagePort = contents.posted[0].transfer[0] as { id: number };
    expect(contents.posted[0].channel).toBe(IPC.enginePort);
    expect(pagePort.id).toBe(enginePort.id + 1);

    engine.crash(9);
    expect(contents.messages(IPC.engineRestarted)).toEqual([{ reason: 'The training engine stopped unexpectedly (exit code 9).', gaveUp: false }]);
    expect(FakeUtilityProcess.forked).toHaveLength(2);
    expect(contents.posted).toHaveLength(2);

    contents.emit('did-finish-load'); // the page reloaded: a fresh engine, the old one ended on purpose
    expect(FakeUtilityProcess.forked[1].killed).toBe(true);
    expect(FakeUtilityProcess.forked).toHaveLength(3);
    await settle();
    expect(contents.messages(IPC.engineRestarted)).toHaveLength(1);
  });

  it('stops restarting an engine that the same design brought down twice, and says so', async () => {
    const { contents } = await launch();
    contents.emit('did-finish-load');
    // The engine entry tells main what it starts on (process.parentPort → the child's 'message').
    FakeUtilityProcess.forked[0].emit('message', { type: 'workload', key: 'c0ffee00' });
    FakeUtilityProcess.forked[0].crash(9);
    FakeUtilityProcess.forked[1].emit('message', { type: 'workload', key: 'c0ffee00' });
    FakeUtilityProcess.forked[1].crash(9);
    expect(contents.messages(IPC.engineRestarted)).toEqual([
      { reason: 'The training engine stopped unexpectedly (exit code 9).', gaveUp: false },
      {
        reason: 'The training engine stopped unexpectedly (exit code 9). It stopped twice while working on the same design, so it was not restarted by itself.',
        gaveUp: true,
      },
    ]);
    expect(FakeUtilityProcess.forked).toHaveLength(2);
  });

  it('runs the command line tool for `--cli` without a window, and exits with its code after its output', async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, done?: () => void) => {
      written.push(String(chunk));
      done?.();
      return true;
    }) as typeof process.stdout.write);
    try {
      vi.resetModules();
      FakeBrowserWindow.all = [];
      const fake = createFakeElectron();
      state.fake = fake;
      // On Linux the tool runs in the app started again on the headless backend: as that process.
      process.argv = ['/opt/NN Designer/nn-designer-desktop', '--ozone-platform=headless', '--cli', 'info', XOR_FILE];
      await import('../../src-main/main/index');
      await vi.waitFor(() => expect(fake.record.exitCode).not.toBeNull());
      expect(fake.record.exitCode).toBe(0);
      expect(written.join('')).toContain('XOR with a hidden layer (2-4-1)');
      expect(FakeBrowserWindow.all).toHaveLength(0);
      expect(fake.record.singleInstanceLocks).toBe(0); // works while the app is open
      expect(fake.record.hardwareAcceleration).toBe(false);
    } finally {
      write.mockRestore();
    }
  });

  it('loads the Vite dev server only when not packaged: in an installed app the variable is ignored', async () => {
    try {
      process.env.ELECTRON_RENDERER_URL = 'http://127.0.0.1:5173/';
      const dev = await launch();
      expect(dev.window.url).toBe('http://127.0.0.1:5173/');
      process.env.ELECTRON_RENDERER_URL = 'http://attacker.example:8080/';
      const installed = await launch(['/opt/NN Designer/nn-designer-desktop'], undefined, { packaged: true });
      expect(installed.window.url).toBe('app://nnd/index.html');
      // Nor does the variable widen whom main trusts: a page from that origin gets no answers.
      await expect(installed.fake.invoke(IPC.recentFiles, ipcEventFrom(installed.window, 'http://attacker.example:8080/'))).rejects.toThrow(/untrusted sender/);
    } finally {
      delete process.env.ELECTRON_RENDERER_URL;
    }
  });

  it('answers IPC only from the app’s own page in the window’s top frame', async () => {
    const { fake, window, contents, trusted } = await launch();
    expect(await fake.invoke(IPC.recentFiles, trusted)).toEqual([]);
    await expect(fake.invoke(IPC.recentFiles, ipcEventFrom(window, 'https://evil.example/'))).rejects.toThrow(/untrusted sender/);
    await expect(fake.invoke(IPC.recentFiles, ipcEventFrom(window, 'app://nnd/index.html', {}))).rejects.toThrow(/untrusted sender/);
    await expect(fake.invoke(IPC.recentFiles, { sender: new FakeWebContents(), senderFrame: { url: 'app://nnd/index.html', parent: null } })).rejects.toThrow(
      /untrusted sender/,
    );

    fake.send(IPC.documentState, ipcEventFrom(window, 'https://evil.example/'), { filePath: null, dirty: true, text: XOR_TEXT });
    expect(window.title).toBe('Untitled — NN Designer');
    fake.send(IPC.documentState, trusted, { filePath: null, dirty: 'yes', text: XOR_TEXT }); // malformed: ignored
    expect(window.title).toBe('Untitled — NN Designer');
    fake.send(IPC.documentState, trusted, { filePath: null, dirty: true, text: XOR_TEXT });
    expect(window.title).toBe('Untitled — Edited — NN Designer');

    fake.send(IPC.nativeEdit, trusted, 'paste');
    fake.send(IPC.nativeEdit, trusted, 'openDevTools');
    expect(contents.edits).toEqual(['paste']);
    await expect(fake.invoke(IPC.saveFile, trusted, 42, { saveAs: false })).rejects.toThrow(/Save needs/);
  });

  it('exports through a Save dialog for the kind, beside the open file, only for the app’s own page', async () => {
    const { fake, window, trusted } = await launch();
    const model = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    const target = path.join(scratch, 'model.onnx');
    fake.dialogAnswers.save.push(target);
    const foreign = { sender: new FakeWebContents(), senderFrame: { url: 'app://nnd/index.html', parent: null } };
    await expect(fake.invoke(IPC.exportFile, foreign, { suggestedName: 'XOR', data: model, kind: 'onnx' })).rejects.toThrow(/untrusted sender/);
    await expect(fake.invoke(IPC.exportFile, ipcEventFrom(window, 'https://evil.example/'), { suggestedName: 'XOR', data: model, kind: 'onnx' })).rejects.toThrow(
      /untrusted sender/,
    );
    await expect(fake.invoke(IPC.exportFile, trusted, { suggestedName: 'XOR', data: model, kind: 'exe' })).rejects.toThrow(/Export needs/);
    await expect(fake.invoke(IPC.exportFile, trusted, { suggestedName: 'XOR', data: [1, 2, 3], kind: 'onnx' })).rejects.toThrow(/Export needs/);
    expect(fake.record.saveDialogs).toEqual([]); // refused before any dialog
    expect(existsSync(target)).toBe(false);

    // With a saved document open, the export is suggested beside it, named after it.
    const xor = path.join(scratch, 'xor.nnd');
    writeFileSync(xor, XOR_TEXT);
    fake.dialogAnswers.open.push(xor); // main knows the document's file because it opened it
    expect(await fake.invoke(IPC.openFile, trusted)).toMatchObject({ ok: true, filePath: xor });
    expect(await fake.invoke(IPC.exportFile, trusted, { suggestedName: 'XOR', data: model, kind: 'onnx' })).toEqual({ filePath: target });
    expect(new Uint8Array(readFileSync(target))).toEqual(model);
    expect(fake.record.saveDialogs[0]).toMatchObject({ defaultPath: path.join(scratch, 'XOR.onnx'), filters: [{ extensions: ['onnx'] }, { extensions: ['*'] }] });

    const script = path.join(scratch, 'xor-script'); // typed without an extension
    fake.dialogAnswers.save.push(script);
    expect(await fake.invoke(IPC.exportFile, trusted, { suggestedName: 'XOR', data: 'import numpy as np\n', kind: 'numpy' })).toEqual({ filePath: `${script}.py` });
    expect(readFileSync(`${script}.py`, 'utf8')).toBe('import numpy as np\n');
    expect(fake.record.saveDialogs[1]).toMatchObject({ title: 'Export Python Script (NumPy)', filters: [{ extensions: ['py'] }, { extensions: ['*'] }] });
  });

  it('closing with unsaved changes asks first: Cancel keeps the window, Don’t Save closes and leaves no recovery copy', async () => {
    const { fake, window, contents, trusted } = await launch();
    contents.emit('did-finish-load');
    const state = { filePath: null, dirty: true, text: XOR_TEXT };
    pageAnswersFlushes(fake, window, () => state);
    fake.send(IPC.documentState, trusted, state);
    const recoveryFile = path.join(userData, 'recovery.json');
    await waitFor(() => existsSync(recoveryFile), 2500); // written within about two seconds

    fake.dialogAnswers.messageBox.push(2); // Cancel
    window.close();
    await settle();
    expect(window.closed).toBe(false);

    fake.dialogAnswers.messageBox.push(1); // Don't Save
    window.close();
    await waitFor(() => window.closed);
    await settle();
    expect(existsSync(recoveryFile)).toBe(false);
    expect(FakeUtilityProcess.forked[0].killed).toBe(true); // the engine ends with its window
    fake.electron.app.emit('window-all-closed');
    expect(fake.record.quits).toBe(process.platform === 'darwin' ? 0 : 1);
  });

  it('Save in the close prompt writes the document, then closes', async () => {
    const { fake, window, trusted } = await launch();
    fake.send(IPC.documentState, trusted, { filePath: null, dirty: true, text: XOR_TEXT });
    const target = path.join(scratch, 'kept.nnd');
    fake.dialogAnswers.messageBox.push(0); // Save
    fake.dialogAnswers.save.push(target);
    window.close();
    await waitFor(() => window.closed);
    expect(readFileSync(target, 'utf8')).toBe(XOR_TEXT);
    // The OS recent list exists on macOS and Windows only.
    expect(fake.record.recentDocuments).toEqual(process.platform === 'linux' ? [] : [target]);
  });

  it('Save in the close prompt writes the page’s latest document, which main asks for first', async () => {
    const { fake, window, contents, trusted } = await launch();
    contents.emit('did-finish-load');
    // The last debounced report is older than what the page has (an edit, a value being typed).
    fake.send(IPC.documentState, trusted, { filePath: null, dirty: true, text: AND_TEXT });
    pageAnswersFlushes(fake, window, () => ({ filePath: null, dirty: true, text: XOR_TEXT }));
    const target = path.join(scratch, 'latest.nnd');
    fake.dialogAnswers.messageBox.push(0); // Save
    fake.dialogAnswers.save.push(target);
    window.close();
    await waitFor(() => window.closed);
    expect(contents.messages(IPC.flushDocument)).toHaveLength(1);
    expect(readFileSync(target, 'utf8')).toBe(XOR_TEXT);
  });

  it('a page that never answers the flush request still closes after a short timeout; foreign answers are ignored', async () => {
    const { fake, window, contents, trusted } = await launch();
    contents.emit('did-finish-load');
    fake.send(IPC.documentState, trusted, { filePath: null, dirty: false, text: XOR_TEXT });
    const started = Date.now();
    window.close();
    await settle();
    expect(contents.messages(IPC.flushDocument)).toHaveLength(1);
    const [requestId] = contents.sent.find((s) => s.channel === IPC.flushDocument)!.args;
    // Not from the app's page: had it counted, the document would be unsaved and the prompt
    // (its default answer in the fake is Cancel) would keep the window open.
    fake.send(IPC.documentFlushed, ipcEventFrom(window, 'https://evil.example/'), requestId, { filePath: null, dirty: true, text: AND_TEXT });
    expect(window.closed).toBe(false);
    await waitFor(() => window.closed, 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(window.title).toBe('Untitled — NN Designer');
  });

  it('opens a file named on the command line once the page is there, and files from the OS or a second instance', async () => {
    const { fake, contents, window } = await launch(['electron', '.', XOR_FILE]);
    pageAnswersFlushes(fake, window, () => null); // the editor has not registered its handler yet
    expect(contents.messages(IPC.fileOpened)).toEqual([]);
    contents.emit('did-finish-load');
    await waitFor(() => contents.messages(IPC.fileOpened).length === 1);
    expect(contents.messages(IPC.fileOpened)[0]).toMatchObject({ ok: true, filePath: XOR_FILE });
    expect(window.title).toBe('xor-2-4-1.nnd — NN Designer');

    const openFile = fakeEvent();
    fake.electron.app.emit('open-file', openFile, path.join(FIXTURES, 'valid', 'and-neuron.nnd'));
    expect(openFile.defaultPrevented).toBe(true);
    await waitFor(() => contents.messages(IPC.fileOpened).length === 2);
    expect(contents.messages(IPC.fileOpened)[1]).toMatchObject({ ok: true });

    fake.electron.app.emit('second-instance', fakeEvent(), ['nn-designer', '--some-switch', 'broken/units-negative.nnd'], FIXTURES);
    await waitFor(() => contents.messages(IPC.fileOpened).length === 3);
    const rejected = contents.messages(IPC.fileOpened)[2] as { ok: boolean; filePath: string; problems: { path: string }[] };
    expect(rejected.ok).toBe(false);
    expect(rejected.filePath).toBe(path.join(FIXTURES, 'broken', 'units-negative.nnd'));
    expect(rejected.problems.length).toBeGreaterThan(0);
    expect(window.title).toBe('and-neuron.nnd — NN Designer'); // the invalid file opened nothing

    expect(await fake.invoke(IPC.recentFiles, ipcEventFrom(window))).toEqual([path.join(FIXTURES, 'valid', 'and-neuron.nnd'), XOR_FILE]);
  });

  it('after the page crashes it reloads and is offered its unsaved work, once', async () => {
    const { fake, contents, trusted } = await launch();
    contents.emit('did-finish-load');
    fake.send(IPC.documentState, trusted, { filePath: null, dirty: true, text: XOR_TEXT });
    contents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    expect(contents.reloads).toBe(1);
    expect(await fake.invoke(IPC.takeRecovery, trusted)).toMatchObject({ text: XOR_TEXT, filePath: null });
    expect(await fake.invoke(IPC.takeRecovery, trusted)).toBeNull();

    // A second crash right after: the user decides (here: Quit), no reload loop.
    fake.dialogAnswers.messageBox.push(1);
    contents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    await settle();
    expect(contents.reloads).toBe(1);
    expect(fake.record.quits).toBe(1);
  });

  it('offers a recovery copy left by a session that crashed', async () => {
    writeFileSync(path.join(userData, 'recovery.json'), JSON.stringify({ text: XOR_TEXT, filePath: '/somewhere/xor.nnd', savedAt: '2025-01-01T00:00:00.000Z' }));
    const { fake, trusted } = await launch();
    expect(await fake.invoke(IPC.takeRecovery, trusted)).toEqual({ text: XOR_TEXT, filePath: '/somewhere/xor.nnd', savedAt: '2025-01-01T00:00:00.000Z' });
  });

  it('menu clicks reach the page; New waits for the unsaved-changes answer', async () => {
    const { fake, contents, trusted } = await launch();
    const items = (fake.record.menu as MenuItemConstructorOptions[]).flatMap(function all(i: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
      return [i, ...((i.submenu as MenuItemConstructorOptions[] | undefined) ?? []).flatMap(all)];
    });
    const click = (id: string) => (items.find((i) => i.id === id)!.click as unknown as () => void)();
    click('train.toggle');
    await settle();
    expect(contents.messages(IPC.menuCommand)).toEqual(['train.toggle']);

    fake.send(IPC.documentState, trusted, { filePath: null, dirty: true, text: XOR_TEXT });
    fake.dialogAnswers.messageBox.push(2); // Cancel
    click('file.new');
    await settle();
    expect(contents.messages(IPC.menuCommand)).toEqual(['train.toggle']);
    fake.dialogAnswers.messageBox.push(1); // Don't Save
    click('file.new');
    await settle();
    expect(contents.messages(IPC.menuCommand)).toEqual(['train.toggle', 'file.new']);
  });
});
