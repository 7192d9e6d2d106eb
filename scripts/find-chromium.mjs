// The Chromium the browser tests drive: CHROMIUM_PATH or CHROME_PATH when set, else Debian's
// chromium, else Playwright's own (`npx playwright install chromium`, where there is internet).
//   node scripts/find-chromium.mjs --check   prints one line and fails when there is none
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

export const HOW_TO_GET_ONE =
  'set CHROMIUM_PATH to a Chromium or Chrome, install one (Debian: apt-get install chromium), or run `npx playwright install chromium` where there is internet; `npm run test:unit` runs the unit tests without one.';

/**
 * @param {{ env: Record<string, string | undefined>, exists: (file: string) => boolean, playwrightChromium: () => string | null }} machine
 * @returns {{ path: string } | { missing: string }}
 */
export function findChromium({ env, exists, playwrightChromium }) {
  for (const name of ['CHROMIUM_PATH', 'CHROME_PATH']) {
    const value = env[name];
    if (!value) continue;
    if (exists(value)) return { path: value };
    return { missing: `The browser tests need a Chromium, and ${name}=${value} does not exist: ${HOW_TO_GET_ONE}` };
  }
  const system = SYSTEM_CHROMIUMS.find(exists);
  if (system) return { path: system };
  const bundled = playwrightChromium();
  if (bundled && exists(bundled)) return { path: bundled };
  return { missing: `The browser tests need a Chromium and none was found: ${HOW_TO_GET_ONE}` };
}

/** Playwright's own Chromium, where `npx playwright install chromium` put it (null if Playwright cannot say). */
async function playwrightChromiumPath() {
  try {
    const { chromium } = await import('@playwright/test');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

export async function chromiumOnThisMachine() {
  const bundled = await playwrightChromiumPath();
  return findChromium({ env: process.env, exists: existsSync, playwrightChromium: () => bundled });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const found = await chromiumOnThisMachine();
  if ('missing' in found) {
    console.error(found.missing);
    process.exitCode = 1;
  } else if (!process.argv.includes('--check')) {
    console.log(found.path);
  }
}
