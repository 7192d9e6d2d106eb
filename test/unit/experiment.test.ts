import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareTraining } from '../../src-shared/engine/prepare';
import type { Trainer } from '../../src-shared/engine/trainer';
import {
  createExperiment,
  decimateHistory,
  FORMAT_VERSION,
  LIMITS,
  MIGRATIONS,
  parseExperiment,
  restoreOf,
  runFromTrainer,
  serializeExperiment,
  type Experiment,
  type HistoryPoint,
  type Migration,
} from '../../src-shared/experiment';
import type { ExperimentSetup } from '../../src-shared/setup';
import { getPreset, PRESETS } from '../../src-shared/presets';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url), 'utf8');

function parseOk(text: string): Experiment {
  const r = parseExperiment(text);
  if (!r.ok) throw new Error(`expected a valid file, got ${JSON.stringify(r.problems, null, 2)}`);
  return r.experiment;
}

function train(setup: ExperimentSetup, epochs?: number): Trainer {
  const prepared = prepareTraining(setup);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  if (epochs === undefined) prepared.trainer.runToEnd();
  else prepared.trainer.runEpochs(epochs);
  return prepared.trainer;
}

/** The float64 bits of every weight, so -0, NaN payloads or a last-bit difference would all show. */
const bits = (arrays: Float64Array[]): number[][] => arrays.map((a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2)));

describe('save → load → save', () => {
  it('gives byte-identical text for every preset, fresh and trained', () => {
    for (const preset of PRESETS) {
      const trainer = train(preset.setup, 3);
      const experiment = { ...createExperiment(preset.setup, { name: preset.title }), runs: [runFromTrainer(trainer, preset.setup.design)] };
      const first = serializeExperiment(experiment);
      const second = serializeExperiment(parseOk(first));
      expect(second).toBe(first);
      expect(first.endsWith('}\n')).toBe(true);
    }
  });

  it('reproduces the committed trained file byte for byte', () => {
    const text = fixture('valid/xor-2-4-1-trained.nnd');
    expect(serializeExperiment(parseOk(text))).toBe(text);
  });

  it('does not depend on the order keys were set in memory', () => {
    const experiment = createExperiment(getPreset('xor-2-4-1')!.setup);
    const reordered = JSON.parse(JSON.stringify(experiment), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as Experiment;
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(experiment)[0]);
    expect(serializeExperiment(reordered)).toBe(serializeExperiment(experiment));
  });

  it('reloads weights bit for bit, and the reloaded run predicts exactly what it predicted before', () => {
    for (const id of ['xor-2-4-1', 'addition-2-16-16-1']) {
      const setup = getPreset(id)!.setup;
      const trained = train(setup);
      const before = trained.network.predict(trained.data.inputs, trained.data.count);
      const text = serializeExperiment({ ...createExperiment(setup), runs: [runFromTrainer(trained, setup.design)] });

      const loaded = parseOk(text);
      const restore = restoreOf(loaded.runs[0], loaded.setup.design);
      expect(restore).toBeDefined();
      const original = trained.network.getParameters();
      expect(bits(restore!.parameters.map((p) => p.W))).toEqual(bits(original.map((p) => p.W)));
      expect(bits(restore!.parameters.map((p) => p.b))).toEqual(bits(original.map((p) => p.b)));

      const prepared = prepareTraining(loaded.setup);
      if (!prepared.ok) throw new Error('reloaded setup does not compile');
      prepared.trainer.restore(restore!.parameters, restore!.epoch, restore!.history);
      const after = prepared.trainer.network.predict(prepared.trainer.data.inputs, prepared.trainer.data.count);
      expect(bits([after])).toEqual(bits([before]));
      expect(prepared.trainer.status).toBe('done');
    }
  });

  it('a run saved halfway and continued ends exactly where an uninterrupted run ends', () => {
    const setup: ExperimentSetup = { ...getPreset('addition-2-16-16-1')!.setup, task: { dataset: 'addition', samples: 60, seed: 42 } };
    setup.training = { ...setup.training, epochs: 8 };
    const straight = train(setup);
    const half = train(setup, 4);
    const loaded = parseOk(serializeExperiment({ ...createExperiment(setup), runs: [runFromTrainer(half, setup.design)] }));
    expect(loaded.runs[0].status).toBe('paused');
    const restore = restoreOf(loaded.runs[0], loaded.setup.design)!;
    const prepared = prepareTraining(loaded.setup);
    if (!prepared.ok) throw new Error('does not compile');
    prepared.trainer.restore(restore.parameters, restore.epoch, restore.history);
    prepared.trainer.runToEnd();
    expect(bits(prepared.trainer.network.getParameters().map((p) => p.W))).toEqual(bits(straight.network.getParameters().map((p) => p.W)));
    expect(prepared.trainer.history).toEqual(straight.history);
  });

  it('a diverged run with NaN weights keeps none (JSON cannot hold NaN) but still saves and loads', () => {
    const setup = structuredClone(getPreset('xor-2-4-1')!.setup);
    setup.training.learningRate = 1e300;
    setup.design.nodes[2] = { ...setup.design.nodes[2], params: { units: 1, activation: 'linear', loss: 'mse' } } as typeof setup.design.nodes[2];
    const trainer = train(setup);
    expect(trainer.status).toBe('diverged');
    // The loss overflowed first; the weights are huge but finite, so they are kept.
    expect(runFromTrainer(trainer, setup.design).parameters).toHaveLength(2);
    trainer.network.trainables[1].W[0] = Number.NaN; // as after one more update
    const run = runFromTrainer(trainer, setup.design);
    expect(run.parameters).toEqual([]);
    const loaded = parseOk(serializeExperiment({ ...createExperiment(setup), runs: [run] }));
    expect(loaded.runs[0].status).toBe('diverged');
    expect(loaded.runs[0].divergedAt).toEqual(trainer.divergedAt);
    expect(restoreOf(loaded.runs[0], loaded.setup.design)).toBeUndefined();
  });

  it('refuses to write a non-finite number instead of writing a file it cannot read back', () => {
    const experiment = createExperiment(getPreset('xor-2-4-1')!.setup);
    experiment.setup.training.learningRate = Number.NaN;
    expect(() => serializeExperiment(experiment)).toThrow('setup.training.learningRate: it is NaN');
  });
});

