/**
 * The Features layer: TF Playground's engineered features as a layer kind. Its options, its
 * arithmetic against the formulas, its settings' problems (each on its JSON path), the file
 * round trip, the editor's toggles, ONNX there and back (onnxruntime agrees), and the claim it
 * exists for: XOR is solved by one neuron on x₁, x₂ and x₁x₂, and not on x₁x₂ alone.
 * Its gradient check is in graph-gradients.test.ts; the NumPy and PyTorch exports run in
 * numpy-export.test.ts and torch-export.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { createModel } from '../../src-shared/engine/create-model';
import { classMetrics } from '../../src-shared/engine/metrics';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { createExperiment, parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { exportOnnx } from '../../src-shared/export/onnx';
import { importOnnx } from '../../src-shared/export/onnx-import';
import { kindOf } from '../../src-shared/layers';
import { featureLabel, featureOptions, MAX_FEATURE_INPUTS } from '../../src-shared/layers/features';
import { compileDesign } from '../../src-shared/network/compile';
import type { Design } from '../../src-shared/network/design';
import { getPreset } from '../../src-shared/presets';
import { RandomState } from '../../src-shared/rng/random-state';
import type { ExperimentSetup } from '../../src-shared/setup';
import { toggled, toggleOptions } from '../../src-renderer/editor/toggles';
import { graph } from './graph-design';
import { matrix, onnxModel, vector, type TestNode } from './onnx-builder';

ort.env.wasm.numThreads = 1;

const field = kindOf('features').fields.features;
if (field.type !== 'toggles') throw new Error('the features setting is no toggles field');

const onFeatures = (features: string[], inputs = 2, output = { units: 1, activation: 'sigmoid', loss: 'squared_error' }): Design =>
  graph([['in', 'input', { units: inputs }], ['f', 'features', { features }], ['out', 'output', output]], 'in>f f>out');

const xorOn = (features: string[]): ExperimentSetup => ({ ...(getPreset('xor-features-neuron') as { setup: ExperimentSetup }).setup, design: onFeatures(features) });

function accuracy(setup: ExperimentSetup): number {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('; '));
  p.trainer.runToEnd();
  return classMetrics(p.dataset, (x, n) => p.trainer.network.predict(x, n))?.accuracy ?? NaN;
}

/** The problems compiling a Features layer with these settings (on 2 inputs unless said) gives. */
function problems(features: unknown, inputs = 2): { path?: string; message: string; fix: string }[] {
  const compiled = compileDesign(onFeatures(features as string[], inputs));
  return compiled.ok ? [] : compiled.problems;
}

describe('its options', () => {
  it("for two inputs, TF Playground's seven, in its order", () => {
    expect(field.options([2]).map((o) => [o.value, o.label])).toEqual([
      ['x1', 'x₁'],
      ['x2', 'x₂'],
      ['x1^2', 'x₁²'],
      ['x2^2', 'x₂²'],
      ['x1*x2', 'x₁x₂'],
      ['sin(x1)', 'sin x₁'],
      ['sin(x2)', 'sin x₂'],
    ]);
  });

  it('for N inputs: each input, its square, its sine and every product of two, bounded by the widest input it takes', () => {
    expect(field.options([4])).toHaveLength(4 * 3 + 6);
    expect(field.options([4]).map((o) => o.value)).toContain('x3*x4');
    expect(featureOptions(MAX_FEATURE_INPUTS)).toHaveLength(MAX_FEATURE_INPUTS * 3 + (MAX_FEATURE_INPUTS * (MAX_FEATURE_INPUTS - 1)) / 2);
    expect(field.maxItems).toBe(featureOptions(MAX_FEATURE_INPUTS).length);
    expect(featureOptions(4096)).toHaveLength(field.maxItems);
    expect(featureLabel('x12*x31')).toBe('x₁₂x₃₁');
  });
});

describe('the engine', () => {
  it('outputs each chosen feature, in the order chosen, its width inferred and no weights', () => {
    const features = ['sin(x2)', 'x1', 'x2^2', 'x1*x3', 'x3'];
    const compiled = compileDesign(graph([['in', 'input', { units: 3 }], ['f', 'features', { features }], ['out', 'output', { units: 1, activation: 'linear', loss: 'mse' }]], 'in>f f>out'));
    if (!compiled.ok) throw new Error(compiled.problems[0].message);
    expect(compiled.facts.f).toEqual({ width: 5, parameters: 0 });
    const step = compiled.plan.steps[1];
    const op = kindOf('features').createOp(step.params, step.inWidths, step.width);
    if (!op) throw new Error('no op');
    expect(op.trainable).toBeNull();
    const rows = 4;
    const x = new RandomState(3).randn(rows, 3);
    const out = new Float64Array(rows * 5);
    op.forward([x], out, { rows, training: false, masks: null });
    for (let r = 0; r < rows; r++) {
      const [a, b, c] = [x[r * 3], x[r * 3 + 1], x[r * 3 + 2]];
      expect(Array.from(out.subarray(r * 5, r * 5 + 5))).toEqual([Math.sin(b), a, b * b, a * c, c]);
    }
  });
});

