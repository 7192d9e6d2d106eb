/**
 * Watching it learn on one screen, at 1280×720 and 1440×900 in both themes: the canvas, a
 * decision boundary of at least 300×300 CSS px, the loss curve and the predictions against the
 * post's are all on screen, uncovered, without scrolling; panes resize and are remembered; plots
 * with nothing to show give their room away; the plane reads out the network's output; the
 * focused neuron is shown large; a 3-class spiral shows three regions; the first Train is paced
 * so the run is seen. Screenshots of each are kept to be looked at.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { pace, plot, runStatus, screenshot, setSpeed, startWith, train, trainingPanel, vizPanel } from './training-support';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;

const boundaryImage = (page: Page): Locator => page.getByRole('img', { name: /^Network output over the input plane/ });
const lossImage = (page: Page): Locator => page.getByRole('img', { name: /^Loss per epoch/ });
const editor = (page: Page): Locator => page.getByRole('main', { name: 'Network editor' });

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** The element's box lies inside the viewport, and what is drawn at its corners and centre is the element itself (nothing covers it). */
async function expectOnScreen(page: Page, locator: Locator, what: string): Promise<{ width: number; height: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${what} is not visible`);
  const viewport = page.viewportSize()!;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(viewport.width + 0.5);
  expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(viewport.height + 0.5);
  const covered = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const points = [
      [r.left + 3, r.top + 3],
      [r.right - 3, r.top + 3],
      [r.left + 3, r.bottom - 3],
      [r.right - 3, r.bottom - 3],
      [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
    ];
    return points
      .map(([x, y]) => document.elementFromPoint(x, y))
      .filter((hit) => !hit || !(el === hit || el.contains(hit) || hit.contains(el)))
      .map((hit) => `${hit?.tagName}.${hit?.getAttribute('class') ?? ''}`);
  });
  expect(covered, `${what} is covered`).toEqual([]);
  return box;
}

/** The page itself never scrolls: everything is in panes. */
async function expectNoPageScroll(page: Page): Promise<void> {
  const { scrollWidth, scrollHeight, innerWidth, innerHeight } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
}

async function expectWatchable(page: Page): Promise<void> {
  await expectNoPageScroll(page);
  const canvas = await expectOnScreen(page, editor(page), 'the canvas');
  expect(canvas.height).toBeGreaterThanOrEqual(300);
  const boundary = await expectOnScreen(page, boundaryImage(page), 'the decision boundary');
  expect(boundary.width).toBeGreaterThanOrEqual(300);
  expect(boundary.height).toBeGreaterThanOrEqual(300);
  await expectOnScreen(page, lossImage(page), 'the loss curve');
  await expectOnScreen(page, page.getByTestId('predictions'), 'the predictions');
  await expectOnScreen(page, page.getByTestId('post-predictions'), 'the post’s predictions');
  await expectOnScreen(page, trainingPanel(page).getByRole('button', { name: /^(Train|Train again|Pause|Continue)$/ }), 'the Train button');
  await expectOnScreen(page, page.getByRole('progressbar', { name: 'Training progress' }), 'the progress bar');
}

test.describe('one screen', () => {
  for (const size of SIZES) {
    test(`${size.width}×${size.height}: XOR 2-4-1 learns in view — canvas, boundary ≥ 300 px, loss and the post’s numbers, in both themes`, async ({ page }) => {
      await page.setViewportSize(size);
      await startWith(page, 'xor-2-4-1', { watch: true });
      for (const theme of THEMES) {
        await setTheme(page, theme);
        // Watched at the default pace: a frame from the middle of the run.
        await expect(pace(page, 'Watch')).toBeChecked();
        await train(page);
        await expect(trainingPanel(page).getByRole('button', { name: 'Pause' })).toBeVisible();
        // A third of the way in (not the previous run's last epoch, still on screen for a moment).
        const epoch = async (): Promise<number> => Number((await page.getByTestId('epoch').innerText()).split(' / ')[0].replace(/,/g, ''));
        await expect.poll(async () => { const e = await epoch(); return e > 2500 && e < 8000; }, { timeout: 15_000, intervals: [100] }).toBe(true);
        await expectWatchable(page);
        await screenshot(page, `workspace-xor-${size.width}x${size.height}-${theme}-training`);
        await expect(runStatus(page)).toContainText('Converged', { timeout: 30_000 });
        await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });
        await expect(plot(page, 'predictions').locator('.predictions__line--match')).toHaveCount(9);
        // A notice (an export's) goes in its own strip: it covers none of it.
        await page.getByRole('button', { name: 'Export ▾' }).click();
        await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Python script (NumPy)…' }).click()]);
        await expect(page.getByTestId('notice')).toContainText('Exported');
        await expectWatchable(page);
        await screenshot(page, `workspace-xor-${size.width}x${size.height}-${theme}-done`);
      }
    });
  }

  test('panes are resized by dragging their handles and keep their sizes after a reload', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await startWith(page, 'xor-2-4-1');
    const plots = vizPanel(page);
    const before = (await plots.boundingBox())!;
    const handle = page.getByRole('separator').nth(2);
    const grip = (await handle.boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x - 120, grip.y + grip.height / 2, { steps: 8 });
    await page.mouse.up();
    const wider = (await plots.boundingBox())!;
    expect(wider.width).toBeGreaterThan(before.width + 80);
    // The address holds the experiment: a reload opens it again.
    await page.reload();
    await expect(plot(page, 'weights')).toBeVisible();
    const after = (await vizPanel(page).boundingBox())!;
    expect(Math.abs(after.width - wider.width)).toBeLessThan(4);
  });

  test('plots with nothing to show give their room to the others', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByTestId('preset-blank').click();
    // Nothing loaded: no plots pane, the canvas has the room.
    await expect(vizPanel(page)).toHaveCount(0);
    const wide = (await editor(page).boundingBox())!;
    expect(wide.width).toBeGreaterThan(700);
    expect(wide.height).toBeGreaterThan(600);

    // A single neuron has no hidden layer: no hidden-units card.
    await page.getByTestId('open-presets').click();
    await page.getByTestId('preset-xor-neuron').click();
    await expect(plot(page, 'weights')).toBeVisible();
    await expect(plot(page, 'hidden-units')).toHaveCount(0);
    await expect(plot(page, 'boundary')).toBeVisible();
  });

  test('hovering the plane reads the network’s output there; a neuron pointed at on the canvas is shown large', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await startWith(page, 'xor-2-4-1');
    await setSpeed(page, 0);
    await train(page);
    await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });
    const image = boundaryImage(page);
    const box = (await image.boundingBox())!;
    // The plane runs from -0.25 to 1.25 on both axes: (1, 0) is XOR's class 1.
    await page.mouse.move(box.x + box.width * (1.25 / 1.5), box.y + box.height * (1 - 0.25 / 1.5));
    await expect(page.getByTestId('boundary-readout')).toHaveText(/x₁ 1\.0\d, x₂ -?0\.0\d → 0\.9\d{3} \(class 1\)/);
    await page.mouse.move(box.x + box.width * (0.25 / 1.5), box.y + box.height * (1 - 0.25 / 1.5));
    await expect(page.getByTestId('boundary-readout')).toHaveText(/→ 0\.0\d{3} \(class 0\)/);

    // Point at the third hidden neuron's map on the canvas.
    const map = page.locator('.neuron-map[data-unit="2"]').first();
    await map.hover();
    const focused = page.getByTestId('focused-neuron');
    await expect(focused).toBeVisible();
    await expect(focused).toContainText('neuron 3');
    const large = (await focused.locator('canvas').boundingBox())!;
    expect(large.width).toBeGreaterThanOrEqual(180);
    await screenshot(page, 'workspace-xor-focused-neuron');
    await page.mouse.move(5, 300);
    await expect(boundaryImage(page)).toBeVisible();
  });

  test('the 3-class spiral trains with softmax and shows three regions, a 3×3 confusion matrix and class probabilities', async ({ page }) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await startWith(page, 'spiral-3-softmax');
      await setSpeed(page, 0);
      await train(page);
      await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 60_000 });
      const accuracy = Number((await page.getByTestId('accuracy').innerText()).replace('%', ''));
      expect(accuracy).toBeGreaterThanOrEqual(90);
      await expect(page.getByTestId('class-legend').getByRole('listitem')).toHaveCount(3);
      await expect(page.getByTestId('confusion').locator('tbody tr')).toHaveCount(3);
      await expect(page.getByTestId('confusion').locator('tbody tr').first().locator('td')).toHaveCount(3);
      await expect(page.getByTestId('probabilities').locator('tbody tr')).not.toHaveCount(0);
      await expect(plot(page, 'boundary').locator('path.class-boundary')).not.toHaveCount(0);
      // Three regions: each class's hue fills a good share of the plane.
      const shares = await boundaryImage(page).evaluate((el) => {
        const canvas = el as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const hues = [
          [232, 113, 10],
          [26, 98, 199],
          [46, 158, 68],
        ];
        const counts = [0, 0, 0];
        for (let i = 0; i < data.length; i += 4) {
          const d = hues.map(([r, g, b]) => Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b));
          const best = d.indexOf(Math.min(...d));
          if (d[best] < 90) counts[best]++;
        }
        return counts.map((c) => c / (data.length / 4));
      });
      for (const share of shares) expect(share).toBeGreaterThan(0.1);
      for (const theme of THEMES) {
        await setTheme(page, theme);
        await screenshot(page, `workspace-spiral-3-${size.width}x${size.height}-${theme}`);
      }
    }
  });

  test('addition trained, at both sizes and in both themes', async ({ page }) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await startWith(page, 'addition-2-16-16-1');
      await setSpeed(page, 0);
      await train(page);
      await expect(page.getByTestId('epoch')).toHaveText('200 / 200', { timeout: 60_000 });
      await expectOnScreen(page, page.getByTestId('addition-table'), 'the test pairs');
      await expectOnScreen(page, plot(page, 'learned-sum'), 'the learned sum');
      await expectOnScreen(page, lossImage(page), 'the loss curve');
      await expectNoPageScroll(page);
      for (const theme of THEMES) {
        await setTheme(page, theme);
        await screenshot(page, `workspace-addition-${size.width}x${size.height}-${theme}`);
      }
    }
  });

  test('the first Train is paced so the run is seen (about eight seconds); Full speed is one click and remembered', async ({ page }) => {
    await startWith(page, 'xor-2-4-1', { watch: true });
    await expect(pace(page, 'Watch')).toBeChecked();
    await expect(trainingPanel(page).getByTestId('pace-note')).toContainText('1,250 updates/s');
    await train(page);
    await page.waitForTimeout(2000);
    // Two seconds in: well under way, far from done.
    const epoch = Number((await page.getByTestId('epoch').innerText()).split(' / ')[0].replace(/,/g, ''));
    expect(epoch).toBeGreaterThan(500);
    expect(epoch).toBeLessThan(6000);
    await expect(trainingPanel(page).getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });

    await pace(page, 'Full speed').check();
    // The trained run is unsaved work: leave anyway (the copy is kept for recovery).
    page.on('dialog', (dialog) => void dialog.accept());
    await page.reload();
    await expect(plot(page, 'weights')).toBeVisible();
    await expect(pace(page, 'Full speed')).toBeChecked();
    await train(page);
    await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 10_000 });
  });

  test('notices have their own strip above the canvas: news goes by itself, an error waits, and they never cover the plots', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await startWith(page, 'xor-2-4-1');
    await train(page);
    await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });
    // An error (a damaged link) and news (an export).
    await page.evaluate(() => (window.location.hash = '#experiment=damaged'));
    const error = page.getByTestId('notice').filter({ hasText: 'link is damaged' });
    await expect(error).toBeVisible();
    await page.getByRole('button', { name: 'Export ▾' }).click();
    await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Python script (NumPy)…' }).click()]);
    const news = page.getByTestId('notice').filter({ hasText: 'Exported' });
    await expect(news).toBeVisible();
    // Above the canvas, not over it; the plots and the training panel are uncovered.
    const strip = (await page.getByRole('region', { name: 'Notices' }).boundingBox())!;
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    expect(strip.y + strip.height).toBeLessThanOrEqual(canvas.y + 0.5);
    await expectWatchable(page);
    await screenshot(page, 'workspace-notices');
    // News goes by itself (about six seconds); the error stays until dismissed.
    await expect(news).toHaveCount(0, { timeout: 12_000 });
    await expect(error).toBeVisible();
    await error.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByRole('region', { name: 'Notices' })).toBeHidden();
  });
});
