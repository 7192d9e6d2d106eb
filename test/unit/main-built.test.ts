/**
 * The desktop app's BUILT bundles (electron-vite's out/), run under plain Node the way Electron
 * would run them, with what Electron 45 allows and forbids (the Electron binary cannot be had
 * offline):
 * - out/main/index.js against a strict `electron` stand-in (main-stand-in-electron.mjs, swapped in
 *   by a module resolve hook), which throws on APIs used before `ready` that Electron forbids;
 * - out/main/engine-process.js through its utility-process branch (`process.parentPort`);
 * - out/preload/preload.cjs inside the sandbox's wrapper, where only `electron` can be required;
 * - electron-builder --dir on them, with a stand-in Electron dist: the app.asar's files and the fuses.
 * The bundles are built once, into a temporary folder.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { build as electronBuilder, Platform } from 'electron-builder';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { enginePidIn } from '../e2e-electron/engine-metric';
import { PRODUCTION_CSP } from '../../src-main/main/security';
import { getPreset } from '../../src-shared/presets';
import { IPC } from '../../src-shared/protocol/ipc-channels';
import type { EngineEvent } from '../../src-shared/protocol/engine';

const root = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'nnd-built-'));
const out = path.join(scratch, 'out');
const XOR_FILE = path.join(root, 'test/fixtures/files/valid/xor-2-4-1.nnd');

beforeAll(() => {
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Snapshot {
  violations: string[];
  singleInstanceLock: boolean;
  hardwareAcceleration: boolean;
  appEvents: string[];
  dialogs: { api: string; message?: string }[];
  schemes: { scheme: string }[];
  handledProtocols: string[];
  sandboxEnabled: boolean;
  windows: { url: string; title: string; destroyed: boolean; webPreferences: Record<string, unknown>; sent: { channel: string; args: unknown[] }[]; posted: { channel: string; transfer: number }[] }[];
  forks: { modulePath: string; options: { serviceName?: string }; messages: { message: unknown; transfer: number }[] }[];
  metrics: { pid: number; type: string; name?: string; serviceName?: string }[];
}
type Message = { type: string; [key: string]: unknown };
/** Who sends an IPC message (main-stand-in-electron.mjs): a frame of window 0 by default, or another webContents. */
type IpcFrom = { window?: number; frame?: 'main' | 'child' | 'gone'; url?: string; webContents?: 'other' };

