// `npm run typecheck`: every tsconfig, each with the types its runtime offers. Runs them all and
// fails if any failed, so one project's errors do not hide another's.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const PROJECTS = [
  'tsconfig.json', // the page, src-shared, tests, benchmarks, scripts
  'src-main/main/tsconfig.json',
  'src-main/preload/tsconfig.json',
  'src-main/engine/tsconfig.json',
  'src-main/cli/tsconfig.json',
];
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const failed = PROJECTS.filter((project) => {
  const { status } = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: root, stdio: 'inherit' });
  return status !== 0;
});
if (failed.length > 0) {
  console.error(`\nType errors in ${failed.join(', ')}.`);
  process.exitCode = 1;
}
