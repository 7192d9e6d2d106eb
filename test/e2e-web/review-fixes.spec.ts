/**
 * Fixes from review, in the browser edition: a value still being typed counts for Save and Train;
 * an engine that gave up leaves the panel stopped with a Restart control.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseExperiment } from '../../src-shared/experiment/parse';
import { mod, openPreset } from './helpers/editor';
import { runStatus, setSpeed, startWith, trainingPanel, vizPanel } from './training-support';

test('Ctrl+S while a number field still has focus saves the value typed in it', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await openPreset(page, 'xor-2-4-1');
  const field = trainingPanel(page).getByTestId('learning-rate');
  await field.fill('0.75'); // typed, not yet committed (no Enter, no blur)
  await expect(field).toBeFocused();

  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(`${mod}+s`)]);
  const file = testInfo.outputPath('saved.nnd');
  await download.saveAs(file);
  const parsed = parseExperiment(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  expect(parsed.experiment.setup.training.learningRate).toBe(0.75);
  // What was saved is the document: nothing is left unsaved.
  await expect(page.getByTestId('edited-marker')).toHaveCount(0);
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

test('an engine that crashed twice leaves the panel stopped, with Restart engine until it is restarted', async ({ page }) => {
  // Every crash counts as "again" (the page's clock stands still), so the first one gives up.
  await page.clock.setFixedTime(new Date('2026-01-01T12:00:00Z'));
  // The engine breaks shortly after it is told to train.
  await page.route('**/*engine-worker*', async (route) => {
    const original = await (await route.fetch()).text();
    const breaker = "self.addEventListener('message', (e) => { if (e.data && e.data.type === 'train') setTimeout(() => { throw new Error('engine broke for the test'); }, 300); });\n";
    await route.fulfill({ contentType: 'text/javascript', body: breaker + original });
  });
  await startWith(page, 'xor-2-4-1');
  await setSpeed(page, 4);
  const panel = trainingPanel(page);
  await panel.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Pause' })).toBeVisible();

  const restart = panel.getByTestId('restart-engine');
  await expect(restart).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: /^(Train|Continue|Train again)$/ })).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Step' })).toBeDisabled();

  await page.unroute('**/*engine-worker*');
  await restart.click();
  await expect(restart).toHaveCount(0);
  await setSpeed(page, 0);
  const train = panel.getByRole('button', { name: /^(Train|Continue|Train again)$/ });
  await expect(train).toBeEnabled();
  await train.click();
  await expect(runStatus(page)).toContainText(/Converged|Stalled|Converging/, { timeout: 30_000 });
});
