/**
 * The WebAssembly kernel is a faster way to the same numbers: its e^x and sigmoid agree with
 * exp.ts to the bit, per-sample training with it leaves every weight bit-for-bit where the JS
 * reference leaves it, and the committed bytes are the .wat compiled.
 */
import { describe, expect, it } from 'vitest';
import golden from '../fixtures/exp-fdlibm.json';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { compileDenseWat } from '../../scripts/build-wasm.mjs';
import { DENSE_WASM } from '../../src-shared/engine/kernel/dense-wasm.generated';
import { DenseKernel } from '../../src-shared/engine/kernel/dense-kernel';
import { exp } from '../../src-shared/engine/exp';
import { DEFAULT_TRAINING, type TrainingConfig } from '../../src-shared/engine/config';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { Trainer } from '../../src-shared/engine/trainer';
import { Network } from '../../src-shared/engine/network';
import { evaluateGrid } from '../../src-shared/engine/grid';
import { chainDesign } from '../../src-shared/network/chain';
import type { Activation, Loss } from '../../src-shared/network/design';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import type { TaskSpec } from '../../src-shared/datasets';

const bits = (v: number): string => {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, v);
  return d.getBigUint64(0).toString(16).padStart(16, '0');
};
const fromBits = (hex: string): number => {
  const d = new DataView(new ArrayBuffer(8));
  d.setBigUint64(0, BigInt(`0x${hex}`));
  return d.getFloat64(0);
};

/** Values that reach every branch of fdlibm's exp, plus a spread of ordinary ones. */
function probeValues(): number[] {
  const xs = [0, -0, 1, -1, NaN, Infinity, -Infinity, 2 ** -28, -(2 ** -28), 2 ** -29, 1e-300, 5e-324];
  for (const edge of [0.3465735912322998, 1.0397205352783203, 700, 708.39, 709.7822265625, 709.782712893384, 745.13, 745.14]) {
    xs.push(edge, -edge, edge * (1 + 2 ** -52), -edge * (1 - 2 ** -53));
  }
  let seed = 99;
  const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  // Between ln2/2 and fdlibm's k = 0 threshold just above it: rounding alone would pick k = ±1.
  const halfLn2 = Math.LN2 / 2;
  for (let i = 0; i < 20_000; i++) {
    const v = halfLn2 + (0.3465735912322998 - halfLn2) * rnd();
    xs.push(v, -v);
  }
  xs.push(0.3465735902799744, -0.3465735902799744);
  for (let i = 0; i < 20_000; i++) xs.push((rnd() - 0.5) * 1500, (rnd() - 0.5) * 40, (rnd() - 0.5) * 2, (rnd() - 0.5) * 1e-6);
  return xs;
}

describe('e^x', () => {
  it("exp.ts is fdlibm's exp to the bit (golden values from V8's fdlibm Math.exp)", () => {
    const wrong = golden.cases.filter(([x, e]) => bits(exp(fromBits(x))) !== e);
    expect(golden.cases.length).toBeGreaterThan(1000);
    expect(wrong).toEqual([]);
  });

  it('exp.ts stays within one ulp of Math.exp (whatever engine this is)', () => {
    for (const x of probeValues()) {
      const ours = exp(x);
      const theirs = Math.exp(x);
      if (Number.isNaN(theirs)) expect(ours).toBeNaN();
      else if (ours !== theirs) expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(Math.abs(theirs) * 2 ** -52);
    }
  });

  it("the kernel's e^x and its sigmoid, one or two at a time, are exp.ts's to the bit", () => {
    const xs = probeValues();
    // One layer with a single input of 1, W = the values and b = 0, gives z = the values exactly.
    const kernel = DenseKernel.create([{ inSize: 1, outSize: xs.length }], 1);
    expect(kernel).not.toBeNull();
    if (!kernel) return;
    const [layer] = kernel.layers;
    kernel.x[0] = 1;
    layer.W.set(xs);
    kernel.forward(0, true);
    const wrongExp = xs.filter((x) => bits(kernel.exp(x)) !== bits(exp(x)));
    const wrongSigmoid = xs.filter((x, i) => bits(layer.a[i]) !== bits(1 / (1 + exp(-x))));
    expect(wrongExp).toEqual([]);
    expect(wrongSigmoid).toEqual([]);
  });
});