describe('problems name a path, what was expected and what was found', () => {
  const base = (): Record<string, any> => JSON.parse(serializeExperiment(createExperiment(getPreset('xor-2-4-1')!.setup))); // eslint-disable-line @typescript-eslint/no-explicit-any -- test data mutated freely
  const problemsOf = (doc: unknown): string[] => {
    const r = parseExperiment(typeof doc === 'string' ? doc : JSON.stringify(doc));
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it('the brief example, word for word', () => {
    const d = base();
    d.setup.design.nodes[2].params.units = -3;
    expect(problemsOf(d)).toEqual(['setup.design.nodes[2].params.units: expected a whole number from 1 to 4096, got -3']);
  });

  it('reports all problems at once, structural and cross-reference', () => {
    const d = base();
    d.setup.design.nodes[0].params.units = 0;
    d.setup.design.nodes[1].id = 'output';
    d.setup.design.edges.push({ id: 'e3', source: 'ghost', target: 'output' });
    d.setup.training.seed = -1;
    d.notes = null;
    const lines = problemsOf(d);
    expect(lines).toEqual(
      expect.arrayContaining([
        'setup.design.nodes[0].params.units: expected a whole number from 1 to 4096, got 0',
        'setup.training.seed: expected a whole number from 0 to 4294967295, got -1',
        'notes: expected text of at most 100000 characters, got null',
        'setup.design.nodes[2].id: expected a unique id, got "output", which setup.design.nodes[1] already uses',
        'setup.design.edges[2].source: expected the id of a layer in setup.design.nodes, got "ghost", which no layer has',
      ]),
    );
  });

  it('a number too large for float64 (1e999 parses to Infinity) is named, not turned into null', () => {
    const text = serializeExperiment(createExperiment(getPreset('xor-2-4-1')!.setup)).replace('"x": 240', '"x": 1e999');
    expect(problemsOf(text)).toEqual(['setup.design.nodes[1].position.x: expected a number, got a number too large to store (above 1.8e308)']);
  });

  it('a BOM at the start is fine; a NUL byte is binary', () => {
    const text = serializeExperiment(createExperiment(getPreset('and-neuron')!.setup));
    expect(parseExperiment(`\uFEFF${text}`).ok).toBe(true);
    expect(problemsOf(`${text.slice(0, 50)}\u0000${text.slice(50)}`)).toEqual(['(file): expected JSON text, got binary data: this is not an NN Designer experiment file']);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const huge = `{"format": "nn-designer-experiment", "notes": "${'x'.repeat(LIMITS.fileBytes)}"}`;
    expect(problemsOf(huge)).toEqual([`(file): expected a file of at most ${LIMITS.fileBytes / 1024 / 1024} MB, got ${(huge.length / 1024 / 1024).toFixed(1)} MB`]);
  });

  it('weights must fit the design; a design that does not compile keeps its file valid', () => {
    const setup = getPreset('xor-2-4-1')!.setup;
    const trained = { ...createExperiment(setup), runs: [runFromTrainer(train(setup, 2), setup.design)] };
    const d = JSON.parse(serializeExperiment(trained));
    d.runs[0].parameters[0].b.push(0.5);
    expect(problemsOf(d)).toEqual(['runs[0].parameters[0].b: expected 4 biases (one per unit of dense-1), got 5']);

    const unplugged = JSON.parse(serializeExperiment(trained));
    unplugged.setup.design.edges = []; // the editor shows "not connected"; the file still opens
    const r = parseExperiment(JSON.stringify(unplugged));
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'runs[0]: run-1 is kept in the file but not shown or continued: it was trained on an earlier design (Dense (dense-1) has other inputs (input → none), and 1 more change)',
    ]);
  });

  it('unknown fields are dropped with a warning naming each one', () => {
    const d = base();
    d.colour = 'teal';
    d.setup.design.nodes[1].params.dropout = 0.5;
    const r = parseExperiment(JSON.stringify(d));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      { path: 'setup.design.nodes[1].params.dropout', message: 'unknown field, ignored' },
      { path: 'colour', message: 'unknown field, ignored' },
    ]);
    expect(serializeExperiment(r.experiment)).not.toContain('dropout');
  });
});

