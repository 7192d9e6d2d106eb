/**
 * Backpropagation through graphs against central differences: every kind, fan-out (a layer
 * feeding two others, whose gradients add up) and both merges. Each check must also fail when
 * the kind's backward is wrong: the last tests break each backward on purpose and expect it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GraphNetwork } from '../../src-shared/engine/graph-network';
import type { Loss } from '../../src-shared/engine/losses';
import { KINDS, NODE_TYPES, type LayerOp, type NodeType } from '../../src-shared/layers';
import { compileDesign } from '../../src-shared/network/compile';
import type { Design } from '../../src-shared/network/design';
import { RandomState } from '../../src-shared/rng/random-state';
import { objective, worstGradientError } from './central-differences';
import { graph } from './graph-design';

const sig = { activation: 'sigmoid' };
const out = (units: number, activation = 'sigmoid', loss: Loss = 'squared_error') => ({ units, activation, loss });

/** Largest relative gap between backprop's and central differences' gradient, over every weight. */
function graphGradientError(design: Design, options: { training?: boolean } = {}): number {
  const compiled = compileDesign(design);
  if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join('; '));
  const plan = compiled.plan;
  const net = new GraphNetwork(plan);
  const rs = new RandomState(11);
  net.initialize(rs, 'randn', 0.8);
  for (const t of net.trainables) for (let j = 0; j < t.b.length; j++) t.b[j] = rs.gaussian() * 0.3;
  const rows = 3;
  const x = rs.randn(rows, plan.inputSize);
  const k = plan.outputSize;
  const y = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    if (plan.loss === 'cross_entropy') y[r * k + (r % k)] = 1;
    else for (let j = 0; j < k; j++) y[r * k + j] = rs.randomSample();
  }
  const training = options.training ?? false;
  // Dropout must draw the same masks in every evaluation: the same stream, from the start.
  const pass = (): Float64Array => {
    net.setMaskStream(new RandomState(5));
    return net.forward(x, 0, rows, training);
  };
  pass();
  net.backward(x, 0, y, 0, rows);
  return worstGradientError(net.trainables, () => objective(plan.loss, pass(), y, rows, k));
}

const CASES: Record<string, { design: Design; training?: boolean; kinds: NodeType[] }> = {
  'a dense chain': { design: graph([['in', 'input', { units: 3 }], ['d1', 'dense', { units: 4, activation: 'tanh' }], ['out', 'output', out(2)]], 'in>d1 d1>out'), kinds: ['dense', 'output'] },
  ...Object.fromEntries(
    ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'].map((f) => [
      `Activation ${f} between dense layers`,
      { design: graph([['in', 'input', { units: 3 }], ['d1', 'dense', { units: 4, activation: 'linear' }], ['a', 'activation', { activation: f }], ['out', 'output', out(2)]], 'in>d1 d1>a a>out'), kinds: ['activation'] as NodeType[] },
    ]),
  ),
  'Dropout while training (its mask held fixed)': {
    design: graph([['in', 'input', { units: 3 }], ['d1', 'dense', { units: 6, activation: 'tanh' }], ['drop', 'dropout', { rate: 0.5 }], ['out', 'output', out(2)]], 'in>d1 d1>drop drop>out'),
    training: true,
    kinds: ['dropout'],
  },
  'fan-out: one layer feeds two, summed by Add': {
    design: graph(
      [['in', 'input', { units: 3 }], ['d1', 'dense', { units: 4, activation: 'tanh' }], ['d2', 'dense', { units: 3, ...sig }], ['d3', 'dense', { units: 3, activation: 'relu' }], ['sum', 'add'], ['out', 'output', out(2)]],
      'in>d1 d1>d2 d1>d3 d2>sum d3>sum sum>out',
    ),
    kinds: ['add'],
  },
  'a residual Add around a dense layer': {
    design: graph([['in', 'input', { units: 3 }], ['d1', 'dense', { units: 3, activation: 'tanh' }], ['d2', 'dense', { units: 3, activation: 'tanh' }], ['res', 'add'], ['out', 'output', out(2)]], 'in>d1 d1>d2 d1>res d2>res res>out'),
    kinds: ['add'],
  },
  'a skip connection into Concatenate': {
    design: graph([['in', 'input', { units: 3 }], ['d1', 'dense', { units: 4, activation: 'tanh' }], ['d2', 'dense', { units: 2, ...sig }], ['cat', 'concatenate'], ['out', 'output', out(2)]], 'in>d1 d1>d2 d1>cat d2>cat cat>out'),
    kinds: ['concatenate'],
  },
  'Features of a hidden layer: each input, squares, products and sines, one input read by several': {
    design: graph(
      [
        ['in', 'input', { units: 3 }],
        ['d1', 'dense', { units: 3, activation: 'tanh' }],
        ['f', 'features', { features: ['x2', 'x1^2', 'x1*x2', 'x1*x3', 'sin(x1)', 'x3', 'sin(x3)', 'x3^2'] }],
        ['out', 'output', out(2)],
      ],
      'in>d1 d1>f f>out',
    ),
    kinds: ['features'],
  },
  'Features beside a skip: its input also feeds the Concatenate': {
    design: graph(
      [['in', 'input', { units: 2 }], ['d1', 'dense', { units: 2, activation: 'linear' }], ['f', 'features', { features: ['x1*x2', 'x2^2'] }], ['cat', 'concatenate'], ['out', 'output', out(3, 'softmax', 'cross_entropy')]],
      'in>d1 d1>f d1>cat f>cat cat>out',
    ),
    kinds: ['features'],
  },
  'Concatenate of the Input and a hidden layer, softmax with cross-entropy': {
    design: graph([['in', 'input', { units: 3 }], ['d1', 'dense', { units: 4, activation: 'relu' }], ['cat', 'concatenate'], ['out', 'output', out(3, 'softmax', 'cross_entropy')]], 'in>cat in>d1 d1>cat cat>out'),
    kinds: ['concatenate'],
  },
};

