/** The command line run in this process, for the tests: its exit code and what it printed. */
import { Writable } from 'node:stream';
import { runCli, type CliContext } from '../../src-main/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliCaptured(args: string[], context: CliContext = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (s: string) => void): Writable => new Writable({ write: (chunk, _e, done) => void (write(String(chunk)), done()) });
  const code = await runCli(args, sink((s) => (stdout += s)), sink((s) => (stderr += s)), context);
  return { code, stdout, stderr };
}
