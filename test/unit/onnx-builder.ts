/** ONNX models written by hand for tests: any nodes, initializers, attributes and storage, as protobuf bytes. */
import { ProtoWriter } from '../../src-shared/export/protobuf';

export type Attr = { name: string; f?: number; i?: number; ints?: number[]; floats?: number[]; t?: TestTensor; type?: number };
export interface TestNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Attr[];
}
export interface TestTensor {
  name: string;
  dims: number[];
  values: number[];
  type?: 'float' | 'double' | 'int64' | 'bool';
  /** raw_data (default) or the typed list. */
  storage?: 'raw' | 'list';
}
export interface TestModel {
  nodes: TestNode[];
  initializers?: TestTensor[];
  inputs?: { name: string; dims: (number | string)[] | null; type?: number }[];
  outputs?: { name: string; dims: (number | string)[] | null; type?: number }[];
  opset?: number;
  metadata?: Record<string, string>;
}

const TYPES = { float: 1, int64: 7, bool: 9, double: 11 } as const;

export function tensor(w: ProtoWriter, t: TestTensor): void {
  const type = t.type ?? 'float';
  for (const d of t.dims) w.int(1, d);
  w.int(2, TYPES[type]);
  w.string(8, t.name);
  if ((t.storage ?? 'raw') === 'raw') {
    const per = type === 'float' ? 4 : type === 'bool' ? 1 : 8;
    const raw = new Uint8Array(t.values.length * per);
    const view = new DataView(raw.buffer);
    t.values.forEach((v, i) => {
      if (type === 'float') view.setFloat32(i * 4, v, true);
      else if (type === 'double') view.setFloat64(i * 8, v, true);
      else if (type === 'int64') view.setBigInt64(i * 8, BigInt(v), true);
      else raw[i] = v;
    });
    w.bytes(9, raw);
  } else if (type === 'float') w.packed(4, t.values, 4);
  else if (type === 'double') w.packed(10, t.values, 8);
  else for (const v of t.values) w.int(type === 'int64' ? 7 : 5, v);
}

function valueInfo(w: ProtoWriter, v: { name: string; dims: (number | string)[] | null; type?: number }): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tt) => {
      tt.int(1, v.type ?? 1);
      if (v.dims) tt.message(2, (shape) => v.dims?.forEach((d) => shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)))));
    }),
  );
}

function attribute(w: ProtoWriter, a: Attr): void {
  w.string(1, a.name);
  if (a.f !== undefined) w.float(2, a.f).int(20, a.type ?? 1);
  else if (a.i !== undefined) w.int(3, a.i).int(20, a.type ?? 2);
  else if (a.t) w.message(5, (t) => tensor(t, a.t as TestTensor)).int(20, a.type ?? 4);
  else if (a.floats) {
    for (const f of a.floats) w.float(7, f);
    w.int(20, a.type ?? 6);
  } else if (a.ints) {
    for (const i of a.ints) w.int(8, i);
    w.int(20, a.type ?? 7);
  }
}

export function node(w: ProtoWriter, n: TestNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.op);
  for (const a of n.attributes ?? []) w.message(5, (m) => attribute(m, a));
  if (n.domain) w.string(7, n.domain);
}

/** The model's bytes. Inputs default to one "x" of [batch, 2]; the output to the last node's first output. */
export function onnxModel(m: TestModel): Uint8Array {
  const model = new ProtoWriter().int(1, 8).string(2, 'test-builder').message(8, (o) => o.string(1, '').int(2, m.opset ?? 13));
  for (const [key, value] of Object.entries(m.metadata ?? {})) model.message(14, (e) => e.string(1, key).string(2, value));
  model.message(7, (g) => {
    for (const n of m.nodes) g.message(1, (w) => node(w, n));
    g.string(2, 'test');
    for (const t of m.initializers ?? []) g.message(5, (w) => tensor(w, t));
    for (const v of m.inputs ?? [{ name: 'x', dims: ['batch', 2] }]) g.message(11, (w) => valueInfo(w, v));
    const last = m.nodes[m.nodes.length - 1];
    for (const v of m.outputs ?? [{ name: last.outputs[0], dims: null }]) g.message(12, (w) => valueInfo(w, v));
  });
  return model.finish();
}

/** A weight initializer from rows (as ONNX stores a matrix: row-major). */
export const matrix = (name: string, rows: number[][]): TestTensor => ({ name, dims: [rows.length, rows[0].length], values: rows.flat() });
export const vector = (name: string, values: number[]): TestTensor => ({ name, dims: [values.length], values });

/** The model without its metadata entries (field 14 of ModelProto), as another tool might write it. */
export function withoutMetadata(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (i < bytes.length) {
    const start = i;
    const key = varint();
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 2) {
      const length = varint(); // read first: `i += varint()` would add to the old i
      i += length;
    }
    else if (wire === 5) i += 4;
    else if (wire === 1) i += 8;
    if (key >>> 3 !== 14) out.push(...bytes.subarray(start, i));
  }
  return Uint8Array.from(out);
}
