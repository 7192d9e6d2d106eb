/** scripts/find-chromium.mjs: which Chromium the browser tests drive, or one line on how to get one. */
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../scripts/find-chromium.mjs';

const machine = (files: string[], env: Record<string, string> = {}, bundled: string | null = '/home/u/.cache/ms-playwright/chromium-1/chrome') => ({
  env,
  exists: (file: string) => files.includes(file),
  playwrightChromium: () => bundled,
});

describe('finding a Chromium', () => {
  it('takes CHROMIUM_PATH, then CHROME_PATH, then Debian’s, then Playwright’s own', () => {
    const all = ['/opt/c', '/opt/g', '/usr/bin/chromium', '/home/u/.cache/ms-playwright/chromium-1/chrome'];
    expect(findChromium(machine(all, { CHROMIUM_PATH: '/opt/c', CHROME_PATH: '/opt/g' }))).toEqual({ path: '/opt/c' });
    expect(findChromium(machine(all, { CHROME_PATH: '/opt/g' }))).toEqual({ path: '/opt/g' });
    expect(findChromium(machine(all))).toEqual({ path: '/usr/bin/chromium' });
    expect(findChromium(machine(['/home/u/.cache/ms-playwright/chromium-1/chrome']))).toEqual({ path: '/home/u/.cache/ms-playwright/chromium-1/chrome' });
  });

  it('says in one line what to do when there is none, or when the one named is not there', () => {
    const none = findChromium(machine([]));
    expect(none).toEqual({ missing: expect.stringMatching(/^The browser tests need a Chromium and none was found: .*apt-get install chromium.*npx playwright install chromium/) });
    const wrong = findChromium(machine(['/usr/bin/chromium'], { CHROMIUM_PATH: '/nope' }));
    expect(wrong).toEqual({ missing: expect.stringContaining('CHROMIUM_PATH=/nope does not exist') });
    for (const r of [none, wrong]) expect('missing' in r && r.missing.includes('\n')).toBe(false);
  });
});
