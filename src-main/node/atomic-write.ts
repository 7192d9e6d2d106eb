/**
 * Saving without ever leaving a half-written file: the new text goes to a temporary file in the
 * same folder (so the final rename stays on one file system and is atomic), is flushed to disk,
 * then renamed over the old file. If anything fails before the rename, the old file is untouched.
 * A crash mid-save leaves the temporary file behind; it is named so the next save of the same file
 * recognises it, removes it when the file is newer, and keeps it (and says so) when it is not.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';

/** The few file operations a save uses; tests pass one that fails at a chosen step. */
export interface AtomicFs {
  open(filePath: string, flags: string, mode?: number): Promise<AtomicFileHandle>;
  rename(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(filePath: string): Promise<void>;
  stat(filePath: string): Promise<{ mode: number; mtimeMs: number }>;
  realpath(filePath: string): Promise<string>;
  readdir(folder: string): Promise<string[]>;
}

/** What a save writes: text, bytes, or text in pieces (a large experiment, never held as one string). */
export type FileData = string | Uint8Array | Iterable<string>;

export interface AtomicFileHandle {
  writeFile(data: FileData, encoding?: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface WriteOptions {
  /** Keep the previous version as `<name>.bak` next to the file. */
  backup?: boolean;
  /**
   * The file's permissions, whatever they were: 0o600 for private files. Without it a new file
   * gets 0o644 (less the umask) and an existing one keeps its own.
   */
  mode?: number;
  /**
   * Refuse to write more bytes than this (the file would be refused on reading): the save
   * fails before the rename, and the file on disk stays as it was.
   */
  maxBytes?: number;
  fs?: AtomicFs;
}

/** A save refused because the file would be larger than the reader takes. */
export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file would be larger than ${(limit / 1024 / 1024).toFixed(0)} MB, the most an experiment file may hold, so it was not written (the file on disk is unchanged)`);
  }
}

/** What interrupted earlier saves left beside the file, as this save found and dealt with them. */
export interface Leftovers {
  /** Older than the file they were to replace: removed. */
  removed: string[];
  /** Newer than the file, or beside a file that does not exist: kept, they may hold the only copy of later work. */
  kept: string[];
}

export const BACKUP_SUFFIX = '.bak';
const TEMPORARY_SUFFIX = '.nnd-save.tmp';

export async function writeFileAtomic(filePath: string, text: FileData, options: WriteOptions = {}): Promise<Leftovers> {
  const fs = options.fs ?? (nodeFs as unknown as AtomicFs);
  // Write through a symlink to the real file, rather than replacing the link with a file.
  const target = await fs.realpath(filePath).catch(ifMissing(path.resolve(filePath)));
  const existing = await fs.stat(target).catch(ifMissing(null));
  const mode = options.mode ?? (existing ? existing.mode & 0o777 : 0o644);

  const tmp = temporaryName(target);
  await writeAndFlush(fs, tmp, options.maxBytes === undefined ? text : limited(text, options.maxBytes), mode);
  try {
    if (options.backup && existing) {
      // The backup is itself written atomically, so a crash leaves the old .bak or the new one.
      const bakTmp = temporaryName(target + BACKUP_SUFFIX);
      try {
        await fs.copyFile(target, bakTmp);
        await fs.rename(bakTmp, target + BACKUP_SUFFIX);
      } catch (e) {
        await fs.unlink(bakTmp).catch(() => {});
        throw e;
      }
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.unlink(tmp).catch(() => {});
    throw e;
  }
  await syncFolder(fs, path.dirname(target));
  // The new file is in place: only now may what earlier saves left be judged against the old one.
  return settleLeftovers(fs, target, existing?.mtimeMs ?? null);
}

/** The lines that tell a person what `writeFileAtomic` found beside `filePath` (none when nothing). */
export function leftoverNotes(filePath: string, { removed, kept }: Leftovers): string[] {
  const name = path.basename(filePath);
  const notes: string[] = [];
  if (removed.length) {
    notes.push(`Removed ${removed.length === 1 ? 'a temporary file' : `${removed.length} temporary files`} left by an interrupted save of ${name}.`);
  }
  for (const file of kept) {
    notes.push(`Kept ${file}: a temporary file from an interrupted save, newer than ${name}, so it may hold work the file does not. Open it to check, then delete it.`);
  }
  return notes;
}

/** For `.catch`: a missing file gives `fallback`; any other error (permissions, I/O) is thrown. */
function ifMissing<T>(fallback: T): (e: unknown) => T {
  return (e) => {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return fallback;
    throw e;
  };
}

/** `.name.nnd.<12 hex>.nnd-save.tmp` beside the file: hidden, unique, same folder, and recognisable. */
function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`);
}

/** A temporary file of a save of `base`, by its name (also as versions before the suffix named them). */
function isTemporaryOf(base: string, name: string): boolean {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix)) return false;
  return /^[0-9a-f]{12}(\.nnd-save)?\.tmp$/.test(name.slice(prefix.length));
}

/**
 * Finds the temporary files earlier saves of `target` (and of its backup) left: a crash between
 * write and rename. Those older than the file this save replaced (`replacedMtimeMs`) are outdated
 * and removed; newer ones, or any beside a file that did not exist, are kept.
 */
async function settleLeftovers(fs: AtomicFs, target: string, replacedMtimeMs: number | null): Promise<Leftovers> {
  const folder = path.dirname(target);
  const base = path.basename(target);
  const leftovers: Leftovers = { removed: [], kept: [] };
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const ofBackup = isTemporaryOf(base + BACKUP_SUFFIX, name);
    if (!ofBackup && !isTemporaryOf(base, name)) continue;
    const file = path.join(folder, name);
    const info = await fs.stat(file).catch(() => null);
    if (!info) continue; // another save's, finished meanwhile
    // Newer than the file: maybe a save still running, or the only copy of later work.
    const outdated = replacedMtimeMs !== null && info.mtimeMs < replacedMtimeMs; // a tie is kept: the safe side
    if (!outdated) {
      if (!ofBackup) leftovers.kept.push(file); // a backup's copy holds only what the file held
      continue;
    }
    try {
      await fs.unlink(file);
      leftovers.removed.push(file);
    } catch {
      leftovers.kept.push(file);
    }
  }
  return leftovers;
}

/** The data, failing with FileTooLargeError as soon as it passes `maxBytes` (UTF-8 bytes). */
function limited(data: FileData, maxBytes: number): FileData {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
    if (bytes > maxBytes) throw new FileTooLargeError(maxBytes);
    return data;
  }
  return (function* () {
    let bytes = 0;
    for (const piece of data) {
      bytes += Buffer.byteLength(piece, 'utf8');
      if (bytes > maxBytes) throw new FileTooLargeError(maxBytes);
      yield piece;
    }
  })();
}

async function writeAndFlush(fs: AtomicFs, tmp: string, text: FileData, mode: number): Promise<void> {
  let handle: AtomicFileHandle | null = null;
  try {
    handle = await fs.open(tmp, 'wx', mode);
    await (typeof text === 'string' ? handle.writeFile(text, 'utf8') : handle.writeFile(text));
    await handle.sync();
    const h = handle;
    handle = null;
    await h.close();
  } catch (e) {
    await handle?.close().catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    throw e;
  }
}

/** Makes the rename itself durable. Folders cannot be opened for sync on Windows: best effort. */
async function syncFolder(fs: AtomicFs, folder: string): Promise<void> {
  try {
    const handle = await fs.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file is already in place; only durability across a power cut is at stake here.
  }
}
