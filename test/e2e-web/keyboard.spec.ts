/**
 * The keyboard alone: Space trains or pauses wherever focus is not in a text box or a list;
 * dialogs hold focus (the start screen starts on its first card, Tab never reaches the page
 * behind, Escape closes, focus goes back); the palette is one tab stop with arrow keys and
 * first letters; F2 edits the selected layer and Enter goes back; and the post's 2-4-1 is built
 * and trained from the start screen with every key counted. Copy link puts a link on the
 * clipboard that opens the same design.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { layer, mod, nodes } from './helpers/editor';
import { predictionValues, startWith, trainingPanel } from './training-support';

const trainButton = (page: Page, name: 'Pause' | 'Continue' | 'Train' | 'Train again'): Locator =>
  trainingPanel(page).getByRole('button', { name, exact: true });

/** Whether focus is inside `container` (Playwright's toBeFocused takes one element). */
const focusIsIn = (container: Locator): Promise<boolean> => container.evaluate((el) => el.contains(document.activeElement));

/** Presses Space where focus is and checks it started the run, then pauses it again with Space. */
async function spaceTrainsAndPauses(page: Page, where: string): Promise<void> {
  await page.keyboard.press(' ');
  await expect(trainButton(page, 'Pause'), `Space trains with focus on ${where}`).toBeVisible();
  await page.keyboard.press(' ');
  await expect(trainButton(page, 'Continue'), `Space pauses with focus on ${where}`).toBeVisible();
}

