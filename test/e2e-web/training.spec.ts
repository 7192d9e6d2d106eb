/**
 * The training panel against the real engine in a Web Worker: the post's XOR failure and its
 * fix with the post's numbers, Step and Reset, stale runs, divergence, Train from a menu
 * accelerator while a field is being typed in, and an engine that crashed twice on one design.
 */
import { expect, test } from '@playwright/test';
import { getPreset } from '../../src-shared/presets';
import { mod } from './helpers/editor';
import {
  plot,
  predictionValues,
  runStatus,
  screenshot,
  setSetting,
  setSpeed,
  startWith,
  switchTo,
  train,
  trainUntil,
  trainingPanel,
  vizPanel,
} from './training-support';

test.describe('training', () => {
  test('the single neuron stalls near 0.5 on XOR; the 2-4-1 net solves it with the post’s numbers', async ({ page }) => {
    await startWith(page, 'xor-neuron');
    await trainUntil(page, 'Stalled', 30_000);
    await expect(page.getByTestId('epoch')).toHaveText('1,000 / 1,000');
    // The page's CSP lets the engine's worker compile its WebAssembly kernel.
    await expect(page.getByTestId('speed')).toHaveAttribute('data-kernel', 'webassembly');
    const stuck = await predictionValues(page);
    expect(stuck).toHaveLength(4);
    for (const v of stuck) {
      expect(v).toBeGreaterThanOrEqual(0.35);
      expect(v).toBeLessThanOrEqual(0.65);
    }
    await expect(runStatus(page)).toContainText('add a Dense layer');
    await screenshot(page, 'training-xor-neuron-stalled');

    await switchTo(page, 'xor-2-4-1');
    await trainUntil(page, 'Converged');
    await expect(page.getByTestId('epoch')).toHaveText('10,000 / 10,000');
    const [p00, p01, p10, p11] = await predictionValues(page);
    expect(p00).toBeLessThan(0.1);
    expect(p01).toBeGreaterThan(0.9);
    expect(p10).toBeGreaterThan(0.9);
    expect(p11).toBeLessThan(0.1);
    // Digit for digit what the post printed: the loss lines and the four predictions.
    const table = await page.getByTestId('predictions').innerText();
    for (const line of getPreset('xor-2-4-1')?.postOutput ?? []) expect(table).toContain(line);
    for (const value of ['0.0085', '0.9931', '0.9930', '0.0065']) expect(table).toContain(value);
    await expect(plot(page, 'predictions').locator('.predictions__line--match')).toHaveCount(9);
    await screenshot(page, 'training-xor-2-4-1-converged');
  });

  test('Step runs one update at a time and Reset goes back to the initial weights', async ({ page }) => {
    await startWith(page, 'xor-neuron');
    const panel = trainingPanel(page);
    const before = (await page.getByTestId('predictions').textContent()) ?? '';
    // Per-sample updates on 4 examples: four steps make one epoch.
    for (let i = 0; i < 4; i++) await panel.getByRole('button', { name: 'Step' }).click();
    await expect(page.getByTestId('epoch')).toHaveText('1 / 1,000');
    await expect(page.getByTestId('predictions')).not.toHaveText(before);
    await panel.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByTestId('epoch')).toHaveText('0 / 1,000');
    await expect(page.getByTestId('predictions')).toHaveText(before);
  });

  test('changing a setting makes the run stale, and Train starts a new run with it', async ({ page }) => {
    await startWith(page, 'and-neuron');
    await train(page);
    await expect(page.getByTestId('epoch')).toHaveText('1,000 / 1,000', { timeout: 30_000 });
    await setSetting(page, 'epochs', '500');
    await expect(trainingPanel(page).getByRole('status').filter({ hasText: 'changed since this run' })).toBeVisible();
    await expect(vizPanel(page)).toContainText('The design has changed since this run was loaded');
    await train(page);
    await expect(page.getByTestId('epoch')).toHaveText('500 / 500', { timeout: 30_000 });
    // The edit is an ordinary undoable change of the document.
    await page.getByRole('button', { name: /undo/i }).first().click();
    await expect(trainingPanel(page).getByTestId('epochs')).toHaveValue('1000');
  });

  test('regularisation: L2 shows its rate (0.001), refuses a rate that is not positive, trains, and None takes it away (undo brings it back)', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    const panel = trainingPanel(page);
    await expect(panel.getByTestId('regularization')).toHaveValue('none');
    await expect(panel.getByTestId('regularization-rate')).toHaveCount(0);
    await panel.getByTestId('regularization').selectOption('l2');
    await expect(panel.getByTestId('regularization-rate')).toHaveValue('0.001');
    await expect(panel).toContainText('the loss shown leaves it out');
    await panel.getByTestId('regularization-rate').fill('-1');
    await expect(panel.getByRole('alert')).toHaveText('Must be a positive number');
    await setSetting(page, 'regularization-rate', '0.0005');
    await setSetting(page, 'epochs', '2000');
    // The penalty keeps the loss off zero (0.005018, as the engine computes it): right answers, and the verdict says why it settled.
    await trainUntil(page, 'Stalled: the loss (0.005018)');
    await expect(runStatus(page)).toContainText('The L2 penalty (rate 0.0005) holds the weights back');
    expect((await predictionValues(page)).map((v) => Math.round(v))).toEqual([0, 1, 1, 0]);
    await panel.getByTestId('regularization').selectOption('none');
    await expect(panel.getByTestId('regularization-rate')).toHaveCount(0);
    await page.keyboard.press(`${mod}+z`);
    await expect(panel.getByTestId('regularization')).toHaveValue('l2');
    await expect(panel.getByTestId('regularization-rate')).toHaveValue('0.0005');
  });

  test('a learning rate of 1e6 reports divergence, says which rate to try, and draws no NaN', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    // A sigmoid output saturates instead of overflowing; a linear one lets the weights explode.
    await page.getByTestId('activation-output').selectOption('linear');
    await setSetting(page, 'learning-rate', '1e6');
    await trainUntil(page, 'diverged', 30_000);
    await expect(runStatus(page)).toContainText('learning rate of 100000 or smaller');
    await expect(vizPanel(page)).toContainText('nothing is drawn');
    // No NaN or Infinity is shown as a value, and no plot of the broken weights is drawn.
    for (const shown of [vizPanel(page), page.getByTestId('loss'), page.getByTestId('epoch')]) {
      expect(await shown.innerText()).not.toMatch(/NaN|Infinity/);
    }
    await expect(page.getByTestId('loss')).toHaveText('diverged');
    await expect(plot(page, 'boundary')).toHaveCount(0);
    await expect(plot(page, 'weights')).toHaveCount(0);
    await screenshot(page, 'training-diverged');
  });

  test('Train from a menu accelerator while a number field has focus trains with the value typed in it', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    await page.getByTestId('activation-output').selectOption('linear');
    const field = trainingPanel(page).getByTestId('learning-rate');
    await field.fill('1e6');
    await expect(field).toBeFocused();
    // The desktop menu's accelerator reaches the page as a command, not as a key the field sees.
    await page.evaluate((ctrl) => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: ctrl, metaKey: !ctrl })), mod === 'Control');
    await expect(runStatus(page)).toContainText('diverged', { timeout: 30_000 });
    await expect(runStatus(page)).toContainText('learning rate of 100000 or smaller');
    // The run used the typed value: leaving the field changes nothing the run depends on.
    await page.getByTestId('document-title').click();
    await expect(vizPanel(page)).not.toContainText('The design has changed since this run was loaded');
  });

  test('an engine that crashed twice on the same design leaves the panel stopped, with the reason and Restart engine', async ({ page }) => {
    // The engine breaks shortly after it is told to train.
    await page.route('**/*engine-worker*', async (route) => {
      const original = await (await route.fetch()).text();
      const breaker = "self.addEventListener('message', (e) => { if (e.data && e.data.type === 'train') setTimeout(() => { throw new Error('engine broke for the test'); }, 300); });\n";
      await route.fulfill({ contentType: 'text/javascript', body: breaker + original });
    });
    await startWith(page, 'xor-2-4-1');
    await setSpeed(page, 4);
    const panel = trainingPanel(page);
    const train = panel.getByRole('button', { name: /^(Train|Continue|Train again)$/ });
    await train.click();
    await expect(panel.getByRole('button', { name: 'Pause' })).toBeVisible();

    // The first crash: a new engine is started by itself and gets the design again.
    await expect(page.getByText('A new engine was started')).toBeVisible();
    await expect(train).toBeEnabled();
    await train.click();

    // The same design brings it down again: no third engine, and the notice says why.
    const restart = panel.getByTestId('restart-engine');
    await expect(restart).toBeVisible();
    await expect(page.getByText('It stopped twice while working on the same design, so it was not restarted by itself.')).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Pause' })).toHaveCount(0);
    await expect(train).toBeDisabled();
    await expect(panel.getByRole('button', { name: 'Step' })).toBeDisabled();

    await page.unroute('**/*engine-worker*');
    await restart.click();
    await expect(restart).toHaveCount(0);
    await setSpeed(page, 0);
    await expect(train).toBeEnabled();
    await train.click();
    await expect(runStatus(page)).toContainText(/Converged|Stalled|Converging/, { timeout: 30_000 });
  });
});
