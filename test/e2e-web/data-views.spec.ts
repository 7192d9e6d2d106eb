/**
 * Data of your own in the plots, in a real browser: a split's test curve and test accuracy beside
 * the training ones, its rows hollow on the plane and in the confusion matrix's Test view; a task
 * of four inputs drawn over a slice whose axes and sliders move the map; points drawn by hand
 * (clicks, a brush stroke, Erase, Undo) that the network trains on as they are drawn, saved and
 * reopened as the same points and the same run. Screenshots of each, in both themes, at two sizes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseExperimentFile } from './helpers/parse-file';
import { SCREENSHOT_DIR } from './helpers/editor';
import { canvasPixels, plot, runStatus, screenshot, setSpeed, startWith, train, trainingPanel } from './training-support';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;

const boundary = (page: Page): Locator => plot(page, 'boundary').locator('canvas.boundary-canvas');
const surface = (page: Page): Locator => plot(page, 'boundary').getByTestId('draw-surface');

async function trainToEnd(page: Page): Promise<void> {
  await train(page);
  await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 60_000 });
}

/** The run on the points drawn so far has loaded and trained to its end (500 epochs). */
async function drawnRunDone(page: Page): Promise<void> {
  await expect(page.getByTestId('draw-behind')).toHaveCount(0, { timeout: 30_000 });
  await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('epoch')).toHaveText('500 / 500');
}

/** Where a point of the drawing's plane (−1.25 to 1.25 on both axes) is on the screen. */
async function planeToScreen(page: Page): Promise<(x: number, y: number) => { x: number; y: number }> {
  await expect(surface(page)).toBeVisible();
  const box = (await surface(page).boundingBox())!;
  return (x, y) => ({ x: box.x + ((x + 1.25) / 2.5) * box.width, y: box.y + ((1.25 - y) / 2.5) * box.height });
}

/** Two moons, as a person draws them: an upper arc of one class, a lower one of the other, interleaved. */
function moons(perMoon: number): { upper: [number, number][]; lower: [number, number][] } {
  const upper: [number, number][] = [];
  const lower: [number, number][] = [];
  for (let i = 0; i < perMoon; i++) {
    const t = (Math.PI * i) / (perMoon - 1);
    upper.push([0.7 * Math.cos(t) - 0.35, 0.7 * Math.sin(t) - 0.2]);
    lower.push([0.7 * Math.cos(t) + 0.35, -0.7 * Math.sin(t) + 0.2]);
  }
  return { upper, lower };
}

