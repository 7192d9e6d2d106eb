/**
 * Train over seeds, as a new user would: the 2-4-1 XOR over 10 seeds with "loss<0.01" shows the
 * median with its band, each run, and a verdict whose count and final losses are those
 * trainSweepRun gives here in Node for the same seeds (the command line's function); the saved
 * file holds the runs, in seed order, with the same numbers. Cancel on a longer one keeps what
 * finished.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { Run } from '../../src-shared/experiment';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { sweepCells, sweepRuns } from '../../src-shared/sweep/grid';
import { trainSweepRun } from '../../src-shared/sweep/run';
import { parseStopRule, type StopRule } from '../../src-shared/sweep/until';
import { seedsVerdict } from '../../src-renderer/viz/seeds-verdict';
import { plot, screenshot, setSetting, startWith, trainingPanel, trainOverSeeds } from './training-support';

const rule = parseStopRule('loss<0.01') as StopRule;

function headless(setup: ExperimentSetup, seeds: number, until: StopRule | null): Run[] {
  return sweepRuns(sweepCells(setup, []), seeds).map((s) => trainSweepRun(s.setup, until, new Date()));
}

async function savedRuns(page: Page, path: string): Promise<Run[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  await download.saveAs(path);
  return (JSON.parse(readFileSync(path, 'utf8')) as { runs: Run[] }).runs;
}

test('10 seeds of the 2-4-1 XOR: the band, each run, and the verdict trainSweepRun gives', async ({ page }, testInfo) => {
  const expected = headless(getPreset('xor-2-4-1')!.setup, 10, rule);
  const verdict = seedsVerdict(expected, rule);
  await startWith(page, 'xor-2-4-1');
  await trainOverSeeds(page, 10, 'loss<0.01');
  await expect(trainingPanel(page).getByTestId('seeds-outcome')).toContainText('10 runs trained', { timeout: 60_000 });
  await expect(trainingPanel(page).getByTestId('seeds-outcome')).toContainText('added to the experiment’s runs');

  const card = plot(page, 'seeds');
  await expect(card).toContainText('Loss over 10 seeds (42 to 51)');
  await expect(card.locator('svg[data-runs="10"]')).toHaveCount(1);
  await expect(card.locator('path.seeds-run')).toHaveCount(10);
  for (const part of ['seeds-band', 'seeds-median']) expect(((await card.locator(`path.${part}`).getAttribute('d')) ?? '').length).toBeGreaterThan(100);
  await expect(card.locator('line.seeds-rule')).toHaveCount(1);
  await expect(card.getByTestId('seeds-verdict')).toHaveText(verdict.headline);
  expect(verdict.headline).toMatch(/^reached loss < 0\.01 in \d+ of 10 seeds$/);
  await expect(card).toContainText(verdict.details[0]);
  // The loss plot stays beside it.
  await expect(plot(page, 'loss')).toBeVisible();
  await screenshot(page, 'seeds-xor');

  const runs = await savedRuns(page, testInfo.outputPath('seeds.nnd'));
  expect(runs.map((r) => r.settings?.seed)).toEqual([42, 43, 44, 45, 46, 47, 48, 49, 50, 51]);
  expect(runs.map((r) => r.id)).toEqual(expected.map((_, k) => `run-${k + 1}`));
  expect(runs.map((r) => [r.epoch, r.finalLoss])).toEqual(expected.map((r) => [r.epoch, r.finalLoss]));
});

test('Cancel keeps the runs that finished, in seed order', async ({ page }, testInfo) => {
  await startWith(page, 'xor-2-4-1');
  await setSetting(page, 'epochs', '40000');
  await trainOverSeeds(page, 100, '');
  const panel = trainingPanel(page);
  await expect(panel.getByTestId('seeds-progress')).toBeVisible();
  await expect(panel.getByText(/about .* left/)).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => Number(await panel.getByTestId('seeds-progress').getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await panel.getByTestId('seeds-cancel').click();
  const outcome = panel.getByTestId('seeds-outcome');
  await expect(outcome).toContainText(/^Cancelled: \d+ of 100 runs finished/);
  const kept = Number(/Cancelled: (\d+)/.exec((await outcome.textContent()) ?? '')?.[1]);
  expect(kept).toBeGreaterThanOrEqual(2);
  expect(kept).toBeLessThan(100);
  await expect(plot(page, 'seeds').locator(`svg[data-runs="${kept}"]`)).toHaveCount(1);
  await expect(plot(page, 'seeds')).toContainText('cancelled');

  const runs = await savedRuns(page, testInfo.outputPath('cancelled.nnd'));
  // Runs finish out of order across workers; those kept are not always the first seeds, but each holds its own seed's numbers.
  const seeds = runs.map((r) => r.settings?.seed as number);
  expect(runs).toHaveLength(kept);
  expect(seeds).toEqual([...seeds].sort((a, b) => a - b));
  const setup = getPreset('xor-2-4-1')!.setup;
  for (const run of runs.slice(0, 2)) {
    const alone = trainSweepRun({ ...setup, training: { ...setup.training, epochs: 40000, seed: run.settings?.seed as number } }, null, new Date());
    expect([run.epoch, run.finalLoss]).toEqual([alone.epoch, alone.finalLoss]);
  }
});
