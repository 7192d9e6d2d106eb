import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DocumentReport } from '../../src-shared/protocol/app-api';
import { writeFileAtomic } from '../node/atomic-write';
import { ensurePrivateFolder, PRIVATE_FILE_MODE } from '../node/private-folder';

export interface RecoveryCopy {
  text: string;
  filePath: string | null;
  /** ISO date and time of the write. */
  savedAt: string;
}

/** The page's report (src-shared/protocol/app-api.ts), as main checked it. */
export type DocumentState = DocumentReport;

/** Longest time a change waits before it is on disk: "within about two seconds". */
export const RECOVERY_DELAY_MS = 1000;

/**
 * Keeps a copy of unsaved work in the user-data folder so a crash loses at most a second of it.
 * A clean exit (or a saved, unchanged document) removes the copy, so a copy found at launch means
 * the previous session ended without cleaning up: that one is offered back once.
 */
export class RecoveryStore {
  private leftover: RecoveryCopy | null;
  private pending: DocumentState | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly delayMs = RECOVERY_DELAY_MS,
  ) {
    this.leftover = readCopy(file);
  }

  /** The previous session's unsaved work, once; null if it ended cleanly. */
  takeLeftover(): RecoveryCopy | null {
    const copy = this.leftover;
    this.leftover = null;
    return copy;
  }

  /** Called on every document change; the latest state is written at most `delayMs` later. */
  update(state: DocumentState): void {
    if (!state.dirty) {
      // Nothing unsaved: the file on disk (or an empty document) is all there is.
      this.cancel();
      this.remove();
      return;
    }
    this.pending = state;
    // A throttle rather than a debounce: steady typing must not postpone the write forever.
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes the latest state now (if any is waiting). */
  flush(): Promise<void> {
    const state = this.pending;
    this.cancel();
    if (state) {
      const copy: RecoveryCopy = { text: state.text, filePath: state.filePath, savedAt: new Date().toISOString() };
      this.writing = this.writing
        .then(async () => {
          // Private: the copy is the whole unsaved document.
          ensurePrivateFolder(path.dirname(this.file));
          await writeFileAtomic(this.file, JSON.stringify(copy), { mode: PRIVATE_FILE_MODE });
        })
        .catch((e: unknown) => console.warn('Could not write the recovery copy:', e));
    }
    return this.writing;
  }

  /** A clean exit: no copy is left behind. */
  async discard(): Promise<void> {
    this.cancel();
    this.remove();
    await this.writing;
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private remove(): void {
    // A write may still be in flight; removing after it lands keeps a stale copy from reappearing.
    // A failed removal (EBUSY, EPERM) must not stop the window closing: the copy is just offered again.
    this.writing = this.writing
      .then(() => rmSync(this.file, { force: true }))
      .catch((e: unknown) => console.warn('Could not remove the recovery copy:', e));
  }
}

function readCopy(file: string): RecoveryCopy | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<RecoveryCopy>;
    if (typeof data.text !== 'string' || !data.text) return null;
    return {
      text: data.text,
      filePath: typeof data.filePath === 'string' ? data.filePath : null,
      savedAt: typeof data.savedAt === 'string' ? data.savedAt : '',
    };
  } catch {
    return null;
  }
}
