import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
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

/** Chromium's switch for its display backend (ui/ozone); `headless` needs no X server or Wayland. */
const OZONE_PLATFORM = '--ozone-platform';
/** Marks the relaunched process, so it never relaunches itself again. */
const RELAUNCHED = 'NND_CLI_RELAUNCHED';

/**
 * On Linux, the command line to run the tool again with on Chromium's headless display backend;
 * null where this process can run it itself: not Linux, already relaunched, or a backend chosen
 * on the command line (`--ozone-platform=x11` under Xvfb, say). Electron picks the backend from
 * the command line before the main script runs and connects to the display right after the
 * script's first turn, so `app.commandLine.appendSwitch` comes too late, and without a display
 * Chromium aborts before the tool has printed anything.
 */
export function headlessRelaunchArguments(argv: readonly string[], platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] | null {
  if (platform !== 'linux' || env[RELAUNCHED]) return null;
  if (argv.some((arg) => arg === OZONE_PLATFORM || arg.startsWith(`${OZONE_PLATFORM}=`))) return null;
  return [`${OZONE_PLATFORM}=headless`, ...argv.slice(1)];
}

/**
 * Runs the command line tool and exits with its code; opens no window and needs no display. On
 * Linux the tool runs in a copy of this process started on the headless backend, while this one
 * waits inside the main script's first turn, before Chromium looks for a display.
 */
export function startCommandLine(args: string[]): void {
  const relaunch = headlessRelaunchArguments(process.argv, process.platform, process.env);
  if (relaunch) {
    const run = spawnSync(process.execPath, relaunch, { stdio: 'inherit', env: { ...process.env, [RELAUNCHED]: '1' } });
    if (run.error) process.stderr.write(`nn-designer: could not start the command line tool (${process.execPath}): ${run.error.message}\n`);
    // Before the message loop runs, app.exit ends the process at once (Electron: "quit directly").
    app.exit(run.error ? 1 : run.signal ? 128 + (constants.signals[run.signal] ?? 0) : (run.status ?? 1));
    return;
  }
  // Training and files need no GPU; without one (a server, headless) Chromium need not look for it.
  app.disableHardwareAcceleration();
  void runCommandLine(args);
}

/** Runs the command line tool in this process and exits with its code once its output is written. */
async function runCommandLine(args: string[]): Promise<void> {
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
