/**
 * A strict stand-in for Electron 45's main-process API, loaded in place of `electron` (see
 * main-stand-in-hooks.mjs) when the BUILT main bundle runs under plain Node. It is strict where
 * Electron is, so what passes here does not fail in the real app for these reasons:
 * - APIs Electron forbids before `ready` throw before it: new BrowserWindow, session (api_session.cc:
 *   "Session can only be received when app is ready"), every protocol method but
 *   registerSchemesAsPrivileged (docs/api/protocol.md), utilityProcess.fork and the dialogs
 *   (electron.d.ts 45.5: fork "can only be called after the ready event"; only showErrorBox is safe
 *   before it);
 * - APIs allowed only before `ready` throw after it: protocol.registerSchemesAsPrivileged (also
 *   only once), app.enableSandbox, app.setDesktopName, app.disableHardwareAcceleration;
 * - app.setPath throws for a folder that does not exist, as electron.d.ts documents;
 * - the display (Linux): Electron chooses Chromium's display backend from the command line
 *   (`--ozone-platform`; X11, or Wayland where WAYLAND_DISPLAY is set) before the main script runs,
 *   and connects right after the script's first turn. Without DISPLAY (or WAYLAND_DISPLAY) it
 *   aborts then, as Chromium does ("Missing X server or $DISPLAY"), unless started with
 *   `--ozone-platform=headless`, where a window never shows;
 * - app.exit before the message loop runs ends the process at once (browser.cc: "Message loop is
 *   not ready, quit directly"); after it, windows are destroyed without 'close';
 * - app.quit (browser.cc): 'before-quit', then 'close' on every window; one prevented 'close'
 *   cancels the quit, and once every window has gone, 'will-quit' and the exit follow, with no
 *   'window-all-closed' (electron.d.ts: "in this case the window-all-closed event would not be
 *   emitted"). A window's 'closed' comes a turn after its 'close'; a destroyed window or
 *   webContents throws "Object has been destroyed";
 * - the single-instance lock is per userData folder and held across processes: a second instance
 *   gets false after sending its argv (Chromium's order: switches first, plus
 *   --original-process-start-time) and working directory to the first, which emits
 *   'second-instance' after its 'ready';
 * - IPC: the test plays the page (cmd 'ipc'): messages from the window's top frame, a subframe, a
 *   frame that navigated elsewhere, a frame that is gone (senderFrame null), or another
 *   webContents; arguments and results are structured clones; ipcMain.handle twice throws;
 * - what main sends (webContents.send and postMessage, utilityProcess and MessagePortMain
 *   postMessage) is structured-cloned as Electron does: what cannot be cloned (a function, a
 *   symbol) throws, and the receiver gets the clone, without prototypes;
 * - a missing export or a property this stand-in does not model throws at once, instead of
 *   silently being undefined;
 * - app.getAppMetrics() puts a utility process's `serviceName` option into `name`, with
 *   `serviceName` "node.mojom.NodeService" (electron.d.ts 45.5, ForkOptions.serviceName);
 * - process.execPath is the "Electron binary" (main-stand-in-binary.mjs), which takes Chromium's
 *   switches, for a main process that starts itself again.
 *
 * The test drives it over the fork's IPC channel: {cmd: 'ready' | 'page-loaded' | 'snapshot' |
 * 'crash-engine' | 'fetch' | 'ipc' | 'quit' | 'dialog-answers'}; it answers and reports every rule
 * broken as {type: 'violation'}. Started without an IPC channel (by another process), it becomes
 * ready by itself, as Electron does.
 */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE = process.execPath;
