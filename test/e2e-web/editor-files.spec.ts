/**
 * Files in the browser edition: Save downloads a real .nnd file that parses back to the design,
 * with a value still being typed in it; Open reads real files from disk; a broken file shows its
 * problems and changes nothing; unsaved changes are asked about before they are replaced.
 */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { parseExperimentFile } from './helpers/parse-file';
import { layer, mod, nodes, openPreset, selectLayer } from './helpers/editor';
import { predictionValues, trainingPanel } from './training-support';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/files');

test.describe('files', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
  });

  test('Save downloads the experiment; it reads back with the edited design', async ({ page }, testInfo) => {
    await openPreset(page, 'xor-2-4-1');
    await page.getByTestId('units-dense-1').fill('5');
    await page.getByTestId('units-dense-1').press('Enter');
    await expect(page.getByTestId('edited-marker')).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(`${mod}+s`)]);
    expect(download.suggestedFilename()).toBe('XOR with a hidden layer (2-4-1).nnd');
    const file = testInfo.outputPath('saved.nnd');
    await download.saveAs(file);
    const parsed = parseExperimentFile(file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const dense = parsed.experiment.setup.design.nodes.find((n) => n.id === 'dense-1');
    expect(dense?.type === 'dense' && dense.params.units).toBe(5);
    expect(parsed.experiment.setup.task).toEqual({ dataset: 'xor' });
    expect(parsed.experiment.setup.training.learningRate).toBe(2);
    expect(parsed.experiment.name).toBe('XOR with a hidden layer (2-4-1)');
    await expect(page.getByTestId('edited-marker')).toHaveCount(0);

    // The saved file opens again (the file picker reads it from disk), with its edit.
    await openPreset(page, 'and-neuron');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles(file);
    await expect(page.getByTestId('document-title')).toContainText('saved');
    await expect(layer(page, 'dense-1')).toHaveAttribute('data-units', '5');
    // …and it is in the recent list.
    await page.getByRole('button', { name: 'Recent ▾' }).click();
    await expect(page.getByRole('menuitem', { name: 'saved.nnd' })).toBeVisible();
  });

  test('a trained file whose node list was reordered predicts as before; one whose merge inputs were reordered shows no run, and says why', async ({ page }) => {
    const open = async (name: string): Promise<void> => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Open…' }).click();
      await (await chooser).setFiles(path.join(FIXTURES, 'runs', name));
      await expect(page.getByTestId('document-title')).toContainText(name.replace('.nnd', ''));
    };
    await openPreset(page, 'and-neuron');
    await open('skip-trained.nnd');
    await expect(page.getByTestId('predictions')).toContainText('→');
    const trained = await predictionValues(page);
    expect(trained).toHaveLength(4);
    await open('skip-nodes-reordered.nnd');
    await expect(page.getByTestId('predictions')).toContainText('→');
    expect(await predictionValues(page)).toEqual(trained);
    await open('skip-inputs-reordered.nnd');
    await expect(page.getByText(/run-1 is kept in the file but not shown or continued: it was trained on an earlier design \(Concatenate \(skip\) takes its inputs in another order/)).toBeVisible();
    await expect(page.getByTestId('predictions')).not.toContainText(trained.map((v) => v.toFixed(4)).join(''));
    expect(await predictionValues(page)).not.toEqual(trained);
  });

  test('opens a trained file from the fixtures', async ({ page }) => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('gallery').getByRole('button', { name: 'Open a file…' }).click();
    await (await chooser).setFiles(path.join(FIXTURES, 'valid/xor-2-4-1-trained.nnd'));
    await expect(page.getByTestId('gallery')).toBeHidden();
    await expect(page.getByTestId('document-title')).toContainText('xor-2-4-1-trained');
    await expect(nodes(page)).toHaveCount(3);
    await expect(layer(page, 'dense-1')).toHaveAttribute('data-units', '4');
    await expect(page.getByTestId('design-valid')).toBeVisible();
    // Restoring the saved run is not an edit.
    await page.waitForTimeout(1000);
    await expect(page.getByTestId('edited-marker')).toHaveCount(0);
  });

  test('a broken file shows its problems and keeps the current design', async ({ page }) => {
    await openPreset(page, 'addition-2-16-16-1');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles(path.join(FIXTURES, 'broken/units-too-many.nnd'));
    const dialog = page.getByTestId('file-problems');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('units-too-many.nnd could not be opened');
    await expect(dialog).toContainText('setup.design.nodes[1].params.units');
    await expect(dialog).toContainText('got 5000');
    await expect(dialog).toContainText('got 2.5');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('document-title')).toContainText('Addition (2-16-16-1)');
    await expect(nodes(page)).toHaveCount(4);
  });

  test('asks before replacing unsaved changes: Cancel keeps them, Don’t Save drops them', async ({ page }) => {
    await openPreset(page, 'xor-2-4-1');
    await selectLayer(page, 'dense-1');
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('edited-marker')).toBeVisible();

    await page.getByRole('button', { name: 'New', exact: true }).click();
    const dialog = page.getByTestId('discard-dialog');
    await expect(dialog).toContainText('Save the changes to “XOR with a hidden layer (2-4-1)”?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(nodes(page)).toHaveCount(2);

    await page.getByTestId('open-presets').click();
    await page.getByTestId('preset-and-neuron').click();
    await dialog.getByRole('button', { name: 'Don’t Save' }).click();
    await expect(page.getByTestId('document-title')).toContainText('AND with a single neuron');
    await expect(page.getByTestId('edited-marker')).toHaveCount(0);
  });

  test('unsaved work is kept in the browser: a reload brings it back as it was, still unsaved, without asking', async ({ page }) => {
    await openPreset(page, 'xor-2-4-1');
    await page.getByTestId('units-dense-1').fill('7');
    await page.getByTestId('units-dense-1').press('Enter');
    // The autosave runs about a second after the last change.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('nnd.autosave') !== null), { timeout: 5000 }).toBe(true);
    page.on('dialog', (d) => void d.accept()); // the beforeunload warning
    await page.reload();
    await expect(layer(page, 'dense-1')).toHaveAttribute('data-units', '7');
    await expect(page.getByTestId('edited-marker')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Restore it' })).toHaveCount(0);
  });

  test('Ctrl+S while a number field still has focus saves the value typed in it', async ({ page }, testInfo) => {
    await openPreset(page, 'xor-2-4-1');
    const field = trainingPanel(page).getByTestId('learning-rate');
    await field.fill('0.75'); // typed, not yet committed (no Enter, no blur)
    await expect(field).toBeFocused();

    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(`${mod}+s`)]);
    const file = testInfo.outputPath('saved.nnd');
    await download.saveAs(file);
    const parsed = parseExperimentFile(file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.experiment.setup.training.learningRate).toBe(0.75);
    // What was saved is the document: nothing is left unsaved.
    await expect(page.getByTestId('edited-marker')).toHaveCount(0);
  });
});
