/**
 * The editor's pure parts for graphs: a layer setting's text read as its field (so "5000" is never
 * committed as 500 on the way), which neuron each connection line joins, how each kind is shown
 * (read from the registry), and node sizes the layout and the node agree on.
 */
import { describe, expect, it } from 'vitest';
import { KINDS, MAX_UNITS, NODE_TYPES, kindOf, type ParamField } from '../../src-shared/layers';
import { compileDesign } from '../../src-shared/network/compile';
import { PRESETS } from '../../src-shared/presets';
import { linePairs, linePattern, rowLines } from '../../src-renderer/editor/edge-lines';
import { readFieldText, steppedValue } from '../../src-renderer/editor/field-text';
import { chainDesign } from '../../src-shared/network/chain';
import { columnCount, layeredPositions } from '../../src-shared/network/layout';
import {
  cellCentre,
  compactTextHeight,
  controlsHeight,
  DENSITY,
  densityOf,
  displayWidth,
  handleY,
  mapSide,
  nodeMetrics,
  NODE_CONTROL_ROW,
  NODE_FACTS,
  NODE_HEADER,
  NODE_TEXT_ROW,
  NODE_WIDTH,
  measureWith,
  neuronAreaHeight,
  neuronLayout,
} from '../../src-renderer/editor/geometry';
import { compactFields, compactText, fieldText, kindTone, nodeFields, paletteGroups } from '../../src-renderer/editor/kinds';
import { isChainPlan, readyText } from '../../src-renderer/editor/plan-text';

type Numeric = Extract<ParamField, { type: 'int' | 'number' }>;
const units = KINDS.dense.fields.units as Numeric;
const rate = KINDS.dropout.fields.rate as Numeric;

