/**
 * Main process: the app's lifecycle. It wires the window, menu, files, recovery and the engine's
 * utility process together; each of those lives in its own module.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, Menu, type IpcMainEvent, type IpcMainInvokeEvent, type MessagePortMain } from 'electron';
import { EngineHost } from '../../src-shared/engine/engine-host';
import { RestartPolicy } from '../../src-shared/engine/restart-policy';
import { PRESETS } from '../../src-shared/presets';
import type { MenuCommand } from '../../src-shared/protocol/app-api';
import { cliArguments, startCommandLine } from './cli-mode';
import { askToReloadAfterCrashes, confirmReplace, electronDialogs, tellAboutLeftovers } from './dialogs';
import { forkUtilityEngine } from './engine-utility';
import { electronExportDialog } from './export-dialog';
import { exportToFile } from './exports';
import { devServerUrl } from './dev-server';
import { DocumentController } from './files';
import { registerIpc } from './ipc';
import { IPC } from '../../src-shared/protocol/ipc-channels';
import { buildMenuTemplate } from './menu';
import { fileFromArgv } from './open-args';
import { RecentFiles } from './recent-files';
import { RecoveryStore, type RecoveryCopy } from './recovery';
import { APP_ORIGIN, isTrustedUrl, originOf } from './security';
import { applyDevelopmentCsp, hardenWebContents, registerAppScheme, restrictPermissions, serveRenderer } from './web-security';
import { createMainWindow } from './window';

/** In `electron-vite dev` the renderer comes from the Vite dev server; never in an installed app. */
const DEV_SERVER_URL = devServerUrl();
const TRUSTED_ORIGIN = (DEV_SERVER_URL && originOf(DEV_SERVER_URL)) || APP_ORIGIN;
const OUT_DIR = path.join(import.meta.dirname, '..');
const MAC_OR_WINDOWS = process.platform === 'darwin' || process.platform === 'win32';

/** One document window and what belongs to it. */
interface DocumentWindow {
  window: BrowserWindow;
  documents: DocumentController;
  engine: EngineHost<MessagePortMain>;
  loaded: boolean;
}

let current: DocumentWindow | null = null;
let quitting = false;
/** A file the OS or command line named before the window could take it. */
let pendingFile: string | null = null;
/** After the page itself crashed: its unsaved work, offered back when it reloads. */
let crashCopy: RecoveryCopy | null = null;
let recent: RecentFiles;
let recovery: RecoveryStore;

// Tests and portable setups can keep settings, recent files and recovery copies elsewhere.
// Electron's setPath throws for a folder that does not exist: make it first (private, as Electron's own).
if (process.env.NND_USER_DATA_DIR) {
  const userData = path.resolve(process.env.NND_USER_DATA_DIR);
  mkdirSync(userData, { recursive: true, mode: 0o700 });
  app.setPath('userData', userData);
}

const cliArgs = cliArguments(process.argv);
if (cliArgs) {
  // The command line tool, in the installed app: no window, no display, no single-instance lock.
  startCommandLine(cliArgs);
} else if (!app.requestSingleInstanceLock()) {
  // Another instance is running: it gets our argv through 'second-instance' and opens the file.
  app.quit();
} else {
  start();
}

function start(): void {
  registerAppScheme();
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId('org.nndesigner.app'); // taskbar grouping, notifications
  pendingFile = fileFromArgv(process.argv, process.cwd());

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, TRUSTED_ORIGIN));
  // macOS: double-clicked files arrive here, possibly before the app is ready.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    openFromOutside(filePath);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (current) {
      if (current.window.isMinimized()) current.window.restore();
      current.window.focus();
    }
    const filePath = fileFromArgv(argv, workingDirectory);
    if (filePath) openFromOutside(filePath);
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' || quitting) app.quit();
  });
  app.on('will-quit', () => current?.engine.stop());
  app.on('activate', () => {
    if (!current && app.isReady()) createDocumentWindow();
  });

  void app.whenReady().then(() => {
    if (DEV_SERVER_URL) applyDevelopmentCsp(DEV_SERVER_URL);
    else serveRenderer(path.join(OUT_DIR, 'renderer'));
    restrictPermissions(TRUSTED_ORIGIN);
    const userData = app.getPath('userData');
    recent = new RecentFiles(path.join(userData, 'recent-files.json'), () => updateMenu());
    recovery = new RecoveryStore(path.join(userData, 'recovery.json'));
    registerIpc({
      isTrustedSender,
      documents: () => current?.documents ?? null,
      recentFiles: () => recent.list(),
      exportFile: async (request) => {
        if (!current) throw new Error('No document window');
        const { window } = current;
        return exportToFile(request, {
          choosePath: electronExportDialog(window),
          documentPath: current.documents.document.filePath,
          confirmOverwrite: (filePath) => confirmReplace(window, filePath),
          tellAboutLeftovers: (notes) => tellAboutLeftovers(window, notes),
        });
      },
      takeRecovery: () => {
        const copy = recovery.takeLeftover() ?? crashCopy;
        crashCopy = null;
        // Restoring the copy gives the page back its file: the one path main lets it adopt.
        if (copy) current?.documents.allowRecoveredPath(copy.filePath);
        return copy;
      },
      restartEngine: () => current?.engine.start(),
    });
    updateMenu();
    createDocumentWindow();
  });
}

