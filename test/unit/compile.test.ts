import { describe, expect, it } from 'vitest';
import { compileDesign } from '../../src-shared/network/compile';
import { chainDesign } from '../../src-shared/network/chain';
import type { Design } from '../../src-shared/network/design';

const xor241 = (): Design => chainDesign(2, [{ units: 4, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'squared_error' });
const problemsOf = (design: Design, task = { inputs: 2, outputs: 1, name: 'XOR' }): string[] => {
  const r = compileDesign(design, task);
  return r.ok ? [] : r.problems.map((p) => `${p.nodeId ?? p.edgeId ?? '-'}: ${p.message} → ${p.fix}`);
};

describe('compileDesign', () => {
  it('compiles a chain into a layer plan, in chain order whatever the node order', () => {
    const d = xor241();
    d.nodes.reverse();
    d.edges.reverse();
    const r = compileDesign(d, { inputs: 2, outputs: 1 });
    expect(r.ok && r.plan.chain).toEqual({ inputSize: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'squared_error' });
    expect(r.ok && r.plan.steps.map((s) => s.id)).toEqual(['input', 'dense-1', 'output']);
  });

  it('names a missing Input and Output and how to add them', () => {
    const problems = problemsOf({ nodes: [], edges: [] });
    expect(problems).toEqual([
      '-: The design has no Input layer → Drag an Input layer onto the canvas',
      '-: The design has no Output layer → Drag an Output layer onto the canvas and connect the last layer to it',
    ]);
  });

  it('finds a dangling layer and a layer cut off from the input', () => {
    const d = xor241();
    d.edges = d.edges.filter((e) => e.source !== 'dense-1');
    expect(problemsOf(d)).toEqual([
      'dense-1: Dense (dense-1) is not connected to the next layer → Connect Dense (dense-1) to the next layer or the Output',
      'output: Output (output) is not on the path from Input to Output → Connect a layer into it, or delete it',
    ]);
  });

  it('finds a cycle', () => {
    const d = chainDesign(2, [{ units: 3, activation: 'tanh' }, { units: 3, activation: 'tanh' }], { units: 1, activation: 'sigmoid', loss: 'mse' });
    d.edges = d.edges.filter((e) => e.target !== 'output');
    d.edges.push({ id: 'back', source: 'dense-2', target: 'dense-1' });
    expect(problemsOf(d)).toEqual([
      'dense-1: Dense (dense-1) has 2 inputs, but a Dense layer takes one → Merge them first with an Add or Concatenate layer, or delete a connection',
      'dense-1: The layers Dense (dense-1) → Dense (dense-2) → Dense (dense-1) form a loop → Delete the connection from Dense (dense-2) to Dense (dense-1), so data flows one way from Input to Output',
      'dense-2: The layers Dense (dense-1) → Dense (dense-2) → Dense (dense-1) form a loop → Delete the connection from Dense (dense-2) to Dense (dense-1), so data flows one way from Input to Output',
      'output: Output (output) is not on the path from Input to Output → Connect a layer into it, or delete it',
    ]);
    // The loop's problems point at the connection that closes it, in the file.
    const r = compileDesign(d);
    expect(!r.ok && r.problems.filter((p) => /loop/.test(p.message)).map((p) => [p.edgeId, p.path])).toEqual([
      ['back', `setup.design.edges[${d.edges.length - 1}]`],
      ['back', `setup.design.edges[${d.edges.length - 1}]`],
    ]);
  });

  it('checks unit counts and the fit to the task', () => {
    const d = xor241();
    const dense = d.nodes[1];
    if (dense.type === 'dense') dense.params.units = 0;
    const out = d.nodes[2];
    if (out.type === 'output') out.params.units = 3;
    expect(problemsOf(d)).toEqual([
      'dense-1: Dense (dense-1) has 0 units → Give it a whole number of units from 1 to 4096',
      'output: Output has 3 units but XOR needs 1 → Set the Output layer to 1 unit',
    ]);
    if (dense.type === 'dense') dense.params.units = 1e9;
    expect(problemsOf(d)[0]).toMatch(/has 1000000000 units/);
  });

  it('rejects connections into the Input and out of the Output, and edges to missing nodes', () => {
    const d = xor241();
    d.edges.push({ id: 'x1', source: 'output', target: 'dense-1' }, { id: 'x2', source: 'dense-1', target: 'input' }, { id: 'x3', source: 'ghost', target: 'output' });
    const problems = problemsOf(d).join('\n');
    expect(problems).toMatch(/Output \(output\) feeds another layer/);
    expect(problems).toMatch(/Input \(input\) receives a connection/);
    expect(problems).toMatch(/x3: A connection points to a layer that does not exist \(ghost\)/);
  });

  it('asks for softmax with cross-entropy; on one output, for binary cross-entropy', () => {
    const d = xor241();
    const out = d.nodes[2];
    if (out.type === 'output') out.params.loss = 'cross_entropy';
    // A softmax over one unit would be a problem of its own.
    expect(problemsOf(d)).toEqual(['output: Cross-entropy loss expects a softmax Output → For a single output, use binary cross-entropy; or give the Output one unit per class with softmax']);
    if (out.type === 'output') out.params.units = 2;
    expect(problemsOf(d)[0]).toBe('output: Cross-entropy loss expects a softmax Output → Set the Output activation to softmax, or choose another loss');
  });
});
