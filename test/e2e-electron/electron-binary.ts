import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The Electron executable, if installed. Read from node_modules/electron/path.txt rather than with
 * require('electron'), which would try to download the binary when it is missing.
 */
export function electronBinary(): string | null {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const SKIP_REASON =
  'Electron tests skipped: the Electron binary is not installed (node_modules/electron/dist is missing; run `node node_modules/electron/install.js` with internet access).';
