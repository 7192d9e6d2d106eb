/**
 * The editor in a real browser: build 2-4-1 XOR from a blank canvas with the mouse, undo and redo,
 * delete, copy and paste, open the presets, and keep screenshots of both themes.
 */
import { expect, test } from '@playwright/test';
import { compileDesign } from '../../src-shared/network/compile';
import { PRESETS } from '../../src-shared/presets';
import {
  clickConnection,
  canvasPoint,
  clickEmptyCanvas,
  connect,
  dragFromPalette,
  edges,
  layer,
  mod,
  nodes,
  openBlank,
  openPreset,
  screenshot,
  selectLayer,
} from './helpers/editor';

test.describe('network editor', () => {
  test('builds 2-4-1 XOR from a blank canvas, then undoes and redoes the last three edits', async ({ page }) => {
    const started = Date.now();
    await openBlank(page);
    await expect(nodes(page)).toHaveCount(0);

    await dragFromPalette(page, 'input', await canvasPoint(page, 0.18, 0.45));
    await dragFromPalette(page, 'dense', await canvasPoint(page, 0.5, 0.45));
    await dragFromPalette(page, 'output', await canvasPoint(page, 0.82, 0.45));
    await expect(nodes(page)).toHaveCount(3);
    await expect(layer(page, 'input')).toHaveAttribute('data-units', '2');
    await expect(layer(page, 'dense-1')).toHaveAttribute('data-units', '3');

    await connect(page, 'input', 'dense-1');
    await expect(edges(page)).toHaveCount(1);
    await connect(page, 'dense-1', 'output');
    await expect(edges(page)).toHaveCount(2);

    // 4 sigmoid units, edited on the node itself (typed, then Enter).
    await page.getByTestId('units-dense-1').fill('4');
    await page.getByTestId('units-dense-1').press('Enter');
    await page.getByTestId('activation-dense-1').selectOption('sigmoid');
    await expect(layer(page, 'dense-1')).toHaveAttribute('data-units', '4');
    await expect(layer(page, 'dense-1').locator('circle.neuron')).toHaveCount(4);
    await expect(page.getByTestId('design-valid')).toContainText('2-4-1');
    await expect(page.getByTestId('edited-marker')).toBeVisible();
    test.info().annotations.push({ type: 'build time', description: `${((Date.now() - started) / 1000).toFixed(1)} s by script` });

    // Undo: units 4 → 3, then the two connections.
    await clickEmptyCanvas(page);
    await page.keyboard.press(`${mod}+z`);
    await expect(layer(page, 'dense-1')).toHaveAttribute('data-units', '3');
    await page.keyboard.press(`${mod}+z`);
    await expect(edges(page)).toHaveCount(1);
    await page.keyboard.press(`${mod}+z`);
    await expect(edges(page)).toHaveCount(0);
    await expect(page.getByTestId('design-valid')).toHaveCount(0);
    await expect(nodes(page)).toHaveCount(3);

    // Redo all three: with the header button, then the keyboard (both ways desktops know).
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect(edges(page)).toHaveCount(1);
    await page.keyboard.press(`${mod}+y`);
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect(edges(page)).toHaveCount(2);
    await expect(layer(page, 'dense-1')).toHaveAttribute('data-units', '4');
    await expect(page.getByTestId('design-valid')).toContainText('2-4-1');
    await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();
  });

  test('a deleted layer shows up as a problem; copy and paste make a new layer', async ({ page }) => {
    await openPreset(page, 'xor-2-4-1');
    await expect(page.getByTestId('design-valid')).toBeVisible();

    await selectLayer(page, 'dense-1');
    await expect(page.getByTestId('inspector-layer')).toContainText('Dense layer');
    await page.keyboard.press('Delete');
    await expect(layer(page, 'dense-1')).toHaveCount(0);
    await expect(edges(page)).toHaveCount(0);
    const problems = page.getByTestId('problems');
    await expect(problems).toContainText('not connected to the next layer');
    await expect(problems).toContainText('Connect Input');
    // The problem is also shown on the layer it concerns.
    await expect(layer(page, 'input').locator('.problem-badge')).toBeVisible();
    await expect(layer(page, 'input').locator('.layer-problem')).toContainText('not connected');

    // Back, then copy and paste the hidden layer.
    await page.keyboard.press(`${mod}+z`);
    await expect(page.getByTestId('design-valid')).toBeVisible();
    await selectLayer(page, 'dense-1');
    await page.keyboard.press(`${mod}+c`);
    await page.keyboard.press(`${mod}+v`);
    await expect(nodes(page)).toHaveCount(4);
    await expect(layer(page, 'dense-2')).toHaveAttribute('data-units', '4');
    await expect(layer(page, 'dense-2')).toHaveAttribute('data-kind', 'dense');
    await expect(problems).toContainText('Dense (dense-2) is not on the path from Input to Output');
    // The copy is selected: the inspector edits it, and the original keeps its units.
    await page.getByTestId('inspector-units').fill('6');
    await page.getByTestId('inspector-units').press('Enter');
    await expect(layer(page, 'dense-2')).toHaveAttribute('data-units', '6');
    await expect(layer(page, 'dense-1')).toHaveAttribute('data-units', '4');
    // Duplicate works the same way, one step further along.
    await selectLayer(page, 'dense-2');
    await page.keyboard.press(`${mod}+d`);
    await expect(layer(page, 'dense-3')).toHaveAttribute('data-units', '6');
  });

  test('refuses a second input into a layer that takes one, and says why while dragging', async ({ page }) => {
    await openPreset(page, 'xor-2-4-1');
    // Nothing is selected, so the new layer lands to the right, unconnected.
    await page.getByTestId('palette-dense').click();
    await expect(layer(page, 'dense-2')).toBeVisible();
    // The output already has an input: connecting dense-2 to it is refused, and the canvas says why.
    await connect(page, 'dense-2', 'output', async () => {
      await expect(page.getByTestId('connection-hint')).toContainText('Output (output) already has an input: to feed it two layers, merge them with Add or Concatenate first');
    });
    await expect(page.getByTestId('connection-hint')).toHaveCount(0);
    await expect(edges(page)).toHaveCount(2);
    // Connecting the output onward is impossible: it has no outgoing handle at all.
    await expect(page.locator('.react-flow__node[data-id="output"] .react-flow__handle.source')).toHaveCount(0);
  });

  test('clicking the palette builds a connected chain', async ({ page }) => {
    await openBlank(page);
    await page.getByTestId('palette-input').click();
    await page.getByTestId('palette-dense').click();
    await page.getByTestId('palette-output').click();
    await expect(nodes(page)).toHaveCount(3);
    await expect(edges(page)).toHaveCount(2);
    await expect(page.getByTestId('design-valid')).toContainText('2-3-1');
    // One undo step per added layer, its connection included.
    await clickEmptyCanvas(page);
    await page.keyboard.press(`${mod}+z`);
    await expect(nodes(page)).toHaveCount(2);
    await expect(edges(page)).toHaveCount(1);
  });

  test('dragging a layer is one undo step', async ({ page }) => {
    await openPreset(page, 'xor-2-4-1');
    const header = layer(page, 'dense-1').locator('.layer-header');
    // The layer's place on the canvas (flow coordinates, whatever the zoom and pan are doing).
    const wrapper = page.locator('.react-flow__node[data-id="dense-1"]');
    const flowPosition = (): Promise<string> => wrapper.evaluate((el) => (el as HTMLElement).style.transform);
    const start = await flowPosition();
    const before = await header.boundingBox();
    if (!before) throw new Error('no dense layer');
    await page.mouse.move(before.x + 30, before.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(before.x + 30 + i * 6, before.y + 10 + i * 8);
    await page.mouse.up();
    const moved = await header.boundingBox();
    expect(moved && moved.y - before.y).toBeGreaterThan(40);
    expect(await flowPosition()).not.toBe(start);
    await clickEmptyCanvas(page);
    await page.keyboard.press(`${mod}+z`);
    // One undo puts it back exactly where it started, not part of the way back.
    await expect.poll(flowPosition).toBe(start);
  });

  for (const preset of PRESETS) {
    test(`opens the preset “${preset.title}” with its layers and units`, async ({ page }) => {
      await page.goto('/');
      await openPreset(page, preset.id);
      const design = preset.setup.design;
      const compiled = compileDesign(design);
      if (!compiled.ok) throw new Error(`${preset.id} does not compile`);
      await expect(nodes(page)).toHaveCount(design.nodes.length);
      await expect(edges(page)).toHaveCount(design.edges.length);
      for (const node of design.nodes) {
        await expect(layer(page, node.id)).toHaveAttribute('data-kind', node.type);
        await expect(layer(page, node.id)).toHaveAttribute('data-units', String(compiled.facts[node.id].width));
      }
      // Layers read left to right in the order they run.
      const xs = [];
      for (const step of compiled.plan.steps) xs.push((await layer(page, step.id).boundingBox())?.x ?? NaN);
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
      await expect(page.getByTestId('document-title')).toContainText(preset.title);
      await expect(page.getByTestId('design-valid')).toBeVisible();
      // A layer of 16 is drawn whole, as a grid: every neuron, no "+N".
      if (preset.id === 'addition-2-16-16-1') {
        await expect(layer(page, 'dense-1').locator('circle.neuron')).toHaveCount(16);
        await expect(layer(page, 'dense-1').locator('.neuron-more')).toHaveCount(0);
      }
    });
  }

  test('screenshots of the editor in light and dark themes', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('nnd.theme', 'light'));
    await page.reload();
    await screenshot(page, 'gallery-light');
    await openPreset(page, 'xor-2-4-1');
    await selectLayer(page, 'dense-1');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await screenshot(page, 'editor-light');

    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await screenshot(page, 'editor-dark');
    await openPreset(page, 'addition-2-16-16-1');
    await screenshot(page, 'editor-addition-dark');
    await page.getByTestId('open-presets').click();
    await screenshot(page, 'gallery-dark');
    await page.keyboard.press('Escape');

    // A broken design shows its problems on the nodes and in the list.
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await expect(nodes(page)).toHaveCount(0);
    await dragFromPalette(page, 'input', await canvasPoint(page, 0.25, 0.4));
    await dragFromPalette(page, 'output', await canvasPoint(page, 0.7, 0.4));
    await screenshot(page, 'editor-problems-dark');
  });
});

