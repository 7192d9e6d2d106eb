/**
 * The post's lesson taken as a learner would, with real clicks: opened from the start screen,
 * the choice answered, Train pressed, the post's numbers on screen and the check passed; then the
 * single neuron on XOR, answered wrongly, shows it gets no more than three of four right, and
 * passes its own check; Leave keeps the experiment. Reopening offers to resume where it was left;
 * resumed at step 3, the rest of the lesson to its end (the learner's step over 10 seeds in a
 * worker). A lesson file opens through the file chooser; a malformed one opens nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import { POST_LESSON } from '../../src-shared/lessons/post';
import { getPreset } from '../../src-shared/presets';
import { setSpeed, train, trainingPanel } from './training-support';

const panel = (page: Page) => page.getByTestId('lesson-panel');

async function trainToEnd(page: Page): Promise<void> {
  await setSpeed(page, 0);
  await train(page);
  await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 60_000 });
}

test('the post’s lesson: AND passes with the post’s numbers, the XOR neuron fails 100% and passes its own check, Leave, resume', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId('gallery').getByRole('button', { name: 'Take the lesson' }).click();
  await expect(page.getByTestId('gallery')).toBeHidden();

  // Step 1: one neuron learns AND.
  await expect(panel(page)).toContainText('step 1 of 5');
  await expect(panel(page).getByRole('heading', { name: 'One neuron learns AND' })).toBeVisible();
  await expect(page.getByTestId('document-title')).toContainText('One neuron learns AND');
  const next = panel(page).getByRole('button', { name: 'Next' });
  await expect(next).toBeDisabled();
  // The design is kept as it is: no palette to add layers from.
  await expect(page.getByRole('navigation', { name: 'Layers' })).toHaveCount(0);
  const layerField = page.locator('.layer-controls').getByRole('spinbutton').or(page.locator('.layer-controls').getByRole('textbox')).or(page.locator('.layer-controls').getByRole('combobox'));
  await expect(layerField.first()).toBeDisabled();
  await panel(page).getByRole('radio', { name: 'With one straight line' }).check();
  await trainToEnd(page);
  const check = panel(page).getByTestId('lesson-check');
  await expect(check).toContainText('✓ pass');
  await expect(check).toContainText('the 4 lines of the table match');
  for (const line of getPreset('and-neuron')?.postOutput ?? []) await expect(page.getByTestId('predictions')).toContainText(line);
  await expect(panel(page).getByTestId('lesson-predict-outcome')).toHaveText('You said: With one straight line. Training bears out: With one straight line — as you said.');
  await expect(next).toBeEnabled();
  await next.click();

  // Step 2: the same neuron on XOR.
  await expect(panel(page)).toContainText('step 2 of 5');
  await expect(panel(page).getByRole('heading', { name: 'The same neuron fails on XOR' })).toBeVisible();
  await expect(next).toBeDisabled();
  await panel(page).getByRole('radio', { name: 'Yes' }).check();
  await trainToEnd(page);
  for (const line of getPreset('xor-neuron')?.postOutput ?? []) await expect(page.getByTestId('predictions')).toContainText(line);
  await expect(check).toContainText('✓ pass');
  // Nowhere near 100%: at most three of the four right, as a straight line must.
  await expect(check).toContainText(/accuracy ≤ 75% in 1 of 1 seed \(loss 0\.\d+, accuracy (25|50|75)\.0%\)/);
  await expect(panel(page).getByTestId('lesson-predict-outcome')).toHaveText('You said: Yes. Training bears out: No — not what you said.');
  await expect(next).toBeEnabled();

  // Reset step loads the step's setup again: its check waits for a new run.
  await panel(page).getByRole('button', { name: 'Reset step' }).click();
  await expect(check).toContainText('Press Train');
  await expect(check).not.toContainText('✓ pass');

  await panel(page).getByRole('button', { name: 'Leave lesson' }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(page.getByTestId('document-title')).toContainText('The same neuron fails on XOR');
  await expect(page.getByRole('navigation', { name: 'Layers' })).toBeVisible();
  await expect(layerField.first()).toBeEnabled();

  // Back to the lesson from the start screen: it offers to resume at step 2.
  await page.getByTestId('open-presets').click();
  await page.getByTestId('gallery').getByRole('button', { name: 'Take the lesson' }).click();
  // The trained run is unsaved work: the page asks before the lesson replaces it.
  const discard = page.getByTestId('discard-dialog');
  await expect(discard.or(panel(page))).toBeVisible();
  if (await discard.isVisible()) await discard.getByRole('button', { name: 'Don’t Save' }).click();
  await expect(panel(page)).toContainText('step 1 of 5');
  await panel(page).getByRole('button', { name: 'Resume at step 2' }).click();
  await expect(panel(page)).toContainText('step 2 of 5');
  await expect(panel(page).getByRole('radio', { name: 'Yes' })).toBeChecked();
  // Passed before: Next is open without training again.
  await expect(next).toBeEnabled();
});

test('the rest of the post’s lesson, resumed at step 3: the 2-4-1’s numbers, the addition table, and the learner’s step checked over 10 seeds in a worker', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((title) => {
    localStorage.clear();
    localStorage.setItem(`nnd-lesson-progress:${title}`, JSON.stringify({ index: 2, answers: {}, passed: ['and', 'xor-neuron'] }));
  }, POST_LESSON.title);
  await page.reload();
  await page.getByTestId('take-lesson').click();
  await panel(page).getByRole('button', { name: 'Resume at step 3' }).click();
  const check = panel(page).getByTestId('lesson-check');
  const next = panel(page).getByRole('button', { name: 'Next' });

  // Step 3: the sketch question is shown; the 2-4-1 prints the post's loss lines and outputs.
  await expect(panel(page).getByRole('heading', { name: 'A hidden layer solves XOR' })).toBeVisible();
  await expect(panel(page).getByTestId('lesson-predict')).toContainText('Sketching on the plane comes later');
  await trainToEnd(page);
  await expect(check).toContainText('✓ pass');
  await expect(check).toContainText(`the ${getPreset('xor-2-4-1')?.postOutput.length} lines of the table match; loss < 0.001`);
  for (const line of getPreset('xor-2-4-1')?.postOutput ?? []) await expect(page.getByTestId('predictions')).toContainText(line);
  await next.click();

  // Step 4: addition, the post's sums.
  await expect(panel(page).getByRole('heading', { name: 'A deeper network learns to add' })).toBeVisible();
  await panel(page).getByRole('radio', { name: 'Near 0 + 0 and 99 + 99' }).check();
  await trainToEnd(page);
  await expect(check).toContainText('✓ pass', { timeout: 30_000 });
  await expect(panel(page).getByTestId('lesson-predict-outcome')).toContainText('— as you said.');
  await next.click();

  // Step 5: the learner's own network; its check trains 10 seeds off the page's thread.
  await expect(panel(page).getByRole('heading', { name: /Your turn/ })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Layers' })).toBeVisible(); // nothing locked: the palette is back
  await trainToEnd(page);
  await expect(check).toContainText(/✓ pass: 4 hidden units ≤ 4; loss < 0\.01 within 5000 epochs in (9|10) of 10 seeds \(8 needed\)/, { timeout: 60_000 });
  await expect(panel(page)).toContainText('You have finished the lesson.');
  await expect(next).toBeDisabled();
});

test('a lesson file opens through the file chooser; a malformed one lists its problems and opens nothing', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const broken = { ...POST_LESSON, steps: [{ ...POST_LESSON.steps[0], id: 'x', from: { preset: 'no-such-preset' } }, { ...POST_LESSON.steps[1], id: 'x' }] };
  let chooser = page.waitForEvent('filechooser');
  await page.getByTestId('gallery').getByRole('button', { name: 'Open a file…' }).click();
  await (await chooser).setFiles({ name: 'broken.nndlesson', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const problems = page.getByTestId('file-problems');
  await expect(problems).toContainText('broken.nndlesson could not be opened');
  await expect(problems).toContainText('steps[0].from.preset');
  await expect(problems).toContainText('steps[1].id');
  await page.keyboard.press('Escape');
  await expect(panel(page)).toHaveCount(0);

  const mine = { format: 'nn-designer-lesson', version: 1, title: 'Mine', steps: [{ id: 'one', title: 'XOR by **hand**', text: 'Train it:\n\n- press **Train**\n- read `loss`', from: { preset: 'xor-2-4-1' }, hide: ['palette'] }] };
  if (!(await page.getByTestId('gallery').isVisible())) await page.getByTestId('open-presets').click();
  chooser = page.waitForEvent('filechooser');
  await page.getByTestId('gallery').getByRole('button', { name: 'Open a file…' }).click();
  await (await chooser).setFiles({ name: 'mine.nndlesson', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await expect(panel(page)).toContainText('Lesson: Mine · step 1 of 1');
  // Markdown as elements, never as HTML: bold and code are elements, the list is a list.
  await expect(panel(page).locator('li strong')).toHaveText('Train');
  await expect(panel(page).locator('li code')).toHaveText('loss');
  await expect(page.getByRole('navigation', { name: 'Layers' })).toHaveCount(0);
  await expect(panel(page)).toContainText('Nothing to check here');
});
