/**
 * Documents in the browser edition, the way a new user meets them: unsaved work is offered back
 * after a reload — and again after a second one, until it is restored or discarded; New and a
 * blank canvas start with nothing of the previous run on screen; a saved run reopens with the
 * post's "Epoch 2000 … 8000" lines and its time travel; Save keeps every run; the experiment
 * travels in a link, which asks before it replaces unsaved work.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { getPreset } from '../../src-shared/presets';
import { plot, setSetting, startWith, train, trainingPanel, trainUntil, vizPanel } from './training-support';

const recoveryNotice = (page: Page) => page.getByTestId('notice').filter({ hasText: 'Unsaved work on' });

/** Makes the document unsaved (a setting changed) and waits until the autosave has it. */
async function leaveUnsavedWork(page: Page, learningRate: string): Promise<void> {
  await setSetting(page, 'learning-rate', learningRate);
  await expect(page.getByTestId('edited-marker')).toBeVisible();
  await expect.poll(() => page.evaluate((lr) => localStorage.getItem('nnd.autosave')?.includes(`learningRate\\": ${lr}`) ?? false, learningRate)).toBe(true);
}

/** Reloads without the link in the address (so only the recovery copy can bring the work back), leaving unsaved work. */
async function reloadPlain(page: Page): Promise<void> {
  await page.goto('/');
}

/** Leaving with unsaved work: the browser asks; the test leaves (the recovery copy keeps the work). */
const leaveAnyway = (page: Page): void => void page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));

