/**
 * Entry point of the `nn-designer` command (bundled to out/cli/nn-designer.mjs by
 * `npm run build:cli`). Sets the exit code rather than calling process.exit, so that output
 * piped to another program is flushed in full.
 */
import { runCli } from './main';

// `nn-designer info x.nnd | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`nn-designer: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
