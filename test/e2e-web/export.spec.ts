/**
 * File → Export in the browser edition: the NumPy script is downloaded and run with python3, the
 * ONNX model is loaded with onnxruntime-web here in Node, and both must agree with the app's own
 * predictions table. Also: a crashed engine comes back with the run's weights, not fresh ones.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { exportDataCsv } from '../../src-shared/export/csv';
import { getPreset } from '../../src-shared/presets';
import { clickConnection } from './helpers/editor';
import { numpyPython, torchPython } from '../python';
import { predictionValues, runStatus, screenshot, startWith, train, trainingPanel } from './training-support';

ort.env.wasm.numThreads = 1;

const XOR = getPreset('xor-2-4-1')!;
const downloads = mkdtempSync(path.join(tmpdir(), 'nnd-e2e-export-'));

type ExportItem = 'Python script (NumPy)…' | 'Python script (PyTorch)…' | 'ONNX model…' | 'Data as CSV…';

async function chooseExport(page: Page, item: ExportItem): Promise<void> {
  await page.getByRole('button', { name: 'Export ▾' }).click();
  await page.getByRole('menu', { name: 'Export' }).getByRole('menuitem', { name: item }).click();
}

/** Exports and catches the download; returns where it was saved. */
async function exportAndSave(page: Page, item: ExportItem, expectedName: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), chooseExport(page, item)]);
  expect(download.suggestedFilename()).toBe(expectedName);
  const file = path.join(downloads, `${Date.now()}-${expectedName}`);
  await download.saveAs(file);
  return file;
}

const tableLines = async (page: Page): Promise<string[]> => (await page.getByTestId('predictions').innerText()).trim().split('\n');
const notices = (page: Page) => page.locator('.notices');

