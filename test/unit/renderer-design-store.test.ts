import { beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-shared/presets';
import { connectionProblem } from '../../src-shared/network/connect';
import { compileDesign } from '../../src-shared/network/compile';
import { layout, moveInput } from '../../src-renderer/store/design-ops';
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

  it('connects one layer to several, and several into a merge, as the shared rules allow', () => {
    store().removeElements(doc().setup.design.nodes.map((n) => n.id));
    const input = store().addNode('input', { x: 0, y: 0 });
    const a = store().addNode('dense', { x: 200, y: -100 });
    const b = store().addNode('dense', { x: 200, y: 100 });
    const add = store().addNode('add', { x: 400, y: 0 });
    const output = store().addNode('output', { x: 600, y: 0 });
    for (const [s, t] of [
      [input, a],
      [input, b],
      [a, add],
      [b, add],
      [add, output],
    ]) {
      expect(store().connect(s, t)).toBe(true);
    }
    expect(store().problems).toEqual([]);
    const compiled = store().compiled;
    expect(compiled.ok && compiled.plan.steps.find((s) => s.id === add)?.inputs).toHaveLength(2);
    // What src-shared refuses, the store refuses: a second input into a Dense, a loop, anything after the Output.
    const design = doc().setup.design;
    expect(connectionProblem(design, input, output)).toMatch(/already has an input/);
    expect(store().connect(input, output)).toBe(false);
    expect(store().connect(add, a)).toBe(false);
    expect(connectionProblem(design, add, a)).toMatch(/already has an input|loop/);
    expect(connectionProblem(design, output, a)).toMatch(/Output/);
    expect(doc().setup.design).toBe(design);
  });

  it('moves a merge’s input earlier or later as one undo step, other connections keeping their places', () => {
    const { input, dense, output } = buildXor();
    store().removeElements([], doc().setup.design.edges.filter((e) => e.target === output).map((e) => e.id));
    const concat = store().addNode('concatenate', { x: 400, y: 0 });
    store().connect(input, concat);
    store().connect(dense, concat);
    store().connect(concat, output);
    const before = doc().setup.design;
    const sources = () => doc().setup.design.edges.filter((e) => e.target === concat).map((e) => e.source);
    expect(sources()).toEqual([input, dense]);
    const second = before.edges.find((e) => e.source === dense && e.target === concat);
    store().moveInput(second?.id ?? '', -1);
    expect(sources()).toEqual([dense, input]);
    // The other connections stay where they were in the file.
    const others = (d: typeof before) => d.edges.map((e, i) => (e.target === concat ? null : [i, e.id]));
    expect(others(doc().setup.design)).toEqual(others(before));
    // Concatenate's columns follow: the dense layer's 3 now come before the 2 inputs.
    const compiled = store().compiled;
    expect(compiled.ok && compiled.plan.steps.find((s) => s.id === concat)?.inWidths).toEqual([3, 2]);
    // Already first: nothing to do, no undo step.
    store().moveInput(second?.id ?? '', -1);
    store().undo();
    expect(doc().setup.design).toBe(before);
    expect(moveInput(before, 'no-such-edge', 1)).toBe(before);
  });

  it('pastes a merge with its inputs in the same order', () => {
    const { input, dense, output } = buildXor();
    store().removeElements([], doc().setup.design.edges.filter((e) => e.target === output).map((e) => e.id));
    const concat = store().addNode('concatenate', { x: 400, y: 0 });
    store().connect(dense, concat);
    store().connect(input, concat);
    store().setSelection({ nodeIds: [input, dense, concat], edgeIds: [] });
    store().copySelection();
    store().paste();
    const [newInput, newDense, newConcat] = store().selection.nodeIds;
    const into = doc().setup.design.edges.filter((e) => e.target === newConcat).map((e) => e.source);
    expect(into).toEqual([newDense, newInput]);
    store().duplicateSelection();
    const [dupInput, dupDense, dupConcat] = store().selection.nodeIds;
    expect(doc().setup.design.edges.filter((e) => e.target === dupConcat).map((e) => e.source)).toEqual([dupDense, dupInput]);
  });

  it('lays out each chain preset on one line, left to right, and a skip connection’s branch above the main line', () => {
    const measure = () => ({ height: 100, anchor: 50 });
    for (const preset of PRESETS) {
      const laid = layout(preset.setup.design, measure);
      const compiled = compileDesign(laid);
      if (!compiled.ok) throw new Error(preset.id);
      const xs = compiled.plan.steps.map((s) => laid.nodes.find((n) => n.id === s.id)?.position.x);
      expect([...xs].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(xs);
      const chain = compiled.plan.steps.every((s, k) => k === 0 || (s.inputs.length === 1 && s.inputs[0] === k - 1));
      if (chain) expect(new Set(laid.nodes.map((n) => n.position.y))).toEqual(new Set([-50]));
    }
    const skip = layout(PRESETS.find((p) => p.id === 'xor-skip-concat')?.setup.design ?? { nodes: [], edges: [] }, measure);
    const at = (id: string) => skip.nodes.find((n) => n.id === id)?.position ?? { x: NaN, y: NaN };
    // The Input → Concatenate connection runs on the main line; the AND node it jumps sits wholly above it.
    expect(at('input').y).toBe(-50);
    expect(at('skip').y).toBe(-50);
    expect(at('and').y + 100).toBeLessThan(0);
  });
});
