/**
 * axe-core over every screen, in both themes: the start screen, a canvas holding every kind of
 * layer with its problems, a trained preset with its plots and unsaved changes, the shortcut
 * list, the unsaved-changes prompt and a header menu. No serious or critical finding may remain;
 * a finding is reported with its rule, the elements and axe's summary, so the fix is in sight.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { NODE_TYPES } from '../../src-shared/layers';
import { layer } from './helpers/editor';
import { setSetting, setSpeed, startWith, switchTo, trainingPanel, trainOverSeeds, trainUntil } from './training-support';

/** The rules whose verdict depends on colours, the only thing a theme changes. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** The serious and critical findings on what is on show now (or in `within`), one line each. */
async function seriousFindings(page: Page, options: { within?: string; coloursOnly: boolean }): Promise<string[]> {
  // Legacy mode: one run in the page, without the blank page the frame-by-frame mode opens for each.
  let axe = new AxeBuilder({ page }).setLegacyMode();
  if (options.within) axe = axe.include(options.within);
  if (options.coloursOnly) axe = axe.withRules(COLOUR_RULES);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').replace(/^Fix (any|all) of the following: /, '')}`),
    );
}

interface Screen {
  name: string;
  /** A dialog or menu over a page already checked: only it is checked again. */
  within?: string;
  /** Brings the screen up (a dialog, a menu); the theme is switched while it is closed. */
  open?: () => Promise<void>;
  close?: () => Promise<void>;
}

/**
 * Checks a screen in the theme on show with every rule, then in the other one (switched as a
 * person does) with the colour rules: the themes differ only in colours.
 */
async function checkBothThemes(page: Page, screen: Screen): Promise<void> {
  const found: string[] = [];
  for (let i = 0; i < 2; i++) {
    const theme = await page.locator('html').getAttribute('data-theme');
    await screen.open?.();
    found.push(...(await seriousFindings(page, { within: screen.within, coloursOnly: i === 1 })).map((f) => `${screen.name}, ${theme}: ${f}`));
    await screen.close?.();
    await page.keyboard.press('ControlOrMeta+Shift+L');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme === 'dark' ? 'light' : 'dark');
  }
  expect(found, found.join('\n')).toEqual([]);
}

test.describe('accessibility', () => {
  test('no serious or critical axe findings on any screen, in the light and the dark theme', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.getByTestId('gallery')).toBeVisible();
    await checkBothThemes(page, { name: 'start screen', within: '[data-testid="gallery"]' });

    // A blank canvas with one layer of every kind, added from the palette: every kind's colour,
    // the problems list, a selected layer's inspector.
    await page.getByTestId('preset-blank').click();
    await expect(page.getByTestId('gallery')).toBeHidden();
    await checkBothThemes(page, { name: 'blank canvas' });
    for (const type of NODE_TYPES) await page.getByTestId(`palette-${type}`).click();
    await expect(page.locator('.react-flow__node')).toHaveCount(NODE_TYPES.length);
    await expect(page.getByTestId('problems')).toBeVisible();
    await checkBothThemes(page, { name: 'every kind of layer' });

    // A preset, trained, with an edit: the plots, the run, "edited", a valid design.
    await switchTo(page, 'xor-2-4-1');
    await setSpeed(page, 0);
    await setSetting(page, 'epochs', '5000');
    await trainUntil(page, 'Converged');
    await layer(page, 'dense-1').locator('.layer-header').click();
    await expect(page.getByTestId('edited-marker')).toBeVisible();
    await expect(page.getByTestId('design-valid')).toBeVisible();
    await checkBothThemes(page, { name: 'trained preset' });

    const exportMenu = page.getByRole('menu', { name: 'Export' });
    await checkBothThemes(page, {
      name: 'export menu',
      within: '.menu-list',
      open: async () => {
        await page.getByRole('button', { name: 'Export ▾' }).click();
        await expect(exportMenu).toBeVisible();
      },
      close: async () => {
        await page.keyboard.press('Escape');
        await expect(exportMenu).toBeHidden();
      },
    });
    await checkBothThemes(page, {
      name: 'shortcut list',
      within: '[data-testid="shortcuts"]',
      open: async () => {
        await page.keyboard.press('?');
        await expect(page.getByTestId('shortcuts')).toBeVisible();
      },
      close: async () => {
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('shortcuts')).toBeHidden();
      },
    });
    await checkBothThemes(page, {
      name: 'unsaved changes prompt',
      within: '[data-testid="discard-dialog"]',
      open: async () => {
        await page.getByTestId('open-presets').click();
        await page.getByTestId('preset-and-neuron').click();
        await expect(page.getByTestId('discard-dialog')).toBeVisible();
      },
      close: async () => {
        await page.getByTestId('discard-dialog').getByRole('button', { name: 'Cancel' }).click();
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('gallery')).toBeHidden();
      },
    });

    // The lesson panel: a step's text, its choice, and its check once trained.
    await page.getByTestId('open-presets').click();
    await page.getByTestId('take-lesson').click();
    await page.getByTestId('discard-dialog').getByRole('button', { name: 'Don’t Save' }).click();
    const lesson = page.getByTestId('lesson-panel');
    await lesson.getByRole('radio', { name: 'With one straight line' }).check();
    await trainUntil(page, 'Finished');
    await expect(lesson.getByTestId('lesson-check')).toContainText('✓ pass');
    await checkBothThemes(page, { name: 'lesson', within: '[data-testid="lesson-panel"]' });
  });

  test('no serious or critical axe findings on runs over seeds: the form, its progress and outcome, the band and its verdict', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    // Long runs, so the progress is still on show while axe looks at it.
    await setSetting(page, 'epochs', '40000');
    await trainOverSeeds(page, 100, '');
    await expect(trainingPanel(page).getByText(/about .* left/)).toBeVisible({ timeout: 30_000 });
    await checkBothThemes(page, { name: 'seeds training', within: '[data-testid="seeds-control"]' });
    await expect(trainingPanel(page).getByTestId('seeds-cancel')).toBeVisible();
    await trainingPanel(page).getByTestId('seeds-cancel').click();
    await expect(trainingPanel(page).getByTestId('seeds-outcome')).toContainText('Cancelled');
    await checkBothThemes(page, { name: 'seeds form', within: '[data-testid="seeds-control"]' });
    await checkBothThemes(page, { name: 'seeds card', within: '[data-plot="seeds"]' });
  });
});
