/**
 * The small API the preload script exposes to the page as `window.nnd` (desktop edition).
 * The browser edition implements the same `Platform` shape without it (src-renderer/platform).
 * Types only: this file is shared by main, preload and renderer.
 */
import type { EngineRestart } from '../engine/restart-policy';
import type { FileProblem } from '../experiment/problems';
import type { UnsavedWork } from '../unsaved-work';

/** The page's document as main keeps it: for the title, the Save / Don't Save / Cancel question and recovery. */
export interface DocumentReport {
  filePath: string | null;
  dirty: boolean;
  text: string;
  /** What a discard would lose, which the question names; absent: "your changes". */
  unsaved?: UnsavedWork | null;
}

/** The result of opening a file: its text already parsed and checked by main. */
export type OpenedFile =
  | {
      ok: true;
      filePath: string;
      /** the serialized experiment, as parsed and migrated (a lesson: the lesson file's text, checked) */
      text: string;
      /** A lesson file (`.nndlesson`): the page takes it, the document stays as it is. */
      kind?: 'lesson';
      /** things ignored or upgraded on reading; the file still opened */
      warnings?: FileProblem[];
    }
  | { ok: false; filePath: string; problems: FileProblem[] };

export const MENU_COMMANDS = [
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'file.revert',
  'file.exportPng',
  'file.exportNumpy',
  'file.exportOnnx',
  'file.exportTorch',
  'file.exportData',
  'file.importOnnx',
  'file.importData',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  'edit.selectAll',
  'edit.layerSettings',
  'view.fit',
  'view.zoomIn',
  'view.zoomOut',
  'view.layout',
  'view.toggleTheme',
  'view.toggleViz',
  'train.toggle',
  'train.step',
  'train.reset',
  'help.about',
  'help.shortcuts',
] as const;
/** Menu items the renderer acts on; `preset:<id>` opens one of the post's experiments. */
export type MenuCommand = (typeof MENU_COMMANDS)[number] | `preset:${string}`;

/**
 * Commands the page has and the native menu has not: a link to the design opens it in the
 * browser edition, at the page's own address, which the desktop edition does not have.
 */
export const PAGE_COMMANDS = ['file.copyLink'] as const;
/** Whatever the page runs: a menu command, or one of its own. */
export type AppCommand = MenuCommand | (typeof PAGE_COMMANDS)[number];

/** What the app exports besides experiment files, and the extension each is saved with. */
export const EXPORT_EXTENSIONS = { numpy: '.py', onnx: '.onnx', torch: '.py', csv: '.csv' } as const;
export type ExportKind = keyof typeof EXPORT_EXTENSIONS;

/** One export to write: a NumPy or PyTorch script (text) or an ONNX model (bytes). */
export interface ExportRequest {
  /** The document's name; the file name is derived from it. */
  suggestedName: string;
  data: string | Uint8Array;
  kind: ExportKind;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

export interface AppApi {
  info: AppInfo;
  /** Shows the Open dialog; null when cancelled. */
  openFile(): Promise<OpenedFile | null>;
  openRecent(filePath: string): Promise<OpenedFile>;
  /** Writes the experiment text atomically; asks for a path when there is none or `saveAs`. */
  saveFile(text: string, options: { saveAs: boolean; suggestedName?: string }): Promise<{ filePath: string } | null>;
  recentFiles(): Promise<string[]>;
  /** Asks where to save an export (Save dialog), then writes it atomically; null when cancelled. */
  exportFile(request: ExportRequest): Promise<{ filePath: string } | null>;
  /** Tells main the document's name and whether it has unsaved changes (title, close prompt, recovery). */
  setDocumentState(state: DocumentReport): void;
  /**
   * Registers the page's flush handler (one at a time; returns its remover). Before main decides
   * anything about unsaved work (close, quit, New, Open, a preset, Revert) it calls it, and goes on
   * with what it returns: the handler commits the field being typed in and gives the latest state.
   */
  onFlushRequest(handler: () => DocumentReport): () => void;
  /** A crash-recovery copy from a previous session, if one was left behind. */
  takeRecovery(): Promise<{ text: string; filePath: string | null; savedAt: string } | null>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Files opened from the OS, the command line or a second instance. */
  onFileOpened(listener: (file: OpenedFile) => void): () => void;
  /** The engine process restarted after a crash; a new port follows. */
  onEngineRestarted(listener: (info: EngineRestart) => void): () => void;
  /**
   * Asks for the engine port: preload posts it to the window as ENGINE_PORT_MESSAGE now (or as
   * soon as main has one), and again after every engine restart. Add the window `message`
   * listener first. Until this is called, ports wait in preload, so none is lost to a page
   * that was not listening yet.
   */
  connectEngine(): void;
  /** Starts a fresh engine after it gave up (a second crash in a row). */
  restartEngine(): void;
  /**
   * Before the page replaces unsaved work by itself (a preset from the palette): asks
   * Save / Don't Save / Cancel. True when it may go ahead. Menu commands are already checked.
   */
  confirmDiscardChanges(): Promise<boolean>;
}

/** The window message (with a MessagePort attached) that hands the page its engine port. */
export const ENGINE_PORT_MESSAGE = 'nnd:engine-port';
