/**
 * Hostile ONNX files: every size is checked before anything is allocated for it, reading takes
 * time in proportion to the file (no object per protobuf field, no search per operator), and
 * what an experiment file cannot hold is refused naming the number and the limit. Each case
 * prints how long it took and how much the heap grew.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { table } from '../../src-shared/datasets/table';
import { DEFAULT_TRAINING } from '../../src-shared/engine/config';
import { SETUP_METADATA_KEY } from '../../src-shared/export/onnx';
import { importOnnx } from '../../src-shared/export/onnx-import';
import { chainDesign } from '../../src-shared/network/chain';
import { ProtoWriter } from '../../src-shared/export/protobuf';
import { matrix, node, onnxModel, tensor, vector, type TestNode, type TestTensor } from './onnx-builder';

const MB = 2 ** 20;
const report: string[] = [];
afterAll(() => console.log(`Hostile ONNX files:\n${report.join('\n')}`));

/**
 * Imports, expecting a refusal; how far the heap grew. How long it took is printed, not asserted:
 * a test's outcome must not depend on the machine's load (20,000 Adds took 12.5 s when the reader
 * searched per operator; it now takes tens of milliseconds, as the printed report shows).
 */
function refused(name: string, bytes: Uint8Array, message: string | RegExp): void {
  const heap = process.memoryUsage().heapUsed;
  const start = performance.now();
  let error: Error | null = null;
  try {
    importOnnx(bytes);
  } catch (e) {
    error = e as Error;
  }
  const ms = performance.now() - start;
  const grew = (process.memoryUsage().heapUsed - heap) / MB;
  report.push(`  ${name} (${(bytes.length / MB).toFixed(2)} MB): refused in ${ms.toFixed(1)} ms, heap +${Math.max(0, grew).toFixed(1)} MB — ${error?.message.slice(0, 150)}`);
  expect(error?.message).toMatch(message);
  expect(grew).toBeLessThan(32);
}

/** A model around a graph given as its raw bytes. */
function withGraph(graph: Uint8Array): Uint8Array {
  return new ProtoWriter().int(1, 8).message(8, (o) => o.string(1, '').int(2, 13)).bytes(7, graph).finish();
}

/** A graph of the given nodes and initializers, input x [batch, width], output `output`. */
function graphOf(nodes: TestNode[], initializers: TestTensor[], width: number, output: string): Uint8Array {
  const g = new ProtoWriter();
  for (const n of nodes) g.message(1, (w) => node(w, n));
  for (const t of initializers) g.message(5, (w) => tensor(w, t));
  g.message(11, (v) => v.string(1, 'x').message(2, (t) => t.message(1, (tt) => tt.int(1, 1).message(2, (s) => s.message(1, (d) => d.string(2, 'batch')).message(1, (d) => d.int(1, width))))));
  g.message(12, (v) => v.string(1, output));
  return g.finish();
}

