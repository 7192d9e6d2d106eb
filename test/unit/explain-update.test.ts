/**
 * "Explain this update": the explained step's new weights are the engine's after that update, bit
 * for bit (the trainer's own next update, from the initial weights and after training, in
 * WebAssembly and in the JS reference); the hand formula of the post's single neuron gives the
 * same terms; the notebook's code cells, run with NumPy, print the sheet's numbers; designs and
 * settings the sheet cannot show are refused with why and what works; and `nn-designer explain`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './cli-harness';
import type { LayerParameters } from '../../src-shared/engine/model';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { createExperiment, parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { nextExample } from '../../src-shared/explain/next-example';
import { explainNotebook } from '../../src-shared/explain/notebook';
import { g6, full } from '../../src-shared/explain/numbers';
import { explainMarkdown } from '../../src-shared/explain/sheet';
import { explainUpdate, type UpdateExplanation } from '../../src-shared/explain/update';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { chainDesign } from '../../src-shared/network/chain';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { numpyPython, runScripts, type ScriptRun } from '../python';
import { adversarialName, seeded } from './adversarial-names';

const setupOf = (id: string): ExperimentSetup => structuredClone(getPreset(id)!.setup);

function trainerFor(setup: ExperimentSetup, wasm: boolean) {
  const prepared = prepareTraining(setup, { wasm });
  if (!prepared.ok) throw new Error(prepared.problems[0].message);
  return prepared;
}

function explained(setup: ExperimentSetup, parameters: LayerParameters[], sample: number): UpdateExplanation {
  const r = explainUpdate(setup, parameters, sample);
  if (!r.ok) throw new Error(r.message);
  return r.explanation;
}

/** Every weight and bias the same double (Object.is: -0 and NaN too), naming the first that is not. */
function expectSameBits(after: LayerParameters[], e: UpdateExplanation): void {
  let compared = 0;
  after.forEach((p, li) => {
    const layer = e.layers[li];
    p.W.forEach((w, i) => {
      if (!Object.is(w, layer.newW[i])) throw new Error(`layer ${li + 1} W[${i}]: engine ${full(w)}, explained ${full(layer.newW[i])}`);
      compared++;
    });
    p.b.forEach((v, j) => {
      if (!Object.is(v, layer.newB[j])) throw new Error(`layer ${li + 1} b[${j}]: engine ${full(v)}, explained ${full(layer.newB[j])}`);
      compared++;
    });
  });
  expect(compared).toBe(e.layers.reduce((n, l) => n + l.W.length + l.b.length, 0));
  // The step moved something: an update that changed nothing would pass trivially.
  expect(e.layers.some((l) => l.newW.some((w, i) => w !== l.W[i]) || l.newB.some((v, j) => v !== l.b[j]))).toBe(true);
}