function createDocumentWindow(): void {
  const icon = path.join(app.getAppPath(), 'build', 'icon.png');
  const window = createMainWindow({
    preload: path.join(OUT_DIR, 'preload', 'preload.cjs'),
    url: DEV_SERVER_URL ?? `${APP_ORIGIN}/index.html`,
    info: { name: app.name, version: app.getVersion(), platform: process.platform },
    icon: existsSync(icon) ? icon : undefined,
  });
  const contents = window.webContents;
  const documents = new DocumentController({
    appName: app.name,
    dialogs: electronDialogs(window),
    recent,
    recovery,
    // The OS's own recent lists (Dock menu, jump list) exist on macOS and Windows only.
    addRecentDocument: (filePath) => void (MAC_OR_WINDOWS && app.addRecentDocument(filePath)),
    window: {
      setTitle: (title) => window.setTitle(title),
      setEdited: (dirty, filePath) => {
        if (process.platform !== 'darwin') return; // the title's "Edited" says it elsewhere
        window.setDocumentEdited(dirty);
        window.setRepresentedFilename(filePath ?? '');
      },
      sendMenuCommand: (command) => contents.send(IPC.menuCommand, command),
      sendFileOpened: (file) => contents.send(IPC.fileOpened, file),
      // Only a loaded page can answer; before it loads (or after it crashed) main's state is all there is.
      requestFlush: (requestId) => {
        if (!entry.loaded) return false;
        contents.send(IPC.flushDocument, requestId);
        return true;
      },
    },
  });
  const engine = new EngineHost<MessagePortMain>({
    spawn: () => forkUtilityEngine(path.join(import.meta.dirname, 'engine-process.js')),
    deliverPort: (port) => contents.postMessage(IPC.enginePort, null, [port]),
    notifyRestart: (info) => contents.send(IPC.engineRestarted, info),
  });
  const entry: DocumentWindow = { window, documents, engine, loaded: false };
  current = entry;

  contents.on('did-finish-load', () => {
    // Every page load (first load, reload after a renderer crash) gets a fresh engine.
    engine.start();
    entry.loaded = true;
    if (pendingFile) {
      void documents.openPath(pendingFile);
      pendingFile = null;
    }
  });
  // The page is restarted by the engine's rules too: once by itself, then only if the user says so.
  const pageCrashes = new RestartPolicy();
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const { dirty, text, filePath } = documents.document;
    crashCopy = dirty && text ? { text, filePath, savedAt: new Date().toISOString() } : null;
    entry.loaded = false;
    engine.stop();
    if (pageCrashes.crashed(null).restart) return contents.reload();
    void askToReloadAfterCrashes(window).then((reload) => {
      if (!reload) return app.quit();
      pageCrashes.reset(); // the user chose to go on: the next crash is reloaded by itself again
      contents.reload();
    });
  });

  let closeConfirmed = false;
  window.on('close', (event) => {
    if (closeConfirmed) return;
    event.preventDefault();
    void documents.confirmClose().then(async (mayClose) => {
      if (!mayClose) {
        quitting = false;
        return;
      }
      closeConfirmed = true;
      // Settled (saved or deliberately discarded): no recovery copy is left for the next launch.
      if (current === entry) current = null;
      await recovery.discard();
      window.close();
    });
  });
  window.on('closed', () => {
    engine.stop();
    if (current === entry) current = null;
  });
}

/** A file from the OS or another instance: into the window, or kept until there is one. */
function openFromOutside(filePath: string): void {
  if (current?.loaded) void current.documents.openPath(filePath);
  else {
    pendingFile = filePath;
    if (app.isReady() && !current) createDocumentWindow();
  }
}

function runMenuCommand(command: MenuCommand): void {
  if (current) void current.documents.runMenuCommand(command);
  else if (app.isReady()) createDocumentWindow(); // macOS with every window closed
}

function updateMenu(): void {
  const template = buildMenuTemplate(
    { platform: process.platform, appName: app.name, recentFiles: recent.list(), presets: PRESETS, developer: !app.isPackaged },
    {
      command: runMenuCommand,
      openRecent: (filePath) => openFromOutside(filePath),
      clearRecent: () => {
        void recent.clear();
        if (MAC_OR_WINDOWS) app.clearRecentDocuments();
      },
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!current && event.sender === current.window.webContents && !!frame && frame.parent === null && isTrustedUrl(frame.url, TRUSTED_ORIGIN);
}
