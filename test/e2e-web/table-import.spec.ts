/**
 * Tables of your own in the browser edition: a real CSV through the file chooser and through a
 * drop, the preview's role and type edits, bad files' messages (column, data row, line, what to
 * do) with the current experiment untouched, Iris from the gallery trained to ≥ 95 %, and a row
 * typed into the form predicted in the table's terms. Screenshots of the dialog in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SCREENSHOT_DIR, screenshot } from './helpers/editor';
import { runStatus, setSpeed, startWith, trainingPanel } from './training-support';

const IRIS = path.resolve(import.meta.dirname, '../../src-shared/presets/data/iris.csv');

async function fresh(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
}

/** File → Import data (the browser edition: Recent ▾ → Import data…) with a file picked in the chooser. */
async function importThroughChooser(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  if (await page.getByTestId('gallery').isVisible()) await page.getByRole('button', { name: 'Close' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Recent ▾' }).click();
  await page.getByRole('menuitem', { name: 'Import data…' }).click();
  await (await chooser).setFiles(file);
}

/** Drops a file onto the window as the browser delivers one dragged from the desktop. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content], fileName, { type: 'text/csv' }));
      const target = document.querySelector('[data-testid="canvas"]') ?? document.body;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [name, text] as const,
  );
}

const dialog = (page: Page) => page.getByTestId('table-import');

/** axe-core's serious and critical findings within `selector`, one line each. */
async function seriousFindings(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode().include(selector).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`));
}

test.describe('importing a table', () => {
  test('a CSV through the file chooser: preview, roles and types, then a new unsaved 4 → 8 → 3 experiment', async ({ page }) => {
    await fresh(page);
    await page.getByTestId('preset-xor-2-4-1').click();
    await importThroughChooser(page, IRIS);
    const d = dialog(page);
    await expect(d).toBeVisible();
    await expect(d).toContainText('CSV · 150 rows · 5 columns');
    // The first rows as read, and each column's detected type and values.
    await expect(page.getByTestId('table-rows')).toContainText('5.1');
    await expect(page.getByTestId('column-species')).toContainText('3 categories: setosa, versicolor, virginica');
    await expect(page.getByTestId('column-sepal_length_cm')).toContainText('numbers');
    await expect(page.getByTestId('table-summary')).toContainText('Import makes 120 training rows and 30 test rows; 4 inputs to predict species (3 classes); the design 4 → 8 tanh → 3 softmax.');
    // Nothing has changed behind the dialog.
    await expect(page.getByTestId('document-title')).toContainText('XOR with a hidden layer');

    // Roles and types: ignoring a column narrows the inputs; a numeric column made categorical becomes one-hot inputs.
    await d.getByLabel('Role of sepal_width_cm').selectOption('ignore');
    await expect(page.getByTestId('table-summary')).toContainText('3 inputs');
    await d.getByLabel('Type of petal_width_cm').selectOption('categorical');
    await expect(page.getByTestId('column-petal_width_cm')).toContainText('one-hot');
    await expect(page.getByTestId('table-summary')).toContainText('24 inputs');
    await d.getByLabel('Type of petal_width_cm').selectOption('numeric');
    await d.getByLabel('Scaler of petal_length_cm').selectOption('minmax');
    // Making a measurement the target turns it into regression; the old target becomes an input.
    await d.getByLabel('Role of petal_length_cm').selectOption('target');
    await expect(d.getByLabel('Role of species')).toHaveValue('input');
    await expect(page.getByTestId('table-summary')).toContainText('to predict the number in petal_length_cm');
    await d.getByLabel('Role of species').selectOption('target');
    await expect(page.getByTestId('table-summary')).toContainText('to predict species (3 classes)');
    await d.getByLabel('Role of sepal_width_cm').selectOption('input');
    await page.getByTestId('table-import-button').click();

    await expect(d).toBeHidden();
    await expect(page.getByTestId('document-title')).toContainText('iris');
    await expect(page.getByTestId('edited-marker')).toBeVisible();
    await expect(page.locator('.react-flow__node')).toHaveCount(3);
    await expect(page.getByTestId('data-card')).toContainText('150 rows: 120 training, 30 test');
    await expect(page.getByTestId('data-card').getByLabel('Scaler of petal_length_cm')).toHaveValue('minmax');

    // The card in the Task panel: a new target breaks the design's ends; one click fits a design again; each is one undo step.
    const card = page.getByTestId('data-card');
    await card.getByLabel('Role of petal_length_cm').selectOption('target');
    await expect(card.getByLabel('Role of species')).toHaveValue('input');
    await expect(page.getByRole('complementary', { name: 'Layers and problems' }).getByText('Output has 3 units but iris needs 1')).toBeVisible();
    await card.getByTestId('data-card-refit').click();
    await expect(card).toContainText('regression');
    await expect(page.getByTestId('data-card-refit')).toBeHidden();
    await expect(page.locator('.react-flow__node')).toHaveCount(3);
    await expect(page.getByText('network is ready to train')).toBeVisible();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByTestId('data-card-refit')).toBeVisible();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(card.getByLabel('Role of species')).toHaveValue('target');
    await expect(page.getByText('network is ready to train')).toBeVisible();
    await card.getByTestId('data-card-test-percent').fill('0');
    await card.getByTestId('data-card-test-percent').press('Enter');
    await expect(card).toContainText('150 rows; 4 inputs; species: 3 classes');
  });

  test('a table dropped onto the window opens the same dialog; Cancel leaves the experiment as it was', async ({ page }) => {
    await fresh(page);
    await page.getByTestId('preset-xor-2-4-1').click();
    await dropFile(page, 'iris.csv', readFileSync(IRIS, 'utf8'));
    await expect(dialog(page)).toContainText('Import iris.csv');
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog(page)).toBeHidden();
    await expect(page.getByTestId('document-title')).toContainText('XOR with a hidden layer');
    await expect(page.getByTestId('edited-marker')).toBeHidden();
    // A JSON list of rows dropped is a table too; Import replaces the unedited design without asking.
    await dropFile(page, 'rows.json', JSON.stringify([{ x: 1, y: 2, label: 'a' }, { x: 2, y: 1, label: 'b' }, { x: 3, y: 3, label: 'a' }, { x: 4, y: 0, label: 'b' }]));
    await expect(dialog(page)).toContainText('JSON · 4 rows · 3 columns');
    await page.getByTestId('table-import-button').click();
    await expect(page.getByTestId('document-title')).toContainText('rows');
  });

  test('bad files: each says what is wrong, where, and what to do; the current experiment stays', async ({ page }) => {
    await fresh(page);
    await page.getByTestId('preset-xor-2-4-1').click();
    const report = page.getByTestId('file-problems');
    const refused = async (name: string, text: string, message: string): Promise<void> => {
      await dropFile(page, name, text);
      await expect(report).toContainText(`${name} could not be imported`);
      await expect(report).toContainText(message);
      await expect(report).toContainText('Nothing was changed');
      await report.getByRole('button', { name: 'OK' }).click();
      await expect(page.getByTestId('document-title')).toContainText('XOR with a hidden layer');
    };
    await refused('empty.csv', '', 'empty.csv is empty: a table needs a header row and at least one data row.');
    await refused('one.csv', 'value\n1\n2\n', 'one.csv has one column ("value"): a table needs at least two, an input and a target.');

    // A file too large is refused by its size before it is read.
    await page.evaluate(() => {
      const part = new Uint8Array(1024 * 1024);
      const data = new DataTransfer();
      data.items.add(new File(Array.from({ length: 200 }, () => part), 'huge.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
    });
    await expect(report).toContainText('huge.csv is 200 MB; tables of up to 100 MB (5,000,000 cells) can be imported. Use fewer rows or columns.');
    await report.getByRole('button', { name: 'OK' }).click();

    // Text in a numeric column and a ragged row: named in the dialog, which offers to drop those rows.
    const rows = ['x,y,label', ...Array.from({ length: 20 }, (_, i) => (i === 4 ? '5,n/a,a' : i === 9 ? '10,20' : `${i + 1},${2 * i},${i % 2 ? 'b' : 'a'}`))];
    await dropFile(page, 'holes.csv', `${rows.join('\n')}\n`);
    const d = dialog(page);
    await expect(d.getByRole('alert')).toContainText('Column "y", data row 5 (line 6): holds "n/a" where the column holds numbers');
    await expect(d.getByRole('alert')).toContainText('data row 10 (line 11): has 2 cells where the header has 3 columns');
    await expect(page.getByTestId('column-y')).toContainText('1 cell not a number');
    await expect(page.getByTestId('table-import-button')).toBeDisabled();
    await page.getByTestId('table-drop-rows').check();
    await expect(page.getByTestId('table-summary')).toContainText('Dropped 2 of 20 rows with missing or unreadable cells.');
    await expect(page.getByTestId('table-import-button')).toBeEnabled();

    // A target of 10,000 distinct values says what it probably is; making it ignored fixes it.
    await d.getByRole('button', { name: 'Cancel' }).click();
    await dropFile(page, 'ids.csv', `x,id\n${Array.from({ length: 10_000 }, (_, i) => `${i},id-${i}`).join('\n')}\n`);
    await expect(d.getByRole('alert')).toContainText('"id" has 10,000 distinct values: as a target that is 10,000 classes, and a table can have up to 100.');
    await d.getByRole('button', { name: 'Cancel' }).click();

    // A byte order mark and semicolons with decimal commas read as they should.
    await dropFile(page, 'semi.csv', '\ufeffa;b;label\n1,5;2;x\n3,25;4;y\n2,0;1;x\n');
    await expect(d).toContainText('semicolon-separated · 3 rows · 3 columns');
    await expect(d).toContainText('Numbers written with a decimal comma (1,5) were read as 1.5.');
    await expect(page.getByTestId('table-rows')).toContainText('3.25');
    await expect(page.getByTestId('column-a')).toContainText('numbers');
    await d.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('document-title')).toContainText('XOR with a hidden layer');
    await expect(page.getByTestId('edited-marker')).toBeHidden();
  });

  test('a large file shows its progress, and the page answers clicks while it is read', async ({ page }) => {
    await fresh(page);
    await page.getByTestId('preset-xor-2-4-1').click();
    const lines = ['a,b,c,label'];
    for (let i = 0; i < 100_000; i++) lines.push(`${i},${(i * 7) % 13},${(i % 101) / 7},${i % 3 ? 'p' : 'q'}`);
    await dropFile(page, 'long.csv', lines.join('\n'));
    await expect(page.getByTestId('table-reading')).toContainText('Reading long.csv');
    // The main thread is free: a frame is painted within a frame's time of asking.
    const gap = await page.evaluate(() => new Promise<number>((resolve) => {
      const t0 = performance.now();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }));
    expect(gap).toBeLessThan(200);
    // Cancel while it reads. The reading may end first (a quick machine, or a click delayed by
    // load): then the dialog opens, and its own Cancel leaves the experiment as it was.
    const cancel = page.getByTestId('table-reading').getByRole('button', { name: 'Cancel' });
    const done = await Promise.race([
      cancel.click({ timeout: 20_000 }).then(() => 'cancelled' as const, () => 'read' as const),
      dialog(page).waitFor({ timeout: 20_000 }).then(() => 'read' as const),
    ]);
    if (done === 'read' && (await dialog(page).isVisible())) await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('table-reading')).toBeHidden();
    await expect(dialog(page)).toBeHidden();
    await expect(page.getByTestId('document-title')).toContainText('XOR with a hidden layer');
  });

  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`the dialog at ${width}×${height} in the ${theme} theme`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await fresh(page);
        await page.evaluate((t) => localStorage.setItem('nnd.theme', t), theme);
        await page.reload();
        await page.getByTestId('preset-xor-2-4-1').click();
        const rows = ['sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,colour,species', ...readFileSync(IRIS, 'utf8').trim().split(/\r?\n/).slice(1).map((l, i) => {
          const cells = l.split(',');
          return [...cells.slice(0, 4).map((c, j) => (i === 3 && j === 1 ? 'n/a' : c)), ['red', 'green', 'blue'][i % 3], cells[4]].join(',');
        })];
        await dropFile(page, 'iris-with-colour.csv', `${rows.join('\n')}\n`);
        await expect(page.getByTestId('table-verdict')).toContainText('cannot be imported');
        await screenshot(page, `table-import-${width}x${height}-${theme}-problems`);
        expect(await seriousFindings(page, '[data-testid="table-import"]')).toEqual([]);
        await page.getByTestId('table-drop-rows').check();
        await expect(page.getByTestId('table-summary')).toBeVisible();
        await screenshot(page, `table-import-${width}x${height}-${theme}`);
        expect(await seriousFindings(page, '[data-testid="table-import"]')).toEqual([]);
        // The Task panel's data card and, once trained, the row form, in the same theme.
        await page.getByTestId('table-import-button').click();
        await expect(page.getByTestId('data-card')).toBeVisible();
        await setSpeed(page, 0);
        await trainingPanel(page).getByRole('button', { name: 'Train', exact: true }).click();
        await expect(page.getByTestId('row-predicted')).toBeVisible({ timeout: 60_000 });
        await page.getByTestId('row-prediction').scrollIntoViewIfNeeded();
        await screenshot(page, `table-task-panel-${width}x${height}-${theme}`);
        await page.getByTestId('data-card').screenshot({ path: path.join(SCREENSHOT_DIR, `table-data-card-${width}x${height}-${theme}.png`) });
        expect(await seriousFindings(page, '[aria-label="Inspector and training"]')).toEqual([]);
      });
    }
  }
});

test.describe('Iris from the gallery', () => {
  test('trains to ≥ 95 % training accuracy with the default design; a typed row is predicted as a species', async ({ page }) => {
    await startWith(page, 'iris-4-8-3');
    await expect(page.getByTestId('gallery')).toBeHidden();
    await setSpeed(page, 0);
    await trainingPanel(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 60_000 });
    await expect(runStatus(page)).toBeVisible();
    const accuracy = await page.getByTestId('accuracy').innerText();
    expect(Number(/([\d.]+)%/.exec(accuracy)?.[1])).toBeGreaterThanOrEqual(95);

    const form = page.getByTestId('row-prediction');
    await expect(form).toBeVisible();
    // A large iris: long, wide petals.
    await form.getByLabel('sepal_length_cm').fill('7.2');
    await form.getByLabel('sepal_width_cm').fill('3.2');
    await form.getByLabel('petal_length_cm').fill('6.0');
    await form.getByLabel('petal_width_cm').fill('2.2');
    await expect(form.getByTestId('row-predicted')).toContainText('virginica');
    // A small one: setosa.
    await form.getByLabel('petal_length_cm').fill('1.4');
    await form.getByLabel('petal_width_cm').fill('0.2');
    await form.getByLabel('sepal_length_cm').fill('5.0');
    await form.getByLabel('sepal_width_cm').fill('3.4');
    await expect(form.getByTestId('row-predicted')).toContainText('setosa');
    await expect(form.getByTestId('row-predicted')).toContainText(/\d+(\.\d)? %/);
    await form.getByLabel('petal_width_cm').fill('wide');
    await expect(form).toContainText('petal_width_cm needs a number, not "wide"');
    await screenshot(page, 'iris-row-prediction');
  });

  test('About names the Iris data’s source and licences', async ({ page }) => {
    await fresh(page);
    await expect(page.getByTestId('preset-iris-4-8-3')).toContainText('Data: UCI ML Repository, CC BY 4.0 (see About).');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('about-button').click();
    await expect(page.getByTestId('data-credits')).toContainText('Iris data: R. A. Fisher (1936), from the UCI Machine Learning Repository (CC BY 4.0); this copy from scikit-learn’s bundled data (BSD-3-Clause).');
  });
});
