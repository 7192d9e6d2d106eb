/**
 * ONNX import, operator by operator, on models written by hand: what each attribute means is
 * honoured (checked against the arithmetic written out here), the graph's own names are used,
 * the task is inferred from the shapes and said, and whatever NN Designer cannot hold is refused
 * naming the operator, its node and the attribute.
 */
import { describe, expect, it } from 'vitest';
import { createModel } from '../../src-shared/engine/create-model';
import { importedExperiment, importOnnx, type ImportedModel } from '../../src-shared/export/onnx-import';
import { parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { compileDesign } from '../../src-shared/network/compile';
import { checkSetup } from '../../src-shared/setup-check';
import { matrix, onnxModel, vector, type TestModel, type TestNode } from './onnx-builder';

/** What the imported network predicts for these rows. */
function predict(imported: ImportedModel, rows: number[][]): number[][] {
  const compiled = compileDesign(imported.setup.design);
  if (!compiled.ok) throw new Error(compiled.problems[0].message);
  const model = createModel(compiled.plan);
  model.setParameters(imported.parameters);
  const out = model.predict(Float64Array.from(rows.flat()), rows.length);
  const k = out.length / rows.length;
  return rows.map((_, r) => Array.from(out.subarray(r * k, (r + 1) * k)));
}

const X = [
  [0.5, -1],
  [2, 0.25],
  [-1.5, 3],
];
const W = [
  [0.1, -0.2, 0.3],
  [0.4, 0.5, -0.6],
]; // 2 → 3, as x @ W
const WT = W[0].map((_, j) => W.map((row) => row[j])); // 3 × 2, as torch keeps it
const B = [0.01, -0.02, 0.03];
const f32 = (v: number): number => Math.fround(v);
/** x @ W + b in float64 on float32 weights, as the model computes it. */
const dense = (x: number[], w: number[][], b: number[], scale = 1, biasScale = 1): number[] =>
  w[0].map((_, j) => x.reduce((s, xi, i) => s + xi * scale * f32(w[i][j]), biasScale * f32(b[j] ?? b[0])));
const gemm = (attributes: TestNode['attributes'], inputs = ['x', 'W', 'B']): TestNode => ({ op: 'Gemm', name: 'fc', inputs, outputs: ['y'], attributes });

function imported(m: TestModel): ImportedModel {
  return importOnnx(onnxModel(m));
}

describe('Gemm', () => {
  it('reads B untransposed (transB 0) and transposed (transB 1) as the same layer', () => {
    const plain = imported({ nodes: [gemm([])], initializers: [matrix('W', W), vector('B', B)] });
    const transposed = imported({ nodes: [gemm([{ name: 'transB', i: 1 }])], initializers: [matrix('W', WT), vector('B', B)] });
    const expected = X.map((x) => dense(x, W, B));
    for (const m of [plain, transposed]) predict(m, X).forEach((row, r) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[r][j], 14)));
    expect(plain.parameters).toEqual(transposed.parameters);
  });

  it('scales the weights by alpha and the bias by beta', () => {
    const m = imported({ nodes: [gemm([{ name: 'alpha', f: 2 }, { name: 'beta', f: 0.5 }])], initializers: [matrix('W', W), vector('B', B)] });
    const expected = X.map((x) => dense(x, W, B, 2, 0.5));
    predict(m, X).forEach((row, r) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[r][j], 14)));
  });

  it.each([
    ['absent', ['x', 'W'], null, [0, 0, 0]],
    ['a scalar (shape [])', ['x', 'W', 'C'], { name: 'C', dims: [], values: [0.5] }, [0.5, 0.5, 0.5]],
    ['one value (shape [1])', ['x', 'W', 'C'], { name: 'C', dims: [1], values: [0.5] }, [0.5, 0.5, 0.5]],
    ['a row (shape [1, 3])', ['x', 'W', 'C'], { name: 'C', dims: [1, 3], values: B }, B],
    ['one per unit (shape [3])', ['x', 'W', 'C'], vector('C', B), B],
  ] as const)('reads a bias C that is %s', (_, inputs, C, bias) => {
    const m = imported({ nodes: [gemm([], [...inputs])], initializers: [matrix('W', W), ...(C ? [{ ...C, dims: [...C.dims], values: [...C.values] }] : [])] });
    expect(Array.from(m.parameters[0].b)).toEqual(bias.map(f32));
  });

  it('refuses what is not a layer over a batch of vectors, naming the operator, node and attribute', () => {
    const base = { initializers: [matrix('W', W), vector('B', B)] };
    expect(() => imported({ ...base, nodes: [gemm([{ name: 'transA', i: 1 }])] })).toThrow('Gemm node "fc": its attribute transA is 1');
    expect(() => imported({ ...base, nodes: [gemm([{ name: 'broadcast', i: 1 }])] })).toThrow('Gemm node "fc": it has the attribute "broadcast", which NN Designer does not read');
    expect(() => imported({ initializers: [matrix('W', W), matrix('C', [[1, 2, 3], [4, 5, 6], [7, 8, 9]])], nodes: [gemm([], ['x', 'W', 'C'])] })).toThrow('Gemm node "fc": its bias C has shape [3, 3]');
    expect(() => imported({ initializers: [vector('B', B)], inputs: [{ name: 'x', dims: ['n', 2] }, { name: 'W', dims: [2, 3] }], nodes: [gemm([])] })).toThrow('The graph has 2 inputs ("x", "W")');
    expect(() => imported({ ...base, nodes: [gemm([{ name: 'transB', i: 1 }])] })).toThrow('Gemm node "fc": its weights B have shape [2, 3] (transB = 1), for inputs 3 wide, but its input is 2 wide');
    expect(() => imported({ ...base, nodes: [gemm([{ name: 'alpha', i: 2 }])] })).toThrow('Gemm node "fc": its attribute "alpha" is an int, where ONNX has a float');
  });
});