describe('format versions', () => {
  // A synthetic version 0: the design at the top level, weights under `weights`, no app field.
  const v0 = {
    format: 'nn-designer-experiment',
    version: 0,
    title: 'Old XOR',
    network: getPreset('xor-neuron')!.setup.design,
    task: { dataset: 'xor' },
    training: getPreset('xor-neuron')!.setup.training,
    runs: [],
  };
  const fromV0: Migration = (doc) => {
    const { title, network, task, training, runs, ...rest } = doc;
    return { ...rest, version: 1, app: { name: 'NN Designer', version: '0.0.0' }, name: title, notes: '', setup: { design: network, task, training }, runs };
  };

  it('upgrades an older file step by step and says so', () => {
    const r = parseExperiment(JSON.stringify(v0), { migrations: { ...MIGRATIONS, 0: fromV0 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.experiment.name).toBe('Old XOR');
    expect(r.experiment.version).toBe(FORMAT_VERSION);
    expect(r.experiment.setup.design).toEqual(getPreset('xor-neuron')!.setup.design);
    expect(r.warnings).toEqual([{ path: 'version', message: `upgraded from format version 0 to ${FORMAT_VERSION}; saving writes version ${FORMAT_VERSION}` }]);
    expect(parseExperiment(serializeExperiment(r.experiment)).ok).toBe(true);
  });

  it('chains upgrades across several versions', () => {
    const next = FORMAT_VERSION + 1;
    const toNext: Migration = (doc) => ({ ...doc, version: next, name: `${String(doc.name)} (v${next})` });
    const r = parseExperiment(JSON.stringify(v0), { migrations: { ...MIGRATIONS, 0: fromV0, [FORMAT_VERSION]: toNext }, currentVersion: next });
    // The current schema rejects the next version, which proves every step ran, in order.
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([{ path: 'version', message: `expected ${FORMAT_VERSION}, got ${next}` }]);
  });

  it('says when there is no upgrade, and when a file is from a newer version', () => {
    const old = parseExperiment(JSON.stringify(v0));
    expect(!old.ok && old.problems[0]).toEqual({ path: 'version', message: 'format version 0 cannot be read: there is no upgrade from it to version 1' });
    const newer = parseExperiment(JSON.stringify({ ...v0, version: 9, app: { name: 'NN Designer', version: '2.0.0' } }));
    expect(!newer.ok && newer.problems[0].message).toBe(
      `this file uses format version 9, written by NN Designer 2.0.0; this NN Designer reads format versions up to ${FORMAT_VERSION}. Open it with NN Designer 2.0.0 or later.`,
    );
  });

  it('a failing upgrade is a problem, not a crash', () => {
    const broken: Migration = () => {
      throw new Error('network is not a design');
    };
    const r = parseExperiment(JSON.stringify(v0), { migrations: { 0: broken } });
    expect(!r.ok && r.problems).toEqual([{ path: 'version', message: 'upgrading from format version 0 failed: network is not a design' }]);
  });
});

describe('decimateHistory', () => {
  const noisy = (n: number): HistoryPoint[] =>
    Array.from({ length: n }, (_, epoch) => ({ epoch, loss: 1 / (1 + epoch) + (epoch % 997 === 500 ? 5 : 0) + (epoch === 12345 ? -1 : 0) }));

  it('keeps at most the limit, the first and last points, the spikes, in epoch order', () => {
    const h = noisy(100_000);
    const d = decimateHistory(h, 2000);
    expect(d.length).toBeLessThanOrEqual(2000);
    expect(d.length).toBeGreaterThan(1900);
    expect(d[0]).toEqual(h[0]);
    expect(d[d.length - 1]).toEqual(h[h.length - 1]);
    expect(d.some((p) => p.epoch === 12345)).toBe(true); // the one dip below everything
    const spikes = h.filter((p) => p.epoch % 997 === 500).length;
    expect(d.filter((p) => p.loss > 5).length).toBe(spikes);
    for (let i = 1; i < d.length; i++) expect(d[i].epoch).toBeGreaterThan(d[i - 1].epoch);
  });

  it('leaves short histories alone and is idempotent', () => {
    const short = noisy(1500);
    expect(decimateHistory(short, 2000)).toEqual(short);
    const once = decimateHistory(noisy(50_000), 2000);
    expect(decimateHistory(once, 2000)).toEqual(once);
  });

  it('handles tiny limits', () => {
    const h = noisy(10);
    expect(decimateHistory(h, 2)).toEqual([h[0], h[9]]);
    expect(decimateHistory(h, 5).length).toBeLessThanOrEqual(5);
  });

  it('a saved long run keeps at most 2000 history points', () => {
    const setup = getPreset('xor-2-4-1')!.setup;
    const run = runFromTrainer(train(setup), setup.design);
    expect(run.history.length).toBeLessThanOrEqual(2000);
    expect(run.history[0].epoch).toBe(0);
    expect(run.history[run.history.length - 1].epoch).toBe(9999);
  });
});
