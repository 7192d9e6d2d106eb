import type { AppInfo } from './app-api';

/**
 * IPC channel names shared by main and preload (the page never uses them: it sees only AppApi). One place, so a renamed channel cannot leave one
 * side listening to nothing.
 */
export const IPC = {
  // renderer → main, request/response (ipcRenderer.invoke)
  openFile: 'nnd:open-file',
  openRecent: 'nnd:open-recent',
  saveFile: 'nnd:save-file',
  exportFile: 'nnd:export-file',
  recentFiles: 'nnd:recent-files',
  takeRecovery: 'nnd:take-recovery',
  confirmDiscard: 'nnd:confirm-discard',
  // renderer → main, one way (ipcRenderer.send)
  documentState: 'nnd:document-state',
  restartEngine: 'nnd:restart-engine',
  nativeEdit: 'nnd:native-edit',
  /** The page's answer to `flushDocument`: (requestId, its document state or null). */
  documentFlushed: 'nnd:document-flushed',
  // main → renderer
  menuCommand: 'nnd:menu-command',
  fileOpened: 'nnd:file-opened',
  engineRestarted: 'nnd:engine-restarted',
  enginePort: 'nnd:engine-port',
  /** (requestId): commit the field being typed in and answer on `documentFlushed` at once. */
  flushDocument: 'nnd:flush-document',
} as const;

/** Edit actions a text field handles natively (main calls the matching webContents method). */
export const NATIVE_EDITS = ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll'] as const;
export type NativeEdit = (typeof NATIVE_EDITS)[number];

/**
 * The sandboxed preload cannot ask `app` for its name and version, so main passes them on the
 * renderer's command line (webPreferences.additionalArguments) and preload reads them back.
 */
export const APP_INFO_SWITCH = '--nnd-app-info';

export function appInfoArgument(info: AppInfo): string {
  return `${APP_INFO_SWITCH}=${encodeURIComponent(JSON.stringify(info))}`;
}
