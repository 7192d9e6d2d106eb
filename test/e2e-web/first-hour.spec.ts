/**
 * What a newcomer meets in the first hour, said truthfully: a reload shows what was there without
 * claiming a link was opened or offering back what is already on screen; training a preset is no
 * edit of it, and the question before it goes names the run and how long it took, with Save.
 */
import { expect, test, type Page } from '@playwright/test';
import { runStatus, setSetting, setSpeed, startWith, switchTo, train, trainingPanel } from './training-support';

const notices = (page: Page) => page.getByTestId('notice');
const recoveryNotice = (page: Page) => notices(page).filter({ hasText: 'Unsaved work on' });
const linkNotice = (page: Page) => notices(page).filter({ hasText: 'from the link' });
/** Whether the autosave copy (an experiment file's text) has `text` in it. */
const autosaved = (page: Page, text: string) => page.evaluate((t) => (JSON.parse(localStorage.getItem('nnd.autosave') ?? '{"text":""}') as { text: string }).text.includes(t), text);

/** Leaving with unsaved work: the browser asks; the test leaves (the recovery copy keeps the work). */
const leaveAnyway = (page: Page): void => void page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));

/** Trains to the end and waits for the run to be over. */
async function trainToEnd(page: Page): Promise<void> {
  await train(page);
  await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });
}