describe('hostile ONNX files', () => {
  it.each([10, 40])('a file of %i MB of zero bytes is refused at its first byte, with no memory to speak of', (size) => {
    refused(`${size} MB of zeros`, new Uint8Array(size * MB), /^This is not a readable ONNX file: byte 0 holds field number 0/);
  });

  it('40 MB of valid but meaningless fields (20 million varints) is read in linear time, without an object per field', () => {
    const bytes = new Uint8Array(40 * MB);
    for (let i = 0; i < bytes.length; i += 2) bytes[i] = 0x08; // field 1 (ir_version), varint 0
    refused('40 MB of 20 million fields', bytes, 'This is not a readable ONNX file: it has no graph');
  });

  it('a graph of 40 MB of empty fields is counted before anything is made of it', () => {
    const junk = new Uint8Array(40 * MB);
    for (let i = 0; i < junk.length; i += 2) junk[i] = 0x1a; // field 3 of GraphProto, 0 bytes
    refused('a 40 MB graph of 20 million empty fields', withGraph(junk), /The graph has no inputs/);
    // Millions of different field numbers: none is kept.
    const distinct = new Uint8Array(40 * MB);
    let at = 0;
    for (let field = 16; at + 6 <= distinct.length; field++) {
      let key = field * 8 + 2;
      while (key > 0x7f) {
        distinct[at++] = (key & 0x7f) | 0x80;
        key = Math.floor(key / 128);
      }
      distinct[at++] = key;
      distinct[at++] = 0; // an empty field
    }
    refused('a 40 MB graph of 8 million distinct field numbers', withGraph(distinct.subarray(0, at)), /The graph has no inputs/);
  });

  it('in a process whose heap may not pass 32 MB, 40 MB of zeros and 40 MB of 20 million fields are refused (the old reader needed 1.4 GB for 10 MB)', () => {
    const importer = pathToFileURL(join(import.meta.dirname, '../../src-shared/export/onnx-import.ts')).href;
    const script = join(mkdtempSync(join(tmpdir(), 'nnd-hostile-')), 'child.ts');
    writeFileSync(
      script,
      [
        `import { importOnnx } from ${JSON.stringify(importer)};`,
        'const messages = [];',
        'for (const fill of [0, 8]) {',
        '  const bytes = new Uint8Array(40 * 2 ** 20);',
        '  if (fill) for (let i = 0; i < bytes.length; i += 2) bytes[i] = fill;',
        '  try { importOnnx(bytes); } catch (e) { messages.push(e.message); }',
        '}',
        'console.log(JSON.stringify({ messages, maxRssMB: process.resourceUsage().maxRSS / 1024 }));',
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, ['--max-old-space-size=32', '--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000, cwd: join(import.meta.dirname, '../..') });
    expect(child.status, child.stderr).toBe(0);
    const { messages, maxRssMB } = JSON.parse(child.stdout) as { messages: string[]; maxRssMB: number };
    expect(messages).toEqual([expect.stringContaining('byte 0 holds field number 0'), 'This is not a readable ONNX file: it has no graph']);
    report.push(`  two 40 MB files in a process limited to a 32 MB heap: both refused, peak resident memory ${maxRssMB.toFixed(0)} MB (Node and its loader included)`);
  });

  it('20,000 operators (Adds) are refused by their count before one is read', () => {
    const nodes: TestNode[] = [{ op: 'Gemm', inputs: ['x', 'W'], outputs: ['a0'] }];
    for (let k = 1; k < 20_000; k++) nodes.push({ op: 'Add', inputs: [`a${k - 1}`, 'a0'], outputs: [`a${k}`] });
    refused('20,000 operators (19,999 Adds)', withGraph(graphOf(nodes, [matrix('W', [[1], [1]])], 2, 'a19999')), 'it holds 20,000 operators, and NN Designer reads at most 4,096');
  });

  it('4,096 operators (the most it reads) take linear time: 2,048 ReLUs summed by Adds are refused naming the layers and the limit', () => {
    const nodes: TestNode[] = [{ op: 'Relu', inputs: ['x'], outputs: ['a0'] }];
    for (let k = 1; k < 2048; k++) nodes.push({ op: 'Relu', inputs: ['x'], outputs: [`r${k}`] }, { op: 'Add', inputs: [`a${k - 1}`, `r${k}`], outputs: [`a${k}`] });
    refused('4,095 operators: 2,048 ReLUs, 2,047 Adds', withGraph(graphOf(nodes, [], 2, 'a2047')), /it makes 2,\d{3} layers \(a file holds at most 256\)/);
  });

  it('4,096 Identity operators fold away (the time it takes is printed)', () => {
    const nodes: TestNode[] = [{ op: 'Gemm', inputs: ['x', 'W'], outputs: ['i0'] }];
    for (let k = 1; k < 4095; k++) nodes.push({ op: 'Identity', inputs: [`i${k - 1}`], outputs: [`i${k}`] });
    nodes.push({ op: 'Gemm', inputs: ['i4094', 'W2'], outputs: ['y'] });
    const bytes = withGraph(graphOf(nodes, [matrix('W', [[1, 2], [3, 4]]), matrix('W2', [[1], [1]])], 2, 'y'));
    const start = performance.now();
    const m = importOnnx(bytes);
    const ms = performance.now() - start;
    report.push(`  4,096 Identity operators (${(bytes.length / MB).toFixed(2)} MB): imported in ${ms.toFixed(1)} ms`);
    expect(m.setup.design.nodes.map((n) => n.type)).toEqual(['input', 'dense', 'output']);
  });

  it('more layers than a file holds: 300 Dense layers are refused naming 301 and 256', () => {
    const nodes: TestNode[] = Array.from({ length: 300 }, (_, k) => ({ op: 'Gemm', inputs: [k === 0 ? 'x' : `h${k - 1}`, 'W'], outputs: [`h${k}`] }));
    refused('300 Dense layers', withGraph(graphOf(nodes, [matrix('W', [[1]])], 1, 'h299')), 'it makes 301 layers (a file holds at most 256)');
  });

  it('more connections than a file holds: 70 Concatenates of 16 layers each are refused naming the number and 1,024', () => {
    const nodes: TestNode[] = Array.from({ length: 16 }, (_, k) => ({ op: 'Gemm', inputs: ['x', 'W'], outputs: [`g${k}`] }));
    for (let c = 0; c < 70; c++) nodes.push({ op: 'Concat', inputs: Array.from({ length: 16 }, (_, k) => `g${k}`), outputs: [`c${c}`], attributes: [{ name: 'axis', i: 1 }] });
    let sum = 'c0';
    for (let c = 1; c < 70; c++) {
      nodes.push({ op: 'Add', inputs: [sum, `c${c}`], outputs: [`s${c}`] });
      sum = `s${c}`;
    }
    nodes.push({ op: 'Gemm', inputs: [sum, 'Wo'], outputs: ['y'] });
    refused('70 Concatenates × 16', withGraph(graphOf(nodes, [matrix('W', [[1]]), { name: 'Wo', dims: [16, 1], values: new Array(16).fill(1) }], 1, 'y')), /it makes \d,\d{3} connections \(a file holds at most 1,024\)/);
  });

  it('a layer wider than a file holds is refused naming its units and 4,096, before its weights are decoded', () => {
    const bytes = onnxModel({ nodes: [{ op: 'MatMul', name: 'wide', inputs: ['x', 'W'], outputs: ['y'] }], initializers: [{ name: 'W', dims: [2, 8192], values: new Array(2 * 8192).fill(0) }] });
    refused('a layer of 8,192 units', bytes, 'MatMul node "wide": it computes 8,192 units; an NN Designer layer has from 1 to 4,096');
  });

  it('a tensor whose shape claims billions of values is refused before room is made for them', () => {
    const huge = { name: 'W', dims: [65_536, 65_536], values: [1] };
    refused('a tensor of shape [65536, 65536] holding one value', onnxModel({ nodes: [{ op: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }], initializers: [huge] }), /^The model is larger than NN Designer reads: Tensor "W" has shape \[65536, 65536\], 4,294,967,296 values; a layer's weights in NN Designer hold at most 16,777,216/);
    const short = { name: 'W', dims: [4096, 2], values: [1, 2] };
    refused('a tensor of 8,192 values holding two', onnxModel({ inputs: [{ name: 'x', dims: ['n', 4096] }], nodes: [{ op: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }], initializers: [short] }), 'Tensor "W" should hold 8,192 values for its shape, but holds 8 bytes (2 values)');
  });

  it('a name of a megabyte, a length past the end of the file and a number of eleven bytes are refused where they are', () => {
    const name = new ProtoWriter().message(7, (g) => g.message(1, (n) => n.string(3, 'n'.repeat(MB)))).finish();
    refused('a node name of 1 MB', name, /A node name at byte \d+ is 1048576 bytes long; NN Designer reads at most 4096/);
    refused('a field claiming a terabyte', Uint8Array.from([0x3a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 1, 2, 3]), /the field at byte 0 says it holds 1099511627776 bytes, but only 3 follow/);
    refused('a number of eleven bytes', Uint8Array.from([0x08, ...new Array(10).fill(0xff), 0x01]), /the number ending at byte 11 is longer than protobuf allows/);
  });

  it('a Concat of more inputs than a merge takes is refused naming both', () => {
    const nodes: TestNode[] = [{ op: 'Concat', name: 'wide', inputs: Array.from({ length: 20 }, (_, k) => `g${k}`), outputs: ['c'], attributes: [{ name: 'axis', i: 1 }] }, { op: 'MatMul', inputs: ['c', 'Wo'], outputs: ['y'] }];
    nodes.unshift(...Array.from({ length: 20 }, (_, k) => ({ op: 'MatMul', inputs: ['x', 'W'], outputs: [`g${k}`] })));
    refused('a Concat of 20 inputs', withGraph(graphOf(nodes, [matrix('W', [[1]]), { name: 'Wo', dims: [20, 1], values: new Array(20).fill(1) }], 1, 'y')), "Concat node \"wide\": it joins 20 tensors; NN Designer's Concatenate joins from 2 to 16");
  });
  it('a scaling prologue is taken off only as a table’s model writes it: constants of another width leave Sub to be refused as an operator', () => {
    const nodes: TestNode[] = [
      { op: 'Sub', name: 'centre', inputs: ['x', 'shift'], outputs: ['c'] },
      { op: 'Div', inputs: ['c', 'scale'], outputs: ['s'] },
      { op: 'Gemm', inputs: ['s', 'W'], outputs: ['y'] },
    ];
    const wide = [vector('shift', [1, 2, 3]), vector('scale', [1, 1, 1]), matrix('W', [[1], [1]])];
    refused('a Sub/Div prologue 3 wide on a 2-wide input', onnxModel({ nodes, initializers: wide }), /^Sub node "centre": NN Designer does not read the operator Sub/);
  });

  it('scaling constants that claim more values than they hold are never decoded without a table to check them against, and are not believed with one', () => {
    const nodes: TestNode[] = [
      { op: 'Sub', inputs: ['x', 'shift'], outputs: ['c'] },
      { op: 'Div', inputs: ['c', 'scale'], outputs: ['s'] },
      { op: 'Gemm', inputs: ['s', 'W'], outputs: ['z'] },
      { op: 'Sigmoid', inputs: ['z'], outputs: ['y'] },
    ];
    const short = [{ name: 'shift', dims: [2], values: [0] }, vector('scale', [1, 1]), matrix('W', [[1], [1]])];
    const alone = importOnnx(onnxModel({ nodes, initializers: short }));
    expect(alone.notes.some((n) => n.startsWith('The model scales its 2 inputs before its first layer'))).toBe(true);
    const setup = { design: chainDesign(2, [], { units: 1, activation: 'sigmoid', loss: 'bce' }), task: { dataset: 'table', ...table.defaults }, training: DEFAULT_TRAINING };
    const withTable = importOnnx(onnxModel({ nodes, initializers: short, metadata: { [SETUP_METADATA_KEY]: JSON.stringify(setup) } }));
    expect(withTable.notes[0]).toMatch(/describes other scaling than the model's own/);
  });
});
