// The .deb's Homepage and Maintainer, as electron-builder's own deb target computes them from
// package.json and electron-builder.yml. This source tree has no public home page or mailbox, so
// both are the packager's to give; `npm run dist` checks them first on Linux, where it builds the
// .deb, rather than failing after the build with a message that points at package.json's author.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { getConfig } = require('app-builder-lib/out/util/config/config.js');
const { readPackageJson } = require('app-builder-lib/out/util/packageMetadata.js');
const { getRepositoryInfo } = require('app-builder-lib/out/util/repositoryInfo.js');
const { AppInfo } = require('app-builder-lib/out/appInfo.js');
const { authorEmailIsMissed } = require('app-builder-lib/out/errorMessages.js');
const FpmTarget = require('app-builder-lib/out/targets/FpmTarget.js').default;
const { deepAssign } = require('builder-util-runtime');

export const WHAT_TO_FILL_IN = [
  'The .deb names a home page and a maintainer; this source tree has neither, so they are the packager’s to give:',
  '  homepage:   "homepage" in package.json, the page your package’s users should visit',
  '              (a GitHub "repository" URL serves as well);',
  '  maintainer: linux.maintainer in electron-builder.yml, "Your Name <you@example.org>",',
  '              the person who answers for the package.',
  'Without them, build the AppImage alone: npm run build && npx electron-builder --linux AppImage',
].join('\n');

/**
 * { url, maintainer } for the .deb of the project in `projectDir`, computed by electron-builder's
 * FpmTarget from the same files `npm run dist` reads; throws WHAT_TO_FILL_IN, naming what is
 * missing, when electron-builder would refuse to build it.
 */
export async function debMetadata(projectDir) {
  const config = await getConfig(projectDir, null, null);
  const metadata = await readPackageJson(path.join(projectDir, 'package.json'));
  // electron-builder applies extraMetadata to package.json before its targets read it.
  deepAssign(metadata, config.extraMetadata);
  const info = { metadata, repositoryInfo: getRepositoryInfo(projectDir, metadata, metadata) };
  const appInfo = { linuxPackageName: metadata.name, computePackageUrl: () => AppInfo.prototype.computePackageUrl.call({ info, notNullDevMetadata: metadata }) };
  const target = { packager: { info, appInfo }, options: { ...config.linux, ...config.deb } };
  try {
    const { url, maintainer } = await FpmTarget.prototype.computeFpmMetaInfoOptions.call(target);
    return { url, maintainer };
  } catch (e) {
    const said = String(e?.message ?? e);
    const missing = [/homepage/.test(said) && 'homepage', said.includes(authorEmailIsMissed.split('\n')[0]) && 'maintainer'].filter(Boolean);
    if (missing.length === 0) throw e;
    throw new Error(`Missing for the .deb: ${missing.join(' and ')}.\n${WHAT_TO_FILL_IN}`, { cause: e });
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
// `npm run dist` builds for the machine it runs on: the .deb only on Linux.
if (isMain && process.platform === 'linux') {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  try {
    await debMetadata(root);
  } catch (e) {
    console.error(`npm run dist: ${e.message}`);
    process.exit(1);
  }
}