describe('MatMul and Add, activations, merges and no-ops', () => {
  it('reads MatMul + Add (the bias on either side) as one dense layer, and its activation', () => {
    for (const add of [['mm', 'B'], ['B', 'mm']]) {
      const m = imported({
        nodes: [
          { op: 'MatMul', inputs: ['x', 'W'], outputs: ['mm'] },
          { op: 'Add', inputs: add, outputs: ['z'] },
          { op: 'Tanh', inputs: ['z'], outputs: ['y'] },
        ],
        initializers: [matrix('W', W), vector('B', B)],
      });
      expect(m.setup.design.nodes.map((n) => n.type)).toEqual(['input', 'output']);
      expect(m.setup.design.nodes[1].params).toMatchObject({ units: 3, activation: 'tanh', loss: 'mse' });
      const expected = X.map((x) => dense(x, W, B).map(Math.tanh));
      predict(m, X).forEach((row, r) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[r][j], 14)));
    }
  });

  it('reads a bias from a Constant, wherever the Constant stands', () => {
    const m = imported({
      nodes: [
        { op: 'MatMul', inputs: ['x', 'W'], outputs: ['mm'] },
        { op: 'Constant', inputs: [], outputs: ['bias'], attributes: [{ name: 'value_floats', floats: B }] },
        { op: 'Add', inputs: ['mm', 'bias'], outputs: ['y'] },
      ],
      initializers: [matrix('W', W)],
    });
    expect(Array.from(m.parameters[0].b)).toEqual(B.map(f32));
  });

  it("takes LeakyRelu's alpha as the layer's slope (the decimal the author wrote), 0.01 when absent", () => {
    const leaky = (alpha?: number): ImportedModel =>
      imported({
        nodes: [
          { op: 'Gemm', inputs: ['x', 'W', 'B'], outputs: ['z'] },
          { op: 'LeakyRelu', inputs: ['z'], outputs: ['h'], attributes: alpha === undefined ? [] : [{ name: 'alpha', f: alpha }] },
          { op: 'Gemm', inputs: ['h', 'W2'], outputs: ['y'] },
        ],
        initializers: [matrix('W', W), vector('B', B), matrix('W2', [[1], [1], [1]])],
      });
    expect(leaky(0.2).setup.design.nodes[1].params).toEqual({ units: 3, activation: 'leaky_relu', slope: 0.2 });
    expect(leaky().setup.design.nodes[1].params).toEqual({ units: 3, activation: 'leaky_relu' });
    expect(leaky(0.01).setup.design.nodes[1].params).toEqual({ units: 3, activation: 'leaky_relu' });
    const expected = X.map((x) => [dense(x, W, B).reduce((s, z) => s + (z > 0 ? z : 0.2 * z), 0)]);
    predict(leaky(0.2), X).forEach((row, r) => expect(row[0]).toBeCloseTo(expected[r][0], 14));
    expect(() => leaky(1.5)).toThrow('LeakyRelu node #2 (unnamed): its attribute alpha is 1.5; a leaky ReLU\'s slope in NN Designer is a number from 0 to 1');
  });

  it('reads Add and Concat of layers, Identity, Flatten, Reshape to [-1, width], and Dropout with its ratio', () => {
    const m = imported({
      inputs: [{ name: 'features', dims: ['batch', 2] }],
      outputs: [{ name: 'probabilities', dims: ['batch', 3] }],
      nodes: [
        { op: 'Gemm', name: 'a', inputs: ['features', 'Wa', 'ba'], outputs: ['za'] },
        { op: 'Relu', inputs: ['za'], outputs: ['ha'] },
        { op: 'Gemm', name: 'b', inputs: ['features', 'Wa'], outputs: ['hb'] },
        { op: 'Add', name: 'sum', inputs: ['ha', 'hb'], outputs: ['s'] },
        { op: 'Identity', inputs: ['s'], outputs: ['s1'] },
        { op: 'Constant', inputs: [], outputs: ['shape'], attributes: [{ name: 'value', t: { name: '', dims: [2], values: [-1, 3], type: 'int64' } }] },
        { op: 'Reshape', inputs: ['s1', 'shape'], outputs: ['s2'] },
        { op: 'Flatten', inputs: ['s2'], outputs: ['s3'], attributes: [{ name: 'axis', i: 1 }] },
        { op: 'Dropout', name: 'drop', inputs: ['s3', 'ratio'], outputs: ['d'] },
        { op: 'Concat', name: 'cat', inputs: ['d', 'features'], outputs: ['c'], attributes: [{ name: 'axis', i: -1 }] },
        { op: 'Gemm', name: 'out', inputs: ['c', 'Wo', 'bo'], outputs: ['zo'] },
        { op: 'Softmax', inputs: ['zo'], outputs: ['probabilities'], attributes: [{ name: 'axis', i: -1 }] },
      ],
      initializers: [matrix('Wa', W), vector('ba', B), { name: 'ratio', dims: [], values: [0.25] }, matrix('Wo', [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [0.5, -0.5, 0]]), vector('bo', [0, 0, 0])],
    });
    const nodes = m.setup.design.nodes;
    expect(nodes.map((n) => [n.type, n.label])).toEqual([
      ['input', undefined],
      ['dense', 'a'],
      ['dense', 'b'],
      ['add', 'sum'],
      ['dropout', 'drop'],
      ['concatenate', 'cat'],
      ['output', 'out'],
    ]);
    expect(nodes.find((n) => n.type === 'dropout')?.params).toEqual({ rate: 0.25 });
    expect(nodes[6].params).toEqual({ units: 3, activation: 'softmax', loss: 'cross_entropy' });
    const expected = X.map((x) => {
      const s = dense(x, W, B).map((z, j) => Math.max(z, 0) + dense(x, W, [0, 0, 0])[j]);
      const c = [...s, ...x];
      const z = [0, 1, 2].map((j) => c.reduce((acc, v, i) => acc + v * [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [0.5, -0.5, 0]][i][j], 0));
      const e = z.map((v) => Math.exp(v - Math.max(...z)));
      return e.map((v) => v / e.reduce((a, b) => a + b, 0));
    });
    predict(m, X).forEach((row, r) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[r][j], 13)));
    // Three softmax outputs over two inputs: a three-class task, said so.
    expect(m.setup.task).toEqual({ dataset: 'clusters', samples: 200, noise: 0.15, seed: 0, classes: 3 });
    expect(m.notes.join(' ')).toContain('it is a 3-class task: Gaussian clusters with 3 classes');
    expect(checkSetup(m.setup).designProblems).toEqual([]);
  });

  it('reads a chain of Adds as one Add, in the same order', () => {
    const m = imported({
      nodes: [
        { op: 'Gemm', inputs: ['x', 'W'], outputs: ['a'] },
        { op: 'Gemm', inputs: ['x', 'W', 'B'], outputs: ['b'] },
        { op: 'Sigmoid', inputs: ['x'], outputs: ['c0'] },
        { op: 'Concat', inputs: ['c0', 'x'], outputs: ['c1'], attributes: [{ name: 'axis', i: 1 }] },
        { op: 'Gemm', inputs: ['c1', 'W4'], outputs: ['c'] },
        { op: 'Add', inputs: ['a', 'b'], outputs: ['s1'] },
        { op: 'Add', inputs: ['s1', 'c'], outputs: ['s2'] },
        { op: 'Gemm', inputs: ['s2', 'Wo'], outputs: ['y'] },
      ],
      initializers: [matrix('W', W), vector('B', B), matrix('W4', [...W, ...W]), matrix('Wo', [[1], [2], [3]])],
    });
    const adds = m.setup.design.nodes.filter((n) => n.type === 'add');
    expect(adds).toHaveLength(1);
    expect(m.setup.design.edges.filter((e) => e.target === adds[0].id).map((e) => e.source)).toEqual(['dense-1', 'dense-2', 'dense-3']);
  });

  it('refuses operators, attributes and inputs it cannot hold, naming them', () => {
    const init = [matrix('W', W), vector('B', B)];
    const one = (n: TestNode, more: Partial<TestModel> = {}): (() => ImportedModel) => () => imported({ nodes: [{ op: 'Gemm', inputs: ['x', 'W', 'B'], outputs: ['z'] }, n], initializers: init, ...more });
    expect(one({ op: 'Conv', name: 'c', inputs: ['z'], outputs: ['y'] })).toThrow(/^Conv node "c": NN Designer does not read the operator Conv\. It reads Gemm, MatMul, /);
    expect(one({ op: 'Relu', name: 'r', inputs: ['z'], outputs: ['y'], domain: 'com.microsoft' })).toThrow('Relu node "r": it is an operator of the domain "com.microsoft"');
    expect(one({ op: 'Softmax', name: 's', inputs: ['z'], outputs: ['y'], attributes: [{ name: 'axis', i: 0 }] })).toThrow('Softmax node "s": its attribute axis is 0');
    expect(one({ op: 'Flatten', name: 'f', inputs: ['z'], outputs: ['y'], attributes: [{ name: 'axis', i: 0 }] })).toThrow('Flatten node "f": its attribute axis is 0');
    expect(one({ op: 'Add', name: 'a', inputs: ['z', 'B'], outputs: ['y'] })).toThrow('Add node "a": it adds the constant "B"');
    expect(one({ op: 'Dropout', name: 'd', inputs: ['z', 'r'], outputs: ['y'] }, { initializers: [...init, { name: 'r', dims: [], values: [0.95] }] })).toThrow("Dropout node \"d\": its ratio is 0.95; NN Designer's Dropout drops from 0 to 0.9");
    expect(one({ op: 'Dropout', name: 'd', inputs: ['z', '', 't'], outputs: ['y'] }, { initializers: [...init, { name: 't', dims: [], values: [1], type: 'bool' }] })).toThrow('Dropout node "d": its training_mode is true');
    expect(one({ op: 'Reshape', name: 'r', inputs: ['z', 's'], outputs: ['y'] }, { initializers: [...init, { name: 's', dims: [2], values: [1, -1], type: 'int64' }] })).toThrow('Reshape node "r": it reshapes the 3-wide vectors to [1, -1]');
    expect(() => imported({ nodes: [gemm([])], initializers: [{ ...matrix('W', [[1, 2, 3], [4, 5, 6]]), type: 'int64' }, vector('B', B)] })).toThrow('Gemm node "fc": its weights B ("W") hold int64 values; NN Designer reads float32 and float64 weights');
    expect(() => imported({ nodes: [gemm([])], initializers: init, inputs: [{ name: 'x', dims: [2] }] })).toThrow('The graph\'s input "x" has shape [2]: NN Designer\'s networks take a batch of vectors, shape [N, width]');
    expect(() => imported({ nodes: [gemm([])], initializers: init, inputs: [{ name: 'x', dims: ['n', 2], type: 7 }] })).toThrow('The graph\'s input "x" holds int64 values');
  });
});

