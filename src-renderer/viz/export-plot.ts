/**
 * Exports a plot (canvases for cells, SVG for axes, contours and labels, stacked in one element)
 * as a standalone SVG or a PNG. Canvas and svg children are exported, and HTML text marked
 * `data-export-text` (captions, table cells); other HTML around them is page chrome.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
/** White space around an exported plot, in CSS pixels. */
const PAD = 8;

interface Layer {
  element: HTMLCanvasElement | SVGSVGElement;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface TextLayer {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  font: string;
  size: number;
  weight: string;
  color: string;
}

/** Marked HTML text, placed where the page shows it (a Range gives the text's own box). */
function textsOf(root: HTMLElement): TextLayer[] {
  const box = root.getBoundingClientRect();
  const out: TextLayer[] = [];
  root.querySelectorAll<HTMLElement>('[data-export-text]').forEach((el) => {
    const text = el.textContent?.trim();
    if (!text) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    if (r.width === 0) return;
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize) || 12;
    out.push({ text, x: r.left - box.left + PAD, y: r.top - box.top + PAD + (r.height + size * 0.7) / 2, font: style.fontFamily, size, weight: style.fontWeight, color: style.color });
  });
  return out;
}

function layersOf(root: HTMLElement): { layers: Layer[]; width: number; height: number } {
  const box = root.getBoundingClientRect();
  const layers: Layer[] = [];
  root.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg').forEach((element) => {
    // Nested svgs travel with their parent; icons inside buttons are not part of the plot.
    if (element instanceof SVGSVGElement && element.ownerSVGElement) return;
    if (element.closest('[data-export-skip]')) return;
    const r = element.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    layers.push({ element, x: r.left - box.left + PAD, y: r.top - box.top + PAD, width: r.width, height: r.height });
  });
  return { layers, width: Math.ceil(box.width) + 2 * PAD, height: Math.ceil(box.height) + 2 * PAD };
}

/** Colours the page gives through CSS (currentColor, the panel background) made explicit. */
function colorsOf(root: HTMLElement): { text: string; background: string } {
  const style = getComputedStyle(root);
  let background = style.backgroundColor;
  for (let el: HTMLElement | null = root; el && isTransparent(background); el = el.parentElement) {
    background = getComputedStyle(el).backgroundColor;
  }
  return { text: style.color, background: isTransparent(background) ? '#ffffff' : background };
}

const isTransparent = (c: string): boolean => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);

/** A standalone copy of an overlay with `currentColor` resolved and text styled inline. */
function standaloneSvg(svg: SVGSVGElement, text: string): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', SVG_NS);
  copy.querySelectorAll('*').forEach((node) => {
    for (const attr of ['fill', 'stroke']) {
      if (node.getAttribute(attr) === 'currentColor') node.setAttribute(attr, text);
    }
  });
  copy.setAttribute('color', text);
  copy.setAttribute('font-family', getComputedStyle(svg).fontFamily || 'sans-serif');
  return copy;
}

export function plotToSvg(root: HTMLElement): string {
  const { layers, width, height } = layersOf(root);
  const { text, background } = colorsOf(root);
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height));
  bg.setAttribute('fill', background);
  out.append(bg);
  for (const layer of layers) {
    if (layer.element instanceof HTMLCanvasElement) {
      const image = document.createElementNS(SVG_NS, 'image');
      image.setAttribute('x', String(layer.x));
      image.setAttribute('y', String(layer.y));
      image.setAttribute('width', String(layer.width));
      image.setAttribute('height', String(layer.height));
      image.setAttribute('preserveAspectRatio', 'none');
      image.setAttribute('href', layer.element.toDataURL('image/png'));
      out.append(image);
    } else {
      const copy = standaloneSvg(layer.element, text);
      copy.setAttribute('x', String(layer.x));
      copy.setAttribute('y', String(layer.y));
      copy.setAttribute('width', String(layer.width));
      copy.setAttribute('height', String(layer.height));
      out.append(copy);
    }
  }
  for (const t of textsOf(root)) {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', t.x.toFixed(1));
    text.setAttribute('y', t.y.toFixed(1));
    text.setAttribute('font-family', t.font);
    text.setAttribute('font-size', String(t.size));
    text.setAttribute('font-weight', t.weight);
    text.setAttribute('fill', t.color);
    text.setAttribute('style', 'white-space: pre');
    text.textContent = t.text;
    out.append(text);
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out);
}

/** Draws each layer in turn onto one canvas at `scale`× the CSS size. */
export async function plotToPng(root: HTMLElement, scale = 2): Promise<Blob> {
  const { layers, width, height } = layersOf(root);
  const { text, background } = colorsOf(root);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the plot to an image');
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  for (const layer of layers) {
    if (layer.element instanceof HTMLCanvasElement) {
      ctx.imageSmoothingEnabled = layer.element.dataset.smooth === 'true';
      ctx.drawImage(layer.element, layer.x, layer.y, layer.width, layer.height);
    } else {
      const copy = standaloneSvg(layer.element, text);
      copy.setAttribute('width', String(layer.width));
      copy.setAttribute('height', String(layer.height));
      const image = await loadSvgImage(new XMLSerializer().serializeToString(copy));
      ctx.drawImage(image, layer.x, layer.y, layer.width, layer.height);
    }
  }
  for (const t of textsOf(root)) {
    ctx.font = `${t.weight} ${t.size}px ${t.font}`;
    ctx.fillStyle = t.color;
    ctx.fillText(t.text, t.x, t.y);
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Could not encode the PNG'))), 'image/png'));
}

function loadSvgImage(svgText: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      URL.revokeObjectURL(url);
      resolve(image);
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('Could not render the plot overlay'));
    };
    image.src = url;
  });
}
