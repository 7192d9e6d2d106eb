/**
 * Tables of the user's own, from the command line as a user runs it (in this process): Iris from
 * CSV to a trained run with a held-out test set; the defaults learning a table whose columns are on
 * very different scales; the NumPy export printing the app's numbers; and every kind of bad input
 * named by its column, data row and file line, with nothing written.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './cli-harness';
import { parseTable } from '../../src-shared/datasets/table/import';
import { parseExperiment, serializeExperiment, type Experiment } from '../../src-shared/experiment';
import { RandomState } from '../../src-shared/rng/random-state';
import { numpyPython, runScripts } from '../python';

const IRIS = path.resolve(import.meta.dirname, '../../src-shared/presets/data/iris.csv');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-table-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliResult> => runCliCaptured(args);

const at = (name: string): string => path.join(dir, name);
function load(file: string): Experiment {
  const r = parseExperiment(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.experiment;
}

describe('Iris from the command line', () => {
  it('new --data writes the data card and a 4 → 8 → 3 softmax design; train reaches ≥ 95 % and reports the test rows', async () => {
    const made = await cli('new', '--data', IRIS, '--test', '20', at('iris.nnd'));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('iris (150 rows: 120 training, 30 test; 4 inputs; species: 3 classes)');
    expect(made.stdout).toContain('Design: 4 → 8 tanh → 3 softmax, loss cross_entropy');
    const info = await cli('info', at('iris.nnd'));
    expect(info.stdout).toContain('species: target, categorical (setosa, versicolor, virginica)');
    expect(info.stdout).toContain('sepal_length_cm: input, numeric, z-score');

    const trained = await cli('train', at('iris.nnd'), '--json');
    expect(trained.code, trained.stderr).toBe(0);
    const result = JSON.parse(trained.stdout) as { accuracy: number; testAccuracy: number; testLoss: number };
    expect(result.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.testLoss).toBeGreaterThan(0);
    // The run keeps them, and the file reads back to the same bytes.
    const text = readFileSync(at('iris.nnd'), 'utf8');
    const experiment = load(at('iris.nnd'));
    expect(experiment.runs[0]).toMatchObject({ accuracy: result.accuracy, testAccuracy: result.testAccuracy, testLoss: result.testLoss });
    expect(serializeExperiment(experiment)).toBe(text);
  });

  it('the NumPy export prints the app’s losses, rows and accuracies, on this machine’s NumPy', async () => {
    const shown = await cli('train', at('iris.nnd'));
    expect((await cli('export', at('iris.nnd'), '--to', 'numpy', '--out', at('iris.py'))).code).toBe(0);
    const python = numpyPython();
    const run = (await runScripts(python.command, [{ name: 'iris', source: readFileSync(at('iris.py'), 'utf8') }])).get('iris')!;
    const app = shown.stdout.split('\n');
    expect(run.lines.filter((l) => l.startsWith('Accuracy') || l.startsWith('Test accuracy'))).toHaveLength(2);
    for (const line of run.lines) expect(app).toContain(line);
    expect(shown.stdout).toMatch(/Test loss: [\d.]+ on the 30 test rows\./);
  });
});

describe('the defaults learn a well-separated table whose columns are on very different scales', () => {
  it('reaches ≥ 95 % training accuracy with no extra flags (the inputs are z-scored)', async () => {
    const rs = new RandomState(7);
    const lines = ['tiny,unit,huge,label'];
    for (let i = 0; i < 300; i++) {
      const k = i % 3;
      lines.push([0.001 * (k + rs.gaussian() * 0.15), k * 2 + rs.gaussian() * 0.3, 1e4 * (2 - k + rs.gaussian() * 0.15), ['a', 'b', 'c'][k]].join(','));
    }
    writeFileSync(at('scales.csv'), `${lines.join('\n')}\n`);
    expect((await cli('new', '--data', at('scales.csv'), at('scales.nnd'))).code).toBe(0);
    const trained = JSON.parse((await cli('train', at('scales.nnd'), '--json')).stdout) as { accuracy: number };
    expect(trained.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('a numeric target is regression: linear output, mean squared error, predictions in the table’s units', async () => {
    writeFileSync(at('line.csv'), `x,y\n${Array.from({ length: 40 }, (_, i) => `${i},${3 * i + 1000}`).join('\n')}\n`);
    const made = await cli('new', '--data', at('line.csv'), at('line.nnd'));
    expect(made.stdout).toContain('y: regression');
    expect(made.stdout).toContain('1 linear, loss mse');
    const trained = await cli('train', at('line.nnd'));
    expect(trained.stdout).toMatch(/\[0\] → 10\d\d\.\d{4} {2}\(expected 1000\.0000\)/);
  });
});

describe('bad input: a clear message, the column, the data row and the line, and nothing written', () => {
  const bad = async (name: string, content: string | Buffer, ...flags: string[]): Promise<string> => {
    writeFileSync(at(name), content);
    const r = await cli('new', '--data', at(name), ...flags, at(`${name}.nnd`));
    expect(r.code).toBe(1);
    expect(() => readFileSync(at(`${name}.nnd`))).toThrow();
    return r.stderr;
  };

  it('text in a numeric column names it; --drop-invalid-rows drops those rows and says how many', async () => {
    const rows = ['x,y,label', '1,2,a', '3,n/a,b', '5,6,a', '7,8,b', '9,10,a', '11,12,b', '13,14,a', '15,16,b', '17,18,a', '19,20,b', '21,22,a'];
    expect(await bad('text.csv', `${rows.join('\n')}\n`)).toContain('Column "y", data row 2 (line 3): holds "n/a" where the column holds numbers');
    const dropped = await cli('new', '--data', at('text.csv'), '--drop-invalid-rows', at('text.nnd'));
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toContain('Dropped 1 of 11 rows with missing or unreadable cells.');
    expect(load(at('text.nnd')).setup.task).toMatchObject({ dataset: 'table' });
  });

  it('an empty cell, a ragged row (with the file line past a quoted line break), an empty file, one column', async () => {
    expect(await bad('empty-cell.csv', 'x,y,label\n1,,a\n2,3,b\n')).toContain('Column "y", data row 1 (line 2): is empty');
    expect(await bad('ragged.csv', 'x,note,label\n1,"two\nlines",a\n2,b\n3,c,a\n')).toContain('data row 2 (line 4): has 2 cells where the header has 3 columns');
    expect(await bad('nothing.csv', '')).toContain('is empty: a table needs a header row and at least one data row');
    expect(await bad('one.csv', 'value\n1\n2\n')).toContain('has one column ("value"): a table needs at least two, an input and a target');
  });

  it('a target of 10,000 distinct values says what it probably is', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `${i},id-${i}`);
    expect(await bad('ids.csv', `x,id\n${rows.join('\n')}\n`)).toContain('"id" has 10,000 distinct values: as a target that is 10,000 classes, and a table can have up to 100');
  });

  it('a 200 MB file is refused by its size before it is read', async () => {
    writeFileSync(at('huge.csv'), 'x,y\n');
    truncateSync(at('huge.csv'), 200 * 1024 * 1024);
    const r = await cli('new', '--data', at('huge.csv'), at('huge.nnd'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('huge.csv is 200 MB; tables of up to 100 MB (5,000,000 cells) can be imported');
  });

  it('a byte order mark, semicolons with decimal commas, and a JSON list of objects read as tables', () => {
    expect(parseTable('\ufeffx,label\n1,a\n2,b\n', 'bom.csv').columns.map((c) => c.name)).toEqual(['x', 'label']);
    const semi = parseTable('x;y;label\n1,5;2;a\n3,25;4;b\n', 'semi.csv');
    expect(semi.format).toBe('semicolon-separated');
    expect(semi.rows[0]).toEqual([1.5, 2, 'a']);
    expect(semi.notes).toEqual(['Numbers written with a decimal comma (1,5) were read as 1.5.']);
    const json = parseTable('[{"x": 1, "label": "a"}, {"x": 2.5, "label": "b"}]', 'rows.json');
    expect(json.format).toBe('JSON');
    expect(json.rows).toEqual([[1, 'a'], [2.5, 'b']]);
    expect(json.columns.map((c) => c.type)).toEqual(['numeric', 'categorical']);
  });
});