process.execPath = fileURLToPath(new URL('./main-stand-in-binary.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const send = (message) => process.send?.(message);
const violations = [];
function violation(message) {
  violations.push(message);
  send({ type: 'violation', message });
  return new Error(message);
}

let ready = false;
let markReady;
const whenReadyPromise = new Promise((resolve) => (markReady = resolve));
const afterReady = (api) => {
  if (!ready) throw violation(`${api} cannot be used before the app is ready`);
};
const beforeReady = (api) => {
  if (ready) throw violation(`${api} can only be called before the app is ready`);
};

const EMITTER_METHODS = new Set(['on', 'once', 'off', 'addListener', 'prependListener', 'removeListener', 'removeAllListeners', 'emit', 'listeners', 'listenerCount']);
/**
 * Throws on any string property the object does not have (then/toJSON/inspect aside): an API this
 * stand-in does not model. Once the object is destroyed, its methods throw as Electron's do.
 */
function strict(name, target) {
  const benign = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType']);
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && !(key in t) && !benign.has(key)) throw violation(`${name}.${key} is not modelled by the stand-in (check it against Electron 45)`);
      // (EventEmitter's own fields, `_events` and the like, stay reachable: its methods use them.)
      if (t.destroyed && typeof key === 'string' && !key.startsWith('_') && key !== 'isDestroyed' && key !== 'destroyed' && !EMITTER_METHODS.has(key)) {
        throw violation(`${name}.${key}: Object has been destroyed`);
      }
      return Reflect.get(t, key, receiver);
    },
  });
}

/** What the receiving side gets: a structured clone, or Electron's exception for what cannot be cloned. */
function cloned(api, value) {
  try {
    return structuredClone(value);
  } catch {
    throw violation(`${api}: An object could not be cloned.`);
  }
}

const event = () => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

/** The value of Chromium switch `--name=value`, the last one given, before any `--`. */
function switchValue(argv, name) {
  const end = argv.indexOf('--');
  const value = (end < 0 ? argv : argv.slice(0, end)).filter((arg) => arg.startsWith(`--${name}=`)).at(-1);
  return value?.slice(name.length + 3);
}
const OZONE_PLATFORM = switchValue(process.argv, 'ozone-platform') ?? (process.env.WAYLAND_DISPLAY ? 'wayland' : 'x11');

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const paths = new Map([
  ['userData', process.env.STAND_IN_DEFAULT_USER_DATA ?? path.join(ROOT, '.stand-in-user-data')],
  ['temp', process.env.TMPDIR ?? '/tmp'],
  ['home', process.env.HOME ?? '/'],
]);
const record = {
  schemes: [],
  handledProtocols: [],
  windows: [],
  forks: [],
  menus: 0,
  exitCode: null,
  sandboxEnabled: false,
  singleInstanceLock: false,
  hardwareAcceleration: true,
  appEvents: [],
  dialogs: [],
};
/** browser.cc's is_quitting_, is_exiting_, is_shutdown_. */
const lifecycle = { quitting: false, exiting: false, shutdown: false, exitCode: 0 };

class App extends EventEmitter {
  get name() {
    return pkg.productName ?? pkg.name;
  }
  get isPackaged() {
    return process.env.STAND_IN_PACKAGED === '1';
  }
  emit(name, ...args) {
    record.appEvents.push(name);
    send({ type: 'app-event', name });
    return super.emit(name, ...args);
  }
  getVersion() {
    return pkg.version;
  }
  getAppPath() {
    return ROOT;
  }
  getPath(name) {
    if (!paths.has(name)) throw violation(`app.getPath('${name}') is not modelled`);
    return paths.get(name);
  }
  setPath(name, value) {
    if (!existsSync(value)) throw violation(`app.setPath('${name}', '${value}'): the folder does not exist (Electron throws)`);
    paths.set(name, value);
  }
  requestSingleInstanceLock(additionalData) {
    const granted = singleInstanceLock(paths.get('userData'), additionalData);
    record.singleInstanceLock = granted;
    return granted;
  }
  enableSandbox() {
    beforeReady('app.enableSandbox');
    record.sandboxEnabled = true;
  }
  setDesktopName() {
    beforeReady('app.setDesktopName');
  }
  disableHardwareAcceleration() {
    beforeReady('app.disableHardwareAcceleration');
    record.hardwareAcceleration = false;
  }
  setAppUserModelId() {}
  whenReady() {
    return whenReadyPromise;
  }
  isReady() {
    return ready;
  }
  addRecentDocument() {}
  clearRecentDocuments() {}
  quit() {
    if (lifecycle.quitting) return;
    const beforeQuit = event();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    lifecycle.quitting = true;
    const open = BrowserWindow.all.slice();
    if (open.length === 0) notifyAndShutdown();
    else for (const window of open) window.close();
  }
  exit(code = 0) {
    record.exitCode = code;
    if (!ready) process.exit(code); // no message loop yet: Electron calls exit() at once
    lifecycle.quitting = true;
    lifecycle.exiting = true;
    lifecycle.exitCode = code;
    if (BrowserWindow.all.length === 0) shutdown(code);
    else for (const window of BrowserWindow.all.slice()) window.destroy();
  }
  getAppMetrics() {
    return [
      { pid: process.pid, type: 'Browser', creationTime: 0, cpu: { percentCPUUsage: 0, idleWakeupsPerSecond: 0 }, memory: { workingSetSize: 0, peakWorkingSetSize: 0 } },
      ...record.forks
        .filter((f) => !f.exited)
        .map((f) => ({
          pid: f.pid,
          type: 'Utility',
          name: f.options.serviceName ?? 'Node Utility Process',
          serviceName: 'node.mojom.NodeService',
          creationTime: 0,
          cpu: { percentCPUUsage: 0, idleWakeupsPerSecond: 0 },
          memory: { workingSetSize: 0, peakWorkingSetSize: 0 },
        })),
    ];
  }
}
export const app = strict('app', new App());

