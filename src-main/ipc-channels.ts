/**
 * IPC channel names shared by main and preload. One place, so a renamed channel cannot leave one
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
  // main → renderer
  menuCommand: 'nnd:menu-command',
  fileOpened: 'nnd:file-opened',
  engineRestarted: 'nnd:engine-restarted',
  enginePort: 'nnd:engine-port',
} as const;

/** Edit actions a text field handles natively (main calls the matching webContents method). */
export const NATIVE_EDITS = ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll'] as const;
export type NativeEdit = (typeof NATIVE_EDITS)[number];
