import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { exportOnnx } from '../../src-shared/export/onnx';
import { importOnnx } from '../../src-shared/export/onnx-import';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { getPreset } from '../../src-shared/presets';
import { chainDesign } from '../../src-shared/network/chain';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import type { ExperimentSetup } from '../../src-shared/setup';
import { RandomState } from '../../src-shared/rng/random-state';
import { compileDesign } from '../../src-shared/network/compile';
import { createModel } from '../../src-shared/engine/create-model';
import { graph } from './graph-design';
import { withoutMetadata } from './onnx-builder';

ort.env.wasm.numThreads = 1;

function trained(setup: ExperimentSetup, epochs?: number) {
  const p = prepareTraining(epochs ? { ...setup, training: { ...setup.training, epochs } } : setup);
  if (!p.ok) throw new Error(p.problems[0].message);
  p.trainer.runToEnd();
  return p.trainer;
}

const designs: [string, ExperimentSetup, number?][] = [
  ['the 2-4-1 XOR preset', getPreset('xor-2-4-1')!.setup, 3000],
  ['the 2-16-16-1 addition preset', getPreset('addition-2-16-16-1')!.setup, 20],
  [
    'tanh, relu and leaky relu layers with a softmax output',
    {
      design: chainDesign(2, [{ units: 5, activation: 'tanh' }, { units: 6, activation: 'relu' }, { units: 4, activation: 'leaky_relu' }], { units: 2, activation: 'softmax', loss: 'cross_entropy' }),
      task: { dataset: 'inline', inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[1, 0], [0, 1], [0, 1], [1, 0]] },
      training: { ...DEFAULT_TRAINING, epochs: 300, learningRate: 0.3, updateMode: 'batch', reduction: 'mean', init: { scheme: 'he', scale: 1 } },
    },
  ],
  [
    'a linear output',
    {
      design: chainDesign(2, [{ units: 3, activation: 'sigmoid' }], { units: 1, activation: 'linear', loss: 'mse' }),
      task: { dataset: 'addition', samples: 50, seed: 3 },
      training: { ...DEFAULT_TRAINING, epochs: 5, learningRate: 0.1 },
    },
  ],
  ['the XOR skip connection (Concatenate)', getPreset('xor-skip-concat')!.setup, 2000],
  ['the XOR residual connection (Add)', getPreset('xor-residual-add')!.setup, 2000],
  ['the three-class spiral (softmax)', getPreset('spiral-3-softmax')!.setup, 50],
  [
    'fan-out into a three-way Add, Activation on its own, Dropout (the identity)',
    {
      design: graph(
        [
          ['in', 'input', { units: 2 }],
          ['a', 'dense', { units: 4, activation: 'linear' }],
          ['act', 'activation', { activation: 'leaky_relu' }],
          ['drop', 'dropout', { rate: 0.3 }],
          ['b', 'dense', { units: 4, activation: 'tanh' }],
          ['c', 'dense', { units: 4, activation: 'sigmoid' }],
          ['sum', 'add'],
          ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
        ],
        'in>a a>act act>drop drop>b drop>c b>sum c>sum act>sum sum>out',
      ),
      task: { dataset: 'circle', samples: 30, noise: 0.05, seed: 8 },
      training: { ...DEFAULT_TRAINING, epochs: 10, learningRate: 0.3, updateMode: 'shuffle', seed: 2 },
    },
  ],
];

describe('ONNX export', () => {
  it.each(designs)('%s runs in onnxruntime and agrees with the engine to float32 precision', async (_, setup, epochs) => {
    const trainer = trained(setup, epochs);
    const bytes = exportOnnx(setup, trainer.network.getParameters());
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['input']);
    expect(session.outputNames).toEqual(['output']);
    // A batch of random points, to use the dynamic batch dimension with a size other than 1.
    const rs = new RandomState(5);
    const rows = 37;
    const x = Float64Array.from({ length: rows * 2 }, () => rs.randomSample() * 1.4 - 0.2);
    const expected = trainer.network.predict(x, rows);
    const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x), [rows, 2]) });
    const out = result.output;
    expect(out.dims).toEqual([rows, trainer.network.outputSize]);
    const got = out.data as Float32Array;
    let worst = 0;
    expected.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[i]) / Math.max(1, Math.abs(v)))));
    expect(worst).toBeLessThan(2e-5);
    await session.release();
  });

  it('imports what it exported: the same design and the weights rounded to float32', () => {
    const setup = getPreset('xor-2-4-1')!.setup;
    const trainer = trained(setup, 500);
    const params = trainer.network.getParameters();
    const back = importOnnx(exportOnnx(setup, params));
    expect(back.setup.design).toEqual(setup.design);
    back.parameters.forEach((p, i) => {
      expect(Array.from(p.W)).toEqual(Array.from(Float32Array.from(params[i].W)));
      expect(Array.from(p.b)).toEqual(Array.from(Float32Array.from(params[i].b)));
    });
  });

  it.each(designs.slice(4))('imports %s back into the same design, and rebuilds it from the operators alone', (_, setup, epochs) => {
    const trainer = trained(setup, epochs);
    const params = trainer.network.getParameters();
    const bytes = exportOnnx(setup, params);
    expect(importOnnx(bytes).setup.design).toEqual(setup.design);
    // Without the metadata (another tool rewrote the file), the operators say what the network is.
    const stripped = exportOnnx({ ...setup, design: setup.design }, params).slice();
    const rebuilt = importOnnx(withoutMetadata(stripped));
    const plan = compileDesign(rebuilt.setup.design);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    // Its layers have the exported weights, and it predicts what the network predicts (with them rounded to float32).
    rebuilt.parameters.forEach((p, i) => expect(Array.from(p.W)).toEqual(Array.from(Float32Array.from(params[i].W))));
    const model = createModel(plan.plan);
    model.setParameters(rebuilt.parameters);
    const rows = 25;
    const rs = new RandomState(9);
    const x = Float64Array.from({ length: rows * plan.plan.inputSize }, () => rs.randomSample() * 2 - 0.5);
    const ours = trainer.network.predict(x, rows);
    const theirs = model.predict(x, rows);
    ours.forEach((v, i) => expect(Math.abs(v - theirs[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
  });

  it('says clearly when a file is not an ONNX model', () => {
    expect(() => importOnnx(new TextEncoder().encode('{"format": "nn-designer-experiment"}'))).toThrow(/not a readable ONNX file|no graph|not an ONNX file/);
    expect(() => importOnnx(new Uint8Array([0x3a, 0xff, 0xff]))).toThrow(/not a readable ONNX file/);
  });
});
