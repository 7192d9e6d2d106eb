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
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
  schemes: { scheme: string }[];
  handledProtocols: string[];
  sandboxEnabled: boolean;
  windows: { url: string; webPreferences: Record<string, unknown>; sent: { channel: string; args: unknown[] }[]; posted: { channel: string; transfer: number }[] }[];
  forks: { modulePath: string; options: { serviceName?: string }; messages: { message: unknown; transfer: number }[] }[];
  metrics: { pid: number; type: string; name?: string; serviceName?: string }[];
}
type Message = { type: string; [key: string]: unknown };

/** The built main process under Node, with the stand-in for Electron; the test plays Electron's clock and the page. */
function launchMain(options: { args?: string[]; env?: Record<string, string>; userData?: string } = {}) {
  const userData = options.userData ?? mkdtempSync(path.join(scratch, 'userData-'));
  const messages: Message[] = [];
  const waiters: { type: string; resolve: (m: Message) => void; reject: (e: Error) => void }[] = [];
  let stdout = '';
  let stderr = '';
  const child = fork(path.join(out, 'main/index.js'), options.args ?? [], {
    cwd: root,
    execArgv: ['--import', pathToFileURL(path.join(import.meta.dirname, 'main-stand-in-register.mjs')).href],
    env: { ...process.env, NND_USER_DATA_DIR: userData, ELECTRON_RENDERER_URL: '', ...options.env },
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

describe('the stand-in itself', () => {
  /** What these lines print when run as an ES module with the stand-in for `electron`. */
  function underStandIn(code: string): string {
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(import.meta.dirname, 'main-stand-in-register.mjs')).href, '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
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
