/**
 * Reading an ONNX file into the part of its structure NN Designer imports: the graph's inputs,
 * outputs, initializers and nodes with their attributes, the opset and the metadata. Files come
 * from anywhere, so every count and size is checked before room is made for it (a pass that
 * counts, then one that reads), no object is made per protobuf field, and tensor values are
 * decoded only when asked for: a hostile file costs time in proportion to its size and no memory
 * beyond its bytes.
 */
import { MAX_MERGE_INPUTS } from '../layers/limits';
import { LIMITS } from '../experiment/schema';
import { MAX_PARAMETERS } from '../network/compile';
import { tensorTypeName, type OnnxAttribute, type OnnxNode, type OnnxTensor } from '../layers/onnx-read';
import { countFields, ProtoReader } from './protobuf';

export type { OnnxAttribute, OnnxNode, OnnxTensor };

/** The metadata key under which an export carries its design. */
export const SETUP_METADATA_KEY = 'nn-designer.setup';

/** Largest ONNX file read: the most weights a network may hold, in float32, with room for the graph. */
export const MAX_ONNX_BYTES = MAX_PARAMETERS * 4 + 16 * 1024 * 1024;

/** What one model may hold, checked as it is read. */
export const ONNX_LIMITS = {
  /** Each of the layers a file holds takes at most a merge's worth of operators (an Add of 16 inputs is 15). */
  operators: LIMITS.nodes * MAX_MERGE_INPUTS,
  initializers: LIMITS.nodes * MAX_MERGE_INPUTS,
  /** The graph's inputs and outputs (one each is read; more are counted to say how many). */
  graphValues: 1024,
  /** Inputs or outputs of one operator. */
  operatorValues: 256,
  attributes: 64,
  /** A name, an operator type or a domain, in bytes. */
  nameBytes: 4096,
  /** A tensor's dimensions, and the numbers in an attribute's list. */
  dims: 8,
  listValues: 64,
  /** Values in one tensor: the largest weight matrix a file holds. */
  tensorValues: LIMITS.layerWeights,
  metadataEntries: 256,
  opsets: 64,
} as const;

export const TENSOR_TYPES = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;
export const typeName = tensorTypeName;

export interface OnnxValueInfo {
  name: string;
  /** The element type (0 when the file does not say). */
  elemType: number;
  /** Each dimension's size, its symbolic name, or null when unknown; null when the file gives no shape. */
  shape: (number | string | null)[] | null;
}

export interface OnnxGraph {
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializers: Map<string, OnnxTensor>;
  nodes: OnnxNode[];
}