test.describe('documents', () => {
  test('unsaved work is offered back after a reload, and still after a second one, until restored or discarded', async ({ page }) => {
    leaveAnyway(page);
    await startWith(page, 'xor-2-4-1');
    await leaveUnsavedWork(page, '0.75');
    await reloadPlain(page);
    await expect(recoveryNotice(page)).toBeVisible();
    // Not answered: a second reload offers it again.
    await reloadPlain(page);
    await expect(recoveryNotice(page)).toBeVisible();
    // Closing the notice is "not now": it comes back.
    await recoveryNotice(page).getByRole('button', { name: 'Not now' }).click();
    await expect(recoveryNotice(page)).toHaveCount(0);
    await reloadPlain(page);
    await expect(recoveryNotice(page)).toBeVisible();

    // Restored: the work is back, unsaved, and the copy is not offered again (the autosave has it).
    await recoveryNotice(page).getByRole('button', { name: 'Restore it' }).click();
    await expect(page.getByTestId('gallery')).toBeHidden();
    await expect(trainingPanel(page).getByTestId('learning-rate')).toHaveValue('0.75');
    await expect(page.getByTestId('edited-marker')).toBeVisible();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('nnd.autosave')?.includes('learningRate\\": 0.75') ?? false)).toBe(true);
    await reloadPlain(page);
    const offered = recoveryNotice(page);
    await expect(offered).toBeVisible();
    // Discarded: gone for good.
    await offered.getByRole('button', { name: 'Discard' }).click();
    await expect(recoveryNotice(page)).toHaveCount(0);
    await reloadPlain(page);
    await expect(page.getByTestId('gallery')).toBeVisible();
    await page.waitForTimeout(500);
    await expect(recoveryNotice(page)).toHaveCount(0);
  });

  test('New and a blank canvas keep nothing of the previous run: progress, plots and notices go', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    await trainUntil(page, 'Converged');
    await page.getByRole('button', { name: 'Export ▾' }).click();
    await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Python script (NumPy)…' }).click()]);
    await expect(page.getByTestId('notice')).toHaveCount(1);

    leaveAnyway(page);
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByTestId('discard-dialog').getByRole('button', { name: 'Don’t Save' }).click();
    await expect(page.getByTestId('epoch')).toHaveCount(0);
    await expect(trainingPanel(page).getByRole('status').first()).toContainText('Not trained yet');
    await expect(vizPanel(page)).toHaveCount(0);
    await expect(page.getByRole('img', { name: /^Loss per epoch/ })).toHaveCount(0);
    await expect(page.getByTestId('notice')).toHaveCount(0);
    // Nothing comes back from the engine's last words about that run.
    await page.waitForTimeout(500);
    await expect(page.getByTestId('epoch')).toHaveCount(0);

    await startWith(page, 'xor-2-4-1');
    await trainUntil(page, 'Converged');
    await page.getByTestId('open-presets').click();
    await page.getByTestId('preset-blank').click();
    await page.getByTestId('discard-dialog').getByRole('button', { name: 'Don’t Save' }).click();
    await expect(page.getByTestId('gallery')).toBeHidden();
    await expect(page.getByTestId('epoch')).toHaveCount(0);
    await expect(vizPanel(page)).toHaveCount(0);
  });

  test('a saved run reopens with the post’s “Epoch 2000 … 8000” lines and time travel through the whole run; Save keeps every run', async ({ page }, testInfo) => {
    await startWith(page, 'xor-2-4-1');
    await trainUntil(page, 'Converged');
    // A second run: Train again adds it, it does not replace the first.
    await trainUntil(page, 'Converged');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    const file = testInfo.outputPath('xor.nnd');
    await download.saveAs(file);
    // (The app reads it back below: that is the check that it is a valid file.)
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { runs: { id: string; outcome?: string; accuracy?: number; settings?: { seed: number } }[] };
    expect(saved.runs.map((r) => r.id)).toEqual(['run-1', 'run-2']);
    expect(saved.runs.map((r) => [r.outcome, r.accuracy, r.settings?.seed])).toEqual([
      ['converged', 1, 42],
      ['converged', 1, 42],
    ]);

    await startWith(page, 'and-neuron');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles(file);
    await expect(page.getByTestId('document-title')).toContainText('xor');
    await expect(page.getByTestId('epoch')).toHaveText('10,000 / 10,000');
    const table = page.getByTestId('predictions');
    for (const line of getPreset('xor-2-4-1')!.postOutput) await expect(table).toContainText(line);
    await expect(plot(page, 'predictions').locator('.predictions__line--match')).toHaveCount(9);
    // Time travel: the frames before the saved state are there again (replayed from the seed).
    const slider = page.getByRole('slider', { name: /^Time travel/ });
    await expect.poll(async () => Number(await slider.getAttribute('max')), { timeout: 15_000 }).toBeGreaterThan(250);
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('scrub-label')).toContainText('epoch 0 · frame 1');
    await expect(plot(page, 'predictions')).toContainText('after 0 epochs');
    await expect(page.getByTestId('edited-marker')).toHaveCount(0);
  });

  test('the experiment travels in the link: opening it shows the design; over unsaved work it asks first', async ({ page, context }) => {
    await startWith(page, 'xor-2-4-1');
    await expect.poll(() => page.url()).toMatch(/#experiment=/);
    const before = page.url();
    await setSetting(page, 'learning-rate', '1.5');
    // The address follows the edit.
    await expect.poll(() => page.url()).not.toBe(before);
    const link = page.url();

    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByTestId('gallery')).toBeHidden();
    await expect(other.getByTestId('document-title')).toContainText('XOR with a hidden layer');
    await expect(trainingPanel(other).getByTestId('learning-rate')).toHaveValue('1.5');
    await expect(other.getByTestId('notice').filter({ hasText: 'from the link' })).toBeVisible();
    await train(other);
    await expect(trainingPanel(other).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });

    // Unsaved work here (a trained run): a pasted link asks before replacing it.
    const spiral = await context.newPage();
    await spiral.goto('/');
    await spiral.evaluate(() => localStorage.clear());
    await spiral.getByTestId('preset-spiral-3-softmax').click();
    await expect.poll(() => spiral.url()).toMatch(/#experiment=/);
    const spiralLink = spiral.url();
    await spiral.close();
    await other.evaluate((hash) => (window.location.hash = hash), new URL(spiralLink).hash);
    const ask = other.getByTestId('discard-dialog');
    await expect(ask).toBeVisible();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(other.getByTestId('document-title')).toContainText('XOR with a hidden layer');
    await expect(trainingPanel(other).getByTestId('learning-rate')).toHaveValue('1.5');
    await other.evaluate((hash) => (window.location.hash = hash), new URL(spiralLink).hash);
    await other.getByTestId('discard-dialog').getByRole('button', { name: 'Don’t Save' }).click();
    await expect(other.getByTestId('document-title')).toContainText('spiral', { ignoreCase: true });

    // A damaged link says so and changes nothing.
    await other.evaluate(() => (window.location.hash = '#experiment=not-a-real-experiment'));
    await expect(other.getByTestId('notice').filter({ hasText: /link is damaged|link is not valid/ })).toBeVisible();
    await expect(other.getByTestId('document-title')).toContainText('spiral', { ignoreCase: true });
  });
});