describe('its settings', () => {
  it('says what is wrong with each, on its JSON path, and how to fix it', () => {
    const path = 'setup.design.nodes[1].params.features';
    expect(problems(['x1', 'x1*x2'])).toEqual([]);
    expect(problems(['x1**2'])).toEqual([
      { nodeId: 'f', path, message: 'Features (f) has features that are not names such as x1, x1^2, x1*x2 and sin(x1)', fix: expect.stringContaining('"x1**2" is none') },
    ]);
    expect(problems(['x1', 'x1'])[0]).toMatchObject({ path, fix: expect.stringContaining('"x1" is there twice') });
    expect(problems('x1')[0]).toMatchObject({ path });
    expect(problems(['x2*x1'])).toEqual([{ nodeId: 'f', path, message: 'Features has the product x2*x1', fix: 'Write it x1*x2, the smaller input first' }]);
    expect(problems(['x1*x1'])[0]).toMatchObject({ path, fix: 'Use x1^2 for the square' });
    expect(problems([])[0]).toMatchObject({ path, message: 'Features outputs nothing: no feature is ticked' });
    expect(problems(['x1', 'x3', 'sin(x4)'])[0]).toMatchObject({ path, message: 'Features uses x3, sin(x4), but its input is 2 wide (x1 to x2)', fix: 'Untick them, or connect a wider input' });
    expect(problems(['x40'], 40).map((p) => p.message)).toEqual(['Features has x40, but it takes at most 32 inputs', 'Features gets 40 inputs; it takes at most 32']);
    expect(problems(['x1'], 40).map((p) => p.message)).toEqual(['Features gets 40 inputs; it takes at most 32']);
  });

  it('are a list of names in the file, which reads back the same; a name that is none is refused with its path', () => {
    const setup = xorOn(['x1', 'x1*x2', 'sin(x2)', 'x2^2']);
    const text = serializeExperiment(createExperiment(setup));
    expect(text).toContain('"features": ["x1", "x1*x2", "sin(x2)", "x2^2"]');
    const read = parseExperiment(text);
    if (!read.ok) throw new Error(read.problems[0].message);
    expect(read.experiment.setup.design).toEqual(setup.design);
    const bad = parseExperiment(text.replace('"sin(x2)"', '"__import__(\'os\')"'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatchObject({ path: 'setup.design.nodes[1].params.features[2]', message: expect.stringMatching(/^expected one of names such as x1, x1\^2, x1\*x2 and sin\(x1\), got "__import__/) });
    const twice = parseExperiment(text.replace('"sin(x2)"', '"x1"'));
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems[0]).toMatchObject({ path: 'setup.design.nodes[1].params.features', message: expect.stringContaining('each once') });
  });
});

describe('XOR on one neuron', () => {
  it('is solved on x₁, x₂ and x₁x₂: the preset reaches accuracy 1.0, weights about (1, 1, −2) times the same', () => {
    const preset = getPreset('xor-features-neuron');
    if (!preset) throw new Error('no preset');
    const p = prepareTraining(preset.setup);
    if (!p.ok) throw new Error(p.problems[0].message);
    expect(p.plan.parameterCount).toBe(4);
    p.trainer.runToEnd();
    expect(classMetrics(p.dataset, (x, n) => p.trainer.network.predict(x, n))?.accuracy).toBe(1);
    const [w1, w2, w12] = p.trainer.network.getParameters()[0].W;
    expect(w1).toBeCloseTo(w2, 6);
    expect(w12 / w1).toBeCloseTo(-2, 0);
  });

  it('is not on x₁x₂ alone (three of the four points have x₁x₂ = 0), nor on x₁ and x₂ (the post’s failure)', () => {
    expect(accuracy(xorOn(['x1*x2']))).toBe(0.75);
    expect(accuracy(xorOn(['x1', 'x2']))).toBeLessThan(1);
  });
});

describe('the editor’s checkboxes', () => {
  it('offer the options of the input’s width, and names it holds for inputs it no longer has', () => {
    expect(toggleOptions(field, ['x1'], [null])).toEqual([{ value: 'x1', label: 'x₁', offered: false }]);
    expect(toggleOptions(field, ['x1', 'x3'], [2]).filter((o) => !o.offered)).toEqual([{ value: 'x3', label: 'x₃', offered: false }]);
    expect(toggleOptions(field, [], [2])).toHaveLength(7);
  });

  it('tick a feature into its place among the options and untick it where it is, the other columns keeping their order', () => {
    expect(toggled(field, ['x1', 'x1*x2'], 'x2', [2])).toEqual(['x1', 'x2', 'x1*x2']);
    expect(toggled(field, ['x1*x2', 'x1'], 'sin(x1)', [2])).toEqual(['x1*x2', 'x1', 'sin(x1)']);
    expect(toggled(field, ['x2'], 'x1', [2])).toEqual(['x1', 'x2']);
    expect(toggled(field, ['x1', 'x2', 'x1*x2'], 'x2', [2])).toEqual(['x1', 'x1*x2']);
  });
});

describe('ONNX', () => {
  const setup: ExperimentSetup = {
    design: graph(
      [
        ['in', 'input', { units: 2 }],
        ['h', 'dense', { units: 3, activation: 'tanh' }],
        ['f', 'features', { features: ['x3', 'x1^2', 'x1*x2', 'sin(x2)', 'x2*x3'] }],
        ['out', 'output', { units: 2, activation: 'softmax', loss: 'cross_entropy' }],
      ],
      'in>h h>f f>out',
    ),
    task: { dataset: 'clusters', samples: 40, noise: 0.2, seed: 2, classes: 2 },
    training: { ...DEFAULT_TRAINING, epochs: 20, learningRate: 0.1, updateMode: 'minibatch', batchSize: 8, reduction: 'mean', seed: 3 },
  };

  it('exports Split, Mul, Sin and Concat that onnxruntime runs as the engine does, and reads them back as the same layer', async () => {
    const p = prepareTraining(setup);
    if (!p.ok) throw new Error(p.problems[0].message);
    p.trainer.runToEnd();
    const params = p.trainer.network.getParameters();
    const bytes = exportOnnx(setup, params);
    const session = await ort.InferenceSession.create(bytes);
    const rows = 23;
    const rs = new RandomState(8);
    const x = Float64Array.from({ length: rows * 2 }, () => rs.randomSample() * 4 - 2);
    const expected = p.trainer.network.predict(x, rows);
    const got = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(x), [rows, 2]) })).output.data as Float32Array;
    expected.forEach((v, i) => expect(Math.abs(v - got[i])).toBeLessThan(2e-5));
    await session.release();

    const back = importOnnx(bytes);
    expect(back.setup.design).toEqual(setup.design);
    // The operators alone (a tool that drops the metadata) say the same.
    const features = back.setup.design.nodes.find((n) => n.type === 'features');
    expect(features?.params).toEqual({ features: ['x3', 'x1^2', 'x1*x2', 'sin(x2)', 'x2*x3'] });
  });

  const split: TestNode = { op: 'Split', name: 'cols', inputs: ['x'], outputs: ['a', 'b'], attributes: [{ name: 'axis', i: 1 }] };
  const head = (input: string): TestNode => ({ op: 'Gemm', name: 'fc', inputs: [input, 'W', 'B'], outputs: ['y'] });
  const init = [matrix('W', [[0.5], [-1], [2]]), vector('B', [0.1])];

  it("reads another tool's Split–Mul–Sin–Concat as Features, and predicts what the model does", () => {
    const model = onnxModel({
      nodes: [split, { op: 'Mul', inputs: ['b', 'a'], outputs: ['ab'] }, { op: 'Sin', inputs: ['a'], outputs: ['sa'] }, { op: 'Concat', inputs: ['b', 'ab', 'sa'], outputs: ['f'], attributes: [{ name: 'axis', i: -1 }] }, head('f')],
      initializers: init,
    });
    const read = importOnnx(model);
    expect(read.setup.design.nodes.find((n) => n.type === 'features')?.params).toEqual({ features: ['x2', 'x1*x2', 'sin(x1)'] });
    const compiled = compileDesign(read.setup.design);
    if (!compiled.ok) throw new Error(compiled.problems[0].message);
    const net = createModel(compiled.plan);
    net.setParameters(read.parameters);
    const [a, b] = [0.7, -1.3];
    expect(net.predict(Float64Array.from([a, b]), 1)[0]).toBeCloseTo(0.5 * b - 1 * a * b + 2 * Math.sin(a) + Math.fround(0.1), 6);
  });

  it('refuses a Split it cannot read as Features, naming the operator', () => {
    const relu: TestNode = { op: 'Relu', name: 'r', inputs: ['a'], outputs: ['ra'] };
    expect(() =>
      importOnnx(onnxModel({ nodes: [split, relu, { op: 'Concat', name: 'c', inputs: ['ra', 'b', 'a'], outputs: ['f'], attributes: [{ name: 'axis', i: 1 }] }, head('f')], initializers: init })),
    ).toThrow('Relu node "r": it reads a column of the Split "cols"');
    expect(() =>
      importOnnx(onnxModel({ nodes: [split, { op: 'Concat', name: 'c', inputs: ['a', 'b', 'x'], outputs: ['f'], attributes: [{ name: 'axis', i: 1 }] }, head('f')], initializers: init })),
    ).toThrow('Concat node "c": it joins "x" with the features of the Split "cols"');
    expect(() => importOnnx(onnxModel({ nodes: [{ ...split, attributes: [{ name: 'axis', i: 0 }] }, head('a')], initializers: init }))).toThrow('Split node "cols": its attribute axis is 0');
  });
});
