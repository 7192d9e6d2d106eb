/**
 * The part of Electron's main-process API that src-main/main/index.ts touches, as plain objects that
 * record what was done to them. Used with vi.mock('electron') to run the real lifecycle wiring
 * in Node (the Electron binary cannot be downloaded everywhere); everything in src-main/main that
 * is not Electron (files, recovery, engine host, menu template) runs for real.
 */
import { EventEmitter } from 'node:events';

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export const fakeEvent = (): FakeEvent => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly posted: { channel: string; message: unknown; transfer: unknown[] }[] = [];
  readonly edits: string[] = [];
  reloads = 0;
  mainFrame = { url: '', parent: null as unknown };
  /** The page's side, when a test plays it: sees each message main sends. */
  page: ((channel: string, ...args: unknown[]) => void) | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    this.page?.(channel, ...args);
  }
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void {
    this.posted.push({ channel, message, transfer });
  }
  reload(): void {
    this.reloads++;
  }
  setWindowOpenHandler(): void {}
  paste(): void {
    this.edits.push('paste');
  }
  /** What the page would see: the ones sent on `channel`. */
  messages(channel: string): unknown[] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.args[0]);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  title = '';
  closed = false;
  closeCalls = 0;
  url = '';
  edited = false;
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  setTitle(title: string): void {
    this.title = title;
  }
  getTitle(): string {
    return this.title;
  }
  setDocumentEdited(edited: boolean): void {
    this.edited = edited;
  }
  setRepresentedFilename(): void {}
  show(): void {}
  focus(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  /** Like Electron: 'close' can be prevented; otherwise the window goes and 'closed' follows. */
  close(): void {
    this.closeCalls++;
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.closed = true;
    this.emit('closed');
  }
}

export class FakeUtilityProcess extends EventEmitter {
  static forked: FakeUtilityProcess[] = [];
  static nextPid = 5000;
  readonly pid = FakeUtilityProcess.nextPid++;
  readonly messages: { message: unknown; transfer: unknown[] }[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly options: { serviceName?: string },
  ) {
    super();
    FakeUtilityProcess.forked.push(this);
  }
  postMessage(message: unknown, transfer: unknown[] = []): void {
    this.messages.push({ message, transfer });
  }
  kill(): boolean {
    this.killed = true;
    setImmediate(() => this.emit('exit', 0));
    return true;
  }
  /** The process dies on its own. */
  crash(code = 9): void {
    this.emit('exit', code);
  }
}

let portIds = 0;
class FakeMessageChannelMain {
  readonly port1 = { id: ++portIds };
  readonly port2 = { id: ++portIds };
}

export function createFakeElectron() {
  const appEvents = new EventEmitter();
  const paths = new Map<string, string>();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  let isReady = false;
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const protocolHandlers = new Map<string, (request: { url: string }) => Promise<Response> | Response>();
  const dialogAnswers = { open: [] as string[], save: [] as string[], messageBox: [] as number[] };
  const record = { menu: [] as unknown[], menus: 0, quits: 0, schemes: [] as unknown[], sandboxEnabled: false, recentDocuments: [] as string[], externalOpened: [] as string[], saveDialogs: [] as unknown[], exitCode: null as number | null, singleInstanceLocks: 0, hardwareAcceleration: true };

  const app = Object.assign(appEvents, {
    name: 'NN Designer',
    isPackaged: false,
    setPath: (name: string, value: string) => void paths.set(name, value),
    getPath: (name: string) => paths.get(name) ?? `/tmp/fake-${name}`,
    getAppPath: () => '/nonexistent-app-path',
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => (record.singleInstanceLocks++, true),
    exit: (code = 0) => void (record.exitCode = code),
    disableHardwareAcceleration: () => void (record.hardwareAcceleration = false),
    quit: () => void record.quits++,
    enableSandbox: () => void (record.sandboxEnabled = true),
    setAppUserModelId: () => {},
    whenReady: () => ready,
    isReady: () => isReady,
    addRecentDocument: (p: string) => void record.recentDocuments.push(p),
    clearRecentDocuments: () => {},
  });

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown[]) => {
        record.menus++;
        record.menu = menu;
      },
    },
    ipcMain: {
      handle: (channel: string, fn: Handler) => void handlers.set(channel, fn),
      on: (channel: string, fn: Handler) => void listeners.set(channel, fn),
    },
    dialog: {
      showOpenDialog: async () => {
        const filePath = dialogAnswers.open.shift();
        return { canceled: !filePath, filePaths: filePath ? [filePath] : [] };
      },
      showSaveDialog: async (_window: unknown, options: unknown) => {
        record.saveDialogs.push(options);
        const filePath = dialogAnswers.save.shift();
        return { canceled: !filePath, filePath };
      },
      showMessageBox: async () => ({ response: dialogAnswers.messageBox.shift() ?? 2, checkboxChecked: false }),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void record.schemes.push(...schemes),
      handle: (scheme: string, fn: (request: { url: string }) => Promise<Response>) => void protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => {} },
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: () => {},
      },
    },
    shell: { openExternal: async (url: string) => void record.externalOpened.push(url) },
    utilityProcess: { fork: (modulePath: string, _args: string[], options: { serviceName?: string }) => new FakeUtilityProcess(modulePath, options) },
    MessageChannelMain: FakeMessageChannelMain,
  };

  return {
    electron,
    record,
    dialogAnswers,
    protocolHandlers,
    /** Lets `app.whenReady()` resolve, as Electron does once it has started. */
    async becomeReady(): Promise<void> {
      isReady = true;
      resolveReady();
      await ready;
      await new Promise((r) => setImmediate(r));
    },
    /** Calls an ipcMain.handle handler the way a page's ipcRenderer.invoke would. */
    invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return Promise.resolve().then(() => handler(event, ...args));
    },
    /** Calls an ipcMain.on listener the way ipcRenderer.send would. */
    send(channel: string, event: unknown, ...args: unknown[]): void {
      const listener = listeners.get(channel);
      if (!listener) throw new Error(`no listener for ${channel}`);
      listener(event, ...args);
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** An IPC event as Electron builds it for a message from `window`'s top frame at `url`. */
export function ipcEventFrom(window: FakeBrowserWindow, url = window.url, parent: unknown = null) {
  return { sender: window.webContents, senderFrame: { url, parent } };
}
