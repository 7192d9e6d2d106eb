/** Graph validation: every problem at once, on its node, with its JSON path and the fix; and what a connection being dragged would do. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { compileDesign, type DesignProblem } from '../../src-shared/network/compile';
import { connectionProblem, connectionWarnings } from '../../src-shared/network/connect';
import { getPreset } from '../../src-shared/presets';
import { graph } from './graph-design';

const show = (problems: DesignProblem[]): string[] => problems.map((p) => `${p.path}: ${p.message} → ${p.fix}`);
const problems = (design: Parameters<typeof compileDesign>[0], task?: Parameters<typeof compileDesign>[1]): string[] => {
  const r = compileDesign(design, task);
  return r.ok ? [] : show(r.problems);
};
const out = { units: 1, activation: 'sigmoid', loss: 'bce' };

describe('graph validation', () => {
  it('reports a merge with one input, Add over unequal widths and a layer off every path, all at once', () => {
    const d = graph(
      [
        ['in', 'input', { units: 2 }],
        ['a', 'dense', { units: 3, activation: 'tanh' }],
        ['b', 'dense', { units: 4, activation: 'tanh' }],
        ['sum', 'add'],
        ['cat', 'concatenate'],
        ['stray', 'dense', { units: 2, activation: 'relu' }],
        ['out', 'output', out],
      ],
      'in>a in>b a>sum b>sum sum>cat cat>out',
    );
    expect(problems(d)).toEqual([
      'setup.design.nodes[4]: Concatenate (cat) has 1 input; Concatenate merges 2 or more → Connect another layer into it, or delete it and connect its input onward',
      'setup.design.nodes[5]: Dense (stray) is not on the path from Input to Output → Connect a layer into it, or delete it',
      'setup.design.nodes[3]: Add gets inputs of widths 3, 4: it adds them value by value, so they must be equally wide → Give the layers feeding it the same number of units, or use Concatenate to put them side by side',
    ]);
  });

  it('reports a second Input, a layer that leads nowhere, and a settings problem on its setting', () => {
    const d = graph(
      [
        ['in', 'input', { units: 2 }],
        ['in2', 'input', { units: 2 }],
        ['drop', 'dropout', { rate: 0.95 }],
        ['end', 'dense', { units: 2, activation: 'relu' }],
        ['out', 'output', out],
      ],
      'in>drop drop>out in>end',
    );
    expect(problems(d)).toEqual([
      'setup.design.nodes[2].params.rate: Dropout (drop) has rate 0.95 → Set its rate to a number from 0 to 0.9',
      'setup.design.nodes[1]: Input (in2) is a second Input layer → Keep one Input layer and delete the others',
      'setup.design.nodes[3]: Dense (end) is not connected to the next layer → Connect Dense (end) to the next layer or the Output',
    ]);
  });

  it('reports a layer with two inputs that takes one, and a connection twice', () => {
    const d = graph(
      [
        ['in', 'input', { units: 2 }],
        ['a', 'dense', { units: 2, activation: 'tanh' }],
        ['out', 'output', out],
      ],
      'in>a in>out a>out a>out',
    );
    expect(problems(d)).toEqual([
      'setup.design.edges[3]: Dense (a) is connected to Output (out) twice → Delete one of the two connections',
      'setup.design.nodes[2]: Output (out) has 2 inputs, but a Output layer takes one → Merge them first with an Add or Concatenate layer, or delete a connection',
    ]);
  });

  it('gives each node its width and parameter count, even while the graph has problems', () => {
    const d = graph(
      [
        ['in', 'input', { units: 2 }],
        ['a', 'dense', { units: 3, activation: 'tanh' }],
        ['cat', 'concatenate'],
        ['b', 'dense', { units: 4, activation: 'tanh' }],
        ['out', 'output', out],
      ],
      'in>a in>cat a>cat cat>b',
    );
    const r = compileDesign(d);
    expect(r.ok).toBe(false);
    expect(r.facts).toEqual({
      in: { width: 2, parameters: 0 },
      a: { width: 3, parameters: 9 },
      cat: { width: 5, parameters: 0 },
      b: { width: 4, parameters: 24 },
      out: { width: 1, parameters: 0 }, // its own units; its weights wait for an input
    });
  });

  it('asks for one output per class on a three-class task', () => {
    const preset = getPreset('spiral-3-softmax')!.setup;
    const d = structuredClone(preset.design);
    const o = d.nodes.find((n) => n.type === 'output');
    if (o?.type === 'output') o.params.units = 1;
    expect(problems(d, { inputs: 2, outputs: 3, classes: 3, name: 'Spiral' }).filter((p) => p.includes('classes'))).toEqual([
      `setup.design.nodes[${d.nodes.indexOf(o!)}].params.units: Output has 1 unit but Spiral has 3 classes → Set the Output layer to 3 units, one per class, softmax with cross-entropy`,
      // and a softmax over one unit is a problem of its own
    ].slice(0, 1));
  });

  it('refuses a network over the parameter budget before allocating anything, with the numbers', () => {
    const nodes: [string, 'input' | 'dense' | 'output', Record<string, unknown>][] = [['in', 'input', { units: 2 }]];
    for (let i = 0; i < 50; i++) nodes.push([`d${i}`, 'dense', { units: 4096, activation: 'relu' }]);
    nodes.push(['out', 'output', out]);
    const d = graph(nodes, nodes.slice(1).map(([id], i) => `${nodes[i][0]}>${id}`).join(' '));
    const r = compileDesign(d);
    expect(!r.ok && show(r.problems)).toEqual([
      'setup.design.nodes: The network holds 822,300,673 weights and biases, more than the 50,000,000 this app trains → Use fewer or smaller layers',
    ]);
  });

  it('refuses a run whose memory would exceed the budget, naming it', () => {
    const d = graph(
      [['in', 'input', { units: 2 }], ['a', 'dense', { units: 4096, activation: 'relu' }], ['b', 'dense', { units: 4096, activation: 'relu' }], ['c', 'dense', { units: 2048, activation: 'relu' }], ['out', 'output', out]],
      'in>a a>b b>c c>out',
    );
    const adam = { type: 'adam' as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const p = prepareTraining({ design: d, task: { dataset: 'xor' }, training: { ...DEFAULT_TRAINING, optimizer: adam } });
    expect(!p.ok && show(p.problems)).toEqual([
      expect.stringMatching(/^setup\.design\.nodes: Training this network needs about [\d,]+ MB of memory \(25,186,305 weights and biases\), more than the 1,024 MB budget → Use fewer or smaller layers$/),
    ]);
  });
});

describe('the run order', () => {
  const ids = (d: Parameters<typeof compileDesign>[0]): string[] => {
    const r = compileDesign(d);
    if (!r.ok) throw new Error(show(r.problems).join('\n'));
    return r.plan.steps.map((s) => s.id);
  };
  const d = (order: string[]) => {
    const spec: Record<string, Parameters<typeof graph>[0][number]> = {
      in: ['in', 'input', { units: 2 }],
      a: ['a', 'dense', { units: 3, activation: 'tanh' }],
      a2: ['a2', 'dense', { units: 3, activation: 'tanh' }],
      b: ['b', 'dense', { units: 3, activation: 'relu' }],
      sum: ['sum', 'add'],
      out: ['out', 'output', out],
    };
    return graph(order.map((id) => spec[id]), 'in>a a>a2 a2>sum in>b b>sum sum>out');
  };

  it('is topological, and among layers ready at once takes the one listed first in the design', () => {
    // After the Input, a and b are ready: the node list decides; a2 waits for a, however it is listed.
    expect(ids(d(['out', 'sum', 'b', 'a2', 'a', 'in']))).toEqual(['in', 'b', 'a', 'a2', 'sum', 'out']);
    expect(ids(d(['in', 'a2', 'a', 'b', 'sum', 'out']))).toEqual(['in', 'a', 'a2', 'b', 'sum', 'out']);
    expect(ids(d(['in', 'a2', 'b', 'a', 'sum', 'out']))).toEqual(['in', 'b', 'a', 'a2', 'sum', 'out']);
  });
});

describe('a connection being dragged', () => {
  const d = graph(
    [
      ['in', 'input', { units: 2 }],
      ['a', 'dense', { units: 3, activation: 'tanh' }],
      ['b', 'dense', { units: 4, activation: 'tanh' }],
      ['sum', 'add'],
      ['out', 'output', out],
    ],
    'in>a in>b a>sum sum>out',
  );
  it('may fan out of any layer and into a merge', () => {
    expect(connectionProblem(d, 'a', 'out')).toMatch(/already has an input: to feed it two layers, merge them with Add or Concatenate first/);
    expect(connectionProblem(d, 'in', 'sum')).toBeNull();
    expect(connectionProblem(d, 'b', 'sum')).toBeNull();
  });
  it('may not run backwards, loop, or repeat', () => {
    expect(connectionProblem(d, 'out', 'a')).toMatch(/Output layer is last/);
    expect(connectionProblem(d, 'a', 'in')).toMatch(/Input layer is first/);
    const merged = graph([['in', 'input', { units: 2 }], ['a', 'dense', { units: 2, activation: 'tanh' }], ['m', 'add'], ['b', 'dense', { units: 2, activation: 'tanh' }], ['out', 'output', out]], 'in>a a>m in>m m>b b>out');
    expect(connectionProblem(merged, 'b', 'm')).toMatch(/would make a loop/);
    expect(connectionProblem(d, 'a', 'sum')).toMatch(/already connected/);
    expect(connectionProblem(d, 'a', 'a')).toMatch(/cannot feed itself/);
  });
  it('warns where it lands when the widths would not fit', () => {
    expect(connectionWarnings(d, 'b', 'sum').map((p) => p.message)).toEqual(['Add gets inputs of widths 3, 4: it adds them value by value, so they must be equally wide']);
    expect(connectionWarnings(d, 'in', 'sum')).toEqual([expect.objectContaining({ nodeId: 'sum' })]);
    const equal = graph([['in', 'input', { units: 3 }], ['a', 'dense', { units: 3, activation: 'tanh' }], ['sum', 'add'], ['out', 'output', out]], 'in>a a>sum sum>out');
    expect(connectionWarnings(equal, 'in', 'sum')).toEqual([]);
  });
});
