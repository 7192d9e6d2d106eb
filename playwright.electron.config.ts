import { defineConfig } from '@playwright/test';

/**
 * The desktop app's end-to-end tests (Playwright driving Electron), through `npm run
 * test:electron` (scripts/test-electron.mjs), which runs them under xvfb-run on a Linux without
 * a display, and skips with one line without the Electron binary or any display.
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