describe.each([true, false])('the explained update is the engine’s, bit for bit (WebAssembly: %s)', (wasm) => {
  it.each(['and-neuron', 'xor-neuron'])('%s: per-sample SGD, each example of the first epoch and after 300 epochs', (id) => {
    const setup = setupOf(id);
    const { trainer } = trainerFor(setup, wasm);
    for (const epochs of [0, 300]) {
      trainer.runEpochs(epochs - trainer.epoch);
      for (let s = 0; s < 4; s++) {
        expect(trainer.positionInEpoch).toBe(s); // update mode sample: the examples in order
        const e = explained(setup, trainer.network.getParameters(), s);
        expect(e.kind).toBe('sample');
        trainer.run(1);
        expectSameBits(trainer.network.getParameters(), e);
      }
    }
  });

  it('xor-2-4-1: the full batch, summed, from the initial weights and after 500 epochs; and with the mean', () => {
    for (const reduction of ['sum', 'mean'] as const) {
      const setup = setupOf('xor-2-4-1');
      setup.training.reduction = reduction;
      const { trainer } = trainerFor(setup, wasm);
      for (const epochs of [0, 500]) {
        trainer.runEpochs(epochs - trainer.epoch);
        const e = explained(setup, trainer.network.getParameters(), 0);
        expect(e.kind).toBe('batch');
        expect(e.examples.map((x) => x.index)).toEqual([0, 1, 2, 3]);
        expect(e.scale).toBe(reduction === 'sum' ? 1 : 0.25);
        trainer.run(1);
        expectSameBits(trainer.network.getParameters(), e);
      }
    }
  });

  it('addition-2-16-16-1: after 3 shuffled epochs, the engine’s per-sample step on any example; the trainer’s own next update', () => {
    const setup = setupOf('addition-2-16-16-1');
    const { trainer, dataset, plan } = trainerFor(setup, wasm);
    trainer.runEpochs(3);
    const trained = trainer.network.getParameters();
    const { inputSize: ni, outputSize: no } = dataset;
    for (const s of [0, 17, 499]) {
      const e = explained(setup, trained, s);
      const engine = trainerFor(setup, wasm).trainer.network;
      engine.setParameters(trained);
      // What Trainer.update calls for one example under plain SGD.
      engine.sgdSample(dataset.inputs, s * ni, dataset.targets, s * no, setup.training.learningRate);
      expectSameBits(engine.getParameters(), e);
    }
    // The trainer's own next update, mid-epoch and at an epoch's start, on the example its shuffled order gives.
    for (const more of [0, 37, 461]) {
      trainer.run(more);
      const s = nextExample(plan.chain!, setup.training, 500, trainer.updates);
      expect(s).not.toBeNull();
      expect(trainer.positionInEpoch).toBe(trainer.updates % 500);
      const e = explained(setup, trainer.network.getParameters(), s!);
      trainer.run(1);
      expectSameBits(trainer.network.getParameters(), e);
    }
    // In an order it takes without drawing (update mode sample), mid-epoch.
    const inOrder = structuredClone(setup);
    inOrder.training.updateMode = 'sample';
    const restored = trainerFor(inOrder, wasm).trainer;
    restored.restore(trained, 3, [], 3 * 500 + 123);
    const e = explained(inOrder, trained, 123);
    restored.run(1);
    expectSameBits(restored.network.getParameters(), e);
  });
});

