/**
 * The visualizations in a real browser: they move while the engine trains and freeze when it
 * pauses, time travel shows the past, hovering reads exact weights, exports are real files, and
 * a screenshot of every plot is kept (in both themes) to be looked at.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  canvasPixels,
  plot,
  predictionValues,
  screenshot,
  setSpeed,
  startWith,
  switchTo,
  train,
  trainUntil,
  trainingPanel,
} from './training-support';
import { SCREENSHOT_DIR } from './helpers/editor';

const boundary = (page: Page) => plot(page, 'boundary').locator('canvas.boundary-canvas');
const firstWeights = (page: Page) => plot(page, 'weights').locator('figure.weight-heatmap canvas').first();

async function plotScreenshot(page: Page, id: string, name: string): Promise<void> {
  await plot(page, id).screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
}

test.describe('visualizations', () => {
  test('heatmaps and the boundary change while training and stop changing when paused', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    await setSpeed(page, 250);
    await train(page);
    await expect(trainingPanel(page).getByRole('button', { name: 'Pause' })).toBeVisible();
    await page.waitForTimeout(300);
    const b1 = await canvasPixels(boundary(page));
    const w1 = await canvasPixels(firstWeights(page));
    await page.waitForTimeout(800);
    const b2 = await canvasPixels(boundary(page));
    const w2 = await canvasPixels(firstWeights(page));
    expect(b2).not.toBe(b1);
    expect(w2).not.toBe(w1);
    await screenshot(page, 'viz-training-slow-motion');

    await trainingPanel(page).getByRole('button', { name: 'Pause' }).click();
    await expect(trainingPanel(page).getByRole('button', { name: 'Continue' })).toBeVisible();
    const epochAtPause = await page.getByTestId('epoch').innerText();
    // Let any frame already on its way land, then nothing may move.
    await page.waitForTimeout(200);
    const b3 = await canvasPixels(boundary(page));
    const w3 = await canvasPixels(firstWeights(page));
    await page.waitForTimeout(1000);
    expect(await canvasPixels(boundary(page))).toBe(b3);
    expect(await canvasPixels(firstWeights(page))).toBe(w3);
    await expect(page.getByTestId('epoch')).toHaveText(epochAtPause);
  });

  test('the time slider shows an earlier, different boundary, replays the run and returns to live', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    await trainUntil(page, 'Converged');
    const live = await canvasPixels(boundary(page));
    const livePredictions = await predictionValues(page);

    // Drag the slider's thumb a tenth of the way along: about epoch 1000.
    const slider = page.getByRole('slider', { name: /^Time travel/ });
    const box = await slider.boundingBox();
    if (!box) throw new Error('no time slider');
    await page.mouse.click(box.x + box.width * 0.1, box.y + box.height / 2);
    await expect(page.getByTestId('scrub-label')).toContainText(/^epoch \d+ · frame/);
    const epoch = Number((await page.getByTestId('scrub-label').innerText()).match(/epoch (\d+)/)?.[1]);
    expect(epoch).toBeGreaterThan(0);
    expect(epoch).toBeLessThan(3000);
    const earlier = await canvasPixels(boundary(page));
    expect(earlier).not.toBe(live);
    // The predictions table and the loss curve follow the frame.
    await expect(plot(page, 'predictions')).toContainText(`after ${epoch} epochs`);
    expect(await predictionValues(page)).not.toEqual(livePredictions);
    await expect(plot(page, 'loss').locator('line[stroke-dasharray="2 2"]')).toHaveCount(1);
    await plotScreenshot(page, 'boundary', `viz-boundary-scrubbed-epoch-${epoch}`);

    // The very first frame is the untrained network.
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('scrub-label')).toContainText('epoch 0 · frame 1');
    await expect(plot(page, 'predictions')).toContainText('after 0 epochs');

    await page.getByRole('button', { name: 'Go live' }).click();
    await expect(page.getByTestId('scrub-label')).toContainText('live · epoch 10000');
    expect(await canvasPixels(boundary(page))).toBe(live);

    await page.getByRole('button', { name: /Replay/ }).click();
    await expect(page.getByTestId('scrub-label')).toContainText('frame');
    const during = await page.getByTestId('scrub-label').innerText();
    await expect(page.getByTestId('scrub-label')).not.toHaveText(during);
    await expect(page.getByTestId('scrub-label')).toContainText('live', { timeout: 10_000 });
  });

  test('hovering a weight reads its exact value; plots export as PNG and SVG, the history as CSV', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    await trainUntil(page, 'Converged');

    const heatmap = plot(page, 'weights').locator('figure.weight-heatmap').first();
    const canvas = heatmap.locator('canvas');
    // The weights sit under the boundary and the predictions in the plots column.
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no weight heatmap');
    // Rows: x1, x2, bias; columns: 4 neurons. Hover the bias of neuron 4.
    await page.mouse.move(box.x + box.width * (3.5 / 4), box.y + box.height * (2.5 / 3));
    await expect(heatmap).toContainText(/b\[h1\.4\] = -?\d+\.\d{8,}/);
    await page.mouse.move(box.x + box.width * (0.5 / 4), box.y + box.height * (0.5 / 3));
    await expect(heatmap).toContainText(/w\[x1 → h1\.1\] = -?\d+\.\d{8,}/);

    const [png] = await Promise.all([page.waitForEvent('download'), plot(page, 'boundary').getByRole('button', { name: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('decision-boundary.png');
    await png.saveAs(`${SCREENSHOT_DIR}/export-decision-boundary.png`);
    const pngBytes = readFileSync(await png.path());
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    // Width and height from the IHDR chunk: the plot at twice its CSS size.
    expect(pngBytes.readUInt32BE(16)).toBeGreaterThan(300);
    expect(pngBytes.readUInt32BE(20)).toBeGreaterThan(300);

    const [svg] = await Promise.all([page.waitForEvent('download'), plot(page, 'boundary').getByRole('button', { name: 'SVG' }).click()]);
    await svg.saveAs(`${SCREENSHOT_DIR}/export-decision-boundary.svg`);
    const svgText = readFileSync(await svg.path(), 'utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('<image');
    expect(svgText).toContain('data:image/png;base64,');
    expect(svgText).toContain('class="boundary-contour"');
    expect(svgText).not.toContain('currentColor');

    // A plot of several canvases (one per layer) exports whole.
    const [weights] = await Promise.all([page.waitForEvent('download'), plot(page, 'weights').getByRole('button', { name: 'PNG' }).click()]);
    await weights.saveAs(`${SCREENSHOT_DIR}/export-weights.png`);
    expect(readFileSync(await weights.path()).subarray(1, 4).toString()).toBe('PNG');

    // Text plots export their text: the predictions as the post prints them.
    const [predictions] = await Promise.all([page.waitForEvent('download'), plot(page, 'predictions').getByRole('button', { name: 'SVG' }).click()]);
    const predictionsSvg = readFileSync(await predictions.path(), 'utf8');
    expect(predictionsSvg).toContain('[0 1] → 0.9931  (expected 1)');
    const [predictionsPng] = await Promise.all([page.waitForEvent('download'), plot(page, 'predictions').getByRole('button', { name: 'PNG' }).click()]);
    await predictionsPng.saveAs(`${SCREENSHOT_DIR}/export-predictions.png`);

    const [csv] = await Promise.all([page.waitForEvent('download'), plot(page, 'loss').getByRole('button', { name: 'CSV' }).click()]);
    const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('epoch,loss');
    // The history the app keeps: thinned to at most 2,000 points plus the epochs the post prints,
    // in epoch order, from the first epoch to the last, the post's losses exact.
    expect(lines.length).toBeGreaterThan(900);
    expect(lines.length).toBeLessThanOrEqual(2006);
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    for (let i = 1; i < rows.length; i++) expect(rows[i][0]).toBeGreaterThan(rows[i - 1][0]);
    expect(rows[0][0]).toBe(0);
    expect(rows.at(-1)?.[0]).toBe(9999);
    const lossAt = (epoch: number): string | undefined => rows.find((r) => r[0] === epoch)?.[1].toFixed(6);
    expect([0, 2000, 4000, 6000, 8000].map(lossAt)).toEqual(['0.255675', '0.000355', '0.000149', '0.000093', '0.000068']);
  });

  test('addition: the learned sum, its error map and the test pairs with the post’s numbers', async ({ page }) => {
    await startWith(page, 'addition-2-16-16-1');
    await train(page);
    await expect(page.getByTestId('epoch')).toHaveText('200 / 200', { timeout: 60_000 });
    const table = page.getByTestId('addition-table');
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(7);
    // Predicted sums as the post printed them (65.7, 46.4, …, 182.3), in its own column too.
    for (const [pair, sum] of [['23 + 45', '65.7'], ['0 + 0', '18.0'], ['99 + 99', '182.3']] as const) {
      const row = table.locator('tr', { hasText: pair });
      await expect(row.locator('td').nth(0)).toHaveText(sum);
      await expect(row.locator('td').nth(3)).toHaveText(sum);
    }
    await expect(plot(page, 'learned-sum').locator('path.iso-sum')).not.toHaveCount(0);
    await expect(plot(page, 'loss').locator('path.test-loss-line')).toHaveCount(1);
    await expect(plot(page, 'hidden-units').locator('canvas.hidden-units__canvas')).toHaveCount(2);
    for (const id of ['learned-sum', 'sum-error', 'test-pairs', 'hidden-units', 'weights', 'loss']) await plotScreenshot(page, id, `viz-addition-${id}`);
    await screenshot(page, 'viz-addition-app');
  });

  test('screenshots of every plot of the 2-4-1 XOR run, in light and dark themes', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    await trainUntil(page, 'Converged');
    for (const theme of ['light', 'dark']) {
      if (theme === 'dark') await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const id of ['boundary', 'hidden-units', 'weights', 'loss', 'predictions']) await plotScreenshot(page, id, `viz-xor-${id}-${theme}`);
      // Tall enough that the whole panel shows without the sidebar scrolling.
      await page.setViewportSize({ width: 1280, height: 1500 });
      await trainingPanel(page).screenshot({ path: `${SCREENSHOT_DIR}/training-panel-${theme}.png` });
      await page.setViewportSize({ width: 1280, height: 800 });
      await screenshot(page, `viz-xor-app-${theme}`);
    }
    // The single neuron's straight line, for comparison.
    await switchTo(page, 'xor-neuron');
    await trainUntil(page, 'Stalled', 30_000);
    await plotScreenshot(page, 'boundary', 'viz-xor-neuron-boundary-dark');
  });

  test('the weight legend shows its end labels whole, even for weights of 40,000', async ({ page }, testInfo) => {
    // A trained XOR file whose largest weight is 40,000 (the legend's scale runs from -40,000 to 40,000).
    const fixture = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/files/valid/xor-2-4-1-trained.nnd'), 'utf8'));
    fixture.runs.at(-1).parameters[0].W[0] = 40_000;
    const file = testInfo.outputPath('xor-40000.nnd');
    writeFileSync(file, JSON.stringify(fixture));
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('gallery').getByRole('button', { name: 'Open a file…' }).click();
    await (await chooser).setFiles(file);
    const legend = plot(page, 'weights').locator('svg.legend');
    await legend.scrollIntoViewIfNeeded();
    await expect(legend).toHaveAttribute('aria-label', /from -40000 to 40000/);
    const box = (await legend.boundingBox())!;
    const labels = legend.locator('g.tick text');
    await expect(labels.first()).toBeVisible();
    const texts = await labels.allTextContents(); // SVG text has no innerText
    expect(texts[0]).toMatch(/^[−-]40(,000|k)$/);
    expect(texts.at(-1)).toMatch(/^40(,000|k)$/);
    for (const label of await labels.all()) {
      const t = (await label.boundingBox())!;
      expect(t.x, `“${await label.textContent()}” starts inside the legend`).toBeGreaterThanOrEqual(box.x - 0.5);
      expect(t.x + t.width, `“${await label.textContent()}” ends inside the legend`).toBeLessThanOrEqual(box.x + box.width + 0.5);
    }
    await legend.screenshot({ path: `${SCREENSHOT_DIR}/viz-weight-legend-40000.png` });
  });
});