test.describe('export', () => {
  test('Data as CSV: Iris downloads as its own 150 rows, with the test rows marked', async ({ page }) => {
    const iris = getPreset('iris-4-8-3')!;
    await startWith(page, iris.id);
    const file = await exportAndSave(page, 'Data as CSV…', 'Iris- a table of your own kind-data.csv');
    await expect(notices(page)).toContainText('150 rows');
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(exportDataCsv(iris.setup.task).text);
    expect(text.split('\r\n').filter((l) => l.endsWith(',test'))).toHaveLength(30);
  });

  test('the NumPy script, run with python3, prints the app’s predictions table line for line', async ({ page }) => {
    await startWith(page, XOR.id);
    // Untrained is fine: the script trains the design itself, from the same seed.
    const file = await exportAndSave(page, 'Python script (NumPy)…', `${XOR.title}.py`);
    await expect(notices(page)).toContainText(`Exported ${XOR.title}.py`);
    const printed = execFileSync(numpyPython().command, [file], { encoding: 'utf8' }).trimEnd().split('\n');

    await train(page);
    await expect(runStatus(page)).toContainText('Converged', { timeout: 60_000 });
    await expect(page.getByTestId('epoch')).toHaveText('10,000 / 10,000');
    const table = await tableLines(page);
    expect(printed.slice(-4)).toEqual(table.slice(-4));
    expect(table.slice(-4).join('\n')).toMatch(/\[0 0\] → 0\.\d{4}/);
    // The loss lines it prints along the way are the ones the app shows, too.
    for (const line of printed.filter((l) => l.startsWith('Epoch'))) expect(table).toContain(line);
    await screenshot(page, 'export-numpy');
  });

  test('the PyTorch script holds the weights on screen: initial ones before training, trained ones after', async ({ page }) => {
    // Real PyTorch where a python3 here has it, else the NumPy stand-in of its API (test/python.ts).
    const torch = torchPython();
    const run = (file: string): string[] => execFileSync(torch.interpreter.command, [file], { encoding: 'utf8', env: torch.env }).trimEnd().split('\n');
    await startWith(page, XOR.id);
    const untrained = await exportAndSave(page, 'Python script (PyTorch)…', `${XOR.title}-torch.py`);
    await expect(notices(page)).toContainText('initial weights');
    const before = run(untrained);
    expect(before).toHaveLength(4);

    await train(page);
    await expect(runStatus(page)).toContainText('Converged', { timeout: 60_000 });
    const trained = await exportAndSave(page, 'Python script (PyTorch)…', `${XOR.title}-torch.py`);
    await expect(notices(page).last()).toContainText('It prints the same predictions as the app.');
    const table = await tableLines(page);
    expect(run(trained)).toEqual(table.slice(-4));
    expect(before).not.toEqual(table.slice(-4));
  });

  test('ONNX: untrained it says to train first; trained, onnxruntime gives the table’s numbers', async ({ page }) => {
    await startWith(page, XOR.id);
    let downloaded = 0;
    page.on('download', () => downloaded++);
    await chooseExport(page, 'ONNX model…');
    await expect(notices(page)).toContainText('Train the network first, then export it as ONNX');
    expect(downloaded).toBe(0);

    await train(page);
    await expect(runStatus(page)).toContainText('Converged', { timeout: 60_000 });
    const file = await exportAndSave(page, 'ONNX model…', `${XOR.title}.onnx`);
    await expect(notices(page)).toContainText('trained to epoch 10,000');

    const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(file)));
    const inputs = new ort.Tensor('float32', Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), [4, 2]);
    const outputs = await session.run({ [session.inputNames[0]]: inputs });
    const onnx = Array.from(outputs[session.outputNames[0]].data as Float32Array);
    const shown = await predictionValues(page);
    expect(shown).toHaveLength(4);
    // The table rounds to 4 decimals; float32 adds far less than that.
    onnx.forEach((v, i) => expect(Math.abs(v - shown[i])).toBeLessThanOrEqual(0.00005 + 1e-6));
  });

  test('a design with a problem is not exported; the notice names the problem and the fix', async ({ page }) => {
    await startWith(page, XOR.id);
    let downloaded = 0;
    page.on('download', () => downloaded++);
    // Click the middle of the dense → output connection and delete it.
    await clickConnection(page, 'dense-1', 'output');
    await expect(page.locator('.react-flow__edge.selected')).toHaveCount(1);
    await page.keyboard.press('Delete');
    const first = page.getByTestId('problems').locator('li').first();
    await expect(first).toContainText('is not connected to the next layer');
    const problem = await first.locator('.problem-message').innerText();
    const fix = await first.locator('.problem-fix').innerText();
    await chooseExport(page, 'Python script (NumPy)…');
    const notice = notices(page).getByRole('alert');
    await expect(notice).toContainText('Cannot export a Python script yet');
    await expect(notice).toContainText(problem);
    await expect(notice).toContainText(fix);
    await screenshot(page, 'export-refused-with-problem');
    expect(downloaded).toBe(0);
  });

  test('after the engine crashes, the new engine continues from the weights on screen', async ({ page }) => {
    await startWith(page, XOR.id);
    const started = Date.now();
    const panel = trainingPanel(page);
    // The post's XOR net updates on the full batch: one step is one epoch.
    for (let i = 0; i < 3; i++) await panel.getByRole('button', { name: 'Step' }).click();
    await expect(page.getByTestId('epoch')).toHaveText('3 / 10,000');
    const before = await predictionValues(page);

    // A crash within seconds of starting counts as a crash loop (no automatic restart): wait past it.
    await page.waitForTimeout(Math.max(0, 5500 - (Date.now() - started)));
    const [worker] = page.workers();
    await worker.evaluate(() => void setTimeout(() => {
      throw new Error('engine crash for the test');
    }));
    await expect(notices(page)).toContainText('A new engine was started');
    await expect.poll(() => page.workers().length).toBe(1);
    expect(page.workers()[0]).not.toBe(worker);

    // The new engine was handed the run: same epoch, same predictions (fresh weights would show epoch 0).
    await expect(page.getByTestId('epoch')).toHaveText('3 / 10,000');
    await expect.poll(() => predictionValues(page)).toEqual(before);
    // And it trains on from there.
    await panel.getByRole('button', { name: 'Step' }).click();
    await expect(page.getByTestId('epoch')).toHaveText('4 / 10,000');
    expect(await predictionValues(page)).not.toEqual(before);
  });
});