/** Chains past the post's: every activation and loss the sheet explains, per-sample and full batch. */
function otherChains(): Record<string, ExperimentSetup> {
  const spiral: ExperimentSetup = {
    design: chainDesign(2, [{ units: 6, activation: 'tanh' }], { units: 3, activation: 'softmax', loss: 'cross_entropy' }),
    task: { dataset: 'spiral', samples: 60, noise: 0.02, seed: 1, classes: 3 },
    training: { ...DEFAULT_TRAINING, learningRate: 0.1, updateMode: 'shuffle', init: { scheme: 'xavier', scale: 1 }, seed: 7 },
  };
  const spiralBatch = structuredClone(spiral);
  spiralBatch.training = { ...spiralBatch.training, updateMode: 'batch', reduction: 'mean' };
  const leaky = chainDesign(2, [{ units: 3, activation: 'relu' }, { units: 3, activation: 'leaky_relu' }], { units: 1, activation: 'linear', loss: 'mse' });
  (leaky.nodes[2].params as { slope?: number }).slope = 0.2;
  const relu: ExperimentSetup = { design: leaky, task: { dataset: 'xor' }, training: { ...DEFAULT_TRAINING, learningRate: 0.05, updateMode: 'batch', init: { scheme: 'he', scale: 1 }, seed: 3 } };
  const bce: ExperimentSetup = {
    design: chainDesign(2, [{ units: 2, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'bce' }),
    task: { dataset: 'and' },
    training: { ...DEFAULT_TRAINING, learningRate: 0.5, updateMode: 'sample', init: { scheme: 'randn_bias', scale: 1 }, seed: 5 },
  };
  return { 'tanh + softmax, shuffled': spiral, 'tanh + softmax, batch mean': spiralBatch, 'relu + leaky + linear mse, batch': relu, 'sigmoid + bce, sample': bce };
}

describe.each(Object.entries(otherChains()))('other chains: %s', (_name, setup) => {
  it('is the trainer’s next update, bit for bit, before and after 30 epochs', () => {
    const { trainer, plan, dataset } = trainerFor(setup, true);
    for (const epochs of [0, 30]) {
      trainer.runEpochs(epochs - trainer.epoch);
      for (let k = 0; k < 3; k++) {
        const s = setup.training.updateMode === 'batch' ? 0 : nextExample(plan.chain!, setup.training, dataset.count, trainer.updates)!;
        const e = explained(setup, trainer.network.getParameters(), s);
        trainer.run(1);
        expectSameBits(trainer.network.getParameters(), e);
      }
    }
  });
});

describe('the post’s single neuron by hand', () => {
  it('z = x·w + b, a = sigmoid(z), δ = (a − y)·a·(1 − a), w ← w − lr·x·δ: the same numbers, and in the sheet', () => {
    const setup = setupOf('and-neuron');
    const { trainer, dataset } = trainerFor(setup, false);
    trainer.runEpochs(20);
    const [{ W, b }] = trainer.network.getParameters();
    const s = 3; // (1, 1) → 1
    const x = [dataset.inputs[2 * s], dataset.inputs[2 * s + 1]];
    const y = dataset.targets[s];
    const z = 0 + x[0] * W[0] + x[1] * W[1] + b[0];
    const a = 1 / (1 + Math.exp(-z));
    const delta = (a - y) * a * (1 - a);
    const lr = setup.training.learningRate;
    const e = explained(setup, trainer.network.getParameters(), s);
    const t = e.examples[0].layers[0];
    expect(t.z[0]).toBe(z);
    expect(t.a[0]).toBe(a);
    expect(t.upstream).toEqual([a - y]);
    expect(t.delta[0]).toBe(delta);
    expect(e.layers[0].newW).toEqual([W[0] - lr * (x[0] * delta), W[1] - lr * (x[1] * delta)]);
    expect(e.layers[0].newB).toEqual([b[0] - lr * delta]);
    const md = explainMarkdown(e);
    expect(md).toContain(`| out | ${g6(z)} | ${g6(a)} | ${g6(a - y)} | ${g6(a * (1 - a))} | ${g6(delta)} |`);
    expect(md).toContain(`| w x1 → out | ${g6(x[0])} | ${g6(delta)} | ${g6(x[0] * delta)} | ${g6(-(lr * (x[0] * delta)))} | ${g6(W[0])} | ${g6(e.layers[0].newW[0])} | ${full(e.layers[0].newW[0])} |`);
    expect(md).toContain('δ = upstream × a × (1 − a), multiplied left to right');
  });

  it('prints 6 significant digits as Python’s .6g does', () => {
    expect([0.7310585786300049, 1e-7, -2.5e-5, 123456.7, 1234567, 0, -0, 0.0001, 100].map(g6)).toEqual(['0.731059', '1e-07', '-2.5e-05', '123457', '1.23457e+06', '0', '-0', '0.0001', '100']);
  });
});

/** The terms a notebook shows, by the name its `show` prints, from the explanation. */
function expectedShown(e: UpdateExplanation): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const ex of e.examples) {
    const name = `example ${ex.index}`;
    m.set(`${name} loss`, [ex.loss]);
    ex.layers.forEach((t, li) => {
      const layer = `${name} layer ${li + 1}`;
      m.set(`${layer} z`, t.z);
      m.set(`${layer} a`, t.a);
      if (t.upstream) m.set(`${layer} upstream`, t.upstream);
      if (t.slope) m.set(`${layer} slope`, t.slope);
      m.set(`${layer} delta`, t.delta);
      m.set(`${layer} grad W`, t.gradW);
    });
  }
  e.layers.forEach((l, li) => {
    const layer = `layer ${li + 1}`;
    m.set(`${layer} grad W`, l.gradW);
    m.set(`${layer} grad b`, l.gradB);
    m.set(`${layer} change W`, l.changeW);
    m.set(`${layer} change b`, l.changeB);
    m.set(`${layer} new W`, l.newW);
    m.set(`${layer} new b`, l.newB);
  });
  return m;
}

