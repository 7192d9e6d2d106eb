/**
 * Preload (sandboxed, context-isolated): exposes the small typed AppApi as `window.nnd` and hands
 * the page its engine port. It keeps no secrets and grants nothing beyond these calls; main checks
 * every message's sender and arguments again.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EngineRestart } from '../../src-shared/engine/restart-policy';
import { ENGINE_PORT_MESSAGE, type AppApi, type AppInfo, type DocumentReport, type MenuCommand, type OpenedFile } from '../../src-shared/protocol/app-api';
import { APP_INFO_SWITCH, IPC, type NativeEdit } from '../../src-shared/protocol/ipc-channels';

/**
 * Events from main, kept until the page subscribes: a file opened from the command line arrives
 * before React has mounted, and must not be lost.
 */
function eventStream<T>(channel: string): (listener: (value: T) => void) => () => void {
  const listeners = new Set<(value: T) => void>();
  const backlog: T[] = [];
  ipcRenderer.on(channel, (_event: IpcRendererEvent, value: T) => {
    if (listeners.size === 0) backlog.push(value);
    else for (const listener of listeners) listener(value);
  });
  return (listener) => {
    listeners.add(listener);
    for (const value of backlog.splice(0)) listener(value);
    return () => void listeners.delete(listener);
  };
}

const TEXT_INPUT_TYPES = ['text', 'search', 'url', 'tel', 'email', 'password', 'number'];

/** Whether keyboard focus is in a text field, where Undo or Paste mean the field's own editing. */
function focusIsInTextField(): boolean {
  const el = document.activeElement as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA') return true;
  return el.tagName === 'INPUT' && TEXT_INPUT_TYPES.includes((el as HTMLInputElement).type);
}

const NATIVE_EDIT_OF: Partial<Record<MenuCommand, NativeEdit>> = {
  'edit.undo': 'undo',
  'edit.redo': 'redo',
  'edit.cut': 'cut',
  'edit.copy': 'copy',
  'edit.paste': 'paste',
  'edit.delete': 'delete',
  'edit.selectAll': 'selectAll',
};

const menuCommands = eventStream<MenuCommand>(IPC.menuCommand);
const filesOpened = eventStream<OpenedFile>(IPC.fileOpened);
const engineRestarts = eventStream<EngineRestart>(IPC.engineRestarted);

/** Edit commands while typing stay with the text field; everything else goes to the page. */
function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  return menuCommands((command) => {
    if (command.startsWith('edit.') && focusIsInTextField()) {
      const native = NATIVE_EDIT_OF[command];
      if (native) ipcRenderer.send(IPC.nativeEdit, native);
      return; // Duplicate has no meaning in a text field.
    }
    listener(command);
  });
}

// The engine port: main sends one per engine process; the page gets it once it has asked.
let portWanted = false;
let waitingPort: MessagePort | null = null;
function postPort(port: MessagePort): void {
  const origin = window.location.origin;
  window.postMessage(ENGINE_PORT_MESSAGE, origin && origin !== 'null' ? origin : '*', [port]);
}
ipcRenderer.on(IPC.enginePort, (event: IpcRendererEvent) => {
  const port = event.ports[0];
  if (!port) return;
  if (portWanted) return postPort(port);
  waitingPort?.close(); // superseded: its engine is gone
  waitingPort = port;
});

// Main asks for the latest document before deciding about unsaved work; it waits for this answer
// (or a timeout), so answer every request, with null when the page has no handler yet.
type DocumentSnapshot = DocumentReport;
let flushHandler: (() => DocumentSnapshot) | null = null;
ipcRenderer.on(IPC.flushDocument, (_event: IpcRendererEvent, requestId: number) => {
  let state: DocumentSnapshot | null = null;
  try {
    state = flushHandler?.() ?? null;
  } catch (e) {
    console.error('Flushing the document failed:', e);
  }
  ipcRenderer.send(IPC.documentFlushed, requestId, state);
});
function onFlushRequest(handler: () => DocumentSnapshot): () => void {
  flushHandler = handler;
  return () => {
    if (flushHandler === handler) flushHandler = null;
  };
}

function appInfo(): AppInfo {
  const arg = process.argv.find((a) => a.startsWith(`${APP_INFO_SWITCH}=`));
  try {
    if (arg) return JSON.parse(decodeURIComponent(arg.slice(APP_INFO_SWITCH.length + 1))) as AppInfo;
  } catch {
    // fall through to the defaults
  }
  return { name: 'NN Designer', version: '', platform: process.platform };
}

const api: AppApi = {
  info: appInfo(),
  openFile: () => ipcRenderer.invoke(IPC.openFile),
  openRecent: (filePath) => ipcRenderer.invoke(IPC.openRecent, filePath),
  saveFile: (text, options) => ipcRenderer.invoke(IPC.saveFile, text, options),
  exportFile: (request) => ipcRenderer.invoke(IPC.exportFile, request),
  recentFiles: () => ipcRenderer.invoke(IPC.recentFiles),
  setDocumentState: (state) => ipcRenderer.send(IPC.documentState, state),
  onFlushRequest,
  takeRecovery: () => ipcRenderer.invoke(IPC.takeRecovery),
  confirmDiscardChanges: () => ipcRenderer.invoke(IPC.confirmDiscard),
  onMenuCommand,
  onFileOpened: filesOpened,
  onEngineRestarted: engineRestarts,
  connectEngine: () => {
    portWanted = true;
    if (waitingPort) postPort(waitingPort);
    waitingPort = null;
  },
  restartEngine: () => ipcRenderer.send(IPC.restartEngine),
};

contextBridge.exposeInMainWorld('nnd', api);
