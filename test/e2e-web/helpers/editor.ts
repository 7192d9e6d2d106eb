/** Real-mouse helpers for the editor: drags from the palette, handle-to-handle connections. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { NodeType } from '../../../src-shared/layers';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Opens the app on a blank canvas, with storage from earlier tests cleared. */
export async function openBlank(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId('preset-blank').click();
  await expect(page.getByTestId('gallery')).toBeHidden();
}

export async function openPreset(page: Page, id: string): Promise<void> {
  if (page.url() === 'about:blank') await page.goto('/');
  if (!(await page.getByTestId('gallery').isVisible())) await page.getByTestId('open-presets').click();
  await page.getByTestId(`preset-${id}`).click();
  await expect(page.getByTestId('gallery')).toBeHidden();
  await waitForStillView(page);
}

/**
 * Waits until the canvas stops moving: opening a document fits the view with a short animation,
 * and a point measured mid-animation is somewhere else by the time the mouse gets there.
 */
export async function waitForStillView(page: Page): Promise<void> {
  const viewport = page.locator('.react-flow__viewport');
  // Still for 300 ms, longer than the 200 ms fit animation, so a fit that has not begun yet
  // (nodes still being measured) is not mistaken for one that has ended.
  const seen: string[] = [];
  await expect
    .poll(
      async () => {
        seen.push((await viewport.getAttribute('style')) ?? '');
        return seen.length >= 4 && seen.slice(-4).every((s) => s === seen.at(-1));
      },
      { intervals: [100], timeout: 5_000 },
    )
    .toBe(true);
}

function centre(box: { x: number; y: number; width: number; height: number }): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} is not visible`);
  return box;
}

/** A point on the canvas, as a fraction of its width and height. */
export async function canvasPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const box = await boxOf(page.getByTestId('canvas'));
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** Drags a layer from the palette onto the canvas with the mouse (HTML drag and drop). */
export async function dragFromPalette(page: Page, kind: NodeType, to: { x: number; y: number }): Promise<void> {
  // The palette scrolls when the window is short, as a person would scroll it.
  await page.getByTestId(`palette-${kind}`).scrollIntoViewIfNeeded();
  const from = centre(await boxOf(page.getByTestId(`palette-${kind}`)));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

export function layer(page: Page, id: string): Locator {
  return page.getByTestId(`layer-${id}`);
}

/** Clicks the middle of the connection from one layer's output handle to the next layer's input. */
export async function clickConnection(page: Page, sourceId: string, targetId: string): Promise<void> {
  await waitForStillView(page);
  const from = await page.locator(`.react-flow__node[data-id="${sourceId}"] .react-flow__handle.source`).boundingBox();
  const to = await page.locator(`.react-flow__node[data-id="${targetId}"] .react-flow__handle.target`).boundingBox();
  if (!from || !to) throw new Error('handles not found');
  const x = (from.x + to.x + to.width) / 2;
  const y = (from.y + to.y + to.height) / 2;
  // Say what is under the mouse when it is not the connection, rather than a bare "not selected".
  const hit = await page.evaluate(([px, py]) => {
    const el = document.elementFromPoint(px, py);
    return el?.closest('.react-flow__edge') ? '' : `${el?.tagName ?? 'nothing'}.${el?.getAttribute('class') ?? ''}`;
  }, [x, y] as const);
  if (hit) throw new Error(`the middle of ${sourceId} → ${targetId} is covered by ${hit}`);
  await page.mouse.click(x, y);
}

/**
 * Connects two layers by dragging from the source's right handle to the target's left handle.
 * `whileOver` runs with the mouse still down over the target (to read what the canvas says then).
 */
export async function connect(page: Page, sourceId: string, targetId: string, whileOver?: () => Promise<void>): Promise<void> {
  // Adding a layer by click fits the view, with a short animation: aim once it has stopped.
  await waitForStillView(page);
  const from = centre(await boxOf(page.locator(`.react-flow__node[data-id="${sourceId}"] .react-flow__handle.source`)));
  const to = centre(await boxOf(page.locator(`.react-flow__node[data-id="${targetId}"] .react-flow__handle.target`)));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 10, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  if (whileOver) await whileOver();
  await page.mouse.up();
}

/** Types into a layer setting's box key by key, as a person does, without committing it. */
export async function typeInto(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.pressSequentially(text, { delay: 30 });
}

/** Clicks a layer's title row (selecting it without focusing a field). */
export async function selectLayer(page: Page, id: string): Promise<void> {
  await layer(page, id).locator('.layer-header').click();
}

/** Clicks an empty part of the canvas: clears the selection and leaves any field. */
export async function clickEmptyCanvas(page: Page): Promise<void> {
  const p = await canvasPoint(page, 0.5, 0.06);
  await page.mouse.click(p.x, p.y);
}

export const edges = (page: Page): Locator => page.locator('.react-flow__edge');
export const nodes = (page: Page): Locator => page.locator('.react-flow__node');
export const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