test.describe('held-out rows', () => {
  test('Iris: the test curve and test accuracy follow the training ones; test rows are hollow; the confusion matrix shows either set', async ({ page }, testInfo) => {
    await startWith(page, 'iris-4-8-3');
    await trainToEnd(page);
    const loss = plot(page, 'loss');
    const testLine = loss.locator('path.test-loss-line');
    await expect(testLine).toHaveCount(1);
    await expect(loss.locator('path.test-accuracy-line')).toHaveCount(1);
    await expect(loss.locator('[data-legend="test"]')).toHaveText('╍ test rows');
    await expect(loss.locator('[data-legend="test-accuracy"]')).toContainText('test accuracy');
    await expect(page.getByTestId('loss-test-accuracy')).toHaveText(/^\d+(\.\d)?%$/);

    // 120 training rows filled, 30 test rows hollow.
    await expect(plot(page, 'boundary').locator('g.training-points circle')).toHaveCount(120);
    const rings = plot(page, 'boundary').locator('g.test-points circle.test-point');
    await expect(rings).toHaveCount(30);
    // Hollow: white inside, the class's colour around (setosa's orange, versicolor's blue, virginica's green).
    await expect(rings.first()).toHaveAttribute('fill', '#fff');
    expect(new Set(await rings.evaluateAll((els) => els.map((el) => el.getAttribute('stroke'))))).toEqual(new Set(['#e8710a', '#1a62c7', '#2e9e44']));

    const confusion = page.getByTestId('confusion');
    await expect(confusion).toContainText('on 120 training samples');
    await expect(confusion.locator('thead th')).toHaveText(['setosa', 'versicolor', 'virginica']);
    await confusion.getByRole('radio', { name: 'Test' }).check();
    await expect(confusion).toHaveAttribute('data-set', 'test');
    await expect(confusion.locator('caption')).toHaveText(/^Accuracy \d+\.\d% on 30 test rows$/);
    const counts = (await confusion.locator('tbody td').allInnerTexts()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    // Stratified: ten of each species held out.
    for (let t = 0; t < 3; t++) expect(counts.slice(3 * t, 3 * t + 3).reduce((a, b) => a + b, 0)).toBe(10);
    await confusion.getByRole('radio', { name: 'Training' }).check();
    await expect(confusion).toContainText('on 120 training samples');

    // The first rows in centimetres, their species by name.
    const first = page.getByTestId('probabilities').locator('tbody tr').first().locator('td');
    await expect(first.first()).toHaveText(/^\d(\.\d+)?, \d(\.\d+)?, \d(\.\d+)?, \d(\.\d+)?$/);
    await expect(first.nth(3)).toHaveText(/^(setosa|versicolor|virginica) [✓✗]$/);
    // The canvas's Input layer names its four columns.
    await expect(page.getByTestId('input-names')).toHaveText('sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm');

    // Saved and reopened: the run's frames are replayed from its seed, and the test curve with them.
    // A point per checkpoint (the run's 301), and per snapshot, however many landed.
    expect(Number(await testLine.getAttribute('data-points'))).toBeGreaterThanOrEqual(301);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(`${mod}+s`)]);
    const file = testInfo.outputPath('iris.nnd');
    await download.saveAs(file);
    await startWith(page, 'xor-2-4-1');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles(file);
    await expect(page.getByTestId('document-title')).toContainText('iris');
    await expect.poll(async () => Number(await plot(page, 'loss').locator('path.test-loss-line').getAttribute('data-points'))).toBeGreaterThanOrEqual(301);
  });
});

test.describe('a slice through four inputs', () => {
  test('the plot says which slice it shows; the sliders and the axes move the map, paused as well as live', async ({ page }) => {
    await startWith(page, 'iris-4-8-3');
    await trainToEnd(page);
    const caption = plot(page, 'boundary').getByTestId('slice-caption');
    await expect(caption).toHaveText(/^Slice at petal_length_cm = 3\.\d\d, petal_width_cm = 1\.\d\d \(the training rows’ means\)$/);
    await expect(plot(page, 'hidden-units').getByTestId('slice-caption')).toHaveText(await caption.innerText());
    await expect(plot(page, 'boundary').locator('.axes text').filter({ hasText: 'sepal_length_cm' })).toHaveCount(1);
    // The canvas's maps show the slice too.
    await expect(page.getByTestId('maps-dense-1')).toBeVisible();

    const before = await canvasPixels(boundary(page));
    const mapsBefore = await canvasPixels(plot(page, 'hidden-units').locator('canvas').first());
    const petalLength = plot(page, 'boundary').getByTestId('slice-value-2');
    await petalLength.focus();
    await page.keyboard.press('End');
    await expect(caption).toHaveText(/^Slice at petal_length_cm = 6\.\d\d, petal_width_cm = 1\.\d\d$/);
    await expect.poll(() => canvasPixels(boundary(page))).not.toBe(before);
    expect(await canvasPixels(plot(page, 'hidden-units').locator('canvas').first())).not.toBe(mapsBefore);
    // Long petals: the network calls the middle of the sepal plane virginica.
    const box = (await boundary(page).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect(page.getByTestId('boundary-readout')).toContainText('→ virginica');

    // Petal length against petal width on the axes; the sepals held at their means.
    await plot(page, 'boundary').getByTestId('slice-axis-x').selectOption({ label: 'petal_length_cm' });
    await plot(page, 'boundary').getByTestId('slice-axis-y').selectOption({ label: 'petal_width_cm' });
    await expect(caption).toHaveText(/^Slice at sepal_length_cm = 5\.\d\d, sepal_width_cm = 3\.\d\d \(the training rows’ means\)$/);
    await expect(plot(page, 'boundary').locator('.axes text').filter({ hasText: 'petal_width_cm' })).toHaveCount(1);
    // The petals separate the species: three regions, each point mostly in its own.
    await expect(plot(page, 'boundary').locator('path.class-boundary')).not.toHaveCount(0);
    await page.getByRole('button', { name: 'Means' }).click();
    await expect(caption).toHaveText(/^Slice at petal_length_cm = 3\.\d\d, petal_width_cm = 1\.\d\d \(the training rows’ means\)$/);

    // Scrubbed back in time, the frame is rebuilt over the same slice.
    const slider = page.getByRole('slider', { name: /^Time travel/ });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('scrub-label')).toContainText('epoch 0');
    await expect(caption).toContainText('petal_length_cm = 3.');
    await page.getByRole('button', { name: 'Go live' }).click();

    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await petalLength.focus();
      await page.keyboard.press('End');
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.waitForTimeout(300);
        await screenshot(page, `data-iris-slice-${size.width}x${size.height}-${theme}`);
      }
      await plot(page, 'boundary').screenshot({ path: `${SCREENSHOT_DIR}/data-iris-slice-boundary-${theme}.png` });
      await plot(page, 'loss').screenshot({ path: `${SCREENSHOT_DIR}/data-iris-loss-${theme}.png` });
    }
  });
});

