import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../node/atomic-write';
import { ensurePrivateFolder, PRIVATE_FILE_MODE } from '../node/private-folder';

const LIMIT = 10;

/**
 * The Open Recent list, most recent first, kept in a small JSON file in the user-data folder so
 * it survives restarts. A damaged or missing file just means an empty list.
 */
export class RecentFiles {
  private files: string[];
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly storeFile: string,
    private readonly onChange: (files: readonly string[]) => void = () => {},
  ) {
    this.files = readList(storeFile);
  }

  list(): readonly string[] {
    return this.files;
  }

  add(filePath: string): Promise<void> {
    return this.set([filePath, ...this.files.filter((f) => f !== filePath)].slice(0, LIMIT));
  }

  remove(filePath: string): Promise<void> {
    return this.set(this.files.filter((f) => f !== filePath));
  }

  clear(): Promise<void> {
    return this.set([]);
  }

  private set(files: string[]): Promise<void> {
    this.files = files;
    this.onChange(files);
    // Writes are chained so an older list never lands after a newer one.
    const text = JSON.stringify({ version: 1, files }, null, 2);
    this.saving = this.saving
      .then(async () => {
        // Private: the list names the user's files.
        ensurePrivateFolder(path.dirname(this.storeFile));
        await writeFileAtomic(this.storeFile, text, { mode: PRIVATE_FILE_MODE });
      })
      .catch((e: unknown) => console.warn('Could not save the recent files list:', e));
    return this.saving;
  }
}

function readList(storeFile: string): string[] {
  try {
    const data: unknown = JSON.parse(readFileSync(storeFile, 'utf8'));
    const files = (data as { files?: unknown }).files;
    if (!Array.isArray(files)) return [];
    return files.filter((f): f is string => typeof f === 'string' && f.length > 0).slice(0, LIMIT);
  } catch {
    return [];
  }
}
