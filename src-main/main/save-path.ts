import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The path to write for a name chosen in a Save dialog. A name typed without an extension gets
 * `extension`; the dialog checked the name as typed, not that one, so if the completed file exists
 * the user is asked before it is replaced. Null when they decline.
 */
export async function withExtension(chosen: string, extension: string, confirmOverwrite: (filePath: string) => Promise<boolean>): Promise<string | null> {
  if (path.extname(chosen)) return chosen;
  const filePath = chosen + extension;
  if (existsSync(filePath) && !(await confirmOverwrite(filePath))) return null;
  return filePath;
}
