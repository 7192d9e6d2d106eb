/**
 * Leaky ReLU's slope is a setting of the activation (Dense, Output, Activation): the engine, the
 * NumPy, PyTorch and ONNX exports all use it, and a file that does not set it means 0.01, as
 * every file did before it was a setting.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { predictionRows } from '../../src-shared/engine/report';
import { createExperiment, parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { exportNumpy } from '../../src-shared/export/numpy';
import { exportOnnx } from '../../src-shared/export/onnx';
import { exportTorch } from '../../src-shared/export/torch';
import { kindOf } from '../../src-shared/layers';
import { compileDesign } from '../../src-shared/network/compile';
import { RandomState } from '../../src-shared/rng/random-state';
import type { ExperimentSetup } from '../../src-shared/setup';
import { GraphNetwork } from '../../src-shared/engine/graph-network';
import { objective, worstGradientError } from './central-differences';
import { graph } from './graph-design';

ort.env.wasm.numThreads = 1;

/** A chain (dense leaky layer into a leaky output) and a graph (a leaky Activation on its own), at `slope`. */
function setups(slope: number | undefined): [string, ExperimentSetup][] {
  const s = slope === undefined ? {} : { slope };
  const training = { ...DEFAULT_TRAINING, epochs: 30, learningRate: 0.1, updateMode: 'batch' as const, reduction: 'mean' as const, init: { scheme: 'he' as const, scale: 1 }, seed: 7 };
  return [
    [
      'a chain: a leaky Dense layer into a leaky linear-task Output',
      {
        design: graph(
          [
            ['in', 'input', { units: 2 }],
            ['h', 'dense', { units: 6, activation: 'leaky_relu', ...s }],
            ['out', 'output', { units: 1, activation: 'leaky_relu', loss: 'mse', ...s }],
          ],
          'in>h h>out',
        ),
        task: { dataset: 'addition', samples: 40, seed: 3 },
        training,
      },
    ],
    [
      'a graph: a linear Dense layer, a leaky Activation on its own, a skip into Concatenate',
      {
        design: graph(
          [
            ['in', 'input', { units: 2 }],
            ['h', 'dense', { units: 5, activation: 'linear' }],
            ['act', 'activation', { activation: 'leaky_relu', ...s }],
            ['cat', 'concatenate'],
            ['out', 'output', { units: 1, activation: 'sigmoid', loss: 'bce' }],
          ],
          'in>h h>act act>cat in>cat cat>out',
        ),
        task: { dataset: 'circle', samples: 40, noise: 0.05, seed: 5 },
        training,
      },
    ],
  ];
}

function trained(setup: ExperimentSetup) {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems[0].message);
  p.trainer.runToEnd();
  return p;
}

const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);
const torchPython = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
const dir = mkdtempSync(join(tmpdir(), 'nnd-slope-'));
function runPython(interpreter: string, script: string, name: string): string[] {
  const file = join(dir, `${name}.py`);
  writeFileSync(file, script);
  return execFileSync(interpreter, [file], { encoding: 'utf8', timeout: 120_000 }).trimEnd().split('\n');
}