export interface OnnxModel {
  irVersion: number;
  producer: string;
  /** The default domain's opset (0 when the file names none). */
  opset: number;
  metadata: Map<string, string>;
  graph: OnnxGraph;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** A model NN Designer will not read, said in a sentence of its own: too large, or a feature it does not read (not a malformed file). */
export class OnnxRefusal extends Error {}

/** Refuses a count above its limit, naming both. */
function bounded(n: number, limit: number, what: string): void {
  if (n > limit) throw new OnnxRefusal(`The model is larger than NN Designer reads: it holds ${count(n)} ${what}, and NN Designer reads at most ${count(limit)}`);
}

/** Reads an ONNX model; throws with what is wrong where it is wrong. */
export function readOnnxModel(bytes: Uint8Array): OnnxModel {
  if (bytes.length > MAX_ONNX_BYTES) {
    throw new OnnxRefusal(`The file is ${(bytes.length / 2 ** 20).toFixed(0)} MB; NN Designer imports models of up to ${MAX_ONNX_BYTES / 2 ** 20} MB`);
  }
  if (bytes.length === 0) throw new Error('This is not a readable ONNX file: it is empty');
  try {
    return readModel(bytes);
  } catch (e) {
    if (e instanceof OnnxRefusal) throw e;
    throw new Error(`This is not a readable ONNX file: ${(e as Error).message}`, { cause: e });
  }
}

function readModel(bytes: Uint8Array): OnnxModel {
  bounded(countFields(bytes, 14), ONNX_LIMITS.metadataEntries, 'metadata entries');
  bounded(countFields(bytes, 8), ONNX_LIMITS.opsets, 'opset imports');
  const r = new ProtoReader(bytes);
  let irVersion = 0;
  let producer = '';
  let opset = 0;
  let graph: OnnxGraph | null = null;
  const metadata = new Map<string, string>();
  while (r.next()) {
    if (r.wire !== 2 && (r.field === 7 || r.field === 8 || r.field === 14 || r.field === 2)) throw new Error(`field ${r.field} of the model at byte ${r.at} is not a message`);
    if (r.field === 1 && r.wire === 0) irVersion = r.value;
    else if (r.field === 2) producer = r.string(ONNX_LIMITS.nameBytes, 'The producer name');
    else if (r.field === 7) {
      if (graph) throw new Error('it holds two graphs');
      graph = readGraph(r.message());
    } else if (r.field === 8) {
      const o = r.message();
      let domain = '';
      let version = 0;
      while (o.next()) {
        if (o.field === 1 && o.wire === 2) domain = o.string(ONNX_LIMITS.nameBytes, 'An opset domain');
        else if (o.field === 2 && o.wire === 0) version = o.int64();
      }
      if (domain === '' || domain === 'ai.onnx') opset = version;
    } else if (r.field === 14) {
      const e = r.message();
      let key = '';
      let value = '';
      while (e.next()) {
        if (e.field === 1 && e.wire === 2) key = e.string(ONNX_LIMITS.nameBytes, 'A metadata key');
        else if (e.field === 2 && e.wire === 2) value = e.string(LIMITS.fileBytes, 'A metadata value');
      }
      metadata.set(key, value);
    }
  }
  if (!graph) throw new Error('it has no graph');
  return { irVersion, producer, opset, metadata, graph };
}

function readGraph(g: ProtoReader): OnnxGraph {
  // Counted in one pass, the fields that are read only: a file's other field numbers cost nothing.
  const counted = [1, 5, 11, 12, 15];
  const counts = [0, 0, 0, 0, 0];
  for (const c = new ProtoReader(g.whole.bytes, g.whole.at); c.next(); ) {
    const k = counted.indexOf(c.field);
    if (k >= 0) counts[k]++;
  }
  const n = (field: number): number => counts[counted.indexOf(field)];
  bounded(n(1), ONNX_LIMITS.operators, 'operators');
  bounded(n(5), ONNX_LIMITS.initializers, 'initializers');
  bounded(n(11), ONNX_LIMITS.graphValues, 'graph inputs');
  bounded(n(12), ONNX_LIMITS.graphValues, 'graph outputs');
  if (n(15) > 0) throw new OnnxRefusal('The graph has sparse initializers, which NN Designer does not read');
  const graph: OnnxGraph = { inputs: [], outputs: [], initializers: new Map(), nodes: [] };
  while (g.next()) {
    if (g.wire !== 2) continue;
    if (g.field === 1) graph.nodes.push(readNode(g.message(), graph.nodes.length));
    else if (g.field === 5) {
      const t = readTensor(g.message(), 'An initializer');
      graph.initializers.set(t.name, t);
    } else if (g.field === 11) graph.inputs.push(readValueInfo(g.message()));
    else if (g.field === 12) graph.outputs.push(readValueInfo(g.message()));
  }
  return graph;
}

function readNode(r: ProtoReader, index: number): OnnxNode {
  const { bytes, at } = r.whole;
  bounded(countFields(bytes, 1, at), ONNX_LIMITS.operatorValues, `inputs in operator ${index + 1}`);
  bounded(countFields(bytes, 2, at), ONNX_LIMITS.operatorValues, `outputs in operator ${index + 1}`);
  bounded(countFields(bytes, 5, at), ONNX_LIMITS.attributes, `attributes in operator ${index + 1}`);
  const node: OnnxNode = { index, name: '', op: '', domain: '', inputs: [], outputs: [], attributes: new Map() };
  while (r.next()) {
    if (r.wire !== 2) continue;
    if (r.field === 1) node.inputs.push(r.string(ONNX_LIMITS.nameBytes, 'An input name'));
    else if (r.field === 2) node.outputs.push(r.string(ONNX_LIMITS.nameBytes, 'An output name'));
    else if (r.field === 3) node.name = r.string(ONNX_LIMITS.nameBytes, 'A node name');
    else if (r.field === 4) node.op = r.string(ONNX_LIMITS.nameBytes, 'An operator type');
    else if (r.field === 7) node.domain = r.string(ONNX_LIMITS.nameBytes, 'A domain');
    else if (r.field === 5) {
      const a = readAttribute(r.message());
      node.attributes.set(a.name, a);
    }
  }
  return node;
}

function readAttribute(r: ProtoReader): OnnxAttribute {
  const a: OnnxAttribute = { name: '', type: 0, f: 0, i: 0, t: null, floats: [], ints: [] };
  const { bytes, at } = r.whole;
  bounded(countFields(bytes, 7, at) + countFields(bytes, 8, at), ONNX_LIMITS.listValues, 'numbers in an attribute');
  while (r.next()) {
    switch (r.field) {
      case 1:
        a.name = r.string(ONNX_LIMITS.nameBytes, 'An attribute name');
        break;
      case 2:
        if (r.wire === 5) a.f = r.value;
        break;
      case 3:
        if (r.wire === 0) a.i = r.int64();
        break;
      case 5:
        if (r.wire === 2) a.t = readTensor(r.message(), 'A tensor attribute');
        break;
      case 7:
        if (r.wire === 5) a.floats.push(r.value);
        else if (r.wire === 2) a.floats.push(...packed(r, 4, ONNX_LIMITS.listValues, 'floats'));
        break;
      case 8:
        if (r.wire === 0) a.ints.push(r.int64());
        else if (r.wire === 2) a.ints.push(...packed(r, 0, ONNX_LIMITS.listValues, 'ints'));
        break;
      case 20:
        if (r.wire === 0) a.type = r.value;
        break;
      // Graphs (If, Loop), strings and the rest: their type says what they are, and no operator NN Designer reads takes them.
    }
  }
  return a;
}

/** A packed repeated field's numbers (fixed32 floats, or varints), refused past `limit`. */
function packed(r: ProtoReader, width: 0 | 4, limit: number, what: string): number[] {
  const bytes = r.bytes();
  const n = width === 4 ? bytes.length / 4 : varintCount(bytes);
  bounded(n, limit, what);
  if (width === 4) {
    if (!Number.isInteger(n)) throw new Error(`a packed list of floats at byte ${r.at} is not a whole number of floats`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true));
  }
  return varints(bytes, r.at);
}