function notifyAndShutdown() {
  if (lifecycle.shutdown) return;
  const willQuit = event();
  app.emit('will-quit', willQuit);
  if (willQuit.defaultPrevented) {
    lifecycle.quitting = false;
    return;
  }
  shutdown(0);
}

function shutdown(code) {
  if (lifecycle.shutdown) return;
  lifecycle.shutdown = true;
  lifecycle.quitting = true;
  app.emit('quit', event(), code);
  record.exitCode = code;
  // Before the message loop runs, Electron waits for it and then quits.
  void whenReadyPromise.then(() => {
    send({ type: 'exit', code });
    setImmediate(() => process.exit(code));
  });
}

function windowAllClosed() {
  if (lifecycle.exiting) shutdown(lifecycle.exitCode);
  else if (lifecycle.quitting) notifyAndShutdown();
  else if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
  else app.quit(); // Electron's default without a listener
}

let nextId = 1;
class WebContents extends EventEmitter {
  id = nextId++;
  sent = [];
  posted = [];
  reloads = 0;
  destroyed = false;
  mainFrame = { url: '', origin: '', parent: null, top: null };
  send(channel, ...args) {
    this.sent.push({ channel, args: cloned(`webContents.send('${channel}')`, args) });
  }
  postMessage(channel, message, transfer = []) {
    if (!transfer.every((p) => p instanceof MessagePortMain)) throw violation('webContents.postMessage transfers only MessagePortMain objects');
    this.posted.push({ channel, message: cloned(`webContents.postMessage('${channel}')`, message), transfer: transfer.length });
  }
  reload() {
    this.reloads++;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

// Symbol keys: methods called through the strict Proxy get it as `this`, where #private fields fail.
const CONTENTS = Symbol('webContents');
const SELF = Symbol('proxy');
const DESTROY = Symbol('destroy');

export class BrowserWindow extends EventEmitter {
  static all = [];
  static getAllWindows() {
    return BrowserWindow.all.slice();
  }
  destroyed = false;
  constructor(options = {}) {
    afterReady('new BrowserWindow');
    if (OZONE_PLATFORM === 'headless') throw violation('new BrowserWindow on the headless display backend: no window can show (a command line run must not open one)');
    super();
    this.options = options;
    this[CONTENTS] = new WebContents();
    this.webContents = strict('webContents', this[CONTENTS]);
    this.url = '';
    this.title = options.title ?? '';
    this[SELF] = strict('BrowserWindow', this);
    BrowserWindow.all.push(this[SELF]);
    record.windows.push(this);
    app.emit('web-contents-created', event(), this.webContents);
    return this[SELF];
  }
  loadURL(url) {
    this.url = url;
    this[CONTENTS].mainFrame.url = url;
    this[CONTENTS].mainFrame.origin = new URL(url).origin;
    return Promise.resolve();
  }
  setTitle(title) {
    this.title = title;
  }
  getTitle() {
    return this.title;
  }
  show() {}
  focus() {}
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  /** Like a click on the close button: 'close' can be prevented; else the page unloads and 'closed' follows. */
  close() {
    const close = event();
    this.emit('close', close);
    if (close.defaultPrevented) {
      if (lifecycle.quitting) lifecycle.quitting = false; // browser.cc OnWindowCloseCancelled
      return;
    }
    setImmediate(() => this[DESTROY]());
  }
  /** No 'close', no unload handlers; 'closed' is guaranteed. */
  destroy() {
    this[DESTROY]();
  }
  [DESTROY]() {
    if (this.destroyed) return;
    this.destroyed = true;
    this[CONTENTS].destroyed = true;
    BrowserWindow.all.splice(BrowserWindow.all.indexOf(this[SELF]), 1);
    this.emit('closed');
    if (BrowserWindow.all.length === 0) windowAllClosed();
  }
}
if (process.platform === 'darwin') {
  BrowserWindow.prototype.setDocumentEdited = function () {};
  BrowserWindow.prototype.setRepresentedFilename = function () {};
}

export const Menu = strict('Menu', {
  buildFromTemplate: (template) => ({ items: template }),
  setApplicationMenu: () => void record.menus++,
});

const ipcHandlers = new Map();
const ipcListeners = new Map();
export const ipcMain = strict('ipcMain', {
  handle(channel, handler) {
    if (ipcHandlers.has(channel)) throw violation(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  },
  on(channel, listener) {
    ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), listener]);
  },
  removeHandler(channel) {
    ipcHandlers.delete(channel);
  },
});

