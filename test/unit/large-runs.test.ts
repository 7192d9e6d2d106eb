/**
 * Large runs: long weight lists are written as base64 float64 (exact, and read straight from a
 * file's bytes), the text is written a piece at a time, and a file is never written larger
 * than the reader takes — the one on disk stays.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileTooLargeError, writeFileAtomic } from '../../src-main/node/atomic-write';
import { prepareTraining } from '../../src-shared/engine/prepare';
import {
  createExperiment,
  DECIMAL_VALUES,
  LIMITS,
  parseExperiment,
  parseExperimentBytes,
  restoreOf,
  runBytes,
  runFromTrainer,
  serializeExperiment,
  serializeExperimentPieces,
  type Experiment,
} from '../../src-shared/experiment';
import { decodeFloat64, encodeFloat64 } from '../../src-shared/experiment/float64-base64';
import { firstInvalidUtf8 } from '../../src-shared/experiment/file-bytes';
import { estimateTrainingBytes, MEMORY_BUDGET_BYTES } from '../../src-shared/network/budget';
import { compileDesign } from '../../src-shared/network/compile';
import { chainDesign } from '../../src-shared/network/chain';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';

const bits = (a: Float64Array): string[] => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length), (b) => b.toString(16));

describe('base64 float64', () => {
  const special = [0, -0, 1, -1, Math.PI, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, 2.2250738585072014e-308, 1e-310, 123456789.12345679];

  it('encodes as Node’s Buffer does and decodes every value bit for bit, at every padding', () => {
    for (let n = 0; n <= 13; n++) {
      const values = Float64Array.from({ length: n }, (_, i) => special[i % special.length] * (i + 1));
      const text = encodeFloat64(values);
      expect(text).toBe(Buffer.from(values.buffer).toString('base64'));
      const back = decodeFloat64(text);
      expect(back).toBeInstanceOf(Float64Array);
      expect(bits(back as Float64Array)).toEqual(bits(values));
      expect(bits(decodeFloat64(new TextEncoder().encode(text)) as Float64Array)).toEqual(bits(values));
    }
    const many = Float64Array.from({ length: 200_003 }, (_, i) => Math.sin(i) * 10 ** ((i % 40) - 20));
    expect(encodeFloat64(many)).toBe(Buffer.from(many.buffer).toString('base64'));
  });

  it('says what is wrong with text that is no base64 of float64 values', () => {
    expect(decodeFloat64('AAAA*AAAAAA=')).toBe('base64 text, got "*" at character 5');
    expect(decodeFloat64('AAA')).toBe('base64 text whose length is a multiple of 4, got 3 characters');
    expect(decodeFloat64('AAAA')).toBe('base64 of whole float64 values (8 bytes each), got 3 bytes');
    expect(decodeFloat64('AAAAAAAAAAü=')).toBe('base64 text, got "ü" at character 11');
    expect(decodeFloat64('AAAAAAAAAA\u4e00=')).toBe('base64 text, got a character that is not ASCII');
  });
});

/** An experiment with one run whose first layer has `width` × 2 weights (untrained: only the sizes matter). */
function wideExperiment(width: number): { experiment: Experiment; setup: ExperimentSetup } {
  const setup: ExperimentSetup = {
    design: chainDesign(2, [{ units: width, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'squared_error' }),
    task: { dataset: 'xor' },
    training: { ...getPreset('xor-2-4-1')!.setup.training, epochs: 1 },
  };
  const p = prepareTraining(setup, { wasm: false });
  if (!p.ok) throw new Error('does not compile');
  p.trainer.runToEnd();
  return { experiment: { ...createExperiment(setup), runs: [runFromTrainer(p.trainer, setup.design)] }, setup };
}

describe('files with long weight lists', () => {
  const { experiment } = wideExperiment(4000);
  const text = serializeExperiment(experiment);

  it('writes lists longer than DECIMAL_VALUES as base64 and shorter ones as numbers', () => {
    const doc = JSON.parse(text) as { runs: { parameters: { W: unknown; b: unknown }[] }[] };
    const [first, output] = doc.runs[0].parameters;
    expect(Object.keys(first.W as object)).toEqual(['float64']);
    expect(Object.keys(first.b as object)).toEqual(['float64']);
    expect(Array.isArray(output.b)).toBe(true);
    expect((output.W as { float64: string }).float64).toBeDefined(); // 4,000 > DECIMAL_VALUES
    expect(DECIMAL_VALUES).toBeLessThan(4000);
    // 10⅔ characters a value instead of up to 24.
    expect(text.length).toBeLessThan(11 * 4 * 4000 + 20_000);
  });

  it('reads back exactly from text and from bytes, with no warnings, and writes the same bytes again', () => {
    const fromText = parseExperiment(text);
    const fromBytes = parseExperimentBytes(new TextEncoder().encode(text));
    for (const r of [fromText, fromBytes]) {
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.warnings).toEqual([]);
      expect(r.experiment.runs[0].parameters.map((p) => bits(p.W))).toEqual(experiment.runs[0].parameters.map((p) => bits(p.W)));
      expect(serializeExperiment(r.experiment)).toBe(text);
    }
    expect([...serializeExperimentPieces(experiment)].join('')).toBe(text);
    // Written a piece at a time: no piece holds much more than one 512 KiB stretch of base64.
    expect(Math.max(...[...serializeExperimentPieces(experiment)].map((p) => p.length))).toBeLessThan(600_000);
  });

  it('a damaged base64 list is refused with its path, from bytes as from text', () => {
    const bad = text.replace(/"float64": "(.{100})/, (_m, head: string) => `"float64": "${head.slice(0, 50)}!${head.slice(51)}`);
    for (const r of [parseExperiment(bad), parseExperimentBytes(new TextEncoder().encode(bad))]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems[0]).toEqual({ path: 'runs[0].parameters[0].W.float64', message: 'expected base64 text, got "!" at character 51' });
    }
  });

  it('a syntax error is placed in the file as it is, long lists and all', () => {
    const broken = text.replace('"epochs": 1,', '"epochs": 1,,');
    const line = broken.slice(0, broken.indexOf(',,')).split('\n').length;
    const r = parseExperimentBytes(new TextEncoder().encode(broken));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(new RegExp(`not valid JSON at line ${line}, column \\d+`));
  });
});

describe('bytes that are not UTF-8', () => {
  it('a Latin-1 "Zürich" opens with a warning naming where, instead of a silent replacement character', () => {
    const text = serializeExperiment({ ...createExperiment(getPreset('xor-2-4-1')!.setup), notes: 'Zürich' });
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const r = parseExperimentBytes(latin1);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const byte = latin1.indexOf(0xfc) + 1;
    const line = text.slice(0, text.indexOf('Zürich')).split('\n').length;
    expect(r.warnings[0]).toEqual({
      path: '(file)',
      message: `the file is not UTF-8 text from byte ${byte} (line ${line}) on: what is not UTF-8 reads as "\ufffd", and saving keeps it so. If it was written as Latin-1 or Windows-1252, convert it to UTF-8 (most editors: Save with Encoding → UTF-8) and open it again`,
    });
    // The same file in UTF-8: no warning.
    const utf8 = parseExperimentBytes(new TextEncoder().encode(text));
    expect(utf8.ok && utf8.warnings).toEqual([]);
  });

  it('finds the first byte of malformed UTF-8: stray continuation, truncated, overlong, surrogate', () => {
    const at = (...b: number[]): number => firstInvalidUtf8(Uint8Array.from(b));
    expect(at(0x41, 0xc3, 0xbc, 0x42)).toBe(-1);
    expect(at(0x41, 0x80)).toBe(1);
    expect(at(0x41, 0xc3)).toBe(1);
    expect(at(0xc0, 0xaf)).toBe(0);
    expect(at(0xed, 0xa0, 0x80)).toBe(0);
    expect(at(0xf0, 0x9f, 0x98, 0x80)).toBe(-1);
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0);
  });
});

describe('the file limit and the memory budget agree', () => {
  it('one run of the largest design the budget admits fits in a file with room to spare', () => {
    // The widest 2 → N → N → 1 sigmoid net whose per-sample training fits the budget.
    const training = getPreset('xor-2-4-1')!.setup.training;
    const bytesFor = (n: number): number => {
      const compiled = compileDesign(chainDesign(2, [{ units: n, activation: 'sigmoid' }, { units: n, activation: 'sigmoid' }], { units: 1, activation: 'sigmoid', loss: 'squared_error' }));
      if (!compiled.ok) throw new Error('does not compile');
      return estimateTrainingBytes(compiled.plan, { ...training, updateMode: 'sample' }, 4, 2, 1);
    };
    let n = 4096;
    while (bytesFor(n) > MEMORY_BUDGET_BYTES) n -= 16;
    const parameters = 2 * n + n + n * n + n + n + 1;
    const run = { id: 'run-1', createdAt: '2025-01-01T00:00:00.000Z', epoch: 1, updates: 4, status: 'done' as const, history: [], parameters: [{ node: 'h', W: new Float64Array(parameters), b: new Float64Array(0) }] };
    expect(runBytes(run)).toBeLessThan(LIMITS.fileBytes * 0.9);
    // And one as large as a file's longest list: also inside the limit.
    expect(runBytes({ ...run, parameters: [{ node: 'h', W: new Float64Array(LIMITS.layerWeights), b: new Float64Array(0) }] })).toBeLessThan(LIMITS.fileBytes);
  });
});

describe('saving never leaves a file the app would refuse', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnd-large-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a save larger than the limit fails before the rename, and the file on disk stays readable', async () => {
    const file = path.join(dir, 'kept.nnd');
    const { experiment } = wideExperiment(2000);
    const text = serializeExperiment(experiment);
    writeFileSync(file, text);
    const size = Buffer.byteLength(text);
    await expect(writeFileAtomic(file, serializeExperimentPieces(experiment), { maxBytes: size - 1 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(readFileSync(file, 'utf8')).toBe(text);
    await writeFileAtomic(file, serializeExperimentPieces(experiment), { maxBytes: size });
    const reread = parseExperimentBytes(readFileSync(file));
    expect(reread.ok && restoreOf(reread.experiment.runs[0], reread.experiment.setup.design)).toBeTruthy();
  });
});