describe('training in WebAssembly', () => {
  it('the committed kernel is dense.wat compiled (run npm run build:wasm after editing it)', async () => {
    const bytes: Uint8Array = await compileDenseWat();
    expect(Buffer.from(DENSE_WASM).equals(Buffer.from(bytes))).toBe(true);
  });

  /** Trains the same setup with and without the kernel; every weight must match to the bit. */
  function trainBoth(setup: ExperimentSetup, updates: number): { wasm: Trainer; js: Trainer } {
    const prepared = prepareTraining(setup);
    if (!prepared.ok) throw new Error(prepared.problems.map((p) => p.message).join('; '));
    const wasm = prepared.trainer;
    const js = new Trainer(prepared.plan, prepared.dataset, setup.training, { wasm: false });
    expect(wasm.network.usesWasm).toBe(true);
    expect(js.network.usesWasm).toBe(false);
    wasm.run(updates);
    js.run(updates);
    return { wasm, js };
  }

  function expectSameBits(a: Trainer, b: Trainer): void {
    expect(a.updates).toBe(b.updates);
    expect(a.history.map((h) => bits(h.loss))).toEqual(b.history.map((h) => bits(h.loss)));
    a.network.getParameters().forEach((p, i) => {
      const q = b.network.getParameters()[i];
      expect([...p.W].map(bits)).toEqual([...q.W].map(bits));
      expect([...p.b].map(bits)).toEqual([...q.b].map(bits));
    });
  }

  it("the post's addition run, 20 epochs: the same weights and losses to the bit", () => {
    const preset = getPreset('addition-2-16-16-1');
    if (!preset) throw new Error('no addition preset');
    const { wasm, js } = trainBoth({ ...preset.setup, training: { ...preset.setup.training, epochs: 20 } }, 20 * 500);
    expect(wasm.epoch).toBe(20);
    expectSameBits(wasm, js);
  });

  const cases: { name: string; hidden: { units: number; activation: Activation }[]; output: { units: number; activation: Activation; loss: Loss }; task: TaskSpec; training?: Partial<TrainingConfig>; diverges?: boolean }[] = [
    { name: 'odd widths, tanh and relu, MSE', hidden: [{ units: 7, activation: 'tanh' }, { units: 5, activation: 'relu' }], output: { units: 1, activation: 'linear', loss: 'mse' }, task: { dataset: 'xor' } },
    { name: 'leaky relu into a fused sigmoid + BCE', hidden: [{ units: 9, activation: 'leaky_relu' }], output: { units: 1, activation: 'sigmoid', loss: 'bce' }, task: { dataset: 'spiral', samples: 200, noise: 0.1, seed: 3 } },
    { name: 'sigmoid into sigmoid + BCE (not fused through the hidden layer)', hidden: [{ units: 3, activation: 'sigmoid' }, { units: 6, activation: 'sigmoid' }], output: { units: 1, activation: 'sigmoid', loss: 'bce' }, task: { dataset: 'circle', samples: 150, noise: 0.05, seed: 2 } },
    { name: 'a single sigmoid neuron in order, as the post trains AND', hidden: [], output: { units: 1, activation: 'sigmoid', loss: 'squared_error' }, task: { dataset: 'and' }, training: { updateMode: 'sample', init: { scheme: 'randn_bias', scale: 1 } } },
    {
      name: 'softmax + cross-entropy over three classes',
      hidden: [{ units: 6, activation: 'tanh' }],
      output: { units: 3, activation: 'softmax', loss: 'cross_entropy' },
      task: { dataset: 'inline', inputs: [[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.2]], targets: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]] },
    },
    {
      name: 'mini-batches of 7 (mean), momentum, tanh and relu',
      hidden: [{ units: 9, activation: 'tanh' }, { units: 6, activation: 'relu' }],
      output: { units: 1, activation: 'sigmoid', loss: 'bce' },
      task: { dataset: 'spiral', samples: 100, noise: 0.1, seed: 4 },
      training: { updateMode: 'minibatch', batchSize: 7, reduction: 'mean', optimizer: { type: 'momentum', momentum: 0.9 } },
    },
    {
      name: 'full batch (summed, the post’s XOR), sigmoid',
      hidden: [{ units: 4, activation: 'sigmoid' }],
      output: { units: 1, activation: 'sigmoid', loss: 'squared_error' },
      task: { dataset: 'xor' },
      training: { updateMode: 'batch', learningRate: 2 },
    },
    {
      name: 'full batch of 300 rows (more than a pass of 256), Adam, leaky relu and softmax',
      hidden: [{ units: 5, activation: 'leaky_relu' }, { units: 3, activation: 'sigmoid' }],
      output: { units: 2, activation: 'softmax', loss: 'cross_entropy' },
      task: { dataset: 'inline', inputs: Array.from({ length: 300 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7)]), targets: Array.from({ length: 300 }, (_, i) => (Math.sin(i) > Math.cos(i * 0.7) ? [1, 0] : [0, 1])) },
      training: { updateMode: 'batch', reduction: 'mean', learningRate: 0.05, optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
    },
    { name: 'a huge learning rate: both diverge at the same update', hidden: [{ units: 4, activation: 'relu' }], output: { units: 1, activation: 'linear', loss: 'squared_error' }, task: { dataset: 'addition', samples: 100, seed: 1 }, training: { learningRate: 1e6 }, diverges: true },
  ];

  for (const c of cases) {
    it(`${c.name}: the same weights and losses to the bit`, () => {
      const setup: ExperimentSetup = {
        design: chainDesign(2, c.hidden, c.output),
        task: c.task,
        training: { ...DEFAULT_TRAINING, epochs: 30, learningRate: 0.1, ...c.training },
      };
      const { wasm, js } = trainBoth(setup, 3000);
      expect(wasm.status === 'diverged').toBe(c.diverges === true);
      expect(wasm.status).toBe(js.status);
      expect(wasm.divergedAt).toEqual(js.divergedAt);
      expectSameBits(wasm, js);
      // Evaluating many rows (the decision grid, chunks of 256) gives the same bits too.
      const domain = { x: [-1.5, 1.5] as [number, number], y: [-1.5, 1.5] as [number, number] };
      const [gw, gj] = [wasm, js].map((t) => evaluateGrid(t.network, domain, 20));
      expect([...gw.outputs].map(bits)).toEqual([...gj.outputs].map(bits));
      gw.hidden.forEach((h, i) => expect([...h].map(bits)).toEqual([...gj.hidden[i]].map(bits)));
      expect(bits(wasm.evaluateLoss())).toBe(bits(js.evaluateLoss()));
    });
  }

  it('a pass too big for the kernel runs in JS once, and the next one is back in the kernel', () => {
    const spec = { inputSize: 2, layers: [{ units: 5, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }], loss: 'bce' as const };
    const [net, ref] = [new Network(spec), new Network(spec, { wasm: false })];
    const params = [0, 1].map((i) => ({ W: Float64Array.from({ length: i ? 5 : 10 }, (_, k) => Math.sin(k + i)), b: Float64Array.from({ length: i ? 1 : 5 }, (_, k) => Math.cos(k)) }));
    net.setParameters(params);
    ref.setParameters(params);
    const inKernel = (): boolean => net.layers[0].z.buffer === net.layers[0].W.buffer; // W lives in the kernel's memory
    const x = Float64Array.from({ length: 2 * 600 }, (_, i) => Math.sin(i * 0.37));
    expect([...net.forward(x, 0, 600).subarray(0, 600)].map(bits)).toEqual([...ref.forward(x, 0, 600).subarray(0, 600)].map(bits));
    expect(inKernel()).toBe(false);
    expect([...net.forward(x, 10, 7).subarray(0, 7)].map(bits)).toEqual([...ref.forward(x, 10, 7).subarray(0, 7)].map(bits));
    expect(inKernel()).toBe(true);
  });

  it('a trainer’s batch always fits its kernel, whatever options it is given', () => {
    const setup: ExperimentSetup = {
      design: chainDesign(2, [{ units: 3, activation: 'relu' }], { units: 1, activation: 'sigmoid', loss: 'bce' }),
      task: { dataset: 'spiral', samples: 300, noise: 0.05, seed: 1 },
      training: { ...DEFAULT_TRAINING, updateMode: 'batch', epochs: 2 },
    };
    const p = prepareTraining(setup);
    if (!p.ok) throw new Error('spiral does not compile');
    const t = new Trainer(p.plan, p.dataset, setup.training, { capacity: undefined });
    t.runToEnd();
    const net = t.network as Network;
    expect(net.layers[0].z.buffer).toBe(net.layers[0].W.buffer);
  });

  it('backward refuses rows that no forward pass computed', () => {
    const net = new Network({ inputSize: 2, layers: [{ units: 2, activation: 'sigmoid' }], loss: 'mse' });
    const x = new Float64Array(8);
    expect(() => net.backward(x, 0, new Float64Array(8), 0, 4)).toThrow(/needs a forward pass/);
    net.forward(x, 0, 2);
    expect(() => net.backward(x, 0, new Float64Array(8), 0, 4)).toThrow(/needs a forward pass/);
  });
});