describe('the notebook recomputes the step with NumPy', () => {
  const cases: Record<string, UpdateExplanation> = {};
  const runs = new Map<string, ScriptRun>();
  beforeAll(async () => {
    const and = trainerFor(setupOf('and-neuron'), true).trainer;
    and.runEpochs(50);
    cases['and-neuron'] = explained(setupOf('and-neuron'), and.network.getParameters(), 2);
    const xor = trainerFor(setupOf('xor-2-4-1'), true).trainer;
    xor.runEpochs(200);
    cases['xor-2-4-1'] = explained(setupOf('xor-2-4-1'), xor.network.getParameters(), 0);
    const add = trainerFor(setupOf('addition-2-16-16-1'), true).trainer;
    add.runEpochs(1);
    cases['addition-2-16-16-1'] = explained(setupOf('addition-2-16-16-1'), add.network.getParameters(), 42);
    // Layer names made to break out of code reach the cells only as comments (and Markdown).
    const hostile = setupOf('xor-2-4-1');
    const random = seeded(24);
    hostile.design.nodes.forEach((n) => (n.label = `${adversarialName(random)}\nimport os; os.system("id")\n'''"""`));
    cases.hostile = explained(hostile, trainerFor(hostile, true).trainer.network.getParameters(), 0);
    for (const [name, setup] of Object.entries(otherChains())) {
      const other = trainerFor(setup, true).trainer;
      other.runEpochs(10);
      cases[name] = explained(setup, other.network.getParameters(), 5 % other.data.count);
    }
    const jobs = Object.entries(cases).flatMap(([name, e]) => {
      const notebook = JSON.parse(explainNotebook(e, name)) as { cells: { cell_type: string; source: string[] }[] };
      const code = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join('')).join('\n\n');
      // The test reads every digit the cells kept in `shown`, after they ran as a notebook would run them.
      const source = `${code}\n\nimport json\nprint('SHOWN ' + json.dumps(shown))\n`;
      const withNumpyExp = source.replace('\nENGINE_EXP = True\n', '\nENGINE_EXP = False\n');
      expect(withNumpyExp).not.toBe(source);
      return [
        { name, source },
        { name: `${name} (np.exp)`, source: withNumpyExp },
      ];
    });
    for (const [k, v] of await runScripts(numpyPython().command, jobs)) runs.set(k, v);
  }, 120_000);

  it('is nbformat 4.5: markdown and code cells with unique ids, sources as lines', () => {
    const nb = JSON.parse(explainNotebook(cases['xor-2-4-1'])) as Record<string, unknown> & { cells: Record<string, unknown>[] };
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(5);
    expect((nb.metadata as { kernelspec: { language: string } }).kernelspec.language).toBe('python');
    const ids = nb.cells.map((c) => c.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/));
    for (const c of nb.cells) {
      expect(['markdown', 'code']).toContain(c.cell_type);
      expect(c.metadata).toEqual({});
      const source = c.source as string[];
      source.slice(0, -1).forEach((l) => expect(l.endsWith('\n')).toBe(true));
      if (c.cell_type === 'code') {
        expect(c.outputs).toEqual([]);
        expect(c.execution_count).toBeNull();
      }
    }
    // One cell per example of the batch, each with its heading.
    expect(nb.cells.filter((c) => c.cell_type === 'markdown' && (c.source as string[])[0].startsWith('## Example')).length).toBe(4);
  });

  it('a dataset’s name from the file is text in the sheet, never markup', () => {
    const setup = setupOf('xor-2-4-1');
    setup.task = { dataset: 'table', name: '<img src=x onerror=alert(1)>\n# heading', columns: [
      { name: 'a', role: 'input', type: 'numeric', scaler: 'none' },
      { name: 'b', role: 'input', type: 'numeric', scaler: 'none' },
      { name: 'y', role: 'target', type: 'categorical', categories: ['0', '1'] },
    ], rows: [[0, 0, '0'], [0, 1, '1'], [1, 0, '1'], [1, 1, '0']] };
    setup.design.nodes = setup.design.nodes.map((n) => (n.type === 'output' ? { ...n, params: { ...n.params, units: 2, activation: 'softmax', loss: 'cross_entropy' } } : n) as typeof n);
    const sheet = explainMarkdown(explained(setup, trainerFor(setup, true).trainer.network.getParameters(), 0));
    expect(sheet).not.toMatch(/(^|[^\\])<img/m);
    expect(sheet).toContain('\\<img src=x onerror=alert(1)\\> # heading');
    expect(sheet.split('\n').some((l) => l.startsWith('# heading'))).toBe(false);
  });

  it('names from the file are comments in the code cells, never code', () => {
    const nb = JSON.parse(explainNotebook(cases.hostile)) as { cells: { cell_type: string; source: string[] }[] };
    const lines = nb.cells.filter((c) => c.cell_type === 'code').flatMap((c) => c.source.join('').split('\n'));
    const named = lines.filter((l) => l.includes('os.system'));
    expect(named.length).toBe(cases.hostile.layers.length);
    named.forEach((l) => expect(l).toMatch(/^# Layer \d: /));
  });

  /** The notebook's numbers against the engine's: how many are the same double, and the largest relative difference. */
  function compare(e: UpdateExplanation, run: ScriptRun): { exact: number; total: number; worst: number } {
    const dump = run.lines.find((l) => l.startsWith('SHOWN '))!;
    const shown = JSON.parse(dump.slice(6)) as Record<string, number[]>;
    const expected = expectedShown(e);
    expect(Object.keys(shown).sort()).toEqual([...expected.keys()].sort());
    let exact = 0;
    let total = 0;
    let worst = 0;
    for (const [key, want] of expected) {
      const got = shown[key];
      expect(got.length, key).toBe(want.length);
      want.forEach((w, i) => {
        total++;
        if (Object.is(got[i], w)) exact++;
        worst = Math.max(worst, Math.abs(got[i] - w) / Math.max(1, Math.abs(w)));
      });
      // What the cell printed is Python's .6g of its values, which g6 writes the same.
      expect(run.lines.find((l) => l.startsWith(`${key}: `)), key).toBe(`${key}: ${got.map(g6).join(' ')}`);
    }
    return { exact, total, worst };
  }

  it.each(['and-neuron', 'xor-2-4-1', 'addition-2-16-16-1', 'hostile'])('%s: every printed term is the engine’s, bit for bit, and the sheet’s text', (name) => {
    const e = cases[name];
    const run = runs.get(name)!;
    const { exact, total } = compare(e, run);
    // Sums and products in the engine's order, the engine's exp: every number the same double.
    expect(exact).toBe(total);
    const md = explainMarkdown(e);
    for (const [key, want] of expectedShown(e)) {
      expect(run.lines).toContain(`${key}: ${want.map(g6).join(' ')}`);
      if (key.endsWith('new W') || key.endsWith('new b')) want.forEach((v) => expect(md).toContain(`| ${g6(v)} | ${full(v)} |`));
    }
    const last = e.layers.length;
    expect(run.lines).toContain(`layer ${last} new b, every digit: [${e.layers[last - 1].newB.map((v) => `'${full(v)}'`).join(', ')}]`);
  });

  it.each(Object.keys(otherChains()))('%s: the engine’s numbers, within a unit in the last place where np.tanh or np.log rounds otherwise', (name) => {
    const { exact, total, worst } = compare(cases[name], runs.get(name)!);
    console.log(`${name}: ${exact} of ${total} numbers are the engine's exactly; the largest relative difference ${worst.toExponential(2)}`);
    // No tanh, and no log in the values shown but the loss: the same doubles.
    if (name.startsWith('relu')) expect(exact).toBe(total);
    expect(worst).toBeLessThan(1e-14);
  });

  it.each(['xor-2-4-1', 'addition-2-16-16-1'])('%s with np.exp instead: within a few units in the last place', (name) => {
    // NumPy's exp (SIMD code on this CPU) is not fdlibm's: it may round the other way in the last
    // bit, and that difference carries through the later terms; nothing else in the step differs.
    const { exact, total, worst } = compare(cases[name], runs.get(`${name} (np.exp)`)!);
    console.log(`${name} with np.exp: ${exact} of ${total} numbers are the engine's exactly; the largest relative difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-14);
  });
});

describe('designs and settings the sheet cannot show', () => {
  const refusal = (setup: ExperimentSetup): string => {
    const prepared = prepareTraining(setup);
    const params = prepared.ok ? prepared.trainer.network.getParameters() : [];
    const r = explainUpdate(setup, params, 0);
    if (r.ok) throw new Error('explained');
    return r.message;
  };

  it('names what is in the way and what works', () => {
    expect(refusal(setupOf('xor-features-neuron'))).toMatch(/cannot follow this design: it has a Features layer .*chains of Dense layers/);
    expect(refusal(setupOf('xor-skip-concat'))).toMatch(/cannot follow this design: .*(takes more than one input|feeds more than one layer|Concatenate)/);
    const adam = setupOf('xor-2-4-1');
    adam.training.optimizer = { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    expect(refusal(adam)).toMatch(/trains with Adam.*Set the optimizer to SGD/);
    const l2 = setupOf('xor-2-4-1');
    l2.training.regularization = { type: 'l2', rate: 0.01 };
    expect(refusal(l2)).toMatch(/L2 penalty.*Turn regularisation off/);
    const mini = setupOf('addition-2-16-16-1');
    mini.training.updateMode = 'minibatch';
    expect(refusal(mini)).toMatch(/minibatches of 16.*update mode sample or shuffle.*batch/);
  });

  it('an example that is not in the set, and weights of another shape', () => {
    const setup = setupOf('and-neuron');
    const params = trainerFor(setup, false).trainer.network.getParameters();
    for (const s of [4, -1, 1.5]) {
      const r = explainUpdate(setup, params, s);
      expect(r.ok ? '' : r.message).toBe(`There is no example ${s}: AND has 4 examples, numbered 0 to 3`);
    }
    const r = explainUpdate(setup, [{ W: new Float64Array(3), b: new Float64Array(1) }], 0);
    expect(r.ok ? '' : r.message).toMatch(/Layer 1 expects 2×1 weights and 1 biases, got 3 and 1/);
  });
});

describe('nn-designer explain', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'nnd-explain-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[]): Promise<CliResult> => runCliCaptured(args);
  function fresh(name: string, preset: string, epochs: number): string {
    const setup = setupOf(preset);
    setup.training.epochs = epochs;
    const file = path.join(dir, name);
    writeFileSync(file, serializeExperiment(createExperiment(setup, { name: `${preset} | *test*` })));
    return file;
  }

  it('untrained: the first update from the initial weights, printed as the sheet', async () => {
    const file = fresh('and.nnd', 'and-neuron', 5);
    const r = await cli(['explain', file]);
    expect(r.code, r.stderr).toBe(0);
    const setup = setupOf('and-neuron');
    setup.training.epochs = 5;
    const e = explained(setup, trainerFor(setup, true).trainer.network.getParameters(), 0);
    expect(r.stdout).toBe(explainMarkdown(e, 'and-neuron | *test*: the next update, from the initial weights (the file has no run of its design)'));
    expect(r.stdout).toContain('# and-neuron \\| \\*test\\*: the next update');
  });

  it('trained: the update after the latest run, bit for bit the run’s next one; --sample; --json; .md and .ipynb', async () => {
    const file = fresh('xor.nnd', 'xor-neuron', 7);
    expect((await cli(['train', file])).code).toBe(0);
    const run = parseExperiment(readFileSync(file, 'utf8'));
    if (!run.ok) throw new Error('unreadable');
    const last = run.experiment.runs.at(-1)!;
    const json = await cli(['explain', file, '--sample', '2', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { ok: boolean; from: string; sample: number; explanation: UpdateExplanation };
    expect(result).toMatchObject({ ok: true, from: last.id, sample: 2 });
    // The run continued by one update on example 2 (one epoch past its end, as train --continue goes on) gives the explained weights.
    const more = setupOf('xor-neuron');
    more.training.epochs = 8;
    const cont = trainerFor(more, true).trainer;
    cont.restore(last.parameters.map((p) => ({ W: Float64Array.from(p.W), b: Float64Array.from(p.b) })), 7, [], 7 * 4 + 2);
    cont.run(1);
    const e = explained(setupOf('xor-neuron'), last.parameters.map((p) => ({ W: Float64Array.from(p.W), b: Float64Array.from(p.b) })), 2);
    expectSameBits(cont.network.getParameters(), e);
    // JSON has no −0: the printed result is the same numbers otherwise.
    result.explanation.layers.forEach((l, li) => expect(l.newW.every((w, i) => w === e.layers[li].newW[i])).toBe(true));

    // Without --sample: the example the run takes next (update mode sample: its position in the epoch).
    const next = JSON.parse((await cli(['explain', file, '--json'])).stdout) as { sample: number };
    expect(next.sample).toBe(last.updates % 4);

    // A shuffled order: the example of the next update in the run's next epoch.
    const add = fresh('add.nnd', 'addition-2-16-16-1', 1);
    expect((await cli(['train', add])).code).toBe(0);
    const shuffled = JSON.parse((await cli(['explain', add, '--json'])).stdout) as { sample: number; next: number };
    const addSetup = setupOf('addition-2-16-16-1');
    addSetup.training.epochs = 1;
    expect(shuffled.sample).toBe(nextExample(trainerFor(addSetup, false).plan.chain!, addSetup.training, 500, 500));
    expect(shuffled.next).toBe(shuffled.sample);

    const md = path.join(dir, 'sheet.md');
    const nb = path.join(dir, 'sheet.ipynb');
    expect((await cli(['explain', file, '--sample', '2', '--out', md])).stdout).toMatch(/^Wrote .*sheet\.md: the update on example 2 of 4, from run-1 after 7 epochs \(28 updates\)/);
    expect(readFileSync(md, 'utf8')).toBe(explainMarkdown(e, `xor-neuron | *test*: the next update, from ${last.id} after 7 epochs (28 updates)`));
    expect((await cli(['explain', file, '--sample', '2', '--out', nb])).code).toBe(0);
    expect(readFileSync(nb, 'utf8')).toBe(explainNotebook(e, `xor-neuron | *test*: the next update, from ${last.id} after 7 epochs (28 updates)`));
  });

  it('refuses bad arguments and designs it cannot explain, saying why', async () => {
    const file = fresh('and2.nnd', 'and-neuron', 5);
    const bad = await cli(['explain', file, '--sample', 'two']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--sample expects a whole number from 0 to 2147483647, got "two"');
    const range = await cli(['explain', file, '--sample', '9']);
    expect(range.code).toBe(1);
    expect(range.stderr).toContain('There is no example 9: AND has 4 examples, numbered 0 to 3');
    const ext = await cli(['explain', file, '--out', path.join(dir, 'x.txt')]);
    expect(ext.stderr).toContain('--out must end in .md (the worked-example sheet) or .ipynb (a Jupyter notebook)');
    expect((await cli(['info', file, '--sample', '1'])).stderr).toContain('--sample only applies to explain');
    const batch = fresh('batch.nnd', 'xor-2-4-1', 5);
    expect((await cli(['explain', batch, '--sample', '1'])).stderr).toContain('trains on the full batch: each update takes every example, so --sample does not apply');
    const graph = fresh('features.nnd', 'xor-features-neuron', 5);
    const refused = await cli(['explain', graph]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot follow this design: it has a Features layer/);
  });
});
