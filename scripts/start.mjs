// `npm start [-- file.nnd]`: build, then launch the desktop app. Where the Electron binary cannot be
// had (an offline machine) or there is no display to show a window on, say so in one paragraph
// and start the browser edition instead, so the command always gives you something to use.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The arguments as the app should see them: files made absolute against the folder `npm start`
 * was typed in (npm runs scripts in the project folder and keeps the caller's in INIT_CWD).
 */
export function appArguments(argv, callerDir) {
  return argv.map((arg) => (arg.startsWith('-') || /^[a-z][a-z0-9+.-]*:\/\//i.test(arg) ? arg : path.resolve(callerDir, arg)));
}

/** The experiment file among the arguments, if any (the last one, as the desktop app takes it). */
export function fileArgument(args) {
  return args.filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith('.nnd')).at(-1) ?? null;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const args = appArguments(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());

/** The Electron executable as the `electron` package records it, if it is really there. */
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * Polls `url` until the server there answers (any HTTP status), then calls `say` once; false
 * (and nothing said) when it has not answered within `timeoutMs`. An address printed before the
 * server listens is one a person opens to "connection refused".
 */
export async function announceWhenServing(url, say, { timeoutMs = 60_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(100, Math.min(2000, deadline - Date.now()))) });
      await response.body?.cancel();
      say();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  return false;
}

function run(command, commandArgs, options = {}) {
  return spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options }).status ?? 1;
}

async function startBrowserEdition(reason) {
  console.log(
    `\n${reason} So NN Designer starts its browser edition instead: the same editor, training ` +
      'and visualizations, with the engine in a Web Worker and files opened and saved through the ' +
      'browser. To get the desktop app, run `npm start` again on a machine with internet access ' +
      '(Electron downloads its binary once) and a display.\n',
  );
  // A taken port (another program on 4173) is no reason to fail: take the next free one.
  const port = await freePort(Number(process.env.NND_WEB_PORT ?? 4173));
  const file = fileArgument(args);
  const env = { ...process.env, NND_WEB_PORT: String(port), ...(file ? { NND_OPEN_FILE: file } : {}) };
  const query = file ? `?open=${encodeURIComponent(path.basename(file))}` : '';
  if (file && !existsSync(file)) console.log(`(${file} does not exist; the page will say so.)`);
  // `npm run build` has just built the browser edition too: serve it, and say where once it answers.
  const server = spawn(npm, ['run', 'web:serve'], { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  const base = `http://127.0.0.1:${port}/`;
  const answered = await announceWhenServing(base, () => console.log(`\nOpen NN Designer at ${base}${query}\n`));
  if (!answered) console.log(`\nThe browser edition has not answered at ${base} within a minute; the lines above say why.\n`);
  // This is what `npm start` runs now: it ends when the server does.
  await new Promise(() => {});
}

async function main() {
  const built = run(npm, ['run', 'build']);
  if (built !== 0) process.exit(built);

  let binary = electronBinary();
  let downloadError = '';
  if (!binary) {
    console.log('The Electron binary is not installed yet; trying to download it (node node_modules/electron/install.js)…');
    // Quietly: offline, its stack trace would bury the one paragraph that matters.
    const install = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, encoding: 'utf8', timeout: 5 * 60_000 });
    downloadError = `${install.stderr ?? ''}\n${install.stdout ?? ''}`.split('\n').find((line) => /error|failed/i.test(line))?.trim() ?? '';
    binary = electronBinary();
  }
  if (!binary) {
    const why = downloadError ? ` (${downloadError})` : '';
    await startBrowserEdition(`The Electron binary could not be downloaded${why}: this machine seems to be offline, or the download is blocked.`);
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    await startBrowserEdition('There is no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set).');
  }

  const env = { ...process.env, ELECTRON_CLI_ARGS: JSON.stringify(args) };
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    // Chromium refuses to run as root with its OS sandbox on. The page still has no Node access
    // (contextIsolation, no nodeIntegration), but it is safer to run the app as a normal user.
    console.log('Running as root: starting Electron with --no-sandbox (better: run as a normal user).');
    env.NO_SANDBOX = '1';
  }
  const child = spawn(path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite'), ['preview', '--skipBuild'], {
    cwd: root,
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32',
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (isMain) await main();
