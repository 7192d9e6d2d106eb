/**
 * Names from a file (the experiment's name, an inline task's name, layer ids and labels) reach
 * the exported scripts only as literals or comments: Python's parser sees the same code whatever
 * they hold.
 */
import { describe, expect, it } from 'vitest';
import { exportNumpy } from '../../src-shared/export/numpy';
import { exportTorch } from '../../src-shared/export/torch';
import { exportOnnx } from '../../src-shared/export/onnx';
import { importOnnx } from '../../src-shared/export/onnx-import';
import { commentText, pyString } from '../../src-shared/export/quote';
import { readOnnxModel } from '../../src-shared/export/onnx-model';
import { chainDesign } from '../../src-shared/network/chain';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { prepareTraining } from '../../src-shared/engine/prepare';
import type { ExperimentSetup } from '../../src-shared/setup';
import type { Design } from '../../src-shared/network/design';
import { compareAsts } from './python-ast';
import { adversarialName, seeded } from './adversarial-names';

const NEUTRAL = 'neutral';

/** A 2-3-1 net on inline data, its task and every layer named by `name`; `ids` renames the layers too. */
function named(name: string, ids = false): ExperimentSetup {
  const base = chainDesign(2, [{ units: 3, activation: 'tanh' }], { units: 1, activation: 'sigmoid', loss: 'mse' });
  const rename = (id: string): string => (ids ? `${name}${id}` : id);
  const design: Design = {
    nodes: base.nodes.map((n) => ({ ...n, id: rename(n.id), label: name })),
    edges: base.edges.map((e) => ({ ...e, source: rename(e.source), target: rename(e.target) })),
  };
  return {
    design,
    task: { dataset: 'inline', name, inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] },
    training: { ...DEFAULT_TRAINING, epochs: 3, seed: 1 },
  };
}

function scripts(name: string, ids = false): string[] {
  const setup = named(name, ids);
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error(p.problems[0].message);
  const parameters = p.trainer.network.getParameters();
  return [
    exportNumpy(setup, name).script,
    exportTorch(setup, parameters, { title: name, trained: true, epoch: 3 }).script,
    exportTorch(setup, parameters, { title: name, trained: false }).script,
  ];
}

/** What a name reads as once written to disk as UTF-8: lone surrogates become U+FFFD. */
const wellFormed = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

const ATTACKS = [
  'x"""\nimport os; os.system("id")\n"""',
  "x'''\nimport os\n'''",
  'a\\',
  '\\"""',
  'line\nimport os',
  'cr\rimport os',
  'ls\u2028import os',
  'ps\u2029import os',
  'nel\u0085import os',
  'ff\fimport os',
  'nul\0import os',
  'lone \ud800 surrogate',
  '# -*- coding: utf-7 -*-',
  '\n# -*- coding: utf-7 -*-\n+ACIAIgAi-\nimport os\n',
  'bidi \u202e evil',
  'x'.repeat(20_000),
];

describe('generated Python cannot be escaped', () => {
  it('keeps every attack, and 300 random names, inside literals and comments (NumPy and PyTorch)', () => {
    const random = seeded(12);
    const names = [...ATTACKS, ...Array.from({ length: 300 }, () => adversarialName(random))];
    const reference = scripts(NEUTRAL);
    const pairs = names.flatMap((name) => scripts(name).map((candidate, i) => ({ name, reference: reference[i], candidate })));
    const verdicts = compareAsts(pairs);
    const bad = verdicts.flatMap((v, i) => (v.same ? [] : [{ name: JSON.stringify(pairs[i].name).slice(0, 200), error: v.error }]));
    expect(bad).toEqual([]);
    // The title reads back as written (the docstring's first line), not mangled.
    const mangled = verdicts.filter((v, i) => !v.docstring?.startsWith(`${wellFormed(pairs[i].name)}\nA 2-3-1 network`));
    expect(mangled.length).toBe(0);
  });

  it('turns layer ids into plain identifiers whatever they hold', () => {
    const random = seeded(7);
    const names = [...ATTACKS.slice(0, 12), ...Array.from({ length: 50 }, () => adversarialName(random))];
    const reference = scripts(NEUTRAL, true);
    const pairs = names.flatMap((name) => scripts(name, true).map((candidate, i) => ({ reference: reference[i], candidate })));
    const bad = compareAsts(pairs).flatMap((v, i) => (v.same ? [] : [{ name: names[Math.floor(i / 3)].slice(0, 80), error: v.error }]));
    expect(bad).toEqual([]);
  });

  it('quotes a string as a Python literal of the same text, and comments on one line', () => {
    expect(pyString('a\'b"c\\')).toBe(String.raw`'a\'b"c\\'`);
    expect(pyString('\n\r\0\u2028\ud800é')).toBe(String.raw`'\n\r\x00\u2028\ufffdé'`);
    expect(pyString('😀')).toBe(`'😀'`);
    expect(commentText('a\nb\rc\u2029d\u0085e\ff')).toBe(String.raw`a\nb\rc\u2029d\x85e\x0cf`);
    expect(commentText('plain text, é')).toBe('plain text, é');
  });

  it('keeps ONNX names to safe tensor names; the design rides along as JSON data', () => {
    for (const name of ATTACKS) {
      const setup = named(name);
      const p = prepareTraining(setup);
      if (!p.ok) throw new Error(p.problems[0].message);
      const bytes = exportOnnx(setup, p.trainer.network.getParameters(), name);
      const tensorNames = [...readOnnxModel(bytes).graph.initializers.keys()];
      for (const t of tensorNames) expect(t).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(tensorNames.every((t) => t.length <= 80)).toBe(true);
      // The metadata passes the file format's checks on import: a name longer than a file allows is not taken.
      const task = importOnnx(bytes).setup.task;
      if (name.length <= 200) expect(task).toEqual(JSON.parse(JSON.stringify(setup.task)));
      else expect(task).toEqual({ dataset: 'xor' });
    }
  });
});
