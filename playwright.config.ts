/**
 * End-to-end tests of the browser edition in a real Chromium (scripts/find-chromium.mjs: CHROMIUM_PATH,
 * CHROME_PATH, Debian's, or Playwright's own): real clicks, real drags, real files. The web server
 * builds dist-web and serves it on a port nothing else listens on (scripts/e2e-port.mjs: 4317 or
 * the next free one, or NND_E2E_PORT); a server that is already there is never reused, so the
 * tests run against this build and nothing else. Screenshots go to test-results/.
 */
import { defineConfig } from '@playwright/test';
import { e2ePort } from './scripts/e2e-port.mjs';
import { chromiumOnThisMachine } from './scripts/find-chromium.mjs';

const PORT = await e2ePort().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
const chromium = await chromiumOnThisMachine();
if ('missing' in chromium) {
  // One line that says what to do, instead of one "executable doesn't exist" per test.
  console.error(chromium.missing);
  process.exit(1);
}

export default defineConfig({
  testDir: 'test/e2e-web',
  outputDir: 'test-results/e2e-web',
  workers: 1,
  fullyParallel: false,
  // One retry on CI, reported as "flaky" in the list, so a timing hiccup on a busy machine is
  // visible without throwing away a whole run; locally a failure fails at once.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium.path,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // --strictPort: if another program takes the port meanwhile, the server fails instead of moving.
    command: `npm run build:web && npx vite preview -c vite.web.config.ts --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
