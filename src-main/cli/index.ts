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

// Ctrl+C once: a sweep stops and keeps what has finished; twice: at once.
const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});

runCli(process.argv.slice(2), undefined, undefined, {
  sweepWorker: new URL('./sweep-worker.mjs', import.meta.url),
  signal: stop.signal,
  progress: process.stderr.isTTY ? process.stderr : null,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`nn-designer: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
