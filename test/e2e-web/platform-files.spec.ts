/**
 * The browser edition's platform, in Chromium: the file `npm start -- file.nnd` names opens at
 * start (the preview server offers it at __open/<name>, the page asks for it with ?open=<name>);
 * a file over the size limit is said to be too large, with its size, and is never read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { nodes } from './helpers/editor';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/files');

test.describe('browser edition files', () => {
  test('opens the file named on the command line, once', async ({ page }) => {
    let served = 0;
    await page.route('**/__open/xor-2-4-1-trained.nnd', async (route) => {
      served++;
      await route.fulfill({ contentType: 'application/json', body: readFileSync(path.join(FIXTURES, 'valid/xor-2-4-1-trained.nnd')) });
    });
    await page.goto('/?open=xor-2-4-1-trained.nnd');
    await expect(page.getByTestId('document-title')).toContainText('xor-2-4-1-trained');
    await expect(nodes(page)).toHaveCount(3);
    // The query is spent: a reload does not open the file again over later work.
    expect(new URL(page.url()).search).toBe('');
    // A reload shows the design from the page's own address (the experiment link), not the file again.
    await page.reload();
    await expect(nodes(page)).toHaveCount(3);
    expect(served).toBe(1);
  });

  test('says when the named file cannot be had', async ({ page }) => {
    await page.route('**/__open/gone.nnd', (route) => route.fulfill({ status: 404, body: 'Cannot read gone.nnd: no such file' }));
    await page.goto('/?open=gone.nnd');
    const dialog = page.getByTestId('file-problems');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Cannot read gone.nnd: no such file');
  });

  test('calls a file over the limit too large, with its size, instead of "an empty file"', async ({ page }) => {
    await page.goto('/');
    // Dropped onto the window: 401 MB of spaces, just over the 400 MB limit (one 1 MB part, repeated).
    await page.evaluate(() => {
      const part = new Uint8Array(1024 * 1024).fill(32);
      const file = new File(Array.from({ length: 401 }, () => part), 'huge.nnd', { type: 'application/json' });
      const data = new DataTransfer();
      data.items.add(file);
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
    });
    const dialog = page.getByTestId('file-problems');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('The file is 401.0 MB; experiment files can be at most 400.0 MB.');
    await expect(dialog).not.toContainText('empty');
  });
});