describe('the task and the notes', () => {
  const chain = (inputs: number, outputs: number, activation: string | null): ImportedModel =>
    imported({
      inputs: [{ name: 'x', dims: ['n', inputs] }],
      nodes: [{ op: 'Gemm', inputs: ['x', 'W'], outputs: [activation ? 'z' : 'y'] }, ...(activation ? [{ op: activation, inputs: ['z'], outputs: ['y'] }] : [])],
      initializers: [{ name: 'W', dims: [inputs, outputs], values: Array.from({ length: inputs * outputs }, (_, i) => i / 10) }],
    });

  it.each([
    [2, 1, 'Sigmoid', { dataset: 'xor' }, 'bce', 'a two-class task: XOR'],
    [2, 1, null, { dataset: 'addition', samples: 500, seed: 42 }, 'mse', 'a regression: addition'],
    [2, 4, 'Softmax', { dataset: 'clusters', samples: 200, noise: 0.15, seed: 0, classes: 4 }, 'cross_entropy', 'a 4-class task'],
  ] as const)('%i inputs → %i %s outputs: a built-in task that fits the model', (inputs, outputs, activation, task, loss, said) => {
    const m = chain(inputs, outputs, activation);
    expect(m.setup.task).toEqual(task);
    expect(m.setup.design.nodes[1].params).toMatchObject({ units: outputs, loss });
    expect(m.notes.join(' ')).toContain(said);
    expect(checkSetup(m.setup).designProblems).toEqual([]);
  });

  it('a shape no built-in task has: a placeholder of the model’s shape, never a change to the model', () => {
    const m = chain(4, 3, 'Softmax');
    expect(m.setup.task).toEqual({ dataset: 'inline', name: 'Placeholder: 4 inputs, 3 classes (replace with your data)', inputs: [[0, 0, 0, 0]], targets: [[1, 0, 0]] });
    expect(m.setup.design.nodes.map((n) => n.params)).toEqual([{ units: 4 }, { units: 3, activation: 'softmax', loss: 'cross_entropy' }]);
    expect(checkSetup(m.setup).designProblems).toEqual([]);
    expect(m.notes.join(' ')).toContain('no built-in task has its shapes (4 inputs → 3 softmax outputs)');
  });

  it('a model that ends in no layer with weights gets an identity Output, and says so', () => {
    const m = imported({ nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], attributes: [{ name: 'axis', i: 1 }] }], inputs: [{ name: 'x', dims: ['n', 3] }] });
    expect(m.setup.design.nodes.map((n) => [n.type, n.params])).toEqual([
      ['input', { units: 3 }],
      ['output', { units: 3, activation: 'softmax', loss: 'cross_entropy' }],
    ]);
    expect(Array.from(m.parameters[0].W)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(m.notes.join(' ')).toContain('one with identity weights (3×3, bias 0) was added');
  });

  it('leaves out operators the output does not depend on, and says how many', () => {
    const m = imported({
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['unused'] },
        { op: 'Gemm', inputs: ['x', 'W', 'B'], outputs: ['y'] },
      ],
      initializers: [matrix('W', W), vector('B', B)],
    });
    expect(m.notes).toContain('1 operator that the output does not depend on was left out.');
  });

  it('makes an experiment whose last run holds the weights, which the file format reads back', () => {
    const m = chain(2, 3, 'Softmax');
    const experiment = importedExperiment(m, { name: 'model', source: 'model.onnx', createdAt: new Date('2025-01-02T03:04:05Z') });
    const read = parseExperiment(serializeExperiment(experiment));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const run = read.experiment.runs[read.experiment.runs.length - 1];
    expect(run).toMatchObject({ status: 'ready', epoch: 0, createdAt: '2025-01-02T03:04:05.000Z' });
    expect(run.parameters.map((p) => [Array.from(p.W), Array.from(p.b)])).toEqual(m.parameters.map((p) => [Array.from(p.W), Array.from(p.b)]));
    expect(run.design).toEqual(m.setup.design);
    expect(read.experiment.notes).toContain('Imported from model.onnx.');
  });
});
