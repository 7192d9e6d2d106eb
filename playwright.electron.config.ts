import { defineConfig } from '@playwright/test';

/**
 * The desktop app's end-to-end tests (Playwright driving Electron). `npx playwright test -c
 * playwright.electron.config.ts`. They need the Electron binary and a display (xvfb-run on a
 * headless Linux); without the binary they print one line and skip.
 */
export default defineConfig({
  testDir: 'test/e2e-electron',
  globalSetup: './test/e2e-electron/global-setup.ts',
  // One app at a time: the tests kill processes and share nothing, but two Electrons on two cores crawl.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  outputDir: 'test-results/electron',
});
