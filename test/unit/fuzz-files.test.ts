/**
 * Fuzz: generated experiment files (valid, broken and hostile: wrong types, huge numbers, deep
 * nesting, odd unicode, mangled text) go through everything a file meets: parse → train a few
 * epochs → export to NumPy, PyTorch and ONNX. Nothing throws, every refusal is a clear problem,
 * every JSON syntax error has a line and a column, and Python's own parser sees the same code in
 * each exported script as with plain names (one python3 process checks them all).
 */
import { describe, expect, it } from 'vitest';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { LOGIC_GATES } from '../../src-shared/datasets';
import { exportNumpy } from '../../src-shared/export/numpy';
import { exportOnnx } from '../../src-shared/export/onnx';
import { importOnnx } from '../../src-shared/export/onnx-import';
import { exportTorch } from '../../src-shared/export/torch';
import { createExperiment, INIT_SCHEMES, parseExperiment, REDUCTIONS, serializeExperiment, UPDATE_MODES, type Experiment } from '../../src-shared/experiment';
import { chainDesign } from '../../src-shared/network/chain';
import { ACTIVATIONS, LOSSES, type Design } from '../../src-shared/network/design';
import type { ExperimentSetup } from '../../src-shared/setup';
import { adversarialName, seeded } from './adversarial-names';
import { compareAsts } from './python-ast';

const random = seeded(20_250_131);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

/** A hostile name about half the time, else a plain one. */
const name = (): string => (random() < 0.5 ? adversarialName(random) : `name ${int(0, 999)}`);

/** A small design, task and training settings that train in a blink. */
function smallSetup(): ExperimentSetup {
  const inputs = int(1, 3);
  const outputs = int(1, 2);
  const hidden = Array.from({ length: int(0, 2) }, () => ({ units: int(1, 6), activation: pick(ACTIVATIONS) }));
  const design = chainDesign(inputs, hidden, { units: outputs, activation: pick(ACTIVATIONS), loss: pick(LOSSES) });
  const labelled: Design = random() < 0.5 ? design : { ...design, nodes: design.nodes.map((n) => ({ ...n, label: name() })) };
  const rows = int(1, 6);
  const task: ExperimentSetup['task'] =
    inputs === 2 && outputs === 1 && random() < 0.5
      ? pick([{ dataset: pick(LOGIC_GATES) }, { dataset: pick(['circle', 'spiral'] as const), samples: int(2, 30), noise: random() * 0.2, seed: int(0, 9) }])
      : {
          dataset: 'inline',
          name: random() < 0.8 ? name() : undefined,
          inputs: Array.from({ length: rows }, () => Array.from({ length: inputs }, () => pick([0, 1, random(), -random() * 5, 1e-300]))),
          targets: Array.from({ length: rows }, () => Array.from({ length: outputs }, () => pick([0, 1, random()]))),
        };
  const optimizer = pick([{ type: 'sgd' as const }, { type: 'momentum' as const, momentum: 0.9 }, { type: 'adam' as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }]);
  return {
    design: labelled,
    task,
    training: {
      epochs: int(1, 3),
      learningRate: pick([0.1, 1, 2, 1e6, 1e300, 1e-300]),
      updateMode: pick(UPDATE_MODES),
      batchSize: int(1, 4),
      reduction: pick(REDUCTIONS),
      optimizer,
      init: { scheme: pick(INIT_SCHEMES), scale: pick([0.5, 1, 1e3]) },
      seed: int(0, 0xffffffff),
    },
  };
}

/** Every path into a JSON value, so a mutation can strike anywhere. */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.slice(0, 8).forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** Deep nesting goes in as a marker, written out after JSON.stringify (which recurses, and would overflow). */
const deep = (n: number): string => `__DEEP_${n}__`;
const unfoldDeep = (text: string): string => text.replace(/"__DEEP_(\d+)__"/g, (_, n: string) => `${'['.repeat(Number(n))}${']'.repeat(Number(n))}`);
const ODD_VALUES: unknown[] = [
  null, true, false, '', 'x', '\u202e\u0000\ud800', '😀'.repeat(50), 0, -1, 0.5, -0, 1e308, -1e308, 2 ** 53 + 2, Number.MIN_VALUE, 4097, 1e7 + 1,
  [], [1, 2], {}, { a: 1 }, 'NaN', '1e999',
];

/** A structural mutation of a valid document: wrong type, odd value, deleted or extra field, deep nesting. */
function mutate(doc: Record<string, unknown>): void {
  const all = paths(doc).filter((p) => p.length > 0);
  const path = pick(all);
  let parent = doc as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const key = path[path.length - 1];
  const r = random();
  if (r < 0.15) delete parent[key];
  else if (r < 0.25) parent[key] = deep(int(50, 20_000));
  else if (r < 0.35) parent[`${String(key)}_extra`] = pick(ODD_VALUES);
  else parent[key] = pick(ODD_VALUES);
}

