import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { MenuCommand, OpenedFile } from '../../src-shared/protocol/app-api';
import { parseExperiment, parseExperimentBytes, serializeExperiment } from '../../src-shared/experiment';
import { isLessonPath, openedLesson } from '../../src-shared/lessons/open';
import { FILE_EXTENSION, LIMITS } from '../../src-shared/experiment/schema';
import { fileTooLarge, WHOLE_FILE, type FileProblem } from '../../src-shared/experiment/problems';
import type { UnsavedWork } from '../../src-shared/unsaved-work';
import { leftoverNotes, writeFileAtomic } from '../node/atomic-write';
import { withExtension } from './save-path';
import type { RecentFiles } from './recent-files';
import type { DocumentState, RecoveryStore } from './recovery';

export type SaveChoice = 'save' | 'discard' | 'cancel';

/** The native dialogs, injected so the logic runs (and is tested) without Electron. */
export interface FileDialogs {
  chooseFileToOpen(): Promise<string | null>;
  /** `suggestedPath` is a file name, or a full path beside the current file. */
  chooseSavePath(suggestedPath: string): Promise<string | null>;
  /** "Save the changes to <name>?" Save / Don't Save / Cancel, naming what would be lost (the page's words for it). */
  askToSaveChanges(documentName: string, work: UnsavedWork | null): Promise<SaveChoice>;
  /** "Revert to the saved version? Your changes will be lost." */
  confirmRevert(documentName: string): Promise<boolean>;
  /** "<name> already exists. Replace it?": for a path the Save dialog did not check itself. */
  confirmOverwrite(filePath: string): Promise<boolean>;
  /** What a save found of interrupted earlier saves of the file: removed, or kept because newer. */
  tellAboutLeftovers(notes: string[]): Promise<void>;
}

/** The window and page the document lives in. */
export interface DocumentWindow {
  setTitle(title: string): void;
  /** macOS: the edited dot in the close button and the proxy icon in the title bar. */
  setEdited(dirty: boolean, filePath: string | null): void;
  sendMenuCommand(command: MenuCommand): void;
  sendFileOpened(file: OpenedFile): void;
  /**
   * Asks the page to commit the field being typed in and send its document state at once; the
   * answer comes back through `answerFlush(requestId, …)`. False when no page can answer (not
   * loaded yet, crashed): main then goes on with the state it has.
   */
  requestFlush?(requestId: number): boolean;
}

export interface DocumentControllerOptions {
  appName: string;
  dialogs: FileDialogs;
  window: DocumentWindow;
  recent: RecentFiles;
  recovery: RecoveryStore;
  /** Tells the OS (jump list, dock menu) about an opened or saved file. */
  addRecentDocument?: (filePath: string) => void;
  /** How long to wait for the page's flush answer before going on without it. */
  flushTimeoutMs?: number;
}

/** Long enough for a busy page to answer, short enough that a hung page does not block closing. */
const FLUSH_TIMEOUT_MS = 1000;

/** Commands that replace the document, so unsaved changes must be settled first. */
const REPLACING: readonly string[] = ['file.new'] satisfies MenuCommand[];

/**
 * The open document as main sees it, and every file operation on it: New, Open, Open Recent,
 * Save, Save As, Revert, and the Save / Don't Save / Cancel question before anything replaces
 * or closes unsaved work. The renderer owns the document's content; it reports changes with
 * `setDocumentState` (debounced), and before main decides anything about unsaved work it asks the
 * page for its latest state (`requestFlush`), which is what "Save" then writes.
 */
export class DocumentController {
  private state: DocumentState = { filePath: null, dirty: false, text: '' };
  /** The file of a recovery copy main handed to the page: the page may adopt it when restoring. */
  private recoveredPath: string | null = null;
  /** One operation at a time: two dialogs, or a save racing an open, would confuse everyone. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Flush requests waiting for the page's answer, by request id. */
  private readonly flushWaiters = new Map<number, () => void>();
  private lastFlushId = 0;

  constructor(private readonly options: DocumentControllerOptions) {
    this.showState();
  }

  get document(): Readonly<DocumentState> {
    return this.state;
  }

