import { app } from 'electron';

/**
 * `nn-designer-desktop --cli info xor.nnd`: an installed app runs the command line tool (the
 * .deb's `nn-designer-desktop` command, where Node and the npm package may be missing). Returns
 * the arguments after `--cli`, or null for a normal launch.
 */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at < 0 ? null : argv.slice(at + 1);
}

/** Runs the command line tool in this process, opens no window, and exits with its code once its output is written. */
export async function runCommandLine(args: string[]): Promise<void> {
  let code = 1;
  try {
    const { runCli } = await import('../cli/main');
    code = await runCli(args);
  } catch (e) {
    process.stderr.write(`nn-designer: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  // Pipes are asynchronous on macOS and Windows: exit only after the last line is flushed.
  process.stdout.write('', () => app.exit(code));
}
