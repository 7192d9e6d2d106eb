import path from 'node:path';
import { FILE_EXTENSION } from '../../src-shared/experiment/schema';

/**
 * The experiment file named on a command line (`nn-designer xor.nnd`, a double-click on Windows
 * and Linux, or a second instance's argv), resolved against that command's working directory.
 * Only `.nnd` arguments count: Chromium and Electron add switches and the app path of their own.
 * The app holds one document, so the last file named wins.
 */
export function fileFromArgv(argv: readonly string[], workingDirectory: string): string | null {
  const files = argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(FILE_EXTENSION))
    .map((arg) => path.resolve(workingDirectory, arg));
  return files.length ? files[files.length - 1] : null;
}