  /**
   * The page's report of a change. Its `filePath` is only a hint: main never takes a path from the
   * page (a page that could name one could have Save overwrite any file). The page may drop the
   * path (New, a preset) or adopt a recovered copy's; any other path keeps main's own.
   */
  setDocumentState(state: DocumentState): void {
    const adoptable = state.filePath === null || state.filePath === this.recoveredPath;
    const filePath = adoptable ? state.filePath : this.state.filePath;
    this.state = { filePath, dirty: state.dirty, text: state.text, ...(state.unsaved ? { unsaved: state.unsaved } : {}) };
    this.showState();
    this.options.recovery.update(this.state);
  }

  /**
   * The page's answer to a flush request: its latest state (null when it had none to give, e.g.
   * the editor was not mounted yet). A late answer after the timeout still counts as an update.
   */
  answerFlush(requestId: number, state: DocumentState | null): void {
    if (state) this.setDocumentState(state);
    this.flushWaiters.get(requestId)?.();
  }

  /** A menu click: file commands run here, everything else goes to the renderer. */
  runMenuCommand(command: MenuCommand): Promise<void> {
    return this.serially(async () => {
      if (command === 'file.open') {
        const opened = await this.openWithDialog();
        if (opened) this.options.window.sendFileOpened(opened);
      } else if (command === 'file.revert') {
        await this.revert();
      } else if (REPLACING.includes(command) || command.startsWith('preset:')) {
        if (await this.settleUnsavedChanges()) this.options.window.sendMenuCommand(command);
      } else {
        this.options.window.sendMenuCommand(command);
      }
    });
  }

  /** The renderer's Open: settle unsaved changes, ask for a file, read and check it. */
  open(): Promise<OpenedFile | null> {
    return this.serially(() => this.openWithDialog());
  }

  /**
   * Opens a file named by the OS, the command line, a second instance or Open Recent, and sends
   * it to the renderer. Returns what was sent, or null when the user kept the current document.
   */
  openPath(filePath: string): Promise<OpenedFile | null> {
    return this.serially(async () => {
      if (!(await this.settleUnsavedChanges())) return null;
      const opened = await this.read(filePath);
      this.options.window.sendFileOpened(opened);
      return opened;
    });
  }

  /** The renderer's Open Recent: only files in the list, so the page cannot read arbitrary paths. */
  openRecent(filePath: string): Promise<OpenedFile> {
    return this.serially(async () => {
      if (!this.options.recent.list().includes(filePath)) {
        return { ok: false, filePath, problems: [{ path: WHOLE_FILE, message: 'This file is not in the Open Recent list.' }] };
      }
      if (!(await this.settleUnsavedChanges())) {
        return { ok: false, filePath, problems: [{ path: WHOLE_FILE, message: 'Opening was cancelled; the current document is unchanged.' }] };
      }
      return this.read(filePath);
    });
  }

  save(text: string, options: { saveAs: boolean; suggestedName?: string }): Promise<{ filePath: string } | null> {
    return this.serially(() => this.write(text, options));
  }

  /** Before the renderer replaces the document by itself (a preset from the palette, say). */
  confirmDiscard(): Promise<boolean> {
    return this.serially(() => this.settleUnsavedChanges());
  }

  /** Closing the window or quitting: true when it may go ahead. */
  confirmClose(): Promise<boolean> {
    return this.serially(() => this.settleUnsavedChanges());
  }

  /** Main gave the page a recovery copy of `filePath`'s unsaved work: restoring it may adopt that path. */
  allowRecoveredPath(filePath: string | null): void {
    this.recoveredPath = filePath;
  }