/** Decodes a packed list of varints as signed int64. */
function varints(bytes: Uint8Array, at: number): number[] {
  const out: number[] = [];
  const r = new ProtoReader(bytes, at);
  for (let v = r.nextPackedInt64(); v !== null; v = r.nextPackedInt64()) out.push(v);
  return out;
}

/** How many varints a packed list holds: its bytes without the continuation bit. */
const varintCount = (bytes: Uint8Array): number => {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] < 0x80) n++;
  return n;
};

function readValueInfo(r: ProtoReader): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '', elemType: 0, shape: null };
  while (r.next()) {
    if (r.wire !== 2) continue;
    if (r.field === 1) info.name = r.string(ONNX_LIMITS.nameBytes, 'A graph input or output name');
    else if (r.field === 2) {
      const type = r.message();
      while (type.next()) {
        if (type.field !== 1 || type.wire !== 2) continue;
        const tensor = type.message();
        while (tensor.next()) {
          if (tensor.field === 1 && tensor.wire === 0) info.elemType = tensor.value;
          else if (tensor.field === 2 && tensor.wire === 2) {
            const shape = tensor.message();
            bounded(countFields(shape.whole.bytes, 1, shape.whole.at), ONNX_LIMITS.dims, `dimensions in the shape of ${info.name || 'a graph input or output'}`);
            info.shape = [];
            while (shape.next()) {
              if (shape.field !== 1 || shape.wire !== 2) continue;
              const dim = shape.message();
              let size: number | string | null = null;
              while (dim.next()) {
                if (dim.field === 1 && dim.wire === 0) size = dim.int64();
                else if (dim.field === 2 && dim.wire === 2) size = dim.string(ONNX_LIMITS.nameBytes, 'A dimension name');
              }
              info.shape.push(size);
            }
          }
        }
      }
    }
  }
  return info;
}

/** Bytes per value of each type NN Designer reads from raw_data. */
const RAW_BYTES: Record<number, number> = { [TENSOR_TYPES.FLOAT]: 4, [TENSOR_TYPES.DOUBLE]: 8, [TENSOR_TYPES.INT64]: 8, [TENSOR_TYPES.INT32]: 4, [TENSOR_TYPES.BOOL]: 1 };

/**
 * A tensor's name, type and dims, checked; where its values are is noted, and they are decoded
 * (and the byte counts checked against the dims) only when `values()` is called.
 */