test.describe('keyboard', () => {
  test('Space trains or pauses wherever focus is not in a text box or a list', async ({ page }) => {
    // The watch pace takes seconds, so there is time to pause.
    await startWith(page, 'xor-2-4-1', { watch: true });
    await spaceTrainsAndPauses(page, 'the page');

    // A palette item: Space is not a click there (no second layer).
    const layers = await nodes(page).count();
    await page.getByTestId('palette-dense').focus();
    await spaceTrainsAndPauses(page, 'a palette item');
    expect(await nodes(page).count()).toBe(layers);

    // A layer on the canvas, clicked: React Flow's own Space (select, pan) does not take it.
    await layer(page, 'input').locator('.layer-header').click();
    await expect(page.locator('.react-flow__node[data-id="input"]')).toBeFocused();
    await spaceTrainsAndPauses(page, 'a layer on the canvas');
    await expect(page.getByTestId('inspector-layer')).toContainText('Input layer');

    // A header button and the pace's radio buttons.
    await page.getByRole('button', { name: 'Tidy' }).focus();
    await spaceTrainsAndPauses(page, 'a header button');
    await trainingPanel(page).getByRole('radio', { name: 'Watch' }).focus();
    await spaceTrainsAndPauses(page, 'the pace');

    // A text box types the space; a list keeps Space for itself.
    const name = page.getByRole('textbox', { name: 'Layer name' });
    await name.focus();
    for (const key of ['a', ' ', 'b']) await page.keyboard.press(key);
    await expect(name).toHaveValue('a b');
    await expect(trainButton(page, 'Continue')).toBeVisible();
    await page.keyboard.press('Escape');
    await layer(page, 'dense-1').locator('.layer-header').click();
    await page.getByTestId('inspector-activation').focus();
    await page.keyboard.press(' ');
    await expect(trainButton(page, 'Continue')).toBeVisible();
  });

  test('the start screen holds focus from its first card; Escape closes it and focus goes back', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const gallery = page.getByTestId('gallery');
    await expect(page.getByTestId('preset-and-neuron')).toBeFocused();

    // Round the dialog and past its start: Tab never lands on the page behind.
    const stops = await gallery.locator('button').count();
    const seen = new Set<string>();
    for (let i = 0; i < stops + 2; i++) {
      await page.keyboard.press('Tab');
      expect(await focusIsIn(gallery), `Tab ${i + 1} stays in the start screen`).toBe(true);
      seen.add(await page.evaluate(() => document.activeElement?.textContent ?? ''));
    }
    expect(seen.size).toBe(stops);
    await page.keyboard.press('Shift+Tab');
    expect(await focusIsIn(gallery)).toBe(true);

    // Escape on an empty canvas: the palette, where building starts.
    await page.keyboard.press('Escape');
    await expect(gallery).toBeHidden();
    await expect(page.getByTestId('palette-input')).toBeFocused();

    // Opened from the header: Escape gives focus back to the button that opened it.
    await page.getByTestId('open-presets').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('preset-and-neuron')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(gallery).toBeHidden();
    await expect(page.getByTestId('open-presets')).toBeFocused();
  });

  test('a dialog over the start screen takes Tab and Escape until it closes', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    await page.getByTestId('units-dense-1').fill('5');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('edited-marker')).toBeVisible();
    await page.getByTestId('open-presets').click();
    await page.getByTestId('preset-and-neuron').click();
    const prompt = page.getByTestId('discard-dialog');
    await expect(prompt.getByRole('button', { name: 'Save', exact: true })).toBeFocused();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await focusIsIn(prompt), `Tab ${i + 1} stays in the prompt`).toBe(true);
    }
    // Escape answers the prompt (Cancel), not the start screen under it, which gets focus back.
    await page.keyboard.press('Escape');
    await expect(prompt).toBeHidden();
    await expect(page.getByTestId('gallery')).toBeVisible();
    await expect(page.getByTestId('preset-and-neuron')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('gallery')).toBeHidden();

    // The shortcut list: the same, and it lists the keys for building without a mouse.
    await page.keyboard.press('?');
    const list = page.getByTestId('shortcuts');
    await expect(list.getByRole('button', { name: 'Close' })).toBeFocused();
    await page.keyboard.press('Tab');
    expect(await focusIsIn(list)).toBe(true);
    await expect(list).toContainText('Edit the selected layer’s settings');
    await expect(list).toContainText('Copy a link that opens this design');
    await expect(list.locator('kbd', { hasText: /^F2$/ }).first()).toBeVisible();
    await expect(list.locator('kbd', { hasText: /^Space$/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(list).toBeHidden();
  });

  test('the palette is one tab stop: arrow keys and first letters move in it, Enter adds', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByTestId('preset-blank').click();
    const palette = page.getByRole('toolbar', { name: 'Add a layer' });
    // A blank canvas hands focus to the palette's Input once the start screen has closed: wait for
    // that hand-off, or it lands after the focus below and takes it back.
    await expect(page.getByTestId('palette-input')).toBeFocused();
    await page.getByTestId('palette-dense').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('palette-activation')).toBeFocused();
    await page.keyboard.press('End');
    await expect(page.getByTestId('palette-output')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('palette-dense')).toBeFocused();
    await page.keyboard.press('d');
    await expect(page.getByTestId('palette-dropout')).toBeFocused();
    await page.keyboard.press('i');
    await expect(page.getByTestId('palette-input')).toBeFocused();

    // One stop: Tab leaves the list, Shift+Tab comes back to where it was.
    await page.keyboard.press('Tab');
    expect(await focusIsIn(palette)).toBe(false);
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByTestId('palette-input')).toBeFocused();
    expect(await palette.locator('[tabindex="0"]').count()).toBe(1);

    await page.keyboard.press('Enter');
    await expect(nodes(page)).toHaveCount(1);
    // F2 with the new layer selected edits it; Enter goes back to the palette.
    await page.keyboard.press('F2');
    await expect(page.getByTestId('inspector-units')).toBeFocused();
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('palette-input')).toBeFocused();
    await expect(page.getByTestId('facts-input')).toContainText('3 wide');
  });

  test('builds and trains the post’s 2-4-1 from the start screen with the keyboard alone, in at most 40 keys', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.getByTestId('preset-and-neuron')).toBeFocused();
    // Every key the page receives is counted (Shift+Tab is two), not only the ones this test means to press.
    await page.evaluate(() => {
      const counted = window as unknown as { keyPresses: number };
      counted.keyPresses = 0;
      window.addEventListener('keydown', (e) => e.repeat || counted.keyPresses++, true);
    });
    let presses = 0;
    const press = async (key: string): Promise<void> => {
      presses += key.split('+').length;
      await page.keyboard.press(key);
    };

    // The start screen: Blank canvas is the last card, four stops back from the first (×, Open a file…, Take the lesson).
    await press('Shift+Tab');
    await press('Shift+Tab');
    await press('Shift+Tab');
    await press('Shift+Tab');
    await expect(page.getByTestId('preset-blank')).toBeFocused();
    await press('Enter');
    await expect(page.getByTestId('palette-input')).toBeFocused();

    await press('Enter');
    await expect(nodes(page)).toHaveCount(1);
    await press('d');
    await press('Enter');
    await expect(nodes(page)).toHaveCount(2);
    await press('F2');
    await expect(page.getByTestId('inspector-units')).toBeFocused();
    await press('4');
    await press('Enter');
    await expect(page.getByTestId('palette-dense')).toBeFocused();
    await press('o');
    await press('Enter');
    await expect(nodes(page)).toHaveCount(3);
    await expect(page.getByTestId('design-valid')).toBeVisible();
    await press(' ');
    await expect(trainButton(page, 'Train again')).toBeVisible({ timeout: 60_000 });

    // The 2-4-1 on XOR, trained: connected in a chain, 4 hidden units, every prediction on the right side.
    await expect(page.getByTestId('facts-dense-1')).toContainText('4 wide');
    await expect(page.locator('.react-flow__edge')).toHaveCount(2);
    const [p00, p01, p10, p11] = await predictionValues(page);
    expect(p00).toBeLessThan(0.5);
    expect(p01).toBeGreaterThan(0.5);
    expect(p10).toBeGreaterThan(0.5);
    expect(p11).toBeLessThan(0.5);
    const received = await page.evaluate(() => (window as unknown as { keyPresses: number }).keyPresses);
    expect(received).toBe(presses);
    expect(presses).toBeLessThanOrEqual(40);
    console.log(`keyboard-only 2-4-1: ${presses} key presses`);
  });

  test('Copy link puts a link on the clipboard that opens the same design', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByTestId('preset-blank').click();
    await page.keyboard.press(`${mod}+Shift+K`);
    await expect(page.getByTestId('notice').filter({ hasText: 'nothing to link to' })).toBeVisible();

    await startWith(page, 'xor-2-4-1');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByTestId('notice').filter({ hasText: 'Link copied' })).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#experiment=/);

    // The shortcut copies the design as it is now, a field's value still being typed included.
    await page.getByTestId('units-dense-1').fill('6');
    await page.keyboard.press(`${mod}+Shift+K`);
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe(link);
    const edited = await page.evaluate(() => navigator.clipboard.readText());

    const other = await context.newPage();
    await other.goto(edited);
    await expect(other.getByTestId('gallery')).toBeHidden();
    await expect(other.getByTestId('document-title')).toContainText('XOR with a hidden layer');
    await expect(other.getByTestId('facts-dense-1')).toContainText('6 wide');
  });
});
