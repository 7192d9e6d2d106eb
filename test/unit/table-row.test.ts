/**
 * A row typed by a person becomes the network's inputs exactly as training saw its rows (the
 * card's scalers fitted on the training rows, categories one-hot), and the outputs read back in
 * the table's terms: Iris trained by the engine classifies its own rows through the codec as the
 * engine's accuracy says, and a regression's prediction comes back in the target's units.
 */
import { describe, expect, it } from 'vitest';
import { encodeRow, splitRows, tableData, tableRowCodec, type TableParams } from '../../src-shared/datasets/table';
import { cardFor, parseTable } from '../../src-shared/datasets/table/import';
import { classMetrics } from '../../src-shared/engine/metrics';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { getPreset } from '../../src-shared/presets';
import { tableSetup } from '../../src-shared/presets/table-setup';

const iris = getPreset('iris-4-8-3')!.setup;
const irisTable = iris.task as TableParams & { dataset: 'table' };

function card(csv: string, choice: Parameters<typeof cardFor>[2] = {}): TableParams {
  const r = cardFor(parseTable(csv, 't.csv'), 't', choice);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.table;
}

describe('tableRowCodec', () => {
  it('encodes every training row of Iris to the bits the dataset trains on', () => {
    const codec = tableRowCodec(irisTable);
    const data = tableData(irisTable);
    const { train } = splitRows(irisTable);
    expect(train.length).toBe(120);
    train.forEach((row, r) => {
      const encoded = codec.encode(codec.valuesOf(row));
      expect(encoded.ok).toBe(true);
      if (encoded.ok) expect(encoded.inputs).toEqual(Array.from(data.inputs.subarray(r * 4, r * 4 + 4)));
    });
    expect(codec.fields.map((f) => f.name)).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']);
  });

  it('a trained Iris network classifies its training rows through the codec as the engine counts them', () => {
    const prepared = prepareTraining(structuredClone(iris));
    if (!prepared.ok) throw new Error('Iris does not prepare');
    prepared.trainer.runToEnd();
    const codec = tableRowCodec(irisTable);
    const { train } = splitRows(irisTable);
    const species = irisTable.columns.findIndex((c) => c.name === 'species');
    let right = 0;
    for (const row of train) {
      const encoded = codec.encode(codec.valuesOf(row).map(String));
      if (!encoded.ok) throw new Error('a row did not encode');
      const outputs = Array.from(prepared.trainer.network.predict(Float64Array.from(encoded.inputs), 1));
      const read = codec.read(outputs);
      if (read.kind !== 'class') throw new Error('Iris is a classification');
      expect(read.probabilities).toBe(true);
      expect(read.classes.map((c) => c.name)).toEqual(['setosa', 'versicolor', 'virginica']);
      expect(read.classes.reduce((s, c) => s + c.value, 0)).toBeCloseTo(1, 12);
      if (read.best === irisTable.rows[row][species]) right++;
    }
    const metrics = classMetrics(prepared.dataset, (x, n) => prepared.trainer.network.predict(x, n));
    expect(right / train.length).toBeGreaterThanOrEqual(0.95);
    expect(right / train.length).toBe(metrics?.accuracy);
  });

  it('one-hot encodes a categorical input and reads a numeric target in its own units', () => {
    const lines = ['size,colour,price'];
    for (let i = 0; i < 30; i++) lines.push(`${i},${['red', 'green', 'blue'][i % 3]},${1000 + 10 * i + (i % 3)}`);
    const table = card(lines.join('\n'));
    const codec = tableRowCodec(table);
    expect(codec.fields).toMatchObject([{ name: 'size', type: 'numeric', mean: 14.5 }, { name: 'colour', type: 'categorical', categories: ['red', 'green', 'blue'] }]);
    const data = tableData(table);
    const encoded = codec.encode(['3', 'red']);
    expect(encoded).toEqual({ ok: true, inputs: [...Array.from(data.inputs.subarray(3 * 4, 3 * 4 + 1)), 1, 0, 0] });
    const scale = data.targetScale!;
    // The network's output 0.25 is 0.25 standard deviations above the training mean of price.
    expect(codec.read([0.25])).toEqual({ kind: 'number', name: 'price', value: 0.25 * scale.scale + scale.shift });
    expect(scale.shift).toBeCloseTo(1146, 6);
  });

  it('two classes on one sigmoid output read as the second class’s probability', () => {
    const table = card('x,label\n0,no\n1,yes\n2,no\n3,yes\n');
    const read = tableRowCodec(table).read([0.8]);
    expect(read).toEqual({ kind: 'class', best: 'yes', classes: [{ name: 'no', value: 1 - 0.8 }, { name: 'yes', value: 0.8 }], probabilities: true });
    expect(tableSetup(table).design.nodes.at(-1)?.params).toMatchObject({ units: 1, activation: 'sigmoid' });
  });

  it('names the column of a value it cannot read', () => {
    const table = card('size,colour,price\n1,red,3\n2,blue,4\n');
    expect(encodeRow(table, ['big', 'red'])).toEqual({ ok: false, problems: [{ column: 'size', message: 'needs a number, not "big"' }] });
    expect(encodeRow(table, ['', 'pink'])).toEqual({
      ok: false,
      problems: [
        { column: 'size', message: 'needs a number' },
        { column: 'colour', message: 'needs one of "red", "blue"' },
      ],
    });
    expect(encodeRow(table, [' 1.5 ', 'blue'])).toMatchObject({ ok: true });
  });
});