function readTensor(r: ProtoReader, what: string): OnnxTensor {
  const { bytes, at } = r.whole;
  bounded(countFields(bytes, 1, at), ONNX_LIMITS.dims, `dimensions in one tensor`);
  const dims: number[] = [];
  let dataType = 0;
  let name = '';
  let external = false;
  while (r.next()) {
    if (r.field === 1) {
      if (r.wire === 0) dims.push(r.int64());
      else if (r.wire === 2) dims.push(...packed(r, 0, ONNX_LIMITS.dims, 'dimensions in one tensor'));
    } else if (r.field === 2 && r.wire === 0) dataType = r.value;
    else if (r.field === 8 && r.wire === 2) name = r.string(ONNX_LIMITS.nameBytes, 'A tensor name');
    else if (r.field === 14 && r.wire === 0) external = external || r.value === 1;
    else if (r.field === 13) external = true;
    else if (r.field === 3) throw new Error(`${what} at byte ${at} is split into segments, which NN Designer does not read`);
  }
  const label = `Tensor "${name}"`;
  if (dims.length > ONNX_LIMITS.dims) throw new Error(`${label} has ${dims.length} dimensions; NN Designer reads at most ${ONNX_LIMITS.dims}`);
  for (const d of dims) if (!Number.isSafeInteger(d) || d < 0) throw new Error(`${label} has a dimension of ${d}`);
  // The product is checked against the limit as it grows, so it never overflows.
  let size = 1;
  for (const d of dims) {
    size *= d;
    if (size > ONNX_LIMITS.tensorValues) {
      throw new OnnxRefusal(`The model is larger than NN Designer reads: ${label} has shape [${dims.join(', ')}], ${count(dims.reduce((a, b) => a * b, 1))} values; a layer's weights in NN Designer hold at most ${count(ONNX_LIMITS.tensorValues)}`);
    }
  }
  return {
    name,
    dims,
    dataType,
    size,
    values: () => {
      if (external) throw new Error(`${label} keeps its values in a separate file (external data): NN Designer reads models whose weights are inside the .onnx file`);
      return tensorValues(bytes, at, label, dataType, size);
    },
  };
}

function tensorValues(bytes: Uint8Array, at: number, label: string, dataType: number, size: number): Float64Array {
  const per = RAW_BYTES[dataType];
  if (per === undefined) throw new Error(`${label} holds ${typeName(dataType)} values; NN Designer reads float32 and float64 weights`);
  const r = new ProtoReader(bytes, at);
  // First find where the values are and how many there are, then check, then allocate.
  let raw: Uint8Array | null = null;
  let listed = 0;
  const listField = dataType === TENSOR_TYPES.FLOAT ? 4 : dataType === TENSOR_TYPES.DOUBLE ? 10 : dataType === TENSOR_TYPES.INT64 ? 7 : 5;
  while (r.next()) {
    if (r.field === 9 && r.wire === 2) raw = r.bytes();
    else if (r.field === listField) {
      if (r.wire === 2) listed += listField === 4 ? r.value / 4 : listField === 10 ? r.value / 8 : varintCount(r.bytes());
      else listed += 1;
    }
  }
  if (raw && listed > 0) throw new Error(`${label} holds its values twice (raw_data and a typed list)`);
  const found = raw ? raw.length / per : listed;
  if (found !== size) {
    throw new Error(`${label} should hold ${count(size)} values for its shape, but holds ${raw ? `${count(raw.length)} bytes (${Number.isInteger(found) ? count(found) : found.toFixed(2)} values)` : count(listed)}`);
  }
  const out = new Float64Array(size);
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < size; i++) {
      out[i] =
        dataType === TENSOR_TYPES.FLOAT
          ? view.getFloat32(i * 4, true)
          : dataType === TENSOR_TYPES.DOUBLE
            ? view.getFloat64(i * 8, true)
            : dataType === TENSOR_TYPES.INT64
              ? Number(view.getBigInt64(i * 8, true))
              : dataType === TENSOR_TYPES.INT32
                ? view.getInt32(i * 4, true)
                : raw[i];
    }
    return out;
  }
  let k = 0;
  const lists = new ProtoReader(bytes, at);
  while (lists.next()) {
    if (lists.field !== listField) continue;
    if (lists.wire === 5 || lists.wire === 1) out[k++] = lists.value;
    else if (lists.wire === 0) out[k++] = lists.int64();
    else if (lists.wire === 2) {
      const b = lists.bytes();
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      if (listField === 4) for (let i = 0; i < b.length / 4; i++) out[k++] = view.getFloat32(i * 4, true);
      else if (listField === 10) for (let i = 0; i < b.length / 8; i++) out[k++] = view.getFloat64(i * 8, true);
      else for (const v of varints(b, lists.at)) out[k++] = v;
    }
  }
  return out;
}

/** A tensor made from numbers (a Constant node's value_float, value_ints…). */
export function tensorOf(name: string, dims: number[], dataType: number, values: readonly number[]): OnnxTensor {
  return { name, dims, dataType, size: values.length, values: () => Float64Array.from(values) };
}