describe("leaky ReLU's slope", () => {
  it('is a setting of Dense, Output and Activation, shown only for leaky ReLU, 0.01 when a file leaves it out', () => {
    for (const type of ['dense', 'output', 'activation'] as const) {
      const field = kindOf(type).fields.slope;
      expect(field).toMatchObject({ type: 'number', min: 0, max: 1, default: 0.01, when: { key: 'activation', is: 'leaky_relu' } });
    }
    // A file written before the setting existed opens, and keeps meaning slope 0.01.
    const [, chain] = setups(undefined)[0];
    const text = serializeExperiment(createExperiment(chain));
    expect(text).not.toContain('slope');
    const read = parseExperiment(text);
    expect(read.ok).toBe(true);
    // A slope out of range is a problem with its JSON path.
    const bad = parseExperiment(text.replace('"activation": "leaky_relu"', '"activation": "leaky_relu", "slope": 3'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatchObject({ path: 'setup.design.nodes[1].params.slope', message: 'expected a number from 0 to 1, got 3' });
    const compiled = compileDesign({ ...chain.design, nodes: chain.design.nodes.map((n) => (n.id === 'h' ? { ...n, params: { ...n.params, slope: -2 } } : n)) } as typeof chain.design);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.problems.map((p) => p.path)).toContain('setup.design.nodes[1].params.slope');
  });

  it.each(setups(undefined).map(([name], i) => [name, i] as const))('%s: no slope trains bit for bit as slope 0.01', (_, i) => {
    const absent = trained(setups(undefined)[i][1]).trainer.network.getParameters();
    const explicit = trained(setups(0.01)[i][1]).trainer.network.getParameters();
    expect(absent).toEqual(explicit);
    const other = trained(setups(0.3)[i][1]).trainer.network.getParameters();
    expect(other).not.toEqual(absent);
  });

  it.each(setups(0.3))('%s: the engine applies the slope (forward, against the formula)', (_, setup) => {
    // One leaky layer between weights set by hand: what the engine predicts is f(z) with f(z) = 0.3 z below 0.
    const p = prepareTraining({ ...setup, training: { ...setup.training, epochs: 1 } });
    if (!p.ok) throw new Error(p.problems[0].message);
    const net = p.trainer.network;
    const params = net.getParameters();
    const rs = new RandomState(1);
    for (const layer of params) for (const a of [layer.W, layer.b]) for (let i = 0; i < a.length; i++) a[i] = rs.gaussian();
    net.setParameters(params);
    const x = [0.3, -1.2];
    const leaky = (z: number): number => (z > 0 ? z : 0.3 * z);
    const linear = (z: number): number => z;
    const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
    const dense = (input: number[], { W, b }: { W: Float64Array; b: Float64Array }, f: (z: number) => number): number[] =>
      Array.from(b, (bj, j) => f(input.reduce((sum, xi, i) => sum + xi * W[i * b.length + j], bj)));
    const expected =
      setup.design.nodes.length === 3
        ? dense(dense(x, params[0], leaky), params[1], leaky)
        : dense([...dense(x, params[0], linear).map(leaky), ...x], params[1], sigmoid);
    const got = Array.from(net.predict(Float64Array.from(x), 1));
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it("backpropagates through each layer's own slope (central differences)", () => {
    const compiled = compileDesign(
      graph(
        [
          ['in', 'input', { units: 3 }],
          ['h', 'dense', { units: 4, activation: 'leaky_relu', slope: 0.3 }],
          ['act', 'activation', { activation: 'leaky_relu', slope: 0.6 }],
          ['out', 'output', { units: 2, activation: 'leaky_relu', loss: 'mse', slope: 0.2 }],
        ],
        'in>h h>act act>out',
      ),
    );
    if (!compiled.ok) throw new Error(compiled.problems[0].message);
    const { plan } = compiled;
    const net = new GraphNetwork(plan);
    const rs = new RandomState(4);
    net.initialize(rs, 'randn', 0.9);
    const rows = 5;
    const x = rs.randn(rows, 3);
    const y = rs.randn(rows, 2);
    const pass = (): Float64Array => net.forward(x, 0, rows, false);
    pass();
    net.backward(x, 0, y, 0, rows);
    expect(worstGradientError(net.trainables, () => objective('mse', pass(), y, rows, 2))).toBeLessThan(1e-6);
  });

  it.runIf(python).each(setups(0.3))('%s: the NumPy export prints what the app shows at slope 0.3', (name, setup) => {
    const p = trained(setup);
    const script = exportNumpy(setup, 'slope').script;
    expect(script).toMatch(/leaky_relu\([^)]*, 0\.3\)/);
    const lines = runPython(python as string, script, name.replace(/\W+/g, '_'));
    const table = predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n)).map((r) => r.text);
    expect(lines.slice(-table.length)).toEqual(table);
  });

  it.runIf(torchPython).each(setups(0.3))('%s: the PyTorch export (real torch) predicts what the app shows at slope 0.3', (name, setup) => {
    const p = trained(setup);
    const { script } = exportTorch(setup, p.trainer.network.getParameters(), { trained: true, epoch: p.trainer.epoch });
    expect(script).toMatch(/F\.leaky_relu\(.*, 0\.3\)/);
    const lines = runPython(torchPython as string, script, `torch_${name.replace(/\W+/g, '_')}`);
    const table = predictionRows(p.dataset, (x, n) => p.trainer.network.predict(x, n)).map((r) => r.text);
    expect(lines.slice(-table.length)).toEqual(table);
  });

  it.each(setups(0.3))('%s: the ONNX export carries the slope as LeakyRelu alpha (onnxruntime agrees)', async (_, setup) => {
    const p = trained(setup);
    const model = exportOnnx(setup, p.trainer.network.getParameters());
    // alpha = float32(0.3), in the LeakyRelu node's attribute.
    const alpha = new Uint8Array(new Float32Array([0.3]).buffer);
    expect(Buffer.from(model).includes(Buffer.from([0x15, ...alpha]))).toBe(true);
    const session = await ort.InferenceSession.create(model);
    const rows = 9;
    const rs = new RandomState(3);
    const x = Float64Array.from({ length: rows * 2 }, () => rs.randomSample() * 4 - 2);
    const expected = p.trainer.network.predict(x, rows);
    const out = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(x), [rows, 2]) })).output.data as Float32Array;
    expected.forEach((v, i) => expect(Math.abs(v - out[i])).toBeLessThan(2e-5 * Math.max(1, Math.abs(v))));
    await session.release();
  });
});