test.describe('the first hour', () => {
  test('training a preset is no edit of it: the question before the next preset names the run, how long it trained, and offers Save', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    // 10,000 updates at 5,000 a second: two seconds by the clock, a few milliseconds of arithmetic.
    await setSpeed(page, 5000);
    await trainToEnd(page);
    await expect(page.getByTestId('edited-marker')).toHaveCount(0);
    await expect(page.getByTestId('unsaved-run-marker')).toHaveText('● run not saved');
    // TIME is the run's wall time.
    const time = Number((await trainingPanel(page).getByTestId('run-time').innerText()).replace(/s$/, ''));
    expect(time).toBeGreaterThanOrEqual(1.8);
    expect(time).toBeLessThan(4);

    await page.getByTestId('open-presets').click();
    await page.getByTestId('preset-and-neuron').click();
    const ask = page.getByTestId('discard-dialog');
    await expect(ask).toContainText('Save the run you trained on “XOR with a hidden layer (2-4-1)”?');
    await expect(ask).toContainText(`The design is unchanged; the run you trained (10,000 epochs, ${time.toFixed(1)}s) will be lost if you don’t save it.`);
    await expect(ask).not.toContainText('Your changes');
    // Save is offered, first: it keeps the run, then the next preset opens.
    await expect(ask.getByRole('button', { name: 'Save', exact: true })).toBeFocused();
    await Promise.all([page.waitForEvent('download'), ask.getByRole('button', { name: 'Save', exact: true }).click()]);
    await expect(page.getByTestId('document-title')).toContainText('AND with a single neuron');

    // An edit is an edit: the marker and the question say so.
    await setSetting(page, 'learning-rate', '0.5');
    await expect(page.getByTestId('edited-marker')).toHaveText('● edited');
    await page.getByTestId('open-presets').click();
    await page.getByTestId('preset-xor-neuron').click();
    await expect(ask).toContainText('Your changes to the training settings will be lost if you don’t save them.');
    await ask.getByRole('button', { name: 'Cancel' }).click();
  });

  test('verdicts do not mislead: one shown while training says “so far”, and a run no better than chance says so and what to try', async ({ page }) => {
    await startWith(page, 'xor-neuron');
    // 4,000 updates at 1,000 a second: the stall shows long before the last epoch.
    await setSpeed(page, 1000);
    await train(page);
    await expect(runStatus(page)).toContainText(/^Stalled so far \(epoch [\d,]+ of 1,000\): the loss/);
    await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 30_000 });
    await expect(runStatus(page)).toContainText(/^Stalled: the loss/);

    // The post's 2-4-1 net stopped after 100 of its epochs: its four answers are half right, as a coin would be.
    await switchTo(page, 'xor-2-4-1');
    await setSpeed(page, 0);
    await setSetting(page, 'epochs', '100');
    // The run has not begun: its length is the new setting's.
    await expect(page.getByTestId('epoch')).toHaveText('0 / 100');
    await trainToEnd(page);
    await expect(runStatus(page)).toHaveText(
      'No better than chance: 50% of the samples right, where always answering the most common class gets 50%. The loss is still falling: train for more epochs (or with a larger learning rate).',
    );
  });

  test('one click applies the whole fix: a three-class task gets one output per class, softmax, cross-entropy and the training that trains it; Train on an empty canvas says why nothing happens', async ({ page }) => {
    await startWith(page, 'xor-2-4-1');
    await trainingPanel(page).getByTestId('task').selectOption('clusters');
    const problems = page.getByTestId('problems');
    await expect(problems).toContainText('Output has 1 unit but Clusters has 3 classes');
    const apply = problems.getByRole('button', { name: 'Apply: Output: 3 units, softmax, cross-entropy; averaged gradients' });
    await apply.click();
    await expect(page.getByTestId('design-valid')).toBeVisible();
    await expect(page.getByTestId('layer-output')).toHaveAttribute('data-units', '3');
    await expect(trainingPanel(page).getByRole('combobox', { name: 'Gradients' })).toHaveValue('mean');
    await setSpeed(page, 0);
    await trainToEnd(page);
    await expect(page.getByTestId('accuracy')).toHaveText('100%');
    // The fix was one edit: one undo takes all of it back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(trainingPanel(page).getByRole('combobox', { name: 'Gradients' })).toHaveValue('sum');
    await expect(problems).toContainText('Output has 1 unit but Clusters has 3 classes');

    leaveAnyway(page);
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByTestId('discard-dialog').getByRole('button', { name: 'Don’t Save' }).click();
    await train(page);
    await expect(page.getByTestId('run-idle')).toHaveText('Nothing to train: the canvas is empty.');
    await expect(page.getByTestId('empty-design')).toContainText('drag an Input, a Dense and an Output layer onto the canvas');
  });

  test('a reload says the truth: no link was opened, nothing is offered back that is on screen, and a trained run comes back as it was', async ({ page, context }) => {
    leaveAnyway(page);
    await startWith(page, 'xor-2-4-1');
    await expect.poll(() => page.url()).toMatch(/#experiment=/);
    await page.reload();
    await expect(page.getByTestId('document-title')).toContainText('XOR with a hidden layer (2-4-1)');
    await expect(page.getByTestId('gallery')).toBeHidden();
    await page.waitForTimeout(500);
    await expect(notices(page)).toHaveCount(0);
    await expect(page.getByTestId('edited-marker')).toHaveCount(0);

    // Trained, then reloaded: the run is back, still only a run that is not saved, and nothing asks.
    await setSpeed(page, 0);
    await trainToEnd(page);
    await expect.poll(() => autosaved(page, '"outcome": "converged"')).toBe(true);
    await page.reload();
    await expect(page.getByTestId('epoch')).toHaveText('10,000 / 10,000');
    // How long it took went with the page: not "0.0s".
    await expect(trainingPanel(page).getByTestId('run-time')).toHaveText('—');
    await expect(page.getByTestId('unsaved-run-marker')).toBeVisible();
    await expect(page.getByTestId('edited-marker')).toHaveCount(0);
    await page.waitForTimeout(500);
    await expect(notices(page)).toHaveCount(0);
    const link = page.url();
    await page.close();

    // The same link in a new tab is a link opened: it says so, and is not an edit. The work the
    // first tab left (its run) is offered, and restoring it asks nothing: the link's design is no unsaved work.
    const other = await context.newPage();
    leaveAnyway(other);
    await other.goto(link);
    await expect(linkNotice(other)).toBeVisible();
    await expect(other.getByTestId('edited-marker')).toHaveCount(0);
    await expect(other.getByTestId('unsaved-run-marker')).toHaveCount(0);
    await recoveryNotice(other).getByRole('button', { name: 'Restore it' }).click();
    await expect(other.getByTestId('epoch')).toHaveText('10,000 / 10,000');
    await expect(other.getByTestId('discard-dialog')).toHaveCount(0);
    await expect(other.getByTestId('unsaved-run-marker')).toBeVisible();

    // An edited design whose link is opened elsewhere: what the address reopened is not offered back.
    await switchTo(other, 'xor-neuron');
    await setSetting(other, 'learning-rate', '1.5');
    await expect.poll(() => autosaved(other, '"learningRate": 1.5')).toBe(true);
    await expect.poll(() => other.url()).toContain('#experiment=');
    await expect.poll(() => other.url()).not.toBe(link);
    const edited = other.url();
    await other.close();
    const third = await context.newPage();
    await third.goto(edited);
    await expect(linkNotice(third)).toBeVisible();
    await expect(trainingPanel(third).getByTestId('learning-rate')).toHaveValue('1.5');
    await third.waitForTimeout(500);
    await expect(recoveryNotice(third)).toHaveCount(0);
  });
});
