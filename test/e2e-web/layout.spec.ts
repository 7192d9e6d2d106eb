/**
 * What a newcomer sees at 1280×720 and 1440×900, in both themes, measured on screen with
 * getBoundingClientRect: the maps on the neurons are large enough to read (≥ 28 px for a network
 * of at most 8 units a layer, node text ≥ 11 px; every map of a 32-wide layer ≥ 16 px), pointing
 * at or focusing any neuron shows its map large, and nothing is cut: no plot is wider than its
 * card (cards below the fold too), the palette, the inspector's layer list and the gallery's
 * Blank canvas card show whole. Screenshots of each are kept to be looked at.
 */
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { createExperiment, serializeExperiment } from '../../src-shared/experiment';
import { chainDesign } from '../../src-shared/network/chain';
import { plot, screenshot, setSpeed, startWith, train, trainingPanel, trainOverSeeds } from './training-support';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

async function trainToEnd(page: Page, preset: string): Promise<void> {
  await startWith(page, preset);
  await setSpeed(page, 0);
  await train(page);
  await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 60_000 });
  await waitForStillCanvas(page);
}

/**
 * The deepest network of at most 8 units a layer a newcomer plausibly builds: XOR through three
 * hidden layers of 8, opened from a link (as one built by hand and shared would be), then tidied.
 */
async function openDeepXor(page: Page): Promise<void> {
  const design = chainDesign(2, [8, 8, 8].map((units) => ({ units, activation: 'sigmoid' as const })), { units: 1, activation: 'sigmoid', loss: 'squared_error' });
  const training = { ...DEFAULT_TRAINING, epochs: 2000, learningRate: 2, updateMode: 'batch' as const, seed: 42 };
  const text = serializeExperiment(createExperiment({ design, task: { dataset: 'xor' }, training }, { name: 'XOR 2-8-8-8-1' }));
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto(`/#experiment=${LZString.compressToEncodedURIComponent(text)}`);
  await page.reload();
  await expect(page.getByTestId('document-title')).toContainText('XOR 2-8-8-8-1');
  await expect(plot(page, 'weights')).toBeVisible();
  await page.getByRole('button', { name: 'Tidy', exact: true }).click();
  await setSpeed(page, 0);
  await train(page);
  await expect(trainingPanel(page).getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 60_000 });
  await waitForStillCanvas(page);
}

/** The canvas's view stops moving (a fit animates for a moment). */
async function waitForStillCanvas(page: Page): Promise<void> {
  const viewport = page.locator('.react-flow__viewport');
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

interface CanvasMeasure {
  zoom: number;
  pane: { width: number; height: number };
  graph: { width: number; height: number };
  /** Nodes (by id) not wholly inside the canvas pane. */
  outside: string[];
  /** Per hidden layer: its width, the maps drawn and their smallest side, and the "+N" it shows. */
  layers: { id: string; units: number; maps: number; smallest: number; more: string | null; moreFont: number }[];
  /** The smallest text on any node, in on-screen px, and what it is. */
  smallestText: { px: number; what: string };
}

/** Sizes on screen: the view's zoom, every map on a neuron, every text on a node. */
async function measureCanvas(page: Page): Promise<CanvasMeasure> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const nodes = [...document.querySelectorAll<HTMLElement>('.layer-node')];
    const rects = nodes.map((n) => n.getBoundingClientRect());
    const zoom = rects[0].width / nodes[0].offsetWidth;
    const outside = nodes
      .filter((_, i) => rects[i].left < pane.left || rects[i].top < pane.top || rects[i].right > pane.right || rects[i].bottom > pane.bottom)
      .map((n) => n.dataset.testid ?? '');
    const left = Math.min(...rects.map((r) => r.left));
    const right = Math.max(...rects.map((r) => r.right));
    const top = Math.min(...rects.map((r) => r.top));
    const bottom = Math.max(...rects.map((r) => r.bottom));
    const layers = nodes
      .filter((n) => n.dataset.kind === 'dense')
      .map((n) => {
        const maps = [...n.querySelectorAll('.neuron-map')].map((m) => m.getBoundingClientRect());
        const more = n.querySelector('.neuron-more');
        return {
          id: n.dataset.testid ?? '',
          units: Number(n.dataset.units),
          maps: maps.length,
          smallest: maps.length ? Math.min(...maps.map((m) => Math.min(m.width, m.height))) : 0,
          more: more?.textContent ?? null,
          moreFont: more ? parseFloat(getComputedStyle(more).fontSize) * zoom : 0,
        };
      });
    let smallestText = { px: Infinity, what: '' };
    for (const node of nodes) {
      for (const el of node.querySelectorAll<HTMLElement | SVGElement>('*')) {
        const own = [...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim());
        const control = el instanceof HTMLInputElement || el instanceof HTMLSelectElement;
        if (!own && !control) continue;
        if (el.getBoundingClientRect().width === 0) continue;
        const px = parseFloat(getComputedStyle(el).fontSize) * zoom;
        const text = control ? (el as HTMLInputElement).value : (el.textContent ?? '');
        if (px < smallestText.px) smallestText = { px, what: `${node.dataset.testid}: “${text.trim().slice(0, 30)}”` };
      }
    }
    return { zoom, pane: { width: pane.width, height: pane.height }, graph: { width: right - left, height: bottom - top }, outside, layers, smallestText };
  });
}

