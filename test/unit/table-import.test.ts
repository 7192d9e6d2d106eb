/**
 * Reading a table's cells: what counts as a number, text kept as the file wrote it where a column
 * is categorical (even when its first cells look like numbers), a column's type changed by the
 * person, the scalers chosen, per-column counts of bad cells, and progress reported as it reads.
 */
import { describe, expect, it } from 'vitest';
import { cardFor, cellIssues, numberOf, parseTable } from '../../src-shared/datasets/table/import';
import { checkChoice, defaultChoice, tablePreview } from '../../src-shared/datasets/table/preview';
import { createExperiment, parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { tableSetup } from '../../src-shared/presets/table-setup';

describe('numberOf', () => {
  it('reads decimal numbers as written, and nothing else Number() would take', () => {
    const read = ['0', '-3', '+2.5', '.5', '1.', '1e3', '2.5E-2', ' 7 ', '\t-0.25\u00a0', '00012'];
    expect(read.map((t) => numberOf(t, false))).toEqual([0, -3, 2.5, 0.5, 1, 1000, 0.025, 7, -0.25, 12]);
    const refused = ['', ' ', '.', '-', 'e5', '1e', '0x10', 'Infinity', 'NaN', '1_000', '1,5', '1.2.3', '12a', '1e400', '--1', '1 2'];
    for (const t of refused) expect(numberOf(t, false), t).toBeNaN();
  });

  it('reads a decimal comma only where the file writes them', () => {
    expect(numberOf('1,5', true)).toBe(1.5);
    expect(numberOf('-0,25', true)).toBe(-0.25);
    expect(numberOf('2.5', true)).toBe(2.5);
    for (const t of ['1,', ',5', '1,5e3', '1,5,6']) expect(numberOf(t, true), t).toBeNaN();
  });
});

describe('parseTable and cardFor', () => {
  it('a categorical column whose first cells look like numbers keeps them as the file wrote them', () => {
    const rows = ['007,1,a', '010,2,b', 'A12,3,a', 'B7,4,b', 'C1,5,a'];
    const parsed = parseTable(`code,x,label\n${rows.join('\n')}\n`, 'codes.csv');
    expect(parsed.columns[0]).toMatchObject({ type: 'categorical', categories: ['007', '010', 'A12', 'B7', 'C1'], distinct: 5 });
    expect(parsed.rows.map((r) => r[0])).toEqual(['007', '010', 'A12', 'B7', 'C1']);
    expect(parsed.problems).toEqual([]);
  });

  it('a column made numeric reads its numbers and names the cells that are not', () => {
    const parsed = parseTable('grade,label\n1,a\n2,b\nx,a\n4,b\ny,a\n', 'grades.csv');
    expect(parsed.columns[0].type).toBe('categorical');
    expect(cellIssues(parsed, ['numeric', 'categorical'])).toEqual([
      { empty: 0, unreadable: 2 },
      { empty: 0, unreadable: 0 },
    ]);
    const refused = cardFor(parsed, 'grades', { types: { grade: 'numeric' } });
    expect(refused).toMatchObject({ ok: false, invalidRows: 2 });
    if (!refused.ok) expect(refused.problems[0]).toBe('Column "grade", data row 3 (line 4): holds "x" where the column holds numbers');
    const dropped = cardFor(parsed, 'grades', { types: { grade: 'numeric' }, dropInvalidRows: true });
    expect(dropped).toMatchObject({ ok: true, dropped: 2 });
    if (dropped.ok) expect(dropped.table.rows).toEqual([[1, 'a'], [2, 'b'], [4, 'b']]);
  });

  it('a numeric column made categorical keeps its text cells as categories, so no row is lost', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i === 5 ? 'n/a' : i % 3},${['a', 'b'][i % 2]}`);
    const parsed = parseTable(`level,label\n${rows.join('\n')}\n`, 'levels.csv');
    expect(parsed.columns[0].type).toBe('numeric');
    expect(parsed.problems).toEqual([{ column: 'level', row: 6, line: 7, message: 'holds "n/a" where the column holds numbers' }]);
    const r = cardFor(parsed, 'levels', { types: { level: 'categorical' } });
    expect(r).toMatchObject({ ok: true, dropped: 0 });
    if (r.ok) {
      expect(r.table.columns[0]).toEqual({ name: 'level', role: 'input', type: 'categorical', categories: ['0', '1', '2', 'n/a'] });
      expect(r.table.rows[5]).toEqual(['n/a', 'b']);
    }
  });

  it('takes the scalers chosen, z-score otherwise, and keeps rows read as detected without copying them', () => {
    const parsed = parseTable('a,b,label\n1,10,x\n2,20,y\n3,30,x\n', 'scales.csv');
    const r = cardFor(parsed, 'scales', { scalers: { a: 'minmax' } });
    expect(r.ok && r.table.columns.map((c) => c.scaler)).toEqual(['minmax', 'zscore', undefined]);
    // 100,000 rows are not copied a second time for the card.
    expect(r.ok && r.table.rows[0]).toBe(parsed.rows[0]);
  });

  it('lists a ragged row before its cells, in the order of the file, and counts empty cells per column', () => {
    const parsed = parseTable('x,y,label\n1,,a\n2\n3,4,\n', 'holes.csv');
    expect(parsed.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [1, 'y', 'is empty'],
      [2, null, 'has 1 cell where the header has 3 columns'],
      [3, 'label', 'is empty'],
    ]);
    expect(cellIssues(parsed, parsed.columns.map((c) => c.type))).toEqual([
      { empty: 0, unreadable: 0 },
      { empty: 2, unreadable: 0 },
      { empty: 2, unreadable: 0 },
    ]);
  });

  it('reports its progress as it reads, rising to 1', () => {
    const lines = ['x,y,label', ...Array.from({ length: 30_000 }, (_, i) => `${i},${i * 2},${i % 2 ? 'a' : 'b'}`)];
    const shares: number[] = [];
    parseTable(lines.join('\n'), 'long.csv', (share) => shares.push(share));
    expect(shares.length).toBeGreaterThan(5);
    expect(shares.every((s, i) => i === 0 || s >= shares[i - 1])).toBe(true);
    expect(shares.at(-1)).toBe(1);
  });

  it('reads a category the same with spaces or a stray carriage return around it', () => {
    const parsed = parseTable('x,species\n1, setosa\n2,setosa\r\n3,virginica \n4,virginica\n', 'spaces.csv');
    expect(parsed.columns[1].categories).toEqual(['setosa', 'virginica']);
    const r = cardFor(parsed, 'spaces');
    expect(r.ok && r.table.columns[1].categories).toEqual(['setosa', 'virginica']);
  });
});

describe('the import dialog’s checks', () => {
  const iris = (rows: number): string => ['a,b,label', ...Array.from({ length: rows }, (_, i) => `${i},${(i * 7) % 5},${['x', 'y', 'z'][i % 3]}`)].join('\n');

  it('starts as the command line does, with a 20 % split once there are 50 rows', () => {
    expect(defaultChoice(parseTable(iris(60), 't.csv'))).toEqual({
      columns: [
        { name: 'a', role: 'input', type: 'numeric', scaler: 'zscore' },
        { name: 'b', role: 'input', type: 'numeric', scaler: 'zscore' },
        { name: 'label', role: 'target', type: 'categorical', scaler: 'zscore' },
      ],
      testPercent: 20,
      seed: 42,
      dropInvalidRows: false,
    });
    expect(defaultChoice(parseTable(iris(12), 't.csv')).testPercent).toBe(0);
    expect(tablePreview(parseTable(iris(60), 'data.csv'), 'data.csv')).toMatchObject({ name: 'data', format: 'CSV', rows: 60, head: [[0, 0, 'x'], [1, 2, 'y'], [2, 4, 'z'], [3, 1, 'x'], [4, 3, 'y'], [5, 0, 'z'], [6, 2, 'x'], [7, 4, 'y']] });
  });

  it('says what the card makes, or why the choices cannot make one', () => {
    const parsed = parseTable(iris(60), 't.csv');
    const choice = defaultChoice(parsed);
    expect(checkChoice(parsed, 't', choice)).toMatchObject({ ok: true, summary: { rows: 60, train: 48, test: 12, inputs: 2, classes: 3, dropped: 0 } });
    const noTarget = { ...choice, columns: choice.columns.map((c) => ({ ...c, role: 'input' as const })) };
    expect(checkChoice(parsed, 't', noTarget).problems).toEqual(['Choose the column to predict: set one column’s role to target.']);
    expect(checkChoice(parsed, 't', { ...choice, testPercent: 1 }).problems).toEqual(['A 1 % test split of 60 rows holds out no row: choose a larger share, or 0 to train on every row.']);
    const bad = parseTable('a,label\n1,x\n,y\n3,x\n4,y\n', 'bad.csv');
    const refused = checkChoice(bad, 'bad', defaultChoice(bad));
    expect(refused).toMatchObject({ ok: false, invalidRows: 1, issues: [{ empty: 1, unreadable: 0 }, { empty: 0, unreadable: 0 }] });
    expect(refused.problems).toEqual(['Column "a", data row 2 (line 3): is empty', '1 of 4 rows has missing or unreadable cells in the columns used. Fix them in the file, or drop that row below.']);
    expect(checkChoice(bad, 'bad', { ...defaultChoice(bad), dropInvalidRows: true })).toMatchObject({ ok: true, invalidRows: 1, summary: { rows: 3, dropped: 1 } });
  });
});

describe('an ignored identifier column', () => {
  it('of more categories than a file keeps is left out with a note, so the experiment opens again', () => {
    const lines = ['id,x,label', ...Array.from({ length: 1500 }, (_, i) => `user-${i},${i % 7},${i % 2 ? 'a' : 'b'}`)];
    const card = cardFor(parseTable(lines.join('\n'), 'ids.csv'), 'ids', { target: 'label', inputs: ['x'] });
    if (!card.ok) throw new Error(card.problems.join('; '));
    expect(card.table.columns.map((c) => c.name)).toEqual(['x', 'label']);
    expect(card.table.rows[1]).toEqual([1, 'a']);
    expect(card.notes).toContain('Left out the ignored column "id": more than 1,000 different values (an identifier?), more than a file keeps.');
    const experiment = createExperiment(tableSetup(card.table));
    expect(parseExperiment(serializeExperiment(experiment)).ok).toBe(true);
  });
});