describe('graph backpropagation matches central differences', () => {
  it('covers every kind of the registry that computes something', () => {
    // Checked, and sabotaged below: a kind counts where its case's design holds it.
    const covered = new Set(Object.values(CASES).flatMap((c) => c.kinds.filter((k) => c.design.nodes.some((n) => n.type === k))));
    const computing = NODE_TYPES.filter((t) => t !== 'input');
    expect(computing.filter((t) => !covered.has(t)), 'kinds without a gradient check here').toEqual([]);
  });

  it.each(Object.keys(CASES))('%s', (name) => {
    const c = CASES[name];
    expect(graphGradientError(c.design, { training: c.training })).toBeLessThan(1e-6);
  });
});

describe('the checks catch a wrong backward', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Makes every op of `type` pass down 3% too much (or scale its weights' gradients wrongly). */
  function breakBackward(type: NodeType): void {
    const kind = KINDS[type] as unknown as { createOp: (...args: unknown[]) => LayerOp | null };
    const create = kind.createOp.bind(kind);
    vi.spyOn(kind, 'createOp').mockImplementation((...args: unknown[]) => {
      const op = create(...args);
      if (!op) return op;
      const backward = op.backward.bind(op);
      op.backward = (inputs, o, grad, inputGrads, pass, scale, pre) => {
        const copies = inputGrads.map((g) => (g ? g.slice() : null));
        backward(inputs, o, grad, inputGrads, pass, scale, pre);
        inputGrads.forEach((g, i) => {
          const before = copies[i];
          if (g && before) for (let j = 0; j < g.length; j++) g[j] = before[j] + (g[j] - before[j]) * 1.03;
        });
        if (op.trainable) for (let j = 0; j < op.trainable.gW.length; j++) op.trainable.gW[j] *= 1.03;
      };
      return op;
    });
  }

  it.each(Object.keys(CASES))('%s', (name) => {
    const c = CASES[name];
    for (const type of c.kinds) {
      breakBackward(type);
      expect(graphGradientError(c.design, { training: c.training }), `${type} broken`).toBeGreaterThan(1e-3);
      vi.restoreAllMocks();
    }
  });
});
