import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_EXTENSION } from '../../src-shared/experiment/schema';

/** A command-line argument as a local path: as given, or from a file:// URI (Linux launchers pass `%U`). */
function localPath(arg: string, workingDirectory: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return path.resolve(workingDirectory, arg);
  if (!arg.toLowerCase().startsWith('file:')) return null;
  try {
    return fileURLToPath(arg); // decodes %20 and friends; refuses a remote host (except UNC on Windows)
  } catch {
    return null;
  }
}

/**
 * The experiment file named on a command line (`nn-designer-desktop xor.nnd`, a double-click,
 * a launcher's file:// URI, or a second instance's argv), resolved against that command's working
 * directory. Only `.nnd` arguments count: Chromium and Electron add switches and the app path of
 * their own. The app holds one document, so the last file named wins.
 */
export function fileFromArgv(argv: readonly string[], workingDirectory: string): string | null {
  const files = argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(FILE_EXTENSION))
    .map((arg) => localPath(arg, workingDirectory))
    .filter((file): file is string => file !== null);
  return files.length ? files[files.length - 1] : null;
}