/** Answers the test queued (cmd 'dialog-answers'); without one, what Escape gives: cancelId, else the first button. */
const dialogAnswers = { messageBox: [], open: [], save: [] };
export const dialog = strict('dialog', {
  async showOpenDialog(_window, options) {
    afterReady('dialog.showOpenDialog');
    record.dialogs.push({ api: 'showOpenDialog', title: options?.title });
    const filePath = dialogAnswers.open.shift();
    return { canceled: !filePath, filePaths: filePath ? [filePath] : [] };
  },
  async showSaveDialog(_window, options) {
    afterReady('dialog.showSaveDialog');
    record.dialogs.push({ api: 'showSaveDialog', title: options?.title });
    const filePath = dialogAnswers.save.shift();
    return { canceled: !filePath, filePath: filePath ?? '' };
  },
  async showMessageBox(_window, options) {
    afterReady('dialog.showMessageBox');
    record.dialogs.push({ api: 'showMessageBox', message: options?.message, detail: options?.detail, buttons: options?.buttons });
    return { response: dialogAnswers.messageBox.shift() ?? options?.cancelId ?? 0, checkboxChecked: false };
  },
  showErrorBox: () => {},
});

export const protocol = strict('protocol', {
  registerSchemesAsPrivileged(schemes) {
    beforeReady('protocol.registerSchemesAsPrivileged');
    if (record.schemes.length) throw violation('protocol.registerSchemesAsPrivileged can be called only once');
    record.schemes.push(...schemes);
  },
  handle(scheme, handler) {
    afterReady('protocol.handle');
    record.handledProtocols.push(scheme);
    protocolHandlers.set(scheme, handler);
  },
});
const protocolHandlers = new Map();

const defaultSession = strict('session.defaultSession', {
  webRequest: strict('webRequest', { onHeadersReceived() {} }),
  setPermissionRequestHandler() {},
  setPermissionCheckHandler() {},
});
export const session = strict('session', {
  get defaultSession() {
    afterReady('session.defaultSession');
    return defaultSession;
  },
  fromPartition() {
    afterReady('session.fromPartition');
    return defaultSession;
  },
});

export const shell = strict('shell', { openExternal: async () => {} });

export class MessagePortMain extends EventEmitter {
  postMessage(message) {
    cloned('MessagePortMain.postMessage', message);
  }
  start() {}
  close() {}
}
export class MessageChannelMain {
  port1 = new MessagePortMain();
  port2 = new MessagePortMain();
}

let nextPid = 40_000;
class UtilityProcess extends EventEmitter {
  constructor(modulePath, args, options) {
    super();
    this.modulePath = modulePath;
    this.options = options ?? {};
    this.pid = nextPid++;
    this.exited = false;
    this.messages = [];
  }
  postMessage(message, transfer = []) {
    if (!transfer.every((p) => p instanceof MessagePortMain)) throw violation('UtilityProcess.postMessage transfers only MessagePortMain objects');
    this.messages.push({ message: cloned('UtilityProcess.postMessage', message), transfer: transfer.length });
  }
  kill() {
    this.die(0);
    return true;
  }
  die(code) {
    if (this.exited) return;
    this.exited = true;
    setImmediate(() => this.emit('exit', code));
  }
}
export const utilityProcess = strict('utilityProcess', {
  fork(modulePath, args, options) {
    afterReady('utilityProcess.fork');
    if (!existsSync(modulePath)) throw violation(`utilityProcess.fork: ${modulePath} does not exist`);
    const child = new UtilityProcess(modulePath, args, options);
    record.forks.push(child);
    return child;
  },
});

