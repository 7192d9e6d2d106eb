// `npm run test:electron`: the desktop app's end-to-end tests (Playwright driving Electron).
// They need the Electron binary and a display. Without a display on Linux they run under
// xvfb-run (a virtual X server); without either they say in one line why they are skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/**
 * What to run: `{ command, args }`, or `{ skip }` with the one line that says why not.
 * @param {{ platform: string, env: Record<string, string | undefined>, electronInstalled: boolean, hasXvfbRun: boolean, extraArgs?: string[] }} machine
 */
export function electronTestPlan({ platform, env, electronInstalled, hasXvfbRun, extraArgs = [] }) {
  const npx = platform === 'win32' ? 'npx.cmd' : 'npx';
  const playwright = ['playwright', 'test', '-c', 'playwright.electron.config.ts', ...extraArgs];
  if (!electronInstalled) {
    return { skip: 'Electron tests skipped: the Electron binary is not installed (run `node node_modules/electron/install.js` with internet access).' };
  }
  if (platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return { command: npx, args: playwright };
  if (hasXvfbRun) return { command: 'xvfb-run', args: ['--auto-servernum', '--server-args=-screen 0 1440x900x24', npx, ...playwright] };
  return { skip: 'Electron tests skipped: there is no display (DISPLAY is unset) and no xvfb-run to make one (on Debian: apt-get install xvfb).' };
}

function electronInstalled() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  return existsSync(pathFile) && existsSync(path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()));
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const plan = electronTestPlan({
    platform: process.platform,
    env: process.env,
    electronInstalled: electronInstalled(),
    hasXvfbRun: spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0,
    extraArgs: process.argv.slice(2),
  });
  if (plan.skip) {
    console.log(plan.skip);
  } else {
    const result = spawnSync(plan.command, plan.args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    process.exitCode = result.status ?? 1;
  }
}
