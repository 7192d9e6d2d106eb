/**
 * The editor's pure parts for graphs: a layer setting's text read as its field (so "5000" is never
 * committed as 500 on the way), which neuron each connection line joins, how each kind is shown
 * (read from the registry), and node sizes the layout and the node agree on.
 */
import { describe, expect, it } from 'vitest';
import { KINDS, MAX_UNITS, NODE_TYPES, kindOf, type ParamField } from '../../src-shared/layers';
import { compileDesign } from '../../src-shared/network/compile';
import { PRESETS } from '../../src-shared/presets';
import { linePairs, linePattern } from '../../src-renderer/editor/edge-lines';
import { readFieldText, steppedValue } from '../../src-renderer/editor/field-text';
import { displayWidth, handleY, nodeMetrics, NODE_CONTROLS, NODE_FACTS, NODE_HEADER, NODE_TEXT_ROW, neuronAreaHeight } from '../../src-renderer/editor/geometry';
import { fieldText, kindTone, nodeFields, paletteGroups } from '../../src-renderer/editor/kinds';
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
      expect(height).toBe(NODE_HEADER + neuronAreaHeight(3) + (inline.length ? NODE_CONTROLS : 0) + shown.length * NODE_TEXT_ROW + NODE_FACTS);
      expect(anchor).toBe(handleY(3));
    }
    // The Output shows its loss as text, and leaky ReLU's slope only with leaky ReLU; Add has nothing to edit on the node.
    expect(nodeFields(kindOf('output'), kindOf('output').defaults)).toEqual({ inline: ['units', 'activation'], shown: ['loss'] });
    expect(nodeFields(kindOf('output'), { ...kindOf('output').defaults, activation: 'leaky_relu' })).toEqual({ inline: ['units', 'activation'], shown: ['loss', 'slope'] });
    expect(fieldText(kindOf('dense'), 'slope', undefined)).toBe('0.01');
    expect(nodeFields(kindOf('add'), {})).toEqual({ inline: [], shown: [] });
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
