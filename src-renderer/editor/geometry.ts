/**
 * Where a layer node draws its parts. Shared by the node (which draws them), the edges (which fan
 * out from each neuron) and the layout (which lines up layers of different heights), so all three
 * agree for every kind: the rows a node has follow from its kind's fields, not from its name.
 *
 * Nodes are narrow and their neurons large, so that a network fitted to the canvas beside the
 * plots (about 450 px wide at 1280×720) shows each hidden neuron's map large enough to read: a
 * layer of up to 8 neurons is one column of big cells, a wider one a grid of smaller cells. A
 * graph of many columns is drawn denser still (`densityOf`), so that it too is fitted near 1:1.
 */
import { isNodeType, kindOf, type Params } from '../../src-shared/layers';
import type { NodeFacts } from '../../src-shared/network/compile';
import type { Design, DesignNode } from '../../src-shared/network/design';
import { columnCount, LAYOUT_COLUMN } from '../../src-shared/network/layout';
import { compactFields, nodeFields } from './kinds';

/** A node's width at the normal density (DENSITY holds the others). */
export const NODE_WIDTH = 112;
/** Title rows above the neurons: the kind, and the layer's name under it. */
export const NODE_HEADER = 40;
/** One setting edited on the node itself (units, activation, rate): a row each, the node is narrow. */
export const NODE_CONTROL_ROW = 30;
/** Air above and below the rows of settings. */
export const NODE_CONTROLS_PAD = 8;
/** A setting shown but not edited on the node (the Output's loss): up to two lines. */
export const NODE_TEXT_ROW = 34;
/** The node's width and its parameter count, a line each. */
export const NODE_FACTS = 38;
export const NEURON_PAD = 8;

/**
 * Up to this many neurons stand in one column, each in a cell large enough for its map; a layer
 * of up to SMALL_MAX gets larger cells still, so that even a network four layers long, fitted
 * small, shows maps of about 28 px.
 */
export const COLUMN_MAX = 8;
export const COLUMN_CELL = 34;
export const SMALL_MAX = 4;
export const SMALL_CELL = 42;
/** A wider layer: a grid this many cells across, smaller cells, at most GRID_MAX_ROWS rows. */
export const GRID_COLUMNS = 3;
export const GRID_CELL = 30;
export const GRID_MAX_ROWS = 11;

/**
 * How densely the canvas draws a graph's layers. The fitted view must show a network of at most
 * 8 units a layer at about 0.92 or more (its 12 px text ≥ 11 px on screen) in the ~450 px beside
 * the plots at 1280×720: three columns fit as they are; four fit with narrower nodes in closer
 * columns (`narrow`); five or more only as `compact` nodes — narrower still, their settings
 * written as text (edited in the inspector), their width and parameters left to the inspector's
 * table, their text and cells a size larger since they are drawn at about 0.9.
 */
export type Density = 'normal' | 'narrow' | 'compact';

interface DensityStyle {
  /** The node's width. */
  width: number;
  /** From one column's left edge to the next, when the graph is tidied. */
  column: number;
}

export const DENSITY: Record<Density, DensityStyle> = {
  normal: { width: NODE_WIDTH, column: LAYOUT_COLUMN },
  narrow: { width: 96, column: 120 },
  compact: { width: 72, column: 100 },
};

/** Cells of a compact node's neurons (5 to 8 of them): drawn at about 0.9, its maps stay ≥ 28 px. */
export const COMPACT_CELL = 36;
/** A line of a compact node's settings written as text. */
export const COMPACT_TEXT_LINE = 18;
export const COMPACT_TEXT_PAD = 6;

/** A graph's density: by its columns, for a graph whose layers all fit one column of cells (wider ones are drawn as grids at full width). */
export function densityOf(design: Design, facts: Readonly<Record<string, NodeFacts>>): Density {
  const columns = columnCount(design);
  if (columns < 4) return 'normal';
  if (design.nodes.some((n) => (displayWidth(n, facts[n.id]) ?? 0) > COLUMN_MAX)) return 'normal';
  return columns === 4 ? 'narrow' : 'compact';
}

export interface NeuronLayout {
  /** Width of the node the neurons are drawn in. */
  nodeWidth: number;
  /** Cells across: 1 for a column. */
  columns: number;
  /** Side of one neuron's cell; its map is a pixel less on each side. */
  cell: number;
  /** Neurons drawn one by one (the first `shown` of the layer). */
  shown: number;
  /** Neurons summed up as "+N" on a last row of their own (0 when all are drawn). */
  hidden: number;
  /** Rows of cells, the "+N" row included; at least 1. */
  rows: number;
  /** The width is not known yet: one "?" cell. */
  unknown: boolean;
}