/**
 * Everything drawn or written that is cut: a plot's SVG or canvas reaching past its card's
 * content box, text an element hides past its edge (an ellipsis), text or a control reaching
 * past the sidebar, the palette item, the inspector, the training panel or the card it is in.
 */
async function cutThings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cut: string[] = [];
    const name = (el: Element): string => {
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0]}${text ? ` “${text}”` : ''}`;
    };
    const contentBox = (el: Element): { left: number; right: number; bottom: number } => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return {
        left: r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
        right: r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight),
        bottom: r.bottom - parseFloat(s.borderBottomWidth) - parseFloat(s.paddingBottom),
      };
    };
    for (const card of document.querySelectorAll('.plot-card')) {
      const box = contentBox(card);
      const id = (card as HTMLElement).dataset.plot;
      for (const drawn of card.querySelectorAll('svg, canvas')) {
        if (drawn.closest('svg') !== drawn && drawn.tagName === 'svg') continue; // an svg inside an svg
        const r = drawn.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.right > box.right + 0.5) cut.push(`${id}: ${drawn.tagName} ${Math.round(r.right - box.right)} px wider than its card`);
        if (r.left < box.left - 0.5) cut.push(`${id}: ${drawn.tagName} starts ${Math.round(box.left - r.left)} px left of its card`);
      }
      if (card.closest('.pane--run')) {
        // The loss card fills the pane under the canvas, which does not scroll: it must fit in height too.
        for (const drawn of card.querySelectorAll('svg')) {
          const r = drawn.getBoundingClientRect();
          if (r.bottom > box.bottom + 0.5) cut.push(`${id}: svg ${Math.round(r.bottom - box.bottom)} px taller than its card`);
        }
      }
    }
    const containers = [
      ...document.querySelectorAll('.sidebar'),
      ...document.querySelectorAll('.palette-item'),
      ...document.querySelectorAll('.inspector'),
      ...document.querySelectorAll('[aria-label="Training"]'),
      ...document.querySelectorAll('.plot-card'),
    ];
    for (const container of containers) {
      const box = contentBox(container);
      for (const el of container.querySelectorAll<HTMLElement>('*')) {
        const own = [...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim());
        const control = el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLButtonElement;
        if (!own && !control) continue;
        if (el.closest('svg')) continue; // axes and labels: checked as the svg above
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const overflow = getComputedStyle(el).overflowX;
        if (el.scrollWidth > el.clientWidth + 1 && (overflow === 'hidden' || overflow === 'clip') && !control) cut.push(`${name(el)} is cut short (${el.scrollWidth} of ${el.clientWidth} px shown)`);
        // Text that spills out of its own box (overflow visible) reaches as far as it is wide.
        const right = control ? r.right : Math.max(r.right, r.left + el.scrollWidth);
        if (right > box.right + 1) cut.push(`${name(el)} reaches ${Math.round(right - box.right)} px past ${name(container).split(' ')[0]}`);
      }
    }
    return cut;
  });
}

/** Lines each layer of the inspector's network summary takes. */
async function summaryLines(page: Page): Promise<number[]> {
  return page.locator('.summary-steps tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cell = row.querySelector('td')!;
      const lineHeight = parseFloat(getComputedStyle(cell).lineHeight) || parseFloat(getComputedStyle(cell).fontSize) * 1.2;
      return Math.round(cell.getBoundingClientRect().height / lineHeight);
    }),
  );
}

/** Pointing at the last neuron of a 32-wide layer, then focusing its maps from the keyboard, shows each neuron large. */
async function expectNeuronsShownLarge(page: Page): Promise<void> {
  const maps = page.getByTestId('maps-dense-2').locator('.neuron-map');
  await expect(maps).toHaveCount(32);
  const large = async (neuron: number): Promise<void> => {
    const shown = page.getByTestId('focused-neuron');
    await expect(shown).toContainText(`dense-2), neuron ${neuron}:`);
    const box = (await shown.locator('canvas').boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(180);
  };
  await maps.nth(31).hover();
  await large(32);
  await page.mouse.move(5, 400);
  await expect(page.getByTestId('focused-neuron')).toHaveCount(0);
  // From the keyboard: the maps are one stop; arrow keys go from neuron to neuron.
  await maps.nth(0).focus();
  await large(1);
  await page.keyboard.press('ArrowDown');
  await expect(maps.nth(3)).toBeFocused();
  await large(4);
  await page.keyboard.press('ArrowRight');
  await large(5);
  await screenshot(page, 'layout-spiral-focused-neuron');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('focused-neuron')).toHaveCount(0);
}

test.describe('layout', () => {
  for (const size of SIZES) {
    test(`${size.width}×${size.height}: the post’s 2-4-1 shows maps you can read on its neurons, and nothing is cut, in both themes`, async ({ page }) => {
      await page.setViewportSize(size);
      await trainToEnd(page, 'xor-2-4-1');
      const m = await measureCanvas(page);
      console.log(`2-4-1 at ${size.width}×${size.height}: zoom ${m.zoom.toFixed(2)}, maps ${m.layers.map((l) => l.smallest.toFixed(1)).join(', ')} px, smallest text ${m.smallestText.px.toFixed(1)} px (${m.smallestText.what}), graph ${Math.round(m.graph.width)}×${Math.round(m.graph.height)} in ${Math.round(m.pane.width)}×${Math.round(m.pane.height)}`);
      expect.soft(m.outside, 'layers outside the canvas').toEqual([]);
      // The graph fills the pane's width or its height.
      expect.soft(Math.max(m.graph.width / m.pane.width, m.graph.height / m.pane.height)).toBeGreaterThan(0.8);
      const [hidden] = m.layers;
      expect.soft(hidden.maps).toBe(4);
      expect.soft(hidden.smallest).toBeGreaterThanOrEqual(28);
      expect.soft(m.smallestText.px, m.smallestText.what).toBeGreaterThanOrEqual(11);
      expect.soft(await summaryLines(page), 'lines per layer in the inspector').toEqual([1, 1, 1]);
      for (const theme of THEMES) {
        await setTheme(page, theme);
        expect.soft(await cutThings(page), `cut at ${size.width}×${size.height} in the ${theme} theme`).toEqual([]);
        await screenshot(page, `layout-xor-${size.width}x${size.height}-${theme}`);
      }
    });

    test(`${size.width}×${size.height}: runs over seeds (the band and its verdict, the form and its outcome) show whole, in both themes`, async ({ page }) => {
      await page.setViewportSize(size);
      await trainToEnd(page, 'xor-2-4-1');
      await trainOverSeeds(page, 10, 'loss<0.01');
      await expect(trainingPanel(page).getByTestId('seeds-outcome')).toBeVisible({ timeout: 60_000 });
      await expect(plot(page, 'seeds')).toBeVisible();
      for (const theme of THEMES) {
        await setTheme(page, theme);
        expect.soft(await cutThings(page), `cut at ${size.width}×${size.height} in the ${theme} theme`).toEqual([]);
        await screenshot(page, `layout-seeds-${size.width}x${size.height}-${theme}`);
      }
    });

    const andLarge = size.width === 1280 ? '; pointing at or focusing any neuron shows its map large' : '';
    test(`${size.width}×${size.height}: the 32-32 spiral shows every map of its wide layers, and nothing is cut, in both themes${andLarge}`, async ({ page }) => {
      await page.setViewportSize(size);
      await trainToEnd(page, 'spiral-3-softmax');
      const m = await measureCanvas(page);
      console.log(`spiral at ${size.width}×${size.height}: zoom ${m.zoom.toFixed(2)}, maps ${m.layers.map((l) => `${l.maps} of ${l.units} at ${l.smallest.toFixed(1)}`).join('; ')} px, smallest text ${m.smallestText.px.toFixed(1)} px (${m.smallestText.what})`);
      expect.soft(m.outside, 'layers outside the canvas').toEqual([]);
      expect.soft(m.layers).toHaveLength(2);
      for (const layer of m.layers) {
        expect.soft(layer.units).toBe(32);
        if (layer.maps === layer.units) {
          expect.soft(layer.smallest, `${layer.id}: every map`).toBeGreaterThanOrEqual(16);
        } else {
          // A strip and a count of the rest, both readable.
          expect.soft(layer.smallest, `${layer.id}: the strip`).toBeGreaterThanOrEqual(16);
          expect.soft(layer.more).toBe(`+${layer.units - layer.maps}`);
          expect.soft(layer.moreFont).toBeGreaterThanOrEqual(11);
        }
      }
      expect.soft(await summaryLines(page), 'lines per layer in the inspector').toEqual([1, 1, 1, 1]);
      for (const theme of THEMES) {
        await setTheme(page, theme);
        expect.soft(await cutThings(page), `cut at ${size.width}×${size.height} in the ${theme} theme`).toEqual([]);
        await screenshot(page, `layout-spiral-${size.width}x${size.height}-${theme}`);
      }
      if (andLarge) await expectNeuronsShownLarge(page);
    });
  }

  for (const size of SIZES) {
    test(`${size.width}×${size.height}: a network three hidden layers of 8 deep shows every map ≥ 28 px and node text ≥ 11 px, and nothing is cut, in both themes`, async ({ page }) => {
      await page.setViewportSize(size);
      await openDeepXor(page);
      const m = await measureCanvas(page);
      console.log(`2-8-8-8-1 at ${size.width}×${size.height}: zoom ${m.zoom.toFixed(2)}, maps ${m.layers.map((l) => l.smallest.toFixed(1)).join(', ')} px, smallest text ${m.smallestText.px.toFixed(1)} px (${m.smallestText.what}), graph ${Math.round(m.graph.width)}×${Math.round(m.graph.height)} in ${Math.round(m.pane.width)}×${Math.round(m.pane.height)}`);
      expect.soft(m.outside, 'layers outside the canvas').toEqual([]);
      expect.soft(m.layers.map((l) => l.maps)).toEqual([8, 8, 8]);
      for (const layer of m.layers) expect.soft(layer.smallest, `${layer.id}: every map`).toBeGreaterThanOrEqual(28);
      expect.soft(m.smallestText.px, m.smallestText.what).toBeGreaterThanOrEqual(11);
      for (const theme of THEMES) {
        await setTheme(page, theme);
        expect.soft(await cutThings(page), `cut at ${size.width}×${size.height} in the ${theme} theme`).toEqual([]);
        await screenshot(page, `layout-deep-${size.width}x${size.height}-${theme}`);
      }
    });
  }

  test('1280×720: the graphs four layers long (a skip, a residual connection) show their maps ≥ 28 px and node text ≥ 11 px too', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const preset of ['xor-skip-concat', 'xor-residual-add']) {
      await trainToEnd(page, preset);
      const m = await measureCanvas(page);
      const maps = await page.locator('.neuron-map').evaluateAll((els) => els.map((e) => Math.min(e.getBoundingClientRect().width, e.getBoundingClientRect().height)));
      console.log(`${preset} at 1280×720: zoom ${m.zoom.toFixed(2)}, ${maps.length} maps from ${Math.min(...maps).toFixed(1)} px, smallest text ${m.smallestText.px.toFixed(1)} px`);
      expect(m.outside, 'layers outside the canvas').toEqual([]);
      expect(maps.length).toBeGreaterThan(0);
      expect(Math.min(...maps)).toBeGreaterThanOrEqual(28);
      expect(m.smallestText.px, m.smallestText.what).toBeGreaterThanOrEqual(11);
    }
  });

  test('the fitted network follows the pane when the window is resized, until the user zooms it', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await startWith(page, 'xor-2-4-1');
    await waitForStillCanvas(page);
    const large = await measureCanvas(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(async () => (await measureCanvas(page)).outside, { timeout: 5_000 }).toEqual([]);
    await waitForStillCanvas(page);
    const small = await measureCanvas(page);
    expect(small.zoom).toBeLessThan(large.zoom);
    expect(small.graph.width / small.pane.width).toBeGreaterThan(0.8);
    // Zoomed by hand: a resize leaves the view as the user put it.
    await page.getByRole('button', { name: 'Zoom In' }).click();
    await waitForStillCanvas(page);
    const zoomed = (await measureCanvas(page)).zoom;
    expect(zoomed).toBeGreaterThan(small.zoom);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(400);
    await waitForStillCanvas(page);
    expect((await measureCanvas(page)).zoom).toBeCloseTo(zoomed, 3);
  });

  test('1280×720: the gallery shows every card, Blank canvas included, without a scroll', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const gallery = page.getByTestId('gallery');
    await expect(gallery).toBeVisible();
    const { scrolls, hidden } = await gallery.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const cards = [...el.querySelectorAll('.gallery-card')];
      return {
        scrolls: el.scrollHeight > el.clientHeight + 1,
        hidden: cards.filter((c) => c.getBoundingClientRect().bottom > Math.min(box.bottom, window.innerHeight)).map((c) => c.getAttribute('data-testid')),
      };
    });
    expect(hidden, 'cards below the gallery’s edge').toEqual([]);
    expect(scrolls).toBe(false);
    await expect(page.getByTestId('preset-blank')).toBeInViewport({ ratio: 1 });
    await screenshot(page, 'layout-gallery-1280x720');
  });
});
