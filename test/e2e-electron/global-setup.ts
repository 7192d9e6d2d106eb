import { spawnSync } from 'node:child_process';
import { ROOT, SKIP_REASON, electronBinary } from './electron-binary';

/** Builds the app once before the Electron tests, or says in one line why they will skip. */
export default function globalSetup(): void {
  if (!electronBinary()) {
    console.log(SKIP_REASON);
    return;
  }
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) throw new Error('npm run build failed; the Electron tests need the built app in out/');
}