export function neuronLayout(units: number | null, density: Density = 'normal'): NeuronLayout {
  const nodeWidth = DENSITY[density].width;
  if (units === null || !Number.isFinite(units)) return { nodeWidth, columns: 1, cell: COLUMN_CELL, shown: 0, hidden: 0, rows: 1, unknown: true };
  const n = Math.max(0, Math.floor(units));
  if (n <= COLUMN_MAX) {
    const cell = n <= SMALL_MAX ? SMALL_CELL : density === 'compact' ? COMPACT_CELL : COLUMN_CELL;
    return { nodeWidth, columns: 1, cell, shown: n, hidden: 0, rows: Math.max(1, n), unknown: false };
  }
  if (n <= GRID_COLUMNS * GRID_MAX_ROWS) return { nodeWidth, columns: GRID_COLUMNS, cell: GRID_CELL, shown: n, hidden: 0, rows: Math.ceil(n / GRID_COLUMNS), unknown: false };
  const shown = GRID_COLUMNS * (GRID_MAX_ROWS - 1);
  return { nodeWidth, columns: GRID_COLUMNS, cell: GRID_CELL, shown, hidden: n - shown, rows: GRID_MAX_ROWS, unknown: false };
}

/** Side of a neuron's map in its cell. */
export function mapSide(layout: NeuronLayout): number {
  return layout.cell - 2;
}

/** Radius of a neuron's circle (drawn until a run gives it a map). */
export function neuronRadius(layout: NeuronLayout): number {
  return Math.min(11, Math.round(layout.cell * 0.3));
}

/** Height of the neuron area. */
export function neuronAreaHeight(units: number | null, density: Density = 'normal'): number {
  const layout = neuronLayout(units, density);
  return layout.rows * layout.cell + 2 * NEURON_PAD;
}

/** Centre of neuron `u`'s cell, from the neuron area's top-left corner. */
export function cellCentre(layout: NeuronLayout, u: number): { x: number; y: number } {
  const left = (layout.nodeWidth - layout.columns * layout.cell) / 2;
  return {
    x: left + (u % layout.columns) * layout.cell + layout.cell / 2,
    y: NEURON_PAD + Math.floor(u / layout.columns) * layout.cell + layout.cell / 2,
  };
}

/** Middle of row `row` of neurons, measured from the node's top edge: where connection lines meet it. */
export function neuronRowY(cell: number, row: number): number {
  return NODE_HEADER + NEURON_PAD + row * cell + cell / 2;
}

/** Where the connecting handles sit: the middle of the neuron area. */
export function handleY(units: number | null, density: Density = 'normal'): number {
  return NODE_HEADER + neuronAreaHeight(units, density) / 2;
}

/** Height of the rows of settings edited on the node. */
export function controlsHeight(rows: number): number {
  return rows === 0 ? 0 : rows * NODE_CONTROL_ROW + NODE_CONTROLS_PAD;
}

/**
 * How many neurons a node draws: its width as the compiler inferred it, else its own `units`
 * setting (a Dense layer not connected yet), else unknown (null: one "?" slot).
 */
export function displayWidth(node: Pick<DesignNode, 'params'>, facts: NodeFacts | undefined): number | null {
  if (facts?.width != null) return facts.width;
  const units = (node.params as Params).units;
  return typeof units === 'number' && Number.isFinite(units) ? units : null;
}

/** The node's height, and where its handles sit, before the browser measures it (layout needs both up front). */
export function nodeMetrics(node: Pick<DesignNode, 'type' | 'params'>, width: number | null, density: Density = 'normal'): { height: number; anchor: number } {
  const kind = isNodeType(node.type) ? kindOf(node.type) : null;
  const params = node.params as Params;
  const area = NODE_HEADER + neuronAreaHeight(width, density);
  if (density === 'compact') {
    const lines = kind ? compactFields(kind, params).reduce((n, f) => n + f.lines, 0) : 0;
    return { height: area + compactTextHeight(lines), anchor: handleY(width, density) };
  }
  const fields = kind ? nodeFields(kind, params) : { inline: [], shown: [] };
  const height = area + controlsHeight(fields.inline.length) + fields.shown.length * NODE_TEXT_ROW + NODE_FACTS;
  return { height, anchor: handleY(width, density) };
}

/** Height of a compact node's settings written as text, `lines` lines in all. */
export function compactTextHeight(lines: number): number {
  return lines === 0 ? 0 : lines * COMPACT_TEXT_LINE + 2 * COMPACT_TEXT_PAD;
}

/** The layout's measure and column spacing for a design whose facts are known. */
export function measureWith(design: Design, facts: Readonly<Record<string, NodeFacts>>): { measure: (node: DesignNode) => { height: number; anchor: number }; column: number } {
  const density = densityOf(design, facts);
  return { measure: (node) => nodeMetrics(node, displayWidth(node, facts[node.id]), density), column: DENSITY[density].column };
}
