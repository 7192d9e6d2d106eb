import { chmodSync, mkdirSync, statSync } from 'node:fs';

/** Files only the user may read: recovery copies and the recent list hold whole unsaved documents. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes `folder` (and any missing parents) and keeps it private: 0700, also when it existed with
 * wider permissions. On Windows, where POSIX modes mean little, this only makes the folder.
 */
export function ensurePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const mode = statSync(folder).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) chmodSync(folder, mode & 0o700);
}
