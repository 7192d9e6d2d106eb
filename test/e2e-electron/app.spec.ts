/**
 * The desktop app end to end: the real Electron main process, utility-process engine, preload and
 * renderer. Menu items are clicked through Electron's own Menu API (the same click handlers a
 * mouse reaches); native file dialogs are replaced in main, since no test can click them.
 *
 * What the renderer must offer for these tests (kept deliberately small):
 * - the design drawn with React Flow (`.react-flow__node` per layer);
 * - the post-style prediction lines (e.g. "[0 0] → 0.0085") somewhere on the page after training;
 * - after an engine crash, a notice with role "alert" or "status" that mentions the engine;
 * - at launch after a crash, a button named like "Restore" / "Recover" for the recovery copy.
 */
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { ROOT, SKIP_REASON, electronBinary } from './electron-binary';
import { enginePidIn } from './engine-metric';

const binary = electronBinary();
test.skip(!binary, SKIP_REASON);

/** The post's 2-4-1 XOR predictions after 10 000 epochs (README table). */
const XOR_TRAINED = ['0.0085', '0.9931', '0.9930', '0.0065'];

let scratch: string;
test.beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'nnd-e2e-'));
});
test.afterEach(() => rmSync(scratch, { recursive: true, force: true }));

async function launch(userData: string, files: string[] = []): Promise<{ app: ElectronApplication; page: Page }> {
  // No executablePath: Playwright then starts node_modules/electron with its own loader (-r loader.js),
  // which its app.evaluate and firstWindow rely on; the app is the project folder (package.json "main").
  const app = await electron.launch({
    // Chromium refuses to start as root with its sandbox (CI containers); the page stays context-isolated.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ROOT, ...files],
    env: { ...process.env, NND_USER_DATA_DIR: userData },
    cwd: ROOT,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

/** Clicks a menu item by its id (the MenuCommand it sends). */
async function menu(app: ElectronApplication, id: string): Promise<void> {
  await app.evaluate(({ Menu, BrowserWindow }, itemId) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(itemId);
    if (!item) throw new Error(`no menu item ${itemId}`);
    const window = BrowserWindow.getAllWindows()[0];
    item.click(undefined, window, window?.webContents);
  }, id);
}

/** Native dialogs answer as the test says (a test cannot click a native dialog). */
async function scriptDialogs(app: ElectronApplication, answers: { savePath?: string; unsavedChoice?: number }): Promise<void> {
  await app.evaluate(({ dialog }, a) => {
    dialog.showSaveDialog = (async () => ({ canceled: !a.savePath, filePath: a.savePath ?? '' })) as unknown as typeof dialog.showSaveDialog;
    dialog.showMessageBox = (async () => {
      return { response: a.unsavedChoice ?? 1, checkboxChecked: false }; // default: Don't Save
    }) as unknown as typeof dialog.showMessageBox;
  }, answers);
}

const title = (app: ElectronApplication) => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '');
const enginePid = async (app: ElectronApplication) => enginePidIn(await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics()));

async function expectTrainedXor(page: Page): Promise<void> {
  for (const value of XOR_TRAINED) await expect(page.getByText(value).first()).toBeVisible({ timeout: 60_000 });
}

test('build the 2-4-1 XOR network, train, save, close, reopen and see the trained predictions', async () => {
  const userData = path.join(scratch, 'userData');
  const file = path.join(scratch, 'xor.nnd');

  const first = await launch(userData);
  await scriptDialogs(first.app, { savePath: file });
  await menu(first.app, 'preset:xor-2-4-1');
  await expect(first.page.locator('.react-flow__node')).toHaveCount(3);
  await menu(first.app, 'train.toggle');
  await expectTrainedXor(first.page);

  await menu(first.app, 'file.save');
  await expect.poll(() => existsSync(file)).toBe(true);
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  expect(saved.format).toBe('nn-designer-experiment');
  expect(saved.setup.design.nodes).toHaveLength(3);
  expect(saved.runs.at(-1).epoch).toBe(10000);
  await expect.poll(() => title(first.app)).toBe('xor.nnd — NN Designer');

  await first.app.close();
  expect(existsSync(path.join(userData, 'recovery.json'))).toBe(false); // a clean exit leaves no recovery copy

  // Reopen from the command line, as a double-click would: the trained weights come back.
  const second = await launch(userData, [file]);
  await expect.poll(() => title(second.app)).toBe('xor.nnd — NN Designer');
  await expect(second.page.locator('.react-flow__node')).toHaveCount(3);
  await expectTrainedXor(second.page);
  expect(await second.page.evaluate(() => (window as unknown as { nnd: { recentFiles(): Promise<string[]> } }).nnd.recentFiles())).toEqual([file]);
  await second.app.close();
});

test('kill the engine process: the app starts a new one, keeps the design and trains again', async () => {
  const { app, page } = await launch(path.join(scratch, 'userData'));
  await menu(app, 'preset:xor-2-4-1');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expect.poll(() => enginePid(app)).not.toBeNull();
  const pid = (await enginePid(app))!;

  process.kill(pid, 'SIGKILL');
  await expect.poll(() => enginePid(app)).not.toBe(pid);
  await expect.poll(() => enginePid(app)).not.toBeNull();
  await expect(page.locator('[role=alert], [role=status]').filter({ hasText: /engine/i }).first()).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  await menu(app, 'train.reset');
  await menu(app, 'train.toggle');
  await expectTrainedXor(page);
  await scriptDialogs(app, { unsavedChoice: 1 }); // Don't Save
  await app.close();
});

test('after the app itself crashes, the next launch offers the unsaved work back', async () => {
  const userData = path.join(scratch, 'userData');
  const first = await launch(userData);
  await menu(first.app, 'preset:xor-2-4-1');
  await menu(first.app, 'train.toggle');
  await expectTrainedXor(first.page);
  await expect.poll(() => title(first.app)).toMatch(/Edited/); // a trained, unsaved run
  await expect.poll(() => existsSync(path.join(userData, 'recovery.json')), { timeout: 5000 }).toBe(true);
  first.app.process().kill('SIGKILL');

  const second = await launch(userData);
  await second.page.getByRole('button', { name: /restore|recover/i }).first().click();
  await expect(second.page.locator('.react-flow__node')).toHaveCount(3);
  await expectTrainedXor(second.page);
  await scriptDialogs(second.app, { unsavedChoice: 1 });
  await second.app.close();
});
