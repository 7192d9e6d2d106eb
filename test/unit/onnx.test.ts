import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { exportOnnx, importOnnx } from '../../src-shared/export/onnx';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { getPreset } from '../../src-shared/presets';
import { chainDesign } from '../../src-shared/network/chain';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import type { ExperimentSetup } from '../../src-shared/setup';
import { RandomState } from '../../src-shared/rng/random-state';

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

  it('says clearly when a file is not an ONNX model', () => {
    expect(() => importOnnx(new TextEncoder().encode('{"format": "nn-designer-experiment"}'))).toThrow(/not a readable ONNX file|no graph|not an ONNX file/);
    expect(() => importOnnx(new Uint8Array([0x3a, 0xff, 0xff]))).toThrow(/not a readable ONNX file/);
  });
});