// --- The single-instance lock: a lock file and a socket in the userData folder, like Chromium's
// ProcessSingleton (SingletonLock, SingletonSocket).

/** Sends one message to the primary's socket and waits for its acknowledgement; exit 0 when acknowledged. */
const NOTIFY_PRIMARY = `
const net = require('node:net');
const [socket, message] = process.argv.slice(1);
const deadline = Date.now() + 5000;
(function attempt() {
  const conn = net.connect(socket);
  let answer = '';
  conn.on('connect', () => conn.end(message));
  conn.on('data', (d) => (answer += d));
  conn.on('close', () => process.exit(answer === 'ACK' ? 0 : 1));
  conn.on('error', () => { conn.destroy(); if (Date.now() < deadline) setTimeout(attempt, 20); else process.exit(2); });
})();`;

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** A second instance's argv as the primary sees it: reordered, switches first, and one Chromium adds. */
function argvAsSent(argv) {
  const [program, ...rest] = argv;
  return [program, ...rest.filter((a) => a.startsWith('-')), `--original-process-start-time=${Date.now()}`, ...rest.filter((a) => !a.startsWith('-'))];
}

function singleInstanceLock(userData, additionalData) {
  const lock = path.join(userData, 'SingletonLock.stand-in');
  const socket = path.join(userData, 'SingletonSocket.stand-in');
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (!processAlive(holder)) {
        rmSync(lock, { force: true }); // left by a process that is gone
        continue;
      }
      const message = JSON.stringify({ argv: argvAsSent(process.argv), workingDirectory: process.cwd(), additionalData: additionalData ?? null });
      const notified = spawnSync(NODE, ['-e', NOTIFY_PRIMARY, socket, message], { timeout: 10_000 });
      if (notified.status !== 0) throw violation(`requestSingleInstanceLock: the primary instance (pid ${holder}) did not take this instance's arguments`);
      return false;
    }
    process.on('exit', () => {
      rmSync(lock, { force: true });
      rmSync(socket, { force: true });
    });
    rmSync(socket, { force: true });
    const server = net.createServer({ allowHalfOpen: true }, (conn) => {
      let data = '';
      conn.on('data', (d) => (data += d));
      conn.on('end', () => {
        const { argv, workingDirectory, additionalData: extra } = JSON.parse(data);
        conn.end('ACK');
        // "guaranteed to be emitted after the ready event of app gets emitted"
        void whenReadyPromise.then(() => app.emit('second-instance', event(), argv, workingDirectory, extra));
      });
    });
    server.listen(socket);
    server.unref();
    return true;
  }
}

// --- The page's side of IPC, played by the test.

/** The event Electron gives an IPC handler for a message from `from` (see the header). */
function ipcEvent(from = {}) {
  const window = record.windows[from.window ?? 0];
  const sender = from.webContents === 'other' ? strict('webContents', new WebContents()) : window.webContents;
  const mainFrame = from.webContents === 'other' ? { url: from.url ?? 'app://nnd/index.html', parent: null } : window.webContents.mainFrame;
  const frames = {
    main: () => (from.url ? { url: from.url, origin: new URL(from.url).origin, parent: null, top: null } : mainFrame),
    child: () => ({ url: from.url ?? mainFrame.url, origin: new URL(from.url ?? mainFrame.url).origin, parent: mainFrame, top: mainFrame }),
    gone: () => null,
  };
  return { sender, senderFrame: frames[from.frame ?? 'main'](), frameId: 1, processId: 1, ports: [], returnValue: undefined, reply() {} };
}

