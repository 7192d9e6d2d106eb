/**
 * A table's ONNX model takes a row in the table's own units (numeric columns as they are,
 * categories one-hot in the card's order) and gives the table's answer (class probabilities, or
 * the target in its units): onnxruntime on raw rows agrees with the engine on the rows it trained
 * on, encoded; onnx.checker (Python's onnx) passes the file and reads what it says of its inputs;
 * the import opens the same setup and weights, or without the metadata the network, saying what
 * it leaves out; built-in tasks export the network alone, as they always did.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { inputNames, tableRowCodec, type TableParams } from '../../src-shared/datasets/table';
import { cardFor, parseTable } from '../../src-shared/datasets/table/import';
import { createModel } from '../../src-shared/engine/create-model';
import type { LayerParameters } from '../../src-shared/engine/network';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { APP_NAME, APP_VERSION, createExperiment, runOfWeights, serializeExperiment } from '../../src-shared/experiment';
import { exportOnnx, INPUTS_METADATA_KEY, SETUP_METADATA_KEY } from '../../src-shared/export/onnx';
import { importOnnx } from '../../src-shared/export/onnx-import';
import { readOnnxModel } from '../../src-shared/export/onnx-model';
import { ProtoWriter } from '../../src-shared/export/protobuf';
import { compileDesign } from '../../src-shared/network/compile';
import { getPreset } from '../../src-shared/presets';
import { tableSetup } from '../../src-shared/presets/table-setup';
import { RandomState } from '../../src-shared/rng/random-state';
import type { ExperimentSetup } from '../../src-shared/setup';
import { onnxPython } from '../python';
import { withoutMetadata } from './onnx-builder';

ort.env.wasm.numThreads = 1;

/** A regression table of both kinds of input: z-scored area, min-max rooms, a district one-hot; the price in its units. */
function housesTable(): TableParams {
  const rs = new RandomState(11);
  const districts = ['north', 'south', 'east'];
  const lift: Record<string, number> = { north: 30_000, south: 0, east: -20_000 };
  const lines = ['area,rooms,district,price'];
  for (let i = 0; i < 80; i++) {
    const area = Math.round((40 + 160 * rs.randomSample()) * 10) / 10;
    const rooms = 1 + Math.floor(5 * rs.randomSample());
    const district = districts[Math.floor(3 * rs.randomSample())];
    const price = Math.round(1500 * area + 10_000 * rooms + lift[district] + 20_000 * (rs.randomSample() - 0.5));
    lines.push(`${area},${rooms},${district},${price}`);
  }
  const card = cardFor(parseTable(`${lines.join('\n')}\n`, 'houses.csv'), 'Houses', { scalers: { rooms: 'minmax' }, testPercent: 20, seed: 3 });
  if (!card.ok) throw new Error(card.problems.join('\n'));
  return card.table;
}

const tableOf = (setup: ExperimentSetup): TableParams => setup.task as TableParams & { dataset: 'table' };

interface Case {
  name: string;
  setup: ExperimentSetup;
  parameters: LayerParameters[];
  bytes: Uint8Array;
  file: string;
}

function trainedCase(name: string, setup: ExperimentSetup, epochs: number, dir: string): Case {
  const s = { ...setup, training: { ...setup.training, epochs } };
  const prepared = prepareTraining(s);
  if (!prepared.ok) throw new Error(prepared.problems[0].message);
  prepared.trainer.runToEnd();
  const parameters = prepared.trainer.network.getParameters();
  const bytes = exportOnnx(s, parameters, APP_VERSION);
  const file = path.join(dir, `${name}.onnx`);
  writeFileSync(file, bytes);
  return { name, setup: s, parameters, bytes, file };
}

/** Row `i` as the model takes it: numeric cells as they are, each categorical cell one-hot in the card's order. */
function rawRow(p: TableParams, i: number): number[] {
  return p.columns
    .filter((c) => c.role === 'input')
    .flatMap((c) => {
      const v = p.rows[i][p.columns.indexOf(c)];
      return c.type === 'numeric' ? [v as number] : (c.categories ?? []).map((k) => (v === k ? 1 : 0));
    });
}

