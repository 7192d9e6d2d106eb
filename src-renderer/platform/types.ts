import type { EngineRestart } from '../../src-shared/engine/restart-policy';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import type { DocumentReport, ExportRequest, MenuCommand, OpenedFile } from '../../src-shared/protocol/app-api';

/** A connection to an engine session (a Web Worker, or the utility process's MessagePort). */
export interface EngineConnection {
  post(command: EngineCommand): void;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /**
   * A fresh engine replaced one that died: it knows nothing yet, so whoever loaded a setup
   * should send `load` again. `gaveUp` means the restart policy saw a crash loop (the reason
   * says which) and no engine runs until `restart()`.
   */
  onRestart(listener: (info: EngineRestart) => void): () => void;
  /** Starts a fresh engine by hand (after the platform gave up restarting it). */
  restart(): void;
}

/** A copy of unsaved work left behind by an earlier session. */
export interface Recovery {
  text: string;
  filePath: string | null;
  savedAt: string;
  /** False when only its runs were unsaved (a preset or a link that was trained, not edited). */
  edited?: boolean;
  /** This tab's page left it before a reload: it is what was on screen. */
  thisPage?: boolean;
}

/** What differs between the desktop and the browser edition; nothing else in the renderer does. */
export interface Platform {
  kind: 'desktop' | 'browser';
  engine: EngineConnection;
  /**
   * True when the platform itself asks Save / Don't Save / Cancel (desktop: native dialogs in
   * main, before Open and before menu commands that replace the document). Otherwise the page asks.
   */
  nativeDocumentGuard: boolean;
  /** True when a native menu already turns the standard shortcuts into menu commands. */
  menuHandlesShortcuts: boolean;
  openFile(): Promise<OpenedFile | null>;
  /** An experiment file dropped onto the window (the page takes tables itself); absent where drops cannot open files (the desktop: main reads files by path). */
  openDroppedFile?(file: File): Promise<OpenedFile>;
  saveFile(text: string, options: { saveAs: boolean; suggestedName?: string }): Promise<{ filePath: string } | null>;
  /** Desktop: a Save dialog, then an atomic write. Browser: a download. Null when cancelled. */
  exportFile(request: ExportRequest): Promise<{ filePath: string } | null>;
  recentFiles(): Promise<string[]>;
  openRecent(filePath: string): Promise<OpenedFile>;
  /** Keeps the platform's copy of the document current: title, close prompt, crash recovery. */
  setDocumentState(state: DocumentReport): void;
  /**
   * Desktop: main calls `handler` before it decides about unsaved work (close, New, Open…) and
   * goes on with the state it returns. Returns the function that unregisters it.
   */
  onFlushRequest(handler: () => DocumentReport): () => void;
  /** Page-initiated replacement of unsaved work (nativeDocumentGuard platforms only): may it go on? */
  confirmDiscardChanges(): Promise<boolean>;
  /** Work an earlier session left unsaved; it stays offered (again at the next start) until `discardRecovery`. */
  takeRecovery(): Promise<Recovery | null>;
  /** The user restored or discarded this copy: it is no longer offered. */
  discardRecovery(recovery: Recovery): Promise<void>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onFileOpened(listener: (file: OpenedFile) => void): () => void;
}