async function deliverIpc({ kind, channel, args = [], from }) {
  const received = structuredClone(args);
  if (kind === 'send') {
    for (const listener of ipcListeners.get(channel) ?? []) listener(ipcEvent(from), ...received);
    return { ok: true };
  }
  const handler = ipcHandlers.get(channel);
  if (!handler) return { ok: false, error: `No handler registered for '${channel}'` };
  try {
    return { ok: true, value: cloned(`the reply to '${channel}'`, await handler(ipcEvent(from), ...received)) };
  } catch (e) {
    return { ok: false, error: `Error invoking remote method '${channel}': ${e}` };
  }
}

// --- The process around the main script.

// Electron emits uncaught exceptions in main as a dialog; here they fail the run, and are reported.
process.on('uncaughtException', (e) => {
  send({ type: 'crash', message: e?.stack ?? String(e) });
  process.exit(70);
});

function becomeReady() {
  if (ready) return;
  ready = true;
  app.emit('will-finish-launching');
  app.emit('ready', event(), {});
  markReady();
}

// Right after the main script's first turn, Chromium connects to the display.
queueMicrotask(() => {
  const display = { x11: process.env.DISPLAY, wayland: process.env.WAYLAND_DISPLAY, headless: 'none needed' }[OZONE_PLATFORM];
  if (process.platform === 'linux' && !display) {
    process.stderr.write(
      OZONE_PLATFORM === 'x11'
        ? 'ERROR:ui/ozone/platform/x11/ozone_platform_x11.cc Missing X server or $DISPLAY\nERROR:ui/aura/env.cc The platform failed to initialize.  Exiting.\n'
        : `ERROR:ui/aura/env.cc The platform (${OZONE_PLATFORM}) failed to initialize.  Exiting.\n`,
    );
    process.exit(134); // Chromium aborts
  }
  if (!process.send) setImmediate(becomeReady);
});

function snapshot() {
  return {
    violations,
    schemes: record.schemes,
    handledProtocols: record.handledProtocols,
    sandboxEnabled: record.sandboxEnabled,
    singleInstanceLock: record.singleInstanceLock,
    hardwareAcceleration: record.hardwareAcceleration,
    menus: record.menus,
    appEvents: record.appEvents,
    dialogs: record.dialogs,
    windows: record.windows.map((w) => ({
      url: w.url,
      title: w.title,
      destroyed: w.destroyed,
      webPreferences: w.options.webPreferences,
      sent: w.webContents.sent,
      posted: w.webContents.posted,
    })),
    forks: record.forks.map((f) => ({ modulePath: f.modulePath, options: f.options, messages: f.messages, exited: f.exited })),
    metrics: app.getAppMetrics(),
  };
}

process.on('message', (message) => {
  if (message?.cmd === 'ready') {
    becomeReady();
    setImmediate(() => send({ type: 'ready' }));
  } else if (message?.cmd === 'page-loaded') {
    const window = record.windows[message.window ?? 0];
    window.webContents.emit('did-finish-load');
    setImmediate(() => send({ type: 'page-loaded' }));
  } else if (message?.cmd === 'crash-engine') {
    record.forks.filter((f) => !f.exited).forEach((f) => f.die(message.code ?? 9));
    setImmediate(() => setImmediate(() => send({ type: 'engine-crashed' })));
  } else if (message?.cmd === 'fetch') {
    // The page asking app:// for a file: through the registered protocol handler.
    const handler = protocolHandlers.get(new URL(message.url).protocol.slice(0, -1));
    void Promise.resolve(handler?.({ url: message.url, method: 'GET', headers: new Headers() })).then(async (response) =>
      send({ type: 'fetched', status: response?.status ?? 0, headers: Object.fromEntries(response?.headers ?? []), size: (await response?.arrayBuffer())?.byteLength ?? 0 }),
    );
  } else if (message?.cmd === 'ipc') {
    void deliverIpc(message).then((result) => send({ type: 'ipc-result', ...result }));
  } else if (message?.cmd === 'quit') {
    // Ctrl+Q, or the menu's Quit: the role calls app.quit().
    app.quit();
    setImmediate(() => send({ type: 'quit-asked' }));
  } else if (message?.cmd === 'dialog-answers') {
    for (const kind of ['messageBox', 'open', 'save']) dialogAnswers[kind].push(...(message[kind] ?? []));
    send({ type: 'dialog-answers-taken' });
  } else if (message?.cmd === 'snapshot') {
    send({ type: 'snapshot', state: snapshot() });
  }
});
// The main script runs first; the test decides when Electron becomes ready.
send({ type: 'loaded' });
