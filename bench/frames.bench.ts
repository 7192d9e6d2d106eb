/**
 * Frame times while training (npm run bench:frames): the browser edition in Chromium trains the
 * post's 2-16-16-1 addition net (run for longer, so there is time to measure) with every plot
 * open, and reports requestAnimationFrame deltas (p50, p95, worst) and the engine's updates per
 * second. The same run with the plots hidden, and the engine alone in Node, give the baselines.
 *
 * The web edition is built into a temporary directory and served on a free port, so the bench
 * does not touch dist-web or a running dev server.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, preview } from 'vite';
import { EngineSession } from '../src-shared/engine/session';
import { prepareTraining } from '../src-shared/engine/prepare';
import { getPreset } from '../src-shared/presets';
import type { ExperimentSetup } from '../src-shared/setup';

// About five seconds of training in Chromium: long enough that the first frames (compiling,
// first draws) do not dominate the percentiles.
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 8000);
const root = path.resolve(import.meta.dirname, '..');
const preset = getPreset('addition-2-16-16-1');
if (!preset) throw new Error('addition preset missing');
const setup: ExperimentSetup = { ...preset.setup, training: { ...preset.setup.training, epochs: EPOCHS } };
const totalUpdates = EPOCHS * 500;

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  worst: number;
  /** Share of frames slower than 20 ms: a visible stutter at 60 Hz. */
  slow: number;
}

function stats(deltas: number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { frames: sorted.length, p50: at(0.5), p95: at(0.95), worst: sorted[sorted.length - 1], slow: sorted.filter((d) => d > 20).length / sorted.length };
}

/** Engine alone in Node: the same session the worker runs (snapshots, grids) and the bare trainer. */
async function engineAlone(): Promise<{ session: number; trainer: number }> {
  const session = await new Promise<number>((resolve) => {
    let start = 0;
    const s = new EngineSession((e) => {
      if (e.type === 'state' && e.state === 'done') {
        resolve(totalUpdates / ((performance.now() - start) / 1000));
        s.dispose();
      }
    });
    s.handle({ type: 'load', setup });
    start = performance.now();
    s.handle({ type: 'train' });
  });
  const prepared = prepareTraining(setup);
  if (!prepared.ok) throw new Error('the preset does not compile');
  const t0 = performance.now();
  prepared.trainer.runToEnd();
  return { session, trainer: totalUpdates / ((performance.now() - t0) / 1000) };
}

/** One run in the browser; returns frame statistics and engine updates per second. */
async function browserRun(page: Page, baseUrl: string, plotsOpen: boolean): Promise<{ frames: FrameStats; updatesPerSecond: number; openPlots: number }> {
  await page.goto(baseUrl);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId('preset-addition-2-16-16-1').click();
  await page.getByTestId('gallery').waitFor({ state: 'hidden' });
  const epochs = page.getByTestId('epochs');
  await epochs.fill(String(EPOCHS));
  await epochs.press('Enter');
  // Load the edited setup first, so the run starts straight away when timed.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  const plots = page.getByRole('region', { name: 'Visualizations', exact: true });
  if (!plotsOpen) {
    await page.getByRole('button', { name: 'Plots', exact: true }).click();
    await plots.waitFor({ state: 'detached' });
  } else {
    // Every plot of the addition task (they mount one after another once the setup is loaded).
    await page.waitForFunction(() => document.querySelectorAll('[data-plot]').length >= 6, undefined, { timeout: 10_000 });
  }
  const openPlots = await page.locator('[data-plot]').count();

  await page.evaluate(FRAME_RECORDER);
  const started = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const done = `${EPOCHS.toLocaleString('en-US')} / ${EPOCHS.toLocaleString('en-US')}`;
  await page.getByTestId('epoch').filter({ hasText: done }).waitFor({ timeout: 300_000 });
  const seconds = (Date.now() - started) / 1000;
  const deltas = (await page.evaluate('window.__recording = false; window.__deltas')) as number[];
  // The first delta spans the click; the rest are frames during training.
  return { frames: stats(deltas.slice(1)), updatesPerSecond: totalUpdates / seconds, openPlots };
}

/**
 * Records every animation frame's delta until told to stop. A string, not a function: tsx's
 * transform adds helpers to functions that do not exist in the page.
 */
const FRAME_RECORDER = `(() => {
  window.__deltas = [];
  window.__recording = true;
  let last = 0;
  const tick = (t) => {
    window.__deltas.push(t - last);
    last = t;
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
})()`;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'nnd-bench-web-'));
  const configFile = path.join(root, 'vite.web.config.ts');
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { port: 0, strictPort: false } });
  const baseUrl = server.resolvedUrls?.local[0];
  if (!baseUrl) throw new Error('the preview server has no URL');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    console.log(`NN Designer frame benchmark — Chromium ${browser.version()}, Node ${process.version}`);
    console.log(`Addition 2-16-16-1, per-sample SGD, 500 samples × ${EPOCHS} epochs = ${fmt(totalUpdates)} updates\n`);
    // A warm-up run lets the worker's JIT settle, as it would after the first seconds of use.
    await browserRun(page, baseUrl, true);
    const open = await browserRun(page, baseUrl, true);
    const hidden = await browserRun(page, baseUrl, false);
    const alone = await engineAlone();
    const row = (name: string, r: { frames: FrameStats; updatesPerSecond: number }): string =>
      `${name.padEnd(26)} p50 ${ms(r.frames.p50).padStart(8)}  p95 ${ms(r.frames.p95).padStart(8)}  worst ${ms(r.frames.worst).padStart(8)}  ` +
      `>20 ms ${(r.frames.slow * 100).toFixed(1).padStart(4)}%  (${r.frames.frames} frames)  engine ${fmt(r.updatesPerSecond).padStart(9)} updates/s`;
    console.log(row(`all ${open.openPlots} plots open`, open));
    console.log(row('plots hidden', hidden));
    console.log(`${'engine alone (Node)'.padEnd(26)} session with snapshots ${fmt(alone.session)} updates/s, bare trainer ${fmt(alone.trainer)} updates/s`);
    // The worker runs on Chromium's V8, newer than Node's: the fair baseline is the same browser with the plots hidden.
    console.log(
      `\nWith every plot open the engine keeps ${((open.updatesPerSecond / hidden.updatesPerSecond) * 100).toFixed(0)}% of its speed with the plots hidden ` +
        `(${((open.updatesPerSecond / alone.session) * 100).toFixed(0)}% of the Node session's).`,
    );
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