/** The engine's answer for row `i` in the table's terms, from the row encoded as training encodes it. */
function engineAnswer(c: Case, parameters: LayerParameters[], i: number): number[] {
  const p = tableOf(c.setup);
  const codec = tableRowCodec(p);
  const encoded = codec.encode(codec.valuesOf(i));
  if (!encoded.ok) throw new Error(`row ${i} does not encode`);
  const compiled = compileDesign(c.setup.design);
  if (!compiled.ok) throw new Error('the design does not compile');
  const model = createModel(compiled.plan);
  model.setParameters(parameters);
  const outputs = Array.from(model.predict(Float64Array.from(encoded.inputs), 1));
  const read = codec.read(outputs);
  return read.kind === 'number' ? [read.value] : outputs;
}

const float32 = (ps: LayerParameters[]): LayerParameters[] => ps.map((p) => ({ W: Float64Array.from(Float32Array.from(p.W)), b: Float64Array.from(Float32Array.from(p.b)) }));

let dir: string;
let cases: Case[];
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-onnx-table-'));
  cases = [trainedCase('iris', structuredClone(getPreset('iris-4-8-3')!.setup), 60, dir), trainedCase('houses', tableSetup(housesTable()), 60, dir)];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a table’s ONNX model', () => {
  it.each(['iris', 'houses'])('%s: onnxruntime on rows in the table’s units gives what the engine gives on the encoded rows', async (name) => {
    const c = cases.find((k) => k.name === name) as Case;
    const p = tableOf(c.setup);
    const n = p.rows.length;
    const width = inputNames(p).length;
    const session = await ort.InferenceSession.create(c.bytes);
    const x = Float32Array.from(p.rows.flatMap((_, i) => rawRow(p, i)));
    const result = await session.run({ input: new ort.Tensor('float32', x, [n, width]) });
    const got = result.output.data as Float32Array;
    const k = got.length / n;
    // Against the engine with the model's float32 weights (what the graph holds), and with its own float64 ones.
    let worstSame = 0;
    let worstOwn = 0;
    const rounded = float32(c.parameters);
    for (let i = 0; i < n; i++) {
      const same = engineAnswer(c, rounded, i);
      const own = engineAnswer(c, c.parameters, i);
      for (let j = 0; j < k; j++) {
        const unit = Math.max(1, Math.abs(same[j]));
        worstSame = Math.max(worstSame, Math.abs(got[i * k + j] - same[j]) / unit);
        worstOwn = Math.max(worstOwn, Math.abs(got[i * k + j] - own[j]) / unit);
      }
    }
    console.log(`${name}: ${n} raw rows through onnxruntime; largest difference from the engine (relative where above 1): ${worstSame.toExponential(2)} with the model's float32 weights, ${worstOwn.toExponential(2)} with the run's float64 ones`);
    expect(worstSame).toBeLessThan(1e-6);
    expect(worstOwn).toBeLessThan(1e-6);
    if (name === 'houses') {
      // In the target's units, not the network's: near the prices themselves.
      const prices = p.rows.map((r) => r[3] as number);
      const mean = prices.reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(Array.from(got).reduce((a, b) => a + b, 0) / n - mean)).toBeLessThan(0.2 * mean);
    }
    await session.release();
  });

  it('passes onnx.checker, and says in its metadata and doc strings which columns it takes', () => {
    const python = onnxPython();
    const script = String.raw`
import json, sys, onnx
from onnx import shape_inference
out = []
for path in sys.argv[1:]:
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    inferred = shape_inference.infer_shapes(m, strict_mode=True)
    meta = {p.key: p.value for p in m.metadata_props}
    dims = [d.dim_value or d.dim_param for d in inferred.graph.output[0].type.tensor_type.shape.dim]
    out.append({'doc': m.doc_string, 'input_doc': m.graph.input[0].doc_string, 'output_doc': m.graph.output[0].doc_string,
                'inputs': json.loads(meta['nn-designer.inputs']), 'ops': [n.op_type for n in m.graph.node], 'dims': dims})
print(json.dumps(out))
`;
    const r = spawnSync(python.command, ['-c', script, ...cases.map((c) => c.file)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const [iris, houses] = JSON.parse(r.stdout) as { doc: string; input_doc: string; output_doc: string; inputs: { inputs: { name: string; type: string; column?: string; category?: string; shift?: number; scale?: number }[]; output: { type: string; column: string; classes?: string[]; shift?: number; scale?: number } }; ops: string[]; dims: (number | string)[] }[];

    expect(iris.ops.slice(0, 2)).toEqual(['Sub', 'Div']);
    expect(iris.ops.at(-1)).toBe('Softmax');
    expect(iris.dims).toEqual(['batch', 3]);
    const irisTable = tableOf(cases[0].setup);
    const irisScales = tableRowCodec(irisTable).fields.map((f) => (f.type === 'numeric' ? f.scaler : null));
    expect(iris.inputs.inputs.map((c) => c.name)).toEqual(inputNames(irisTable));
    iris.inputs.inputs.forEach((c, j) => expect({ shift: c.shift, scale: c.scale }).toEqual(irisScales[j]));
    expect(iris.inputs.output).toEqual({ type: 'classes', column: 'species', classes: ['setosa', 'versicolor', 'virginica'] });
    expect(iris.input_doc).toBe("[batch, 4]: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, in the table's own units (one-hot columns 0 or 1); the model scales them");
    expect(iris.output_doc).toBe('[batch, 3]: the probability of each class of species (setosa, versicolor, virginica)');
    expect(iris.doc).toContain('Each numeric column x becomes (x − shift) / scale before the first layer');

    expect(houses.ops.slice(0, 2)).toEqual(['Sub', 'Div']);
    expect(houses.ops.slice(-2)).toEqual(['Mul', 'Add']);
    expect(houses.dims).toEqual(['batch', 1]);
    expect(houses.inputs.inputs.map((c) => [c.name, c.type, c.category ?? null])).toEqual([
      ['area', 'numeric', null],
      ['rooms', 'numeric', null],
      ...tableOf(cases[1].setup).columns[2].categories!.map((k) => [`district=${k}`, 'one-hot', k]),
    ]);
    expect(houses.inputs.output).toMatchObject({ type: 'number', column: 'price' });
    expect(houses.output_doc).toBe('[batch, 1]: price in its own units');
    expect(houses.doc).toContain("brought back to the target's units as y × scale + shift");
  });

  it.each(['iris', 'houses'])('%s: the import opens the setup and the weights that were exported', (name) => {
    const c = cases.find((k) => k.name === name) as Case;
    const back = importOnnx(c.bytes);
    expect(back.setup).toEqual(c.setup);
    expect(back.notes[0]).toBe('The model carries its NN Designer design: it opens as it was exported.');
    back.parameters.forEach((p, i) => {
      expect(Array.from(p.W)).toEqual(Array.from(Float32Array.from(c.parameters[i].W)));
      expect(Array.from(p.b)).toEqual(Array.from(Float32Array.from(c.parameters[i].b)));
    });
  });

  it.each(['iris', 'houses'])('%s: without the metadata, the network is rebuilt from its operators and the notes say the scaling is left out', (name) => {
    const c = cases.find((k) => k.name === name) as Case;
    const rebuilt = importOnnx(withoutMetadata(c.bytes));
    const compiled = compileDesign(rebuilt.setup.design);
    if (!compiled.ok) throw new Error(compiled.problems[0].message);
    expect(compiled.plan.inputSize).toBe(inputNames(tableOf(c.setup)).length);
    const scalingNotes = rebuilt.notes.filter((n) => /not turned into layers/.test(n));
    expect(scalingNotes[0]).toMatch(/^The model scales its \d+ inputs before its first layer \(Sub and Div by constants\)/);
    expect(scalingNotes.length).toBe(name === 'houses' ? 2 : 1);
    // The network it holds, on the inputs as training scaled them, predicts what the engine does with the weights in float32.
    const model = createModel(compiled.plan);
    model.setParameters(rebuilt.parameters);
    const p = tableOf(c.setup);
    const codec = tableRowCodec(p);
    const reference = createModel((compileDesign(c.setup.design) as { plan: typeof compiled.plan }).plan);
    reference.setParameters(float32(c.parameters));
    for (let i = 0; i < p.rows.length; i += 7) {
      const encoded = codec.encode(codec.valuesOf(i));
      if (!encoded.ok) throw new Error('a row does not encode');
      const x = Float64Array.from(encoded.inputs);
      const ours = reference.predict(x, 1);
      model.predict(x, 1).forEach((v, j) => expect(Math.abs(v - ours[j])).toBeLessThan(1e-12));
    }
  });

  it('a setup in the metadata whose table fits other scalers than the model holds is not believed', () => {
    const c = cases[1];
    const table = tableOf(c.setup);
    const other: ExperimentSetup = { ...c.setup, task: { dataset: 'table', ...table, rows: table.rows.map((r, i) => (i === 0 ? [(r[0] as number) + 50, ...r.slice(1)] : r)) } };
    const extra = new ProtoWriter().message(14, (e) => e.string(1, SETUP_METADATA_KEY).string(2, JSON.stringify(other))).finish();
    const stripped = withoutMetadata(c.bytes);
    const tampered = new Uint8Array(stripped.length + extra.length);
    tampered.set(stripped);
    tampered.set(extra, stripped.length);
    const back = importOnnx(tampered);
    expect(back.notes[0]).toBe("The model's NN Designer metadata describes other scaling than the model's own Sub, Div, Mul and Add constants, so the design was rebuilt from its operators.");
    expect(back.setup.task.dataset).not.toBe('table');
    // The same setup put back opens as exported: the check reads the constants, not the bytes around them.
    const same = new ProtoWriter().message(14, (e) => e.string(1, SETUP_METADATA_KEY).string(2, JSON.stringify(c.setup))).finish();
    const restored = new Uint8Array(stripped.length + same.length);
    restored.set(stripped);
    restored.set(same, stripped.length);
    expect(importOnnx(restored).setup).toEqual(c.setup);
  });

  it('a drawing whose x and y are scaled holds its scaling too, and reads back as exported', () => {
    const setup = structuredClone(getPreset('draw-your-own')!.setup);
    const task = setup.task;
    if (task.dataset !== 'drawn') throw new Error('a drawing');
    for (const c of task.columns) if (c.role === 'input') c.scaler = 'zscore';
    const prepared = prepareTraining(setup);
    if (!prepared.ok) throw new Error(prepared.problems[0].message);
    const parameters = prepared.trainer.network.getParameters();
    const bytes = exportOnnx(setup, parameters);
    const model = readOnnxModel(bytes);
    expect(model.graph.nodes.slice(0, 2).map((n) => n.op)).toEqual(['Sub', 'Div']);
    expect(model.metadata.has(INPUTS_METADATA_KEY)).toBe(true);
    expect(importOnnx(bytes).setup).toEqual(setup);
  });

  it('a built-in task exports the network alone: no scaling operators, no inputs metadata', () => {
    for (const id of ['xor-2-4-1', 'addition-2-16-16-1', 'spiral-3-softmax']) {
      const setup = getPreset(id)!.setup;
      const prepared = prepareTraining(setup);
      if (!prepared.ok) throw new Error(prepared.problems[0].message);
      const model = readOnnxModel(exportOnnx(setup, prepared.trainer.network.getParameters()));
      expect([...model.metadata.keys()]).toEqual([SETUP_METADATA_KEY]);
      expect(model.graph.nodes[0].inputs[0]).toBe('input');
      expect(model.graph.nodes.map((n) => n.op)).not.toContain('Sub');
      expect(model.graph.nodes.at(-1)?.outputs).toEqual(['output']);
      expect([...model.graph.initializers.keys()].filter((k) => k.startsWith('input.') || k.startsWith('output.'))).toEqual([]);
    }
    expect(readOnnxModel(cases[0].bytes).metadata.has(INPUTS_METADATA_KEY)).toBe(true);
  });

  it('nn-designer export FILE --to onnx says in one line what a table’s model takes', async () => {
    const c = cases[0];
    const file = path.join(dir, 'iris.nnd');
    const experiment = createExperiment(c.setup, { name: 'Iris', app: { name: APP_NAME, version: APP_VERSION } });
    writeFileSync(file, serializeExperiment({ ...experiment, runs: [runOfWeights(c.setup.design, c.parameters, { createdAt: new Date(0) })] }));
    const out: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => void (out.push(String(chunk)), done()) });
    const code = await runCli(['export', file, '--to', 'onnx', '--out', path.join(dir, 'cli.onnx')], sink, sink);
    expect(code).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines[1]).toBe(
      "  The model takes 4 inputs in the table's own units — sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm — and scales them itself; it gives the probability of each class of species (setosa, versicolor, virginica).",
    );
    expect(readFileSync(path.join(dir, 'cli.onnx'))).toEqual(Buffer.from(c.bytes));
  });
});