test.describe('drawing points', () => {
  test('clicks and a brush add points, Erase and Clear remove them, Undo covers each stroke, and the boundary retrains as they are drawn', async ({ page }) => {
    await startWith(page, 'draw-your-own');
    const count = page.getByTestId('draw-count');
    await expect(count).toHaveText('12 points');
    const at = await planeToScreen(page);

    // A click: one point of the chosen class.
    await page.getByTestId('draw-class-1').check();
    let p = at(-0.8, -0.8);
    await page.mouse.click(p.x, p.y);
    await expect(count).toHaveText('13 points');
    // The run starts over on the new points by itself and trains to the end.
    await drawnRunDone(page);
    await expect(runStatus(page)).toBeVisible();

    // A brush stroke: several points, one undo step.
    const from = at(-1, 1);
    const to = at(0, 1);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y, { steps: 2 });
    await page.mouse.up();
    const brushed = Number((await count.innerText()).split(' ')[0]);
    expect(brushed).toBeGreaterThan(16);
    await page.keyboard.press(`${mod}+z`);
    await expect(count).toHaveText('13 points');
    await page.keyboard.press(`${mod}+y`);
    await expect(count).toHaveText(`${brushed} points`);
    await page.keyboard.press(`${mod}+z`);

    // Erase takes the point under the pointer; Undo brings it back.
    await page.getByRole('button', { name: 'Erase' }).click();
    p = at(-0.8, -0.8);
    await page.mouse.click(p.x, p.y);
    await expect(count).toHaveText('12 points');
    await page.keyboard.press(`${mod}+z`);
    await expect(count).toHaveText('13 points');
    await page.getByRole('button', { name: 'Erase' }).click();

    // Clear: an empty plane, and nothing to train on (the Problems list says what to do).
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(count).toHaveText('0 points');
    await expect(plot(page, 'boundary').locator('g.training-points circle')).toHaveCount(0);
    await expect(page.getByText('Drawn points has no examples to train on')).toBeVisible();
    await page.keyboard.press(`${mod}+z`);
    await expect(count).toHaveText('13 points');
    await drawnRunDone(page);
  });

  test('two moons drawn by hand train to a curved boundary; saved and reopened, they are the same points and the same run', async ({ page }, testInfo) => {
    await startWith(page, 'draw-your-own');
    await page.getByRole('button', { name: 'Clear' }).click();
    // Nothing left to train on: the plane waits, empty, in the same place.
    await expect(page.getByTestId('draw-behind')).toHaveCount(0);
    await expect(page.getByTestId('draw-count')).toHaveText('0 points');
    const at = await planeToScreen(page);
    const { upper, lower } = moons(14);
    const tools = page.getByTestId('draw-tools');
    await tools.getByTestId('draw-class-0').check();
    for (const [x, y] of upper) {
      const p = at(x, y);
      await page.mouse.click(p.x, p.y);
    }
    await tools.getByTestId('draw-class-1').check();
    for (const [x, y] of lower) {
      const p = at(x, y);
      await page.mouse.click(p.x, p.y);
    }
    await expect(page.getByTestId('draw-count')).toHaveText('28 points');
    await drawnRunDone(page);
    await expect(page.getByTestId('accuracy')).toHaveText('100%');
    // A curved boundary: the contour bends (many segments), not one straight line.
    const contour = await plot(page, 'boundary').locator('path.boundary-contour').first().getAttribute('d');
    expect((contour ?? '').split(/[LM]/).length).toBeGreaterThan(20);
    const loss = await page.getByTestId('loss').innerText();
    const predictions = await page.getByTestId('predictions').innerText();
    const pixels = await canvasPixels(boundary(page));
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByTestId('theme-toggle').click();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.waitForTimeout(300);
        await screenshot(page, `data-moons-${size.width}x${size.height}-${theme}`);
      }
      await plot(page, 'boundary').screenshot({ path: `${SCREENSHOT_DIR}/data-moons-boundary-${theme}.png` });
    }
    await page.getByTestId('theme-toggle').click();
    await page.setViewportSize({ width: 1280, height: 800 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(`${mod}+s`)]);
    const file = testInfo.outputPath('moons.nnd');
    await download.saveAs(file);
    const parsed = parseExperimentFile(file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const task = parsed.experiment.setup.task;
    if (task.dataset !== 'drawn') throw new Error(`saved as ${task.dataset}`);
    expect(task.columns.map((c) => [c.name, c.role, c.type])).toEqual([
      ['x', 'input', 'numeric'],
      ['y', 'input', 'numeric'],
      ['class', 'target', 'categorical'],
    ]);
    expect(task.rows).toHaveLength(28);
    expect(task.rows.filter((r) => r[2] === '0')).toHaveLength(14);
    // Where each point was clicked, within a pixel of the plane (2.5 units over some 300 px).
    const first = task.rows[0] as [number, number, string];
    expect(Math.abs(first[0] - upper[0][0])).toBeLessThan(0.02);
    expect(Math.abs(first[1] - upper[0][1])).toBeLessThan(0.02);
    expect(parsed.experiment.runs.at(-1)?.epoch).toBe(500);

    // Reopened: the same points, the run as it was (its weights, its loss, its plane).
    await startWith(page, 'xor-2-4-1');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles(file);
    await expect(page.getByTestId('document-title')).toContainText('moons');
    await expect(page.getByTestId('draw-count')).toHaveText('28 points');
    await expect(page.getByTestId('loss')).toHaveText(loss);
    await expect.poll(() => page.getByTestId('predictions').innerText()).toBe(predictions);
    await expect.poll(() => canvasPixels(boundary(page))).toBe(pixels);
    // Trained again from its seed, it ends where it ended.
    await setSpeed(page, 0);
    await trainToEnd(page);
    await expect(page.getByTestId('loss')).toHaveText(loss);
    expect(await canvasPixels(boundary(page))).toBe(pixels);
  });

  test('on an imported table of two inputs: test rows hollow, axes in the table’s units, a point drawn where the pointer reads it', async ({ page }, testInfo) => {
    // A table of 40 people (two clusters, in cm and kg), a quarter held out for testing.
    const fixture = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/files/valid/xor-2-4-1.nnd'), 'utf8'));
    const rows: (number | string)[][] = [];
    for (let i = 0; i < 40; i++) {
      const yes = i % 2 === 1;
      rows.push([(yes ? 180 : 160) + ((i * 7) % 11) - 5, (yes ? 85 : 60) + ((i * 5) % 9) - 4, yes ? 'yes' : 'no']);
    }
    fixture.name = 'Fits';
    fixture.setup.task = {
      dataset: 'table',
      name: 'Fits',
      columns: [
        { name: 'height_cm', role: 'input', type: 'numeric', scaler: 'zscore' },
        { name: 'weight_kg', role: 'input', type: 'numeric', scaler: 'zscore' },
        { name: 'fits', role: 'target', type: 'categorical', categories: ['no', 'yes'] },
      ],
      rows,
      split: { testPercent: 25, seed: 1 },
    };
    fixture.setup.training = { ...fixture.setup.training, epochs: 500, updateMode: 'batch', reduction: 'mean', learningRate: 2 };
    fixture.runs = [];
    const file = testInfo.outputPath('fits.nnd');
    writeFileSync(file, JSON.stringify(fixture));
    await startWith(page, 'xor-2-4-1');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles(file);
    await expect(page.getByTestId('document-title')).toContainText('fits');
    await setSpeed(page, 0);
    await trainToEnd(page);

    const card = plot(page, 'boundary');
    await expect(card.locator('g.training-points circle')).toHaveCount(30);
    await expect(card.locator('g.test-points circle.test-point')).toHaveCount(10);
    await expect(card.locator('.axes text').filter({ hasText: 'height_cm' })).toHaveCount(1);
    // Ticks in centimetres, not z-scores.
    await expect(card.locator('.axes text').filter({ hasText: /^1[5-8]\d$/ })).not.toHaveCount(0);
    await expect(page.getByTestId('draw-tools').getByRole('radio')).toHaveCount(2);
    await expect(page.getByTestId('draw-tools')).toContainText('yes');
    await expect(page.getByTestId('draw-target')).toHaveCount(0);
    await card.screenshot({ path: `${SCREENSHOT_DIR}/data-table-2d-boundary.png` });

    // Point at the plane, read where that is, draw a "yes" point there.
    await page.getByTestId('draw-class-1').check();
    const box = (await surface(page).boundingBox())!;
    const p = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.6 };
    await page.mouse.move(p.x, p.y);
    const readout = await page.getByTestId('boundary-readout').innerText();
    const [, h, w] = /height_cm (\d+\.\d), weight_kg (\d+\.\d\d)/.exec(readout) ?? [];
    await page.mouse.click(p.x, p.y);
    await expect(page.getByTestId('draw-count')).toHaveText('41 points');
    await expect(page.getByTestId('draw-behind')).toHaveCount(0, { timeout: 30_000 });
    await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(`${mod}+s`)]);
    const saved = testInfo.outputPath('fits-drawn.nnd');
    await download.saveAs(saved);
    const parsed = parseExperimentFile(saved);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const task = parsed.experiment.setup.task;
    if (task.dataset !== 'table') throw new Error(`saved as ${task.dataset}`);
    expect(task.split).toEqual({ testPercent: 25, seed: 1 });
    const drawn = task.rows.at(-1) as [number, number, string];
    expect(drawn[2]).toBe('yes');
    // As read (to its last digit shown): the point is where the pointer was, in centimetres and kilograms.
    expect(Math.abs(drawn[0] - Number(h))).toBeLessThanOrEqual(0.051);
    expect(Math.abs(drawn[1] - Number(w))).toBeLessThanOrEqual(0.0051);
  });

  test('a drawing of its own learns a number instead of classes, and takes a third class', async ({ page }) => {
    await startWith(page, 'draw-your-own');
    await page.getByRole('button', { name: '+ Class' }).click();
    await expect(page.getByTestId('draw-tools').getByRole('radio')).toHaveCount(3);
    // Three classes want three softmax outputs: the design says so, and nothing trains meanwhile.
    await expect(page.getByTestId('draw-count')).toHaveText('12 points');
    await page.keyboard.press(`${mod}+z`);
    await page.getByTestId('draw-target').selectOption('value');
    await expect(page.getByTestId('draw-value')).toBeVisible();
    await expect(page.getByTestId('class-legend')).toContainText('low');
  });
});

test.describe('accessibility of the data tools', () => {
  test('the slice’s controls, the confusion matrix’s switch and the drawing tools have no serious or critical axe finding, in either theme', async ({ page }) => {
    const findings = async (where: string): Promise<string[]> => {
      const results = await new AxeBuilder({ page }).setLegacyMode().include('[data-plot="boundary"]').include('[data-plot="confusion"]').analyze();
      const theme = await page.locator('html').getAttribute('data-theme');
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .flatMap((v) => v.nodes.map((n) => `${where}, ${theme}: ${v.id} ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
    };
    const found: string[] = [];
    for (const [preset, where] of [
      ['iris-4-8-3', 'Iris'],
      ['draw-your-own', 'drawing'],
    ] as const) {
      await startWith(page, preset);
      await trainToEnd(page);
      for (let i = 0; i < 2; i++) {
        found.push(...(await findings(where)));
        await page.getByTestId('theme-toggle').click();
      }
    }
    expect(found, found.join('\n')).toEqual([]);
  });
});
