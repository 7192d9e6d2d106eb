/**
 * Shared steps for the training and visualization specs: start from a preset, change settings,
 * train until a status shows, read the plots.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export { screenshot } from './helpers/editor';

export const trainingPanel = (page: Page): Locator => page.getByRole('region', { name: 'Training', exact: true });
export const vizPanel = (page: Page): Locator => page.getByRole('region', { name: 'Visualizations', exact: true });
export const plot = (page: Page, id: string): Locator => page.locator(`[data-plot="${id}"]`);
export const runStatus = (page: Page): Locator => page.getByTestId('run-status');

/**
 * A fresh app (storage cleared) with a preset open. Runs go at full speed unless `watch` is
 * asked for: these tests are about numbers; the default pace, for a person, is tested on its own.
 */
export async function startWith(page: Page, presetId: string, options: { watch?: boolean } = {}): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await switchTo(page, presetId);
  if (!options.watch) await setSpeed(page, 0);
}

/** Opens a preset, dropping the current run's unsaved weights if the app asks. */
export async function switchTo(page: Page, presetId: string): Promise<void> {
  if (!(await page.getByTestId('gallery').isVisible())) await page.getByTestId('open-presets').click();
  await page.getByTestId(`preset-${presetId}`).click();
  const discard = page.getByTestId('discard-dialog');
  if (await discard.isVisible().catch(() => false)) await discard.getByRole('button', { name: 'Don’t Save' }).click();
  await expect(page.getByTestId('gallery')).toBeHidden();
  // The preset is loaded into the engine: its initial weights are on show.
  await expect(plot(page, 'weights')).toBeVisible();
}

export async function train(page: Page): Promise<void> {
  await trainingPanel(page).getByRole('button', { name: /^(Train|Continue|Train again)$/ }).click();
}

/** Trains to the end of the run; its status says how it ended: Converged, Stalled, diverged. */
export async function trainUntil(page: Page, status: string, timeout = 60_000): Promise<void> {
  await train(page);
  await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout });
  await expect(runStatus(page)).toContainText(status);
}

/** The numbers after "→" in the predictions table, one per line. */
export async function predictionValues(page: Page): Promise<number[]> {
  const text = await page.getByTestId('predictions').innerText();
  return [...text.matchAll(/→ ([\d.]+)/g)].map((m) => Number(m[1]));
}

export async function canvasPixels(canvas: Locator): Promise<string> {
  return canvas.evaluate((el) => (el as HTMLCanvasElement).toDataURL());
}

/** Slow-motion speeds as the panel's slider offers them (SLOW_SPEEDS in the training store). */
const SLOW_SPEEDS = [1, 4, 15, 60, 250, 1000, 5000];

/** The pace's radio buttons: Watch, Full speed, Slow motion. */
export const pace = (page: Page, name: 'Watch' | 'Full speed' | 'Slow motion'): Locator =>
  trainingPanel(page).getByRole('radiogroup', { name: 'Pace' }).getByRole('radio', { name });

/** Sets the speed as a person would: Full speed (0) with one click, slow motion with its slider and the keyboard. */
export async function setSpeed(page: Page, updatesPerSecond: number): Promise<void> {
  if (updatesPerSecond === 0) {
    await pace(page, 'Full speed').check();
    await expect(pace(page, 'Full speed')).toBeChecked();
    return;
  }
  await pace(page, 'Slow motion').check();
  const slider = trainingPanel(page).getByRole('slider', { name: 'Updates per second' });
  await slider.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < SLOW_SPEEDS.indexOf(updatesPerSecond); i++) await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', new RegExp(`^${updatesPerSecond.toLocaleString('en-US')} update`));
}

/** Types a training setting and commits it with Enter. */
export async function setSetting(page: Page, testId: string, value: string): Promise<void> {
  const field = trainingPanel(page).getByTestId(testId);
  await field.fill(value);
  await field.press('Enter');
}

/** "Train over seeds…" with N seeds and a stop rule ("" for none), as a person fills it in. */
export async function trainOverSeeds(page: Page, seeds: number, until: string): Promise<void> {
  const panel = trainingPanel(page);
  await panel.getByRole('button', { name: 'Train over seeds…' }).click();
  await panel.getByTestId('seeds-count').fill(String(seeds));
  await panel.getByTestId('seeds-until').fill(until);
  await panel.getByTestId('seeds-start').click();
}
