import { beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-shared/presets';
import { connectionProblem } from '../../src-shared/network/connect';
import { layout } from '../../src-renderer/store/design-ops';
import { useDesignStore } from '../../src-renderer/store/design';
import { emptySetup, revisionOf, useDocumentStore } from '../../src-renderer/store/document';

const store = () => useDesignStore.getState();
const doc = () => useDocumentStore.getState();

/** Builds 2-4-1 XOR the way a person does in the editor: three layers, two connections. */
function buildXor(): { input: string; dense: string; output: string } {
  store().removeElements(doc().setup.design.nodes.map((n) => n.id));
  const input = store().addNode('input', { x: 0, y: 0 });
  const dense = store().addNode('dense', { x: 200, y: 0 });
  const output = store().addNode('output', { x: 400, y: 0 });
  store().connect(input, dense);
  store().connect(dense, output);
  return { input, dense, output };
}

describe('design store', () => {
  beforeEach(() => doc().open({ filePath: null, name: null, setup: emptySetup() }));

  it('starts with an empty canvas and the problems that say what to add', () => {
    expect(doc().dirty).toBe(false);
    expect(doc().setup.design.nodes).toEqual([]);
    expect(store().problems.map((p) => p.fix).join('\n')).toMatch(/Drag an Input layer/);
  });

  it('merges quick edits to one field into one undo step, but not edits to different fields', () => {
    const { dense } = buildXor();
    const before = doc().setup;
    store().updateNodeParams(dense, { units: 1 }, { coalesce: `${dense}.units` });
    store().updateNodeParams(dense, { units: 16 }, { coalesce: `${dense}.units` });
    store().updateNodeParams(dense, { activation: 'tanh' }, { coalesce: `${dense}.activation` });
    store().undo();
    expect(doc().setup.design.nodes.find((n) => n.id === dense)?.params).toEqual({ units: 16, activation: 'sigmoid' });
    store().undo();
    expect(doc().setup).toBe(before);
  });

  it('validates a hand-built 2-4-1 network and undoes/redoes each edit', () => {
    const { dense } = buildXor();
    store().updateNodeParams(dense, { units: 4, activation: 'sigmoid' });
    expect(store().problems).toEqual([]);
    expect(doc().dirty).toBe(true);
    expect(doc().dirty).toBe(true);
    const built = doc().setup;

    store().undo(); // units 3 → 4
    store().undo(); // dense → output
    expect(store().problems.some((p) => /not connected/.test(p.message))).toBe(true);
    store().undo(); // input → dense
    store().undo(); // add output
    expect(doc().setup.design.nodes.map((n) => n.type)).toEqual(['input', 'dense']);
    for (let i = 0; i < 4; i++) store().redo();
    expect(doc().setup).toBe(built);
    expect(store().canRedo).toBe(false);
  });

  it('makes one undo step of a whole drag, and none of a drag that ends where it began', () => {
    const { dense } = buildXor();
    const before = doc().setup;
    store().beginGesture();
    for (let x = 210; x <= 300; x += 10) store().moveNodes(new Map([[dense, { x, y: 5 }]]));
    store().endGesture();
    expect(doc().setup.design.nodes.find((n) => n.id === dense)?.position).toEqual({ x: 300, y: 5 });
    store().undo();
    expect(doc().setup).toBe(before);

    store().beginGesture();
    store().endGesture();
    expect(doc().setup).toBe(before);
    expect(store().history.past.at(-1)).not.toBe(before);
  });

  it('clears dirty when undo returns to the saved setup', () => {
    buildXor();
    doc().markSaved('/tmp/xor.nnd', revisionOf(doc()));
    expect(doc().title).toBe('xor');
    store().setTraining({ learningRate: 0.5 });
    expect(doc().dirty).toBe(true);
    store().undo();
    expect(doc().dirty).toBe(false);
  });

  it('reports a deleted layer as a problem on its neighbour', () => {
    const { dense, input } = buildXor();
    store().removeElements([dense]);
    expect(doc().setup.design.edges).toEqual([]);
    expect(store().problems.find((p) => p.nodeId === input)?.message).toMatch(/not connected/);
  });

  it('pastes copies with fresh ids and the edges between them', () => {
    const { input, dense } = buildXor();
    store().setSelection({ nodeIds: [input, dense], edgeIds: [] });
    store().copySelection();
    store().paste();
    const design = doc().setup.design;
    expect(design.nodes).toHaveLength(5);
    const pasted = store().selection.nodeIds;
    expect(pasted).toHaveLength(2);
    expect(pasted.some((id) => id === input || id === dense)).toBe(false);
    expect(design.edges.some((e) => e.source === pasted[0] && e.target === pasted[1])).toBe(true);
  });

  it('refuses connections that run backwards or into a layer that takes one input; a layer may feed several', () => {
    const { input, dense, output } = buildXor();
    const design = doc().setup.design;
    expect(connectionProblem(design, output, dense)).toMatch(/Output/);
    expect(connectionProblem(design, dense, input)).toMatch(/Input/);
    expect(connectionProblem(design, input, output)).toMatch(/already has an input/);
    const extra = store().addNode('dense', { x: 0, y: 0 });
    expect(store().connect(dense, extra)).toBe(true); // fan-out: dense feeds the Output and extra
    expect(connectionProblem(doc().setup.design, extra, dense)).toMatch(/already has an input|loop/);
  });

  it('keeps a merge’s inputs in the order the user sets', () => {
    const { input, dense } = buildXor();
    const cat = store().addNode('concatenate', { x: 0, y: 0 });
    store().connect(input, cat);
    store().connect(dense, cat);
    const into = (): string[] => doc().setup.design.edges.filter((e) => e.target === cat).map((e) => e.source);
    expect(into()).toEqual([input, dense]);
    const second = doc().setup.design.edges.find((e) => e.source === dense && e.target === cat)!;
    store().moveInput(second.id, -1);
    expect(into()).toEqual([dense, input]);
    store().undo();
    expect(into()).toEqual([input, dense]);
  });

  it('lays out each chain preset left to right on one line', () => {
    for (const preset of PRESETS.filter((p) => p.setup.design.edges.every((e, i, all) => all.filter((x) => x.source === e.source).length === 1))) {
      const laid = layout(preset.setup.design, () => ({ height: 100, anchor: 50 }));
      const xs = laid.nodes.map((n) => n.position.x);
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
      expect(new Set(laid.nodes.map((n) => n.position.y)).size).toBe(1);
    }
  });
});
