import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { ExportRequest, OpenedFile } from '../../src-shared/protocol/app-api';
import type { DocumentController } from './files';
import { IPC } from '../../src-shared/protocol/ipc-channels';
import { documentStateArgument, exportArgument, nativeEditArgument, pathArgument, saveArguments } from './ipc-arguments';
import type { RecoveryCopy } from './recovery';

export interface IpcTargets {
  /** True only for the app's own page in the document window's top frame. */
  isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent): boolean;
  documents(): DocumentController | null;
  recentFiles(): readonly string[];
  /** Asks where (Save dialog) and writes an export; null when cancelled. */
  exportFile(request: ExportRequest): Promise<{ filePath: string } | null>;
  takeRecovery(): RecoveryCopy | null;
  restartEngine(): void;
}

/** Registers every handler the preload API uses; each checks its sender first and its arguments next. */
export function registerIpc(targets: IpcTargets): void {
  const handle = <T>(channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => T | Promise<T>): void => {
    ipcMain.handle(channel, (event, ...args) => {
      if (!targets.isTrustedSender(event)) throw new Error(`Refused ${channel} from an untrusted sender`);
      return handler(event, ...args);
    });
  };
  const on = (channel: string, handler: (event: IpcMainEvent, ...args: unknown[]) => void): void => {
    ipcMain.on(channel, (event, ...args) => {
      if (targets.isTrustedSender(event)) handler(event, ...args);
    });
  };
  const documents = (): DocumentController => {
    const controller = targets.documents();
    if (!controller) throw new Error('No document window');
    return controller;
  };

  handle(IPC.openFile, () => documents().open());
  handle(IPC.openRecent, (_event, filePath): Promise<OpenedFile> => {
    const checked = pathArgument(filePath);
    if (!checked) throw new Error('Open Recent needs a file path');
    return documents().openRecent(checked);
  });
  handle(IPC.saveFile, (_event, text, options) => {
    const checked = saveArguments(text, options);
    if (!checked) throw new Error('Save needs the experiment text and {saveAs: boolean}');
    return documents().save(checked.text, checked.options);
  });
  handle(IPC.exportFile, (_event, request) => {
    const checked = exportArgument(request);
    if (!checked) throw new Error('Export needs {suggestedName, data: text or bytes, kind: "numpy" | "onnx" | "torch"}');
    return targets.exportFile(checked);
  });
  handle(IPC.recentFiles, () => [...targets.recentFiles()]);
  handle(IPC.takeRecovery, () => targets.takeRecovery());
  handle(IPC.confirmDiscard, () => documents().confirmDiscard());

  on(IPC.documentState, (_event, state) => {
    const checked = documentStateArgument(state);
    if (checked) targets.documents()?.setDocumentState(checked);
  });
  on(IPC.documentFlushed, (_event, requestId, state) => {
    if (typeof requestId !== 'number') return;
    targets.documents()?.answerFlush(requestId, documentStateArgument(state));
  });
  on(IPC.nativeEdit, (event, edit) => {
    const checked = nativeEditArgument(edit);
    if (checked) event.sender[checked]();
  });
  on(IPC.restartEngine, () => targets.restartEngine());
}