  /** Reads and checks an experiment file; an invalid one yields its problems and opens nothing. */
  async read(filePath: string): Promise<OpenedFile> {
    const fail = (message: string, problems: FileProblem[] = [{ path: WHOLE_FILE, message }]): OpenedFile => ({ ok: false, filePath, problems });
    let bytes: Uint8Array;
    try {
      const stat = await fs.stat(filePath);
      if (!stat.isFile()) return fail(`${filePath} is not a file.`);
      if (stat.size > LIMITS.fileBytes) return fail('', [fileTooLarge(stat.size, LIMITS.fileBytes)]);
      bytes = await fs.readFile(filePath);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await this.options.recent.remove(filePath);
        return fail('The file does not exist (it may have been moved, renamed or deleted).');
      }
      return fail(`The file could not be read: ${(e as Error).message}`);
    }
    // A lesson is the page's to run: the document (and its title, recovery copy) stays as it is.
    if (isLessonPath(filePath)) return openedLesson(filePath, bytes);
    const parsed = parseExperimentBytes(bytes);
    if (!parsed.ok) return fail('', parsed.problems);
    this.state = { filePath, dirty: false, text: serializeExperiment(parsed.experiment) };
    this.showState();
    this.options.recovery.update(this.state);
    await this.noteRecent(filePath);
    return { ok: true, filePath, text: this.state.text, ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}) };
  }

  private async openWithDialog(): Promise<OpenedFile | null> {
    if (!(await this.settleUnsavedChanges())) return null;
    const filePath = await this.options.dialogs.chooseFileToOpen();
    return filePath ? this.read(filePath) : null;
  }

  private async revert(): Promise<void> {
    await this.flushPage();
    const { filePath, dirty } = this.state;
    if (!filePath) return;
    // Without changes there is nothing to lose; reverting then just rereads the file from disk.
    if (dirty && !(await this.options.dialogs.confirmRevert(path.basename(filePath)))) return;
    this.options.window.sendFileOpened(await this.read(filePath));
  }

  private async write(text: string, options: { saveAs: boolean; suggestedName?: string }): Promise<{ filePath: string } | null> {
    // Never write a file the app could not open again.
    const parsed = parseExperiment(text);
    if (!parsed.ok) {
      const first = parsed.problems[0];
      throw new Error(`Not saved: the experiment is not valid (${first ? `${first.path}: ${first.message}` : 'unknown problem'}).`);
    }
    let filePath = options.saveAs ? null : this.state.filePath;
    if (!filePath) {
      const name = suggestedFileName(options.suggestedName, this.state.filePath);
      const current = this.state.filePath;
      const chosen = await this.options.dialogs.chooseSavePath(current ? path.join(path.dirname(current), name) : name);
      if (!chosen) return null;
      filePath = await withExtension(chosen, FILE_EXTENSION, (p) => this.options.dialogs.confirmOverwrite(p));
      if (!filePath) return null;
    }
    const leftovers = await writeFileAtomic(filePath, text, { backup: true });
    this.state = { filePath, dirty: false, text };
    this.showState();
    this.options.recovery.update(this.state);
    await this.noteRecent(filePath);
    const notes = leftoverNotes(filePath, leftovers);
    if (notes.length) void this.options.dialogs.tellAboutLeftovers(notes); // after the save has answered the page
    return { filePath };
  }

  /** Save / Don't Save / Cancel, when there is something unsaved. True when the caller may go on. */
  private async settleUnsavedChanges(): Promise<boolean> {
    await this.flushPage();
    if (!this.state.dirty) return true;
    const choice = await this.options.dialogs.askToSaveChanges(documentName(this.state.filePath), this.state.unsaved ?? null);
    if (choice === 'cancel') return false;
    if (choice === 'discard') return true;
    try {
      return (await this.write(this.state.text, { saveAs: false })) !== null;
    } catch (e) {
      console.warn((e as Error).message);
      return false;
    }
  }

  /** Gets the page's latest state (a value still being typed, an edit within the debounce), or times out. */
  private flushPage(): Promise<void> {
    const requestId = ++this.lastFlushId;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.flushWaiters.delete(requestId);
        resolve();
      };
      const timer = setTimeout(done, this.options.flushTimeoutMs ?? FLUSH_TIMEOUT_MS);
      this.flushWaiters.set(requestId, done);
      if (!this.options.window.requestFlush?.(requestId)) done();
    });
  }

  private async noteRecent(filePath: string): Promise<void> {
    this.options.addRecentDocument?.(filePath);
    await this.options.recent.add(filePath);
  }

  private showState(): void {
    const { filePath, dirty } = this.state;
    this.options.window.setTitle(documentTitle(filePath, dirty, this.options.appName));
    this.options.window.setEdited(dirty, filePath);
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => {});
    return result;
  }
}

export function documentName(filePath: string | null): string {
  return filePath ? path.basename(filePath) : 'Untitled';
}

/** "xor.nnd — Edited — NN Designer": the file's name first, as desktop apps show it. */
export function documentTitle(filePath: string | null, dirty: boolean, appName: string): string {
  return [documentName(filePath), ...(dirty ? ['Edited'] : []), appName].join(' — ');
}

function suggestedFileName(suggested: string | undefined, current: string | null): string {
  const base = current ? path.basename(current, path.extname(current)) : (suggested ?? '').trim() || 'Untitled';
  // Characters that no file system accepts become dashes.
  return base.replace(/[\\/:*?"<>|]/g, '-') + FILE_EXTENSION;
}
