/**
 * The task's data as CSV (File → Export → Data as CSV…, `export --to csv`): a table comes back as
 * it was read, with the split said per row as training drew it; built-in sets as the network sees
 * them (the addition as the post's integers); text a spreadsheet would run as a formula stays text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './cli-harness';
import { splitRows, type TableParams } from '../../src-shared/datasets/table';
import { cardFor, parseTable } from '../../src-shared/datasets/table/import';
import { defaultChoice } from '../../src-shared/datasets/table/preview';
import { createExperiment, serializeExperiment } from '../../src-shared/experiment';
import { exportDataCsv } from '../../src-shared/export/csv';
import { getPreset } from '../../src-shared/presets';
import { RandomState } from '../../src-shared/rng/random-state';

const irisTask = (): TableParams & { dataset: 'table' } => {
  const task = getPreset('iris-4-8-3')!.setup.task;
  if (task.dataset !== 'table') throw new Error('Iris is a table');
  return task;
};

describe('a table as CSV', () => {
  it('reads back as the same cells, with each row’s set as the split drew it', () => {
    const iris = irisTask();
    const csv = exportDataCsv(iris);
    expect(csv.rows).toBe(150);
    const back = parseTable(csv.text, 'iris-data.csv');
    expect(back.problems).toEqual([]);
    expect(back.columns.map((c) => c.name)).toEqual([...iris.columns.map((c) => c.name), 'split']);
    expect(back.rows.map((r) => r.slice(0, -1))).toEqual(iris.rows);
    const test = new Set(splitRows(iris).test);
    expect(test.size).toBe(30);
    expect(back.rows.map((r, i) => [i, r.at(-1)]).filter(([, s]) => s === 'test').map(([i]) => i)).toEqual([...test].sort((a, b) => a - b));
    // Imported again, the split column is neither the target nor an input: the same card as before.
    const card = cardFor(back, 'Iris', { testPercent: 20, seed: 42 });
    expect(card.ok && card.table.columns.map((c) => [c.name, c.role])).toEqual([...iris.columns.map((c) => [c.name, c.role]), ['split', 'ignore']]);
    expect(defaultChoice(back).columns.map((c) => c.role)).toEqual([...iris.columns.map((c) => c.role), 'ignore']);
    expect(csv.text.endsWith('\r\n')).toBe(true);
  });

  it('keeps a formula-looking cell as text, quotes commas, and names the set column around a column called split', () => {
    const table: TableParams = {
      name: 'tricky',
      columns: [
        { name: 'split', role: 'input', type: 'numeric', scaler: 'none' },
        { name: 'note, with comma', role: 'ignore', type: 'categorical', categories: ['=HYPERLINK("http://x")', 'plain'] },
        { name: 'y', role: 'target', type: 'categorical', categories: ['a', 'b'] },
      ],
      rows: Array.from({ length: 10 }, (_, i) => [i - 5, i % 2 ? 'plain' : '=HYPERLINK("http://x")', i % 2 ? 'a' : 'b']),
      split: { testPercent: 20, seed: 1 },
    };
    const lines = exportDataCsv({ dataset: 'table', ...table }).text.split('\r\n');
    expect(lines[0]).toBe('split,"note, with comma",y,_split');
    expect(lines[1]).toBe(`-5,"'=HYPERLINK(""http://x"")",b,${splitRows(table).test.includes(0) ? 'test' : 'train'}`);
    expect(lines[2]).toMatch(/^-4,plain,a,(train|test)$/);
  });
  it('escapes a formula with a line break in it too, and reads every escaped cell back as it was', () => {
    const names = ['+', '-', '@a', '=1+2', '=HYPERLINK("http://x")\nclick', 'plain'];
    const table: TableParams = {
      columns: [
        { name: 'x', role: 'input', type: 'numeric', scaler: 'none' },
        { name: 'rh', role: 'target', type: 'categorical', categories: names },
      ],
      rows: names.map((n, i) => [i, n]),
    };
    const csv = exportDataCsv({ dataset: 'table', ...table }).text;
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")\nclick"`);
    expect(csv.split('\r\n').slice(1, 5)).toEqual([`0,"'+"`, `1,"'-"`, `2,"'@a"`, `3,"'=1+2"`]);
    const card = cardFor(parseTable(csv, 'rh.csv'), 'rh');
    expect(card.ok && card.table.rows).toEqual(table.rows);
  });
});

describe('a built-in set as CSV', () => {
  it('writes the addition as the post’s integer pairs and sums, and its seven test pairs', () => {
    const csv = exportDataCsv({ dataset: 'addition', samples: 500, seed: 42 });
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('a,b,sum,split');
    expect(csv.rows).toBe(507);
    const rs = new RandomState(42);
    const a = rs.randints(0, 100, 500);
    const b = rs.randints(0, 100, 500);
    expect(lines[1]).toBe(`${a[0]},${b[0]},${a[0] + b[0]},train`);
    for (const line of lines.slice(1)) {
      const [x, y, sum] = line.split(',').map(Number);
      expect(sum).toBe(x + y);
    }
    expect(lines.slice(-7)).toEqual(['23,45,68,test', '35,12,47,test', '91,6,97,test', '50,50,100,test', '73,84,157,test', '0,0,0,test', '99,99,198,test']);
  });

  it('writes XOR’s four corners with their class', () => {
    expect(exportDataCsv({ dataset: 'xor' }).text).toBe('x1,x2,class\r\n0,0,0\r\n0,1,1\r\n1,0,1\r\n1,1,0\r\n');
  });
});

describe('nn-designer export --to csv', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(path.join(tmpdir(), 'nnd-csv-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes FILE-data.csv beside the file and says how many rows', async () => {
    const file = path.join(dir, 'iris.nnd');
    writeFileSync(file, serializeExperiment(createExperiment(getPreset('iris-4-8-3')!.setup)));
    const { code, stdout } = await runCliCaptured(['export', file, '--to', 'csv']);
    expect(code).toBe(0);
    const out = path.join(dir, 'iris-data.csv');
    expect(stdout).toContain(`Wrote ${out} (150 rows)`);
    expect(readFileSync(out, 'utf8')).toBe(exportDataCsv(irisTask()).text);
  });
});