/** The built main process under Node, with the stand-in for Electron; the test plays Electron's clock and the page. */
function launchMain(options: { args?: string[]; env?: Record<string, string>; userData?: string; cwd?: string } = {}) {
  const userData = options.userData ?? mkdtempSync(path.join(scratch, 'userData-'));
  const messages: Message[] = [];
  const waiters: { type: string; resolve: (m: Message) => void; reject: (e: Error) => void }[] = [];
  let stdout = '';
  let stderr = '';
  const child = fork(path.join(out, 'main/index.js'), options.args ?? [], {
    cwd: options.cwd ?? root,
    execArgv: ['--import', pathToFileURL(path.join(import.meta.dirname, 'main-stand-in-register.mjs')).href],
    // A display by default (the stand-in takes DISPLAY as one it can connect to); a test takes it away.
    env: { ...process.env, NND_USER_DATA_DIR: userData, ELECTRON_RENDERER_URL: '', DISPLAY: ':0', WAYLAND_DISPLAY: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.push(child);
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.on('message', (m: Message) => {
    messages.push(m);
    for (const w of waiters.filter((w) => w.type === m.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      // A crash (an API Electron would refuse, an uncaught error) fails whatever the test waits for, with the reason.
      const crash = messages.find((m) => m.type === 'crash')?.message ?? `exit code ${code}`;
      for (const w of waiters.splice(0)) w.reject(new Error(`the main process ended (${String(crash)}) before '${w.type}'; stderr:\n${stderr}`));
      resolve(code);
    }),
  );
  const next = (type: string): Promise<Message> => {
    const seen = messages.find((m) => m.type === type && !(m as { taken?: boolean }).taken);
    if (seen) return Promise.resolve(Object.assign(seen, { taken: true }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${type}' from the main process in 10 s; stderr:\n${stderr}`)), 10_000);
      waiters.push({ type, resolve: (m) => (clearTimeout(timer), Object.assign(m, { taken: true }), resolve(m)), reject: (e) => (clearTimeout(timer), reject(e)) });
    });
  };
  const ask = async (cmd: string, answer: string, extra: Record<string, unknown> = {}) => {
    const reply = next(answer);
    child.send({ cmd, ...extra });
    return reply;
  };
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    violations: () => messages.filter((m) => m.type === 'violation').map((m) => m.message),
    /** The app's events, in the order Electron emitted them. */
    appEvents: () => messages.filter((m) => m.type === 'app-event').map((m) => m.name),
    ipc: async (kind: 'invoke' | 'send', channel: string, args: unknown[] = [], from: IpcFrom = {}) => {
      const { ok, value, error } = (await ask('ipc', 'ipc-result', { kind, channel, args, from })) as unknown as { ok: boolean; value?: unknown; error?: string };
      return { ok, ...(value !== undefined && { value }), ...(error !== undefined && { error }) };
    },
    answerDialogs: (answers: { messageBox?: number[]; open?: string[]; save?: string[] }) => ask('dialog-answers', 'dialog-answers-taken', answers),
    quit: () => ask('quit', 'quit-asked'),
    next,
    ready: () => ask('ready', 'ready'),
    pageLoaded: () => ask('page-loaded', 'page-loaded'),
    fetch: (url: string) => ask('fetch', 'fetched', { url }),
    snapshot: async () => ((await ask('snapshot', 'snapshot')) as unknown as { state: Snapshot }).state,
  };
}

describe('the built main process under Electron 45’s rules', () => {
  it('does before `ready` only what Electron allows then, and wires the window, page and engine after it', async () => {
    const main = launchMain();
    await main.next('loaded');
    const early = await main.snapshot();
    expect(early.violations).toEqual([]);
    expect(early.schemes.map((s) => s.scheme)).toEqual(['app']); // privileged schemes: before ready only
    expect(early.sandboxEnabled).toBe(true);
    expect(early.windows).toEqual([]);

    await main.ready();
    await main.pageLoaded();
    const state = await main.snapshot();
    expect(main.violations()).toEqual([]);
    expect(state.handledProtocols).toEqual(['app']);
    const [window] = state.windows;
    expect(window.url).toBe('app://nnd/index.html');
    expect(window.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
    expect(existsSync(window.webPreferences.preload as string)).toBe(true);
    // The engine: forked from a file that exists, one port to it and one to the page.
    const [engine] = state.forks;
    expect(existsSync(engine.modulePath)).toBe(true);
    expect(engine.messages).toEqual([{ message: { type: 'connect' }, transfer: 1 }]);
    expect(window.posted).toEqual([{ channel: IPC.enginePort, message: null, transfer: 1 }]);
    // app:// serves the built page with the strict CSP.
    const page = await main.fetch('app://nnd/index.html');
    expect(page).toMatchObject({ status: 200, headers: { 'content-type': expect.stringContaining('text/html'), 'content-security-policy': PRODUCTION_CSP } });
    expect(await main.fetch('app://nnd/../../package.json')).toMatchObject({ status: 404 });
  });

  it('lists the engine in getAppMetrics under `name`, which is how the Electron tests find it', async () => {
    const main = launchMain();
    await main.ready();
    await main.pageLoaded();
    const { metrics } = await main.snapshot();
    const engine = metrics.find((m) => m.type === 'Utility');
    expect(engine).toMatchObject({ name: 'NN Designer engine', serviceName: 'node.mojom.NodeService' });
    expect(enginePidIn(metrics)).toBe(engine!.pid);
  });

  it('an installed app ignores ELECTRON_RENDERER_URL and loads its own page', async () => {
    const main = launchMain({ env: { STAND_IN_PACKAGED: '1', ELECTRON_RENDERER_URL: 'http://attacker.example:8080/' } });
    await main.ready();
    const state = await main.snapshot();
    expect(state.windows[0].url).toBe('app://nnd/index.html');
    expect(main.violations()).toEqual([]);
  });

  it('opens a file named as a file:// URI on the command line, once the page has loaded', async () => {
    const main = launchMain({ args: [pathToFileURL(XOR_FILE).href] });
    await main.ready();
    await main.pageLoaded();
    let opened: unknown[] = [];
    for (let i = 0; i < 100 && opened.length === 0; i++) {
      opened = (await main.snapshot()).windows[0].sent.filter((s) => s.channel === IPC.fileOpened).map((s) => s.args[0]);
      if (opened.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(opened).toEqual([expect.objectContaining({ ok: true, filePath: XOR_FILE })]);
  });

  it('creates a userData folder named by NND_USER_DATA_DIR that does not exist yet (Electron’s setPath would throw)', async () => {
    const userData = path.join(scratch, 'new', 'nested', 'userData');
    const main = launchMain({ userData });
    await main.next('loaded');
    await main.ready();
    expect(main.violations()).toEqual([]);
    expect(existsSync(userData)).toBe(true);
  });

  it('runs the command line tool for --cli: no window, its output, its exit code', async () => {
    const main = launchMain({ args: ['--cli', 'info', XOR_FILE] });
    expect(await main.exited).toBe(0);
    expect(main.output().stdout).toContain('XOR with a hidden layer (2-4-1)');
    const bad = launchMain({ args: ['--cli', 'validate', path.join(scratch, 'missing.nnd')] });
    expect(await bad.exited).toBe(1);
    expect(bad.violations()).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('nn-designer-desktop --cli on a Linux machine without a display', () => {
  const noDisplay = { DISPLAY: '', WAYLAND_DISPLAY: '' };

  it('runs the tool all the same: started again on the headless backend, with its output, files and exit codes', async () => {
    const info = launchMain({ args: ['--cli', 'info', XOR_FILE], env: noDisplay });
    expect(await info.exited).toBe(0);
    expect(info.output().stdout).toContain('XOR with a hidden layer (2-4-1)');
    expect(info.output().stderr).not.toMatch(/Missing X server|failed to initialize/);
    const file = path.join(scratch, 'headless-new.nnd');
    const made = launchMain({ args: ['--cli', 'new', 'xor-2-4-1', file], env: noDisplay });
    expect(await made.exited).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'nn-designer-experiment' });
    const missing = launchMain({ args: ['--cli', 'validate', path.join(scratch, 'missing.nnd')], env: noDisplay });
    expect(await missing.exited).toBe(1);
    expect(missing.output().stdout).toMatch(/there is no file .*missing\.nnd/);
    for (const run of [info, made, missing]) expect(run.violations()).toEqual([]);
  });

  it('leaves a display backend chosen on the command line alone (and Chromium, without that display, aborts)', async () => {
    const chosen = launchMain({ args: ['--ozone-platform=x11', '--cli', 'info', XOR_FILE], env: noDisplay });
    expect(await chosen.exited).not.toBe(0);
    expect(chosen.output()).toMatchObject({ stdout: '', stderr: expect.stringContaining('Missing X server or $DISPLAY') });
  });
});

describe('quitting (app.quit, as Ctrl+Q and the Quit menu item do)', () => {
  it('closes the window first; with nothing unsaved it quits at once, engine and all', async () => {
    const main = launchMain();
    await main.ready();
    await main.pageLoaded();
    await main.quit();
    expect(await main.exited).toBe(0);
    const events = main.appEvents();
    expect(events[events.indexOf('before-quit') - 1]).not.toBe('will-quit');
    expect(events.slice(-2)).toEqual(['will-quit', 'quit']);
    expect(main.violations()).toEqual([]);
  });

  it('unsaved changes and Cancel: the prevented close cancels the quit, the window and its work stay; Don’t Save then quits', async () => {
    const main = launchMain();
    await main.ready();
    await main.pageLoaded();
    const text = readFileSync(XOR_FILE, 'utf8');
    expect(await main.ipc('send', IPC.documentState, [{ filePath: null, dirty: true, text }])).toEqual({ ok: true });
    await main.answerDialogs({ messageBox: [2] }); // Cancel
    await main.quit();
    await vi.waitFor(async () => expect((await main.snapshot()).dialogs).toHaveLength(1), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 100));
    const kept = await main.snapshot();
    expect(kept.dialogs[0]).toMatchObject({ message: 'Save the changes to “Untitled”?', buttons: ['Save', 'Don’t Save', 'Cancel'] });
    expect(kept.windows[0]).toMatchObject({ destroyed: false, title: 'Untitled — Edited — NN Designer' });
    expect(kept.appEvents).toContain('before-quit');
    expect(kept.appEvents).not.toContain('will-quit');
    expect(main.child.exitCode).toBeNull();

    await main.answerDialogs({ messageBox: [1] }); // Don't Save
    await main.quit();
    expect(await main.exited).toBe(0);
    expect(main.appEvents().slice(-2)).toEqual(['will-quit', 'quit']);
    expect(main.violations()).toEqual([]);
  });
});

describe('the question before unsaved work goes, in the page’s words', () => {
  it('a preset that was only trained: the native question names the run and how long it trained, and offers Save first', async () => {
    const main = launchMain();
    await main.ready();
    await main.pageLoaded();
    const text = readFileSync(XOR_FILE, 'utf8');
    const unsaved = { changed: [], neverSaved: false, runs: 1, latest: { epoch: 10_000, trainedMs: 8_300 } };
    expect(await main.ipc('send', IPC.documentState, [{ filePath: null, dirty: true, text, unsaved }])).toEqual({ ok: true });
    await main.answerDialogs({ messageBox: [2] }); // Cancel
    await main.quit();
    await vi.waitFor(async () => expect((await main.snapshot()).dialogs).toHaveLength(1), { timeout: 5000 });
    expect((await main.snapshot()).dialogs[0]).toMatchObject({
      message: 'Save the run you trained on “Untitled”?',
      detail: 'The design is unchanged; the run you trained (10,000 epochs, 8.3s) will be lost if you don’t save it.',
      buttons: ['Save', 'Don’t Save', 'Cancel'],
    });
    // A report that is not what it should be words the question as before, and still asks.
    const bad = { ...unsaved, changed: ['everything'] };
    expect(await main.ipc('send', IPC.documentState, [{ filePath: null, dirty: true, text, unsaved: bad }])).toEqual({ ok: true });
    await main.answerDialogs({ messageBox: [2, 1] }); // Cancel, then Don't Save
    await main.quit();
    await vi.waitFor(async () => expect((await main.snapshot()).dialogs).toHaveLength(2), { timeout: 5000 });
    expect((await main.snapshot()).dialogs[1]).toMatchObject({ message: 'Save the changes to “Untitled”?', detail: 'Your changes will be lost if you don’t save them.' });
    await main.quit();
    expect(await main.exited).toBe(0);
    expect(main.violations()).toEqual([]);
  });
});

describe('a second instance (requestSingleInstanceLock, per userData folder)', () => {
  it('hands its file, relative to its own working directory, to the first instance and quits without a window', async () => {
    const userData = mkdtempSync(path.join(scratch, 'userData-shared-'));
    const first = launchMain({ userData });
    await first.ready();
    await first.pageLoaded();
    expect((await first.snapshot()).singleInstanceLock).toBe(true);

    const second = launchMain({ userData, cwd: path.dirname(path.dirname(XOR_FILE)), args: [path.join('valid', path.basename(XOR_FILE))] });
    await second.next('loaded');
    // Its app.quit() came before ready; Electron then quits as soon as its message loop runs.
    second.child.send({ cmd: 'ready' });
    expect(await second.exited).toBe(0);
    expect(second.appEvents()).not.toContain('web-contents-created');
    expect(second.violations()).toEqual([]);

    await vi.waitFor(async () => {
      const state = await first.snapshot();
      expect(state.appEvents).toContain('second-instance');
      expect(state.windows[0].sent.filter((s) => s.channel === IPC.fileOpened).map((s) => s.args[0])).toEqual([expect.objectContaining({ ok: true, filePath: XOR_FILE })]);
    }, { timeout: 5000 });
    expect(first.violations()).toEqual([]);

    // Another userData folder is another app as far as the lock goes.
    const other = launchMain();
    await other.ready();
    expect((await other.snapshot()).singleInstanceLock).toBe(true);
  });
});

describe('IPC into the built main process: only the app’s own page in the window’s top frame is answered', () => {
  it('answers the top frame at app://nnd and refuses subframes, other pages, other webContents and gone frames', async () => {
    const main = launchMain();
    await main.ready();
    await main.pageLoaded();
    expect(await main.ipc('invoke', IPC.recentFiles)).toEqual({ ok: true, value: [] });
    const refused = { ok: false, error: expect.stringMatching(new RegExp(`^Error invoking remote method '${IPC.recentFiles}': Error: Refused ${IPC.recentFiles} from an untrusted sender`)) };
    for (const from of [{ frame: 'child' }, { frame: 'child', url: 'https://evil.example/frame.html' }, { url: 'https://evil.example/' }, { frame: 'gone' }, { webContents: 'other' }] as IpcFrom[]) {
      expect(await main.ipc('invoke', IPC.recentFiles, [], from)).toEqual(refused);
    }

    const dirty = { filePath: null, dirty: true, text: readFileSync(XOR_FILE, 'utf8') };
    await main.ipc('send', IPC.documentState, [dirty], { frame: 'child' });
    await main.ipc('send', IPC.documentState, [dirty], { webContents: 'other' });
    expect((await main.snapshot()).windows[0].title).toBe('Untitled — NN Designer');
    await main.ipc('send', IPC.documentState, [dirty]);
    expect((await main.snapshot()).windows[0].title).toBe('Untitled — Edited — NN Designer');
    expect(main.violations()).toEqual([]);
  });
});
describe('the stand-in itself', () => {
  /** What these lines print when run as an ES module with the stand-in for `electron`. */
  function underStandIn(code: string, options: { args?: string[]; env?: Record<string, string> } = {}): string {
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(import.meta.dirname, 'main-stand-in-register.mjs')).href, '--input-type=module', '-e', code, '--', ...(options.args ?? [])], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DISPLAY: ':0', WAYLAND_DISPLAY: '', ...options.env },
    });
    return r.stdout + r.stderr;
  }
  const attempt = (line: string) => `try { ${line}; console.log('allowed'); } catch (e) { console.log(e.message); }`;

  it('refuses what Electron refuses before ready, and after it, so the run above is not a formality', () => {
    const code = [
      "import { app, BrowserWindow, session, protocol, utilityProcess, dialog } from 'electron';",
      attempt('new BrowserWindow()'),
      attempt('session.defaultSession'),
      attempt("protocol.handle('app', () => null)"),
      attempt("utilityProcess.fork('x.js')"),
      attempt('dialog.showErrorBox("a", "b")'),
      attempt("app.setPath('userData', '/nonexistent/folder')"),
      attempt('app.commandLine'),
      'process.exit(0);',
    ].join('\n');
    expect(underStandIn(code).trim().split('\n')).toEqual([
      'new BrowserWindow cannot be used before the app is ready',
      'session.defaultSession cannot be used before the app is ready',
      'protocol.handle cannot be used before the app is ready',
      'utilityProcess.fork cannot be used before the app is ready',
      'allowed',
      "app.setPath('userData', '/nonexistent/folder'): the folder does not exist (Electron throws)",
      'app.commandLine is not modelled by the stand-in (check it against Electron 45)',
    ]);
    expect(underStandIn("import { nativeTheme } from 'electron';")).toMatch(/does not provide an export named 'nativeTheme'/);
  });

  it.runIf(process.platform === 'linux')('without a display, aborts a main process after its first turn, unless started on the headless backend', () => {
    const later = "import { app } from 'electron'; setTimeout(() => { console.log('the tool ran'); app.exit(0); }, 0);";
    const noDisplay = { DISPLAY: '', WAYLAND_DISPLAY: '' };
    expect(underStandIn(later, { env: noDisplay })).toMatch(/^ERROR:.*Missing X server or \$DISPLAY\n.*The platform failed to initialize\. {2}Exiting\.\n$/);
    expect(underStandIn(later, { env: noDisplay, args: ['--ozone-platform=headless'] })).toBe('the tool ran\n');
    expect(underStandIn(later)).toBe('the tool ran\n'); // with a display
    // Where no window can show, opening one is a mistake the stand-in names.
    const window = "import { app, BrowserWindow } from 'electron'; await app.whenReady(); try { new BrowserWindow(); } catch (e) { console.log(e.message); } app.exit(0);";
    expect(underStandIn(window, { env: noDisplay, args: ['--ozone-platform=headless'] })).toMatch(/^new BrowserWindow on the headless display backend/);
  });

  it('clones what main sends as Electron does: what cannot be cloned throws, and the receiver gets no prototypes', () => {
    const code = [
      "import { app, BrowserWindow, utilityProcess } from 'electron';",
      'await app.whenReady();',
      "const engine = utilityProcess.fork('package.json');",
      attempt('engine.postMessage({ type: "connect", reply() {} })'),
      'const window = new BrowserWindow();',
      attempt('window.webContents.send("channel", Symbol("s"))'),
      'class Point { constructor() { this.x = 1; } norm() { return 1; } }',
      'window.webContents.send("channel", new Point());',
      'const [sent] = window.webContents.sent;',
      'console.log(JSON.stringify(sent.args), typeof sent.args[0].norm);',
      'app.exit(0);',
    ].join('\n');
    expect(underStandIn(code).trim().split('\n')).toEqual(['UtilityProcess.postMessage: An object could not be cloned.', "webContents.send('channel'): An object could not be cloned.", '[{"x":1}] undefined']);
  });

  it('quits as browser.cc does: a prevented close cancels the quit; a destroyed window throws', () => {
    const code = [
      "import { app, BrowserWindow } from 'electron';",
      "const events = []; for (const name of ['before-quit', 'will-quit', 'window-all-closed', 'quit']) app.on(name, () => events.push(name));",
      'await app.whenReady();',
      'const window = new BrowserWindow();',
      'const keep = (e) => e.preventDefault();',
      "window.on('close', keep);",
      'app.quit();',
      'await new Promise((r) => setTimeout(r, 20));',
      "console.log(events.join(' '), window.isDestroyed());",
      "window.off('close', keep);",
      "app.on('will-quit', () => { console.log(events.join(' '), window.isDestroyed()); " + attempt('window.getTitle()') + ' });',
      'app.quit();',
    ].join('\n');
    // The first quit stops at the prevented close; the second closes the window, and no window-all-closed comes.
    expect(underStandIn(code).trim().split('\n')).toEqual(['before-quit false', 'before-quit before-quit will-quit true', expect.stringMatching(/^BrowserWindow.getTitle: Object has been destroyed/)]);
  });
});

describe('the built engine entry as an Electron utility process', () => {
  it('takes its port from process.parentPort, says what it works on, and trains the post’s XOR', async () => {
    const child = fork(path.join(out, 'main/engine-process.js'), [], {
      execArgv: ['--import', pathToFileURL(path.join(import.meta.dirname, 'main-stand-in-parent-port.mjs')).href],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    const events: EngineEvent[] = [];
    const notes: unknown[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the engine did not finish training in 30 s')), 30_000);
      child.on('message', (m: { port?: EngineEvent; parent?: unknown }) => {
        if (m.parent) notes.push(m.parent);
        if (!m.port) return;
        events.push(m.port);
        if (m.port.type === 'loaded') child.send({ port: { type: 'train' } });
        if (m.port.type === 'state' && m.port.state === 'done') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const setup = structuredClone(getPreset('xor-2-4-1')!.setup);
    child.send({ port: { type: 'load', setup } });
    await done;
    expect(notes).toEqual([{ type: 'workload', key: expect.stringMatching(/^[0-9a-f]{8}$/) }]);
    const snapshots = events.filter((e): e is Extract<EngineEvent, { type: 'snapshot' }> => e.type === 'snapshot');
    const last = snapshots[snapshots.length - 1];
    expect(last.epoch).toBe(10000);
    expect(last.parameters[0].W).toBeInstanceOf(Float64Array);
    expect(last.predictions.map((p) => p.text)).toEqual(getPreset('xor-2-4-1')!.postOutput.slice(5));
  });
});

describe('the built preload in the sandbox’s wrapper', () => {
  /** Runs preload.cjs as Electron's sandboxed renderer does: a function of (require, process, exports, module, global), in a realm with only the page's globals. */
  function runPreload(source: string) {
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const invoked: unknown[][] = [];
    const sent: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
      ipcRenderer: {
        on: (channel: string, listener: (...args: unknown[]) => void) => void listeners.set(channel, listener),
        send: (...args: unknown[]) => void sent.push(args),
        invoke: async (...args: unknown[]) => void invoked.push(args),
      },
    };
    // Electron 45's sandbox: require knows electron (and events, url, timers, which this preload must not need).
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const info = { name: 'NN Designer', version: '0.2.0', platform: 'linux' };
    const preloadProcess = { argv: ['/opt/NN Designer/nn-designer-desktop', '--type=renderer', `--nnd-app-info=${encodeURIComponent(JSON.stringify(info))}`], platform: 'linux', env: {}, sandboxed: true, contextIsolated: true, type: 'renderer' };
    const page = { location: { origin: 'app://nnd' }, postMessage: () => {}, addEventListener: () => {} };
    const realm = vm.createContext({ console, window: page, document: { activeElement: null } });
    const wrapped = vm.runInContext(`(function (require, process, exports, module, global) {\n${source}\n})`, realm, { filename: 'preload.cjs' }) as (...args: unknown[]) => void;
    const exports = {};
    wrapped(sandboxRequire, preloadProcess, exports, { exports }, realm);
    return { required, exposed, listeners, invoked, sent, info };
  }

  it('requires only electron and exposes the AppApi, reading its app info from the command line', async () => {
    const run = runPreload(readFileSync(path.join(out, 'preload/preload.cjs'), 'utf8'));
    expect(run.required).toEqual(['electron']);
    const api = run.exposed.nnd as Record<string, unknown>;
    expect(api.info).toEqual(run.info);
    await (api.openFile as () => Promise<unknown>)();
    expect(run.invoked).toEqual([[IPC.openFile]]);
    expect([...run.listeners.keys()]).toEqual(expect.arrayContaining([IPC.menuCommand, IPC.fileOpened, IPC.engineRestarted, IPC.enginePort, IPC.flushDocument]));
  });

  it('would fail a preload that needs anything but electron (the wrapper is strict)', () => {
    expect(() => runPreload("require('node:path');")).toThrow(/module not found: node:path/);
    expect(() => runPreload('Buffer.from([1]);')).toThrow(/Buffer is not defined/);
    expect(() => runPreload('setImmediate(() => {});')).toThrow(/setImmediate is not defined/);
  });
});


/** The files a package.json names for Node, npm or bundlers to load: main, bin, browser, module, types, exports. */
function filesNamedBy(pkg: Record<string, unknown>): string[] {
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
  return ['main', 'bin', 'browser', 'module', 'types', 'typings', 'exports'].flatMap((field) => strings(pkg[field])).map((file) => file.replace(/^\.\//, ''));
}

describe('the installer’s contents (electron-builder --dir, a stand-in Electron dist)', () => {
  /** An "Electron" whose binary holds only a fuse wire, in Electron's layout: sentinel, version 1, length, one byte per fuse. */
  function standInElectronDist(dir: string): void {
    mkdirSync(path.join(dir, 'resources'), { recursive: true });
    mkdirSync(path.join(dir, 'locales'));
    // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar
    // integrity off, only-asar off, browser V8 snapshot off, file:// privileges on.
    const wire = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('10110001')]);
    writeFileSync(path.join(dir, 'electron'), Buffer.concat([Buffer.from('stand-in Electron binary\n'), wire, Buffer.from('\n')]));
    chmodSync(path.join(dir, 'electron'), 0o755);
    writeFileSync(path.join(dir, 'version'), '45.5.0');
    writeFileSync(path.join(dir, 'LICENSE'), 'MIT');
  }

  it('packs only the built app into app.asar and burns the hardening fuses into the binary', async () => {
    // The project as `npm run dist` sees it, with the freshly built out/ (and a CLI bundle the app does not need).
    const project = path.join(scratch, 'project');
    mkdirSync(path.join(project, 'build'), { recursive: true });
    for (const file of ['package.json', 'electron-builder.yml', 'build/icon.png']) cpSync(path.join(root, file), path.join(project, file));
    cpSync(out, path.join(project, 'out'), { recursive: true });
    mkdirSync(path.join(project, 'out/cli'));
    writeFileSync(path.join(project, 'out/cli/nn-designer.mjs'), '// the npm command line bundle');
    writeFileSync(path.join(project, 'out/main/index.js.map'), '{}');
    // Only the production dependencies, so electron-builder's dependency walk stays quick.
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of Object.keys(pkg.dependencies)) {
      mkdirSync(path.dirname(path.join(project, 'node_modules', name)), { recursive: true });
      symlinkSync(path.join(root, 'node_modules', name), path.join(project, 'node_modules', name));
    }
    const electronDist = path.join(scratch, 'electron-dist');
    standInElectronDist(electronDist);

    await electronBuilder({
      projectDir: project,
      targets: Platform.LINUX.createTarget('dir', 1), // x64
      publish: 'never',
      // electron-builder.yml's own settings (npmRebuild: false among them), with the stand-in Electron.
      config: { electronDist, electronVersion: '45.5.0' },
    });

    const unpacked = path.join(project, 'dist/linux-unpacked');
    const asar = path.join(unpacked, 'resources/app.asar');
    const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const outside = files.filter((f) => !/^\/(out\/(main|preload|renderer)(\/|$)|out$|build(\/icon\.png)?$|package\.json$)/.test(f));
    expect(outside).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/main/engine-process.js', '/out/preload/preload.cjs', '/out/renderer/index.html', '/build/icon.png']));
    expect(files.some((f) => f.includes('node_modules') || f.endsWith('.map') || f.startsWith('/out/cli'))).toBe(false);
    const packed = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(packed).toMatchObject({ main: 'out/main/index.js', desktopName: 'org.nndesigner.app.desktop' });
    // Every file the packed package.json names is in the package: no `bin` left pointing at the npm tool.
    const named = filesNamedBy(packed);
    expect(named).toContain('out/main/index.js');
    expect(named.filter((file) => !files.includes(`/${path.posix.normalize(file)}`))).toEqual([]);

    const binary = path.join(unpacked, 'nn-designer-desktop');
    const fuses = await getCurrentFuseWire(binary);
    const on = 49;
    const off = 48;
    expect({
      runAsNode: fuses[FuseV1Options.RunAsNode],
      cookieEncryption: fuses[FuseV1Options.EnableCookieEncryption],
      nodeOptions: fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: fuses[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: fuses[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolPrivileges: fuses[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({ runAsNode: off, cookieEncryption: on, nodeOptions: off, inspect: off, asarIntegrity: on, onlyAsar: on, fileProtocolPrivileges: off });
  }, 120_000);
});
