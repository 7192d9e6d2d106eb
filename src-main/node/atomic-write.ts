/**
 * Saving without ever leaving a half-written file: the new text goes to a temporary file in the
 * same folder (so the final rename stays on one file system and is atomic), is flushed to disk,
 * then renamed over the old file. If anything fails before the rename, the old file is untouched.
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
  stat(filePath: string): Promise<{ mode: number }>;
  realpath(filePath: string): Promise<string>;
}

export interface AtomicFileHandle {
  writeFile(data: string | Uint8Array, encoding?: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface WriteOptions {
  /** Keep the previous version as `<name>.bak` next to the file. */
  backup?: boolean;
  fs?: AtomicFs;
}

export const BACKUP_SUFFIX = '.bak';

export async function writeFileAtomic(filePath: string, text: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const fs = options.fs ?? (nodeFs as unknown as AtomicFs);
  // Write through a symlink to the real file, rather than replacing the link with a file.
  const target = await fs.realpath(filePath).catch(ifMissing(path.resolve(filePath)));
  const existing = await fs.stat(target).catch(ifMissing(null));
  const mode = existing ? existing.mode & 0o777 : 0o644;

  const tmp = temporaryName(target);
  await writeAndFlush(fs, tmp, text, mode);
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
}

/** For `.catch`: a missing file gives `fallback`; any other error (permissions, I/O) is thrown. */
function ifMissing<T>(fallback: T): (e: unknown) => T {
  return (e) => {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return fallback;
    throw e;
  };
}

/** `.name.nnd.<random>.tmp` beside the file: hidden, unique, same folder. */
function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

async function writeAndFlush(fs: AtomicFs, tmp: string, text: string | Uint8Array, mode: number): Promise<void> {
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
