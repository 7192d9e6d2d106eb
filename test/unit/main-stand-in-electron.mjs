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
 *   only once), app.enableSandbox, app.setDesktopName (electron.d.ts 45.5);
 * - app.setPath throws for a folder that does not exist, as electron.d.ts documents;
 * - a missing export or a property this stand-in does not model throws at once, instead of
 *   silently being undefined;
 * - app.getAppMetrics() puts a utility process's `serviceName` option into `name`, with
 *   `serviceName` "node.mojom.NodeService" (electron.d.ts 45.5, ForkOptions.serviceName).
 *
 * The test drives it over the fork's IPC channel: {cmd: 'ready' | 'page-loaded' | 'snapshot' |
 * 'crash-engine'}; it answers snapshots and reports every rule broken as {type: 'violation'}.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

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

/** Throws on any string property the object does not have (then/toJSON/inspect aside): an API this stand-in does not model. */
function strict(name, target) {
  const benign = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType']);
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && !(key in t) && !benign.has(key)) throw violation(`${name}.${key} is not modelled by the stand-in (check it against Electron 45)`);
      return Reflect.get(t, key, receiver);
    },
  });
}

const pkg = JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8'));
const paths = new Map([
  ['userData', process.env.STAND_IN_DEFAULT_USER_DATA ?? path.join(process.cwd(), '.stand-in-user-data')],
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
};

class App extends EventEmitter {
  get name() {
    return pkg.productName ?? pkg.name;
  }
  get isPackaged() {
    return process.env.STAND_IN_PACKAGED === '1';
  }
  getVersion() {
    return pkg.version;
  }
  getAppPath() {
    return process.cwd();
  }
  getPath(name) {
    if (!paths.has(name)) throw violation(`app.getPath('${name}') is not modelled`);
    return paths.get(name);
  }
  setPath(name, value) {
    if (!existsSync(value)) throw violation(`app.setPath('${name}', '${value}'): the folder does not exist (Electron throws)`);
    paths.set(name, value);
  }
  requestSingleInstanceLock() {
    record.singleInstanceLock = true;
    return true;
  }
  enableSandbox() {
    beforeReady('app.enableSandbox');
    record.sandboxEnabled = true;
  }
  setDesktopName() {
    beforeReady('app.setDesktopName');
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
    this.emit('before-quit', { preventDefault() {} });
    this.emit('will-quit', { preventDefault() {} });
    this.exit(0);
  }
  exit(code = 0) {
    record.exitCode = code;
    send({ type: 'exit', code });
    setImmediate(() => process.exit(code));
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

let nextId = 1;
class WebContents extends EventEmitter {
  id = nextId++;
  sent = [];
  posted = [];
  reloads = 0;
  mainFrame = { url: '', parent: null };
  send(channel, ...args) {
    this.sent.push({ channel, args });
  }
  postMessage(channel, message, transfer = []) {
    if (!transfer.every((p) => p instanceof MessagePortMain)) throw violation('webContents.postMessage transfers only MessagePortMain objects');
    this.posted.push({ channel, message, transfer: transfer.length });
  }
  reload() {
    this.reloads++;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static all = [];
  static getAllWindows() {
    return BrowserWindow.all;
  }
  constructor(options = {}) {
    afterReady('new BrowserWindow');
    super();
    this.options = options;
    this.webContents = strict('webContents', new WebContents());
    this.url = '';
    this.title = options.title ?? '';
    BrowserWindow.all.push(this);
    record.windows.push(this);
    app.emit('web-contents-created', { preventDefault() {} }, this.webContents);
    return strict('BrowserWindow', this);
  }
  loadURL(url) {
    this.url = url;
    this.webContents.mainFrame.url = url;
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
  close() {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('close', event);
    if (!event.defaultPrevented) this.emit('closed');
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

export const ipcMain = strict('ipcMain', { handle() {}, on() {}, removeHandler() {} });

const messageBox = (api) => async () => {
  afterReady(api);
  return { canceled: true, filePaths: [], response: 0, checkboxChecked: false };
};
export const dialog = strict('dialog', {
  showOpenDialog: messageBox('dialog.showOpenDialog'),
  showSaveDialog: messageBox('dialog.showSaveDialog'),
  showMessageBox: messageBox('dialog.showMessageBox'),
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
  postMessage() {}
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
    this.messages.push({ message, transfer: transfer.length });
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

// Electron emits uncaught exceptions in main as a dialog; here they fail the run, and are reported.
process.on('uncaughtException', (e) => {
  send({ type: 'crash', message: e?.stack ?? String(e) });
  process.exit(70);
});

function snapshot() {
  return {
    violations,
    schemes: record.schemes,
    handledProtocols: record.handledProtocols,
    sandboxEnabled: record.sandboxEnabled,
    singleInstanceLock: record.singleInstanceLock,
    menus: record.menus,
    windows: record.windows.map((w) => ({
      url: w.url,
      title: w.title,
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
    ready = true;
    app.emit('will-finish-launching');
    app.emit('ready', {}, {});
    markReady();
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
  } else if (message?.cmd === 'snapshot') {
    send({ type: 'snapshot', state: snapshot() });
  }
});
// The main script runs first; the test decides when Electron becomes ready.
send({ type: 'loaded' });