describe('a layer setting as typed', () => {
  it('reads every prefix of 5000 as what it is, and 5000 itself as too many', () => {
    expect(['5', '50', '500'].map((t) => readFieldText(units, t))).toEqual([5, 50, 500].map((value) => ({ ok: true, value })));
    expect(readFieldText(units, '5000')).toEqual({ ok: false, problem: `Units: at most ${MAX_UNITS.toLocaleString('en-US')}` });
    expect(readFieldText(units, '100000')).toMatchObject({ ok: false });
    expect(readFieldText(units, '4096')).toEqual({ ok: true, value: 4096 });
  });

  it('refuses 2.5 units, an empty box, 0 and text, saying why', () => {
    expect(readFieldText(units, '2.5')).toEqual({ ok: false, problem: 'Units must be a whole number' });
    expect(readFieldText(units, '')).toEqual({ ok: false, problem: 'Enter a whole number from 1 to 4,096' });
    expect(readFieldText(units, '0')).toEqual({ ok: false, problem: 'Units: at least 1' });
    expect(readFieldText(units, 'abc')).toEqual({ ok: false, problem: '“abc” is not a whole number' });
    expect(readFieldText(units, '1e3')).toMatchObject({ ok: false });
    expect(readFieldText(units, ' 12 ')).toEqual({ ok: true, value: 12 });
  });

  it('reads a dropout rate as a number in its range', () => {
    expect(readFieldText(rate, '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(readFieldText(rate, '.25')).toEqual({ ok: true, value: 0.25 });
    expect(readFieldText(rate, '0.95')).toEqual({ ok: false, problem: 'Rate: at most 0.9' });
    expect(readFieldText(rate, '-0.1')).toEqual({ ok: false, problem: 'Rate: at least 0' });
    expect(readFieldText(rate, '0.5.1')).toEqual({ ok: false, problem: '“0.5.1” is not a number' });
  });

  it('steps with the arrow keys by the field’s step, within its range, without float noise', () => {
    expect(steppedValue(rate, 0.2, 1)).toBe(0.25);
    expect(steppedValue(rate, 0.1, 1)).toBe(0.15);
    expect(steppedValue(rate, 0.9, 1)).toBe(0.9);
    expect(steppedValue(rate, 0, -1)).toBe(0);
    expect(steppedValue(units, 1, -1)).toBe(1);
    expect(steppedValue(units, 4095, 1)).toBe(4096);
  });
});

describe('connection lines', () => {
  const skip = PRESETS.find((p) => p.id === 'xor-skip-concat')?.setup.design;
  const residual = PRESETS.find((p) => p.id === 'xor-residual-add')?.setup.design;
  if (!skip || !residual) throw new Error('graph presets missing');

  it('into a Concatenate: each input’s neurons land on its own columns, in edge order', () => {
    const facts = compileDesign(skip).facts;
    const intoConcat = skip.edges.filter((e) => e.target === 'skip');
    // The preset connects Input first, then the AND neuron: columns 0–1, then 2.
    expect(intoConcat.map((e) => linePattern(e, skip.edges, facts, false))).toEqual([
      { kind: 'one-to-one', offset: 0 },
      { kind: 'one-to-one', offset: 2 },
    ]);
    expect(linePairs({ kind: 'one-to-one', offset: 2 }, 1, 3)).toEqual([[0, 2]]);
    expect(linePairs({ kind: 'one-to-one', offset: 0 }, 2, 3)).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('into an Add: neuron i to neuron i; into a layer with weights: every neuron to every neuron', () => {
    const facts = compileDesign(residual).facts;
    for (const e of residual.edges.filter((e) => e.target === 'add')) expect(linePattern(e, residual.edges, facts, false)).toEqual({ kind: 'one-to-one', offset: 0 });
    const intoOutput = residual.edges.find((e) => e.target === 'output');
    if (!intoOutput) throw new Error('no edge into the output');
    expect(linePattern(intoOutput, residual.edges, facts, true)).toEqual({ kind: 'full' });
    expect(linePairs({ kind: 'full' }, 2, 3)).toHaveLength(6);
  });

  it('between columns, a line is one weight; into or out of a grid, a line joins a row of neurons and names no weight', () => {
    const column = (shown: number) => ({ shown, columns: 1 });
    const grid = (shown: number) => ({ shown, columns: 3 });
    expect(rowLines({ kind: 'full' }, column(2), column(4))).toHaveLength(8);
    expect(rowLines({ kind: 'full' }, column(2), column(4))[5]).toEqual({ from: 1, to: 1, weight: [1, 1] });
    // 2 inputs into 32 neurons in rows of 3: 2 × 11 lines, none of them one weight.
    const into = rowLines({ kind: 'full' }, column(2), grid(32));
    expect(into).toHaveLength(22);
    expect(into.every((l) => l.weight === null)).toBe(true);
    expect(rowLines({ kind: 'full' }, grid(32), grid(32))).toHaveLength(121);
    // One to one between two grids of 32: row r to row r, once each.
    expect(rowLines({ kind: 'one-to-one', offset: 0 }, grid(32), grid(32)).map((l) => [l.from, l.to])).toEqual(Array.from({ length: 11 }, (_, r) => [r, r]));
    // A Concatenate's second input (2 wide) starts at column 32 of 34: rows 10 and 11.
    expect(rowLines({ kind: 'one-to-one', offset: 32 }, column(2), grid(34)).map((l) => [l.from, l.to])).toEqual([
      [0, 10],
      [1, 11],
    ]);
    // Neurons past what a side draws get no line.
    expect(rowLines({ kind: 'one-to-one', offset: 0 }, column(4), column(2))).toHaveLength(2);
  });
});

describe('neurons on a node', () => {
  it('stands up to 8 neurons in one column of cells large enough for their maps; a wider layer is a grid, past 33 with a count', () => {
    expect(neuronLayout(4)).toEqual({ nodeWidth: 112, columns: 1, cell: 42, shown: 4, hidden: 0, rows: 4, unknown: false });
    expect(neuronLayout(5)).toMatchObject({ columns: 1, cell: 34, rows: 5 });
    expect(neuronLayout(8).rows).toBe(8);
    expect(neuronLayout(9)).toMatchObject({ columns: 3, shown: 9, hidden: 0, rows: 3 });
    expect(neuronLayout(32)).toMatchObject({ columns: 3, shown: 32, hidden: 0, rows: 11 });
    expect(neuronLayout(33)).toMatchObject({ shown: 33, hidden: 0, rows: 11 });
    expect(neuronLayout(4096)).toMatchObject({ shown: 30, hidden: 4066, rows: 11 });
    expect(neuronLayout(null)).toMatchObject({ shown: 0, rows: 1, unknown: true });
    expect(neuronLayout(0)).toMatchObject({ shown: 0, rows: 1, unknown: false });
    // The maps: 40 px in a column of up to 4, 32 up to 8, 28 in a grid.
    expect(mapSide(neuronLayout(4))).toBe(40);
    expect(mapSide(neuronLayout(8))).toBe(32);
    expect(mapSide(neuronLayout(32))).toBe(28);
  });

  it('centres the column and the grid on the node, every cell inside it', () => {
    for (const units of [1, 4, 8, 9, 32, 100]) {
      const layout = neuronLayout(units);
      const area = neuronAreaHeight(units);
      for (let u = 0; u < layout.shown; u++) {
        const c = cellCentre(layout, u);
        expect(c.x - layout.cell / 2).toBeGreaterThanOrEqual(0);
        expect(c.x + layout.cell / 2).toBeLessThanOrEqual(NODE_WIDTH);
        expect(c.y + layout.cell / 2).toBeLessThanOrEqual(area);
      }
    }
    expect(cellCentre(neuronLayout(4), 0).x).toBe(NODE_WIDTH / 2);
    expect(cellCentre(neuronLayout(32), 1).x).toBe(NODE_WIDTH / 2);
  });
});

describe('denser graphs', () => {
  const chain = (...hidden: number[]) => chainDesign(2, hidden.map((u) => ({ units: u, activation: 'sigmoid' as const })), { units: 1, activation: 'sigmoid', loss: 'squared_error' });
  const density = (design: ReturnType<typeof chain>) => densityOf(design, compileDesign(design).facts);

  it('draws a graph of four columns narrow and one of five or more compact, when every layer fits one column of cells', () => {
    expect([chain(4), chain(8, 8), chain(8, 8, 8), chain(8, 8, 8, 8)].map(columnCount)).toEqual([3, 4, 5, 6]);
    expect([chain(4), chain(8, 8), chain(8, 8, 8), chain(8, 8, 8, 8)].map(density)).toEqual(['normal', 'narrow', 'compact', 'compact']);
    // A layer drawn as a grid needs the full width.
    expect(density(chain(9, 8, 8))).toBe('normal');
    expect(density(chain(32, 32))).toBe('normal');
    expect(columnCount({ nodes: [], edges: [] })).toBe(0);
  });

  it('fits five columns of compact nodes into the canvas beside the plots at 1280×720 at 0.9 or more, maps ≥ 28 px and 13 px text ≥ 11 px', () => {
    const design = chain(8, 8, 8);
    const { measure, column } = measureWith(design, compileDesign(design).facts);
    expect(column).toBe(DENSITY.compact.column);
    const positions = layeredPositions(design, measure, column);
    const right = Math.max(...[...positions.values()].map((p) => p.x)) + DENSITY.compact.width;
    // The pane is 453 px wide there, less the fit's 14 px on each side.
    const zoom = (453 - 28) / right;
    expect(zoom).toBeGreaterThanOrEqual(0.9);
    expect(mapSide(neuronLayout(8, 'compact')) * zoom).toBeGreaterThanOrEqual(28);
    expect(13 * zoom).toBeGreaterThanOrEqual(11);
    // Four columns of narrow nodes keep their 12 px text ≥ 11 px.
    const four = chain(8, 8);
    const narrow = measureWith(four, compileDesign(four).facts);
    const fourRight = Math.max(...[...layeredPositions(four, narrow.measure, narrow.column).values()].map((p) => p.x)) + DENSITY.narrow.width;
    expect(12 * ((453 - 28) / fourRight)).toBeGreaterThanOrEqual(11);
  });

  it('writes a compact node’s settings as text, a line for one edited in place and two for one shown as text, its cells inside it', () => {
    const output = kindOf('output');
    expect(compactFields(output, output.defaults)).toEqual([
      { key: 'activation', lines: 1 },
      { key: 'loss', lines: 2 },
    ]);
    expect(compactText(output, 'activation', 'sigmoid')).toBe('sigmoid');
    expect(compactText(kindOf('dropout'), 'rate', 0.2)).toBe('rate 0.2');
    expect(compactFields(kindOf('input'), kindOf('input').defaults)).toEqual([]);
    const { height, anchor } = nodeMetrics({ type: 'output', params: { ...output.defaults } } as never, 1, 'compact');
    expect(height).toBe(NODE_HEADER + neuronAreaHeight(1, 'compact') + compactTextHeight(3));
    expect(anchor).toBe(handleY(1, 'compact'));
    const layout = neuronLayout(8, 'compact');
    expect(layout.nodeWidth).toBe(DENSITY.compact.width);
    for (let u = 0; u < 8; u++) {
      const c = cellCentre(layout, u);
      expect(c.x - layout.cell / 2).toBeGreaterThanOrEqual(0);
      expect(c.x + layout.cell / 2).toBeLessThanOrEqual(layout.nodeWidth);
    }
  });
});

describe('kinds as the editor shows them', () => {
  it('puts every kind of the registry in exactly one palette group', () => {
    const grouped = paletteGroups().flatMap((g) => g.types);
    expect([...grouped].sort()).toEqual([...NODE_TYPES].sort());
    expect(paletteGroups().map((g) => g.title)).toEqual(['Hidden layers', 'Merges', 'Input and output']);
    expect(paletteGroups()[1].types).toEqual(expect.arrayContaining(['add', 'concatenate']));
  });

  it('colours kinds by what they do', () => {
    const tones = { input: 'input', dense: 'dense', activation: 'op', dropout: 'op', add: 'merge', concatenate: 'merge', output: 'output' } as const;
    for (const [type, tone] of Object.entries(tones)) expect(kindTone(kindOf(type as keyof typeof tones))).toBe(tone);
  });

  it('sizes each node from its kind’s fields and its width, handles in the middle of its neurons', () => {
    for (const type of NODE_TYPES) {
      const kind = kindOf(type);
      const { inline, shown } = nodeFields(kind, kind.defaults);
      const { height, anchor } = nodeMetrics({ type, params: { ...kind.defaults } } as never, 3);
      expect(height).toBe(NODE_HEADER + neuronAreaHeight(3) + controlsHeight(inline.length) + shown.length * NODE_TEXT_ROW + NODE_FACTS);
      expect(anchor).toBe(handleY(3));
    }
    // The Output shows its loss as text, and leaky ReLU's slope only with leaky ReLU; Add has nothing to edit on the node.
    expect(nodeFields(kindOf('output'), kindOf('output').defaults)).toEqual({ inline: ['units', 'activation'], shown: ['loss'] });
    expect(nodeFields(kindOf('output'), { ...kindOf('output').defaults, activation: 'leaky_relu' })).toEqual({ inline: ['units', 'activation'], shown: ['loss', 'slope'] });
    expect(fieldText(kindOf('dense'), 'slope', undefined)).toBe('0.01');
    expect(nodeFields(kindOf('add'), {})).toEqual({ inline: [], shown: [] });
    // A row per setting edited on the node.
    expect(controlsHeight(2) - controlsHeight(1)).toBe(NODE_CONTROL_ROW);
    expect(controlsHeight(0)).toBe(0);
  });

  it('draws a node as wide as the compiler says, else its own units, else unknown', () => {
    expect(displayWidth({ params: { units: 4, activation: 'relu' } }, { width: 7, parameters: 0 })).toBe(7);
    expect(displayWidth({ params: { units: 4, activation: 'relu' } }, { width: null, parameters: 0 })).toBe(4);
    expect(displayWidth({ params: {} }, { width: null, parameters: 0 })).toBeNull();
  });
});

describe('the network in words', () => {
  it('names a chain by its widths and a graph by its layers and merges', () => {
    const plan = (id: string) => {
      const compiled = compileDesign(PRESETS.find((p) => p.id === id)?.setup.design ?? { nodes: [], edges: [] });
      if (!compiled.ok) throw new Error(id);
      return compiled.plan;
    };
    expect(readyText(plan('xor-2-4-1'))).toBe('The 2-4-1 network is ready to train.');
    expect(isChainPlan(plan('xor-skip-concat'))).toBe(false);
    expect(readyText(plan('xor-skip-concat'))).toBe('The network (4 layers with a merge, 7 parameters) is ready to train.');
  });
});

describe('weight colours on the dark canvas', () => {
  it('makes strong weights bright and keeps the light theme on the heatmaps’ scale', async () => {
    const { weightStroke } = await import('../../src-renderer/editor/weight-colors');
    const { lab } = await import('d3');
    const dark = weightStroke('dark', 20);
    const lightness = (c: string) => lab(c).l;
    // The strongest weights are the brightest lines, either sign; a weight of 0 is the neutral line colour.
    expect(lightness(dark(20).color)).toBeGreaterThan(70);
    expect(lightness(dark(-20).color)).toBeGreaterThan(60);
    expect(lightness(dark(6).color)).toBeGreaterThan(lightness(dark(0).color) + 15);
    expect(lightness(dark(20).color)).toBeGreaterThan(lightness(dark(6).color));
    expect(dark(20).width).toBeGreaterThan(dark(1).width);
    const light = weightStroke('light', 20);
    // Light: the heatmaps' RdBu, dark at the ends.
    expect(lightness(light(20).color)).toBeLessThan(35);
  });
});

describe('where a layer added by click lands', () => {
  it('in the column asked for, moved below any layer that would cover it', async () => {
    const { freeSpot } = await import('../../src-renderer/editor/canvas-control');
    const node = (id: string, x: number, y: number) => ({ id, type: 'dense', position: { x, y }, params: { units: 3, activation: 'sigmoid' } }) as const;
    const measure = () => ({ height: 100 });
    expect(freeSpot({ x: 480, y: 0 }, 100, [node('a', 0, 0), node('b', 240, 0)], measure)).toEqual({ x: 480, y: 0 });
    // Output sits in the column after the selected layer: the new one goes below it, clear of its problem note.
    expect(freeSpot({ x: 480, y: 0 }, 100, [node('out', 480, -20)], measure)).toEqual({ x: 480, y: 128 });
    // …and below the next one too, if that is in the way.
    expect(freeSpot({ x: 480, y: 0 }, 100, [node('out', 480, -20), node('d', 500, 150)], measure)).toEqual({ x: 480, y: 298 });
  });
});