test.describe('selection', () => {
  test('a clicked connection is deleted with Delete; Ctrl+A selects everything; one undo brings it all back', async ({ page }) => {
    await openPreset(page, 'xor-2-4-1');
    // Click the middle of the dense → output connection.
    await clickConnection(page, 'dense-1', 'output');
    await expect(page.locator('.react-flow__edge.selected')).toHaveCount(1);
    await page.keyboard.press('Delete');
    await expect(edges(page)).toHaveCount(1);
    await expect(page.getByTestId('problems')).toContainText('Dense (dense-1) is not connected to the next layer');

    await page.keyboard.press(`${mod}+a`);
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(3);
    await expect(page.getByTestId('inspector')).toContainText('3 layers selected');
    await page.keyboard.press('Delete');
    await expect(nodes(page)).toHaveCount(0);
    await page.keyboard.press(`${mod}+z`);
    await expect(nodes(page)).toHaveCount(3);
    await expect(edges(page)).toHaveCount(1);
  });

  test('Ctrl+click adds to the selection', async ({ page }) => {
    await openPreset(page, 'addition-2-16-16-1');
    await selectLayer(page, 'dense-1');
    await page.keyboard.down(mod);
    await layer(page, 'dense-2').locator('.layer-header').click();
    await page.keyboard.up(mod);
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
    await page.keyboard.press(`${mod}+d`);
    await expect(nodes(page)).toHaveCount(6);
    // The copies keep the connection between them.
    await expect(edges(page)).toHaveCount(4);
  });
});