/** A mutation of the text itself: truncation, junk, Python's NaN, other encodings, a BOM, NULs. */
function mangle(text: string): string {
  const at = int(0, text.length);
  switch (int(0, 7)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + pick(['NaN', 'Infinity', '-Infinity', ',', '}', ']', "'", '//', '\\', 'tru', '01', '"\n"']) + text.slice(at);
    case 2:
      return text.replace(/: (\d+\.\d+)/, ': NaN');
    case 3:
      return new TextDecoder().decode(new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]));
    case 4:
      return `\ufeff${text}`;
    case 5:
      return text.slice(0, at) + '\u0000'.repeat(int(1, 20)) + text.slice(at);
    case 6:
      return text.replace(/"name": "[^"]*"/, () => `"name": ${JSON.stringify(adversarialName(random))}`);
    default:
      return text.slice(0, at) + String.fromCharCode(int(0, 0xffff)) + text.slice(at);
  }
}

interface Generated {
  kind: 'valid' | 'mutated' | 'mangled';
  text: string;
}

function generate(count: number): Generated[] {
  const out: Generated[] = [];
  for (let i = 0; i < count; i++) {
    const experiment = createExperiment(smallSetup(), { name: name(), notes: random() < 0.2 ? name() : '' });
    const text = serializeExperiment(experiment);
    const r = random();
    if (r < 0.45) out.push({ kind: 'valid', text });
    else if (r < 0.8) {
      const doc = JSON.parse(text) as Record<string, unknown>;
      for (let k = int(1, 3); k > 0; k--) mutate(doc);
      out.push({ kind: 'mutated', text: unfoldDeep(JSON.stringify(doc, null, random() < 0.5 ? 2 : undefined)) });
    } else out.push({ kind: 'mangled', text: mangle(text) });
  }
  return out;
}

/** The same setup with every name plain: the reference its scripts' code must match. */
function neutral(experiment: Experiment): ExperimentSetup {
  const setup = structuredClone(experiment.setup);
  if (setup.task.dataset === 'inline' && setup.task.name !== undefined) setup.task.name = 'neutral';
  setup.design.nodes = setup.design.nodes.map((n) => ({ ...n, label: n.label === undefined ? undefined : 'neutral' }));
  return setup;
}

describe('fuzz: generated files through parse → train → export', () => {
  it('1,200 files and their names: no crash, clear problems, scripts that run only their own code', () => {
    const files = generate(1200);
    const pairs: { reference: string; candidate: string; label: string }[] = [];
    const names = new Set<string>();
    const counts = { valid: 0, refused: 0, trained: 0, exported: 0 };
    for (const [index, file] of files.entries()) {
      const label = `file ${index} (${file.kind}): ${JSON.stringify(file.text.slice(0, 120))}`;
      const parsed = parseExperiment(file.text);
      if (!parsed.ok) {
        counts.refused++;
        expect(parsed.problems.length, label).toBeGreaterThan(0);
        for (const p of parsed.problems) {
          expect(typeof p.path === 'string' && typeof p.message === 'string' && p.message.length > 0, label).toBe(true);
          // The catch-all for bugs in the parser, and V8's raw JSON message, must never show.
          expect(p.message, label).not.toMatch(/could not be read|is not valid JSON: (Unexpected|Expected|Bad|No number)/);
          if (/not valid JSON|ends too soon/.test(p.message)) expect(p.message, label).toMatch(/line \d+, column \d+/);
        }
        continue;
      }
      counts.valid++;
      const experiment = parsed.experiment;
      // What opens saves and opens again unchanged.
      const again = parseExperiment(serializeExperiment(experiment));
      expect(again.ok && again.experiment, label).toEqual(experiment);

      const setup = experiment.setup;
      const prepared = prepareTraining({ ...setup, training: { ...setup.training, epochs: Math.min(setup.training.epochs, 3) } });
      if (!prepared.ok) continue;
      if (prepared.trainer.network.parameterCount * prepared.dataset.count > 200_000) continue;
      prepared.trainer.runToEnd();
      counts.trained++;
      const parameters = prepared.trainer.network.getParameters();
      const title = experiment.name;
      names.add(title);
      if (setup.task.dataset === 'inline' && setup.task.name !== undefined) names.add(setup.task.name);
      const reference = neutral(experiment);
      pairs.push(
        { label, reference: exportNumpy(reference, 'neutral').script, candidate: exportNumpy(setup, title).script },
        {
          label,
          reference: exportTorch(reference, parameters, { title: 'neutral', trained: true, epoch: 1 }).script,
          candidate: exportTorch(setup, parameters, { title, trained: true, epoch: 1 }).script,
        },
      );
      const onnx = exportOnnx(setup, parameters, title);
      expect(importOnnx(onnx).parameters.length, label).toBe(parameters.length);
      counts.exported++;
    }
    console.log(`fuzz: ${files.length} files, ${counts.valid} valid, ${counts.refused} refused, ${counts.trained} trained and exported; ${names.size} names; ${pairs.length} scripts checked`);
    expect(counts.valid).toBeGreaterThan(300);
    expect(counts.refused).toBeGreaterThan(300);
    expect(names.size).toBeGreaterThanOrEqual(200);

    const verdicts = compareAsts(pairs);
    const bad = verdicts.flatMap((v, i) => (v.same ? [] : [`${pairs[i].label}: ${v.error ?? 'the code differs from the plain-named script'}`]));
    expect(bad).toEqual([]);
  }, 120_000);
});
