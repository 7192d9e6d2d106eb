/**
 * How a kind reads itself back from an ONNX graph: the inverse of its `emit.onnx`. The importer
 * (src-shared/export/onnx-import.ts) walks the graph's operators in order and offers each one to
 * the kinds that read its type; a kind that recognises it (with the operators right after it
 * that only it feeds, such as Gemm's activation) says what design node it is. A new kind that
 * exports itself reads itself back here, without a change to the importer.
 */

/** A tensor of the model: its shape and type; its values are decoded on demand. */
export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** The number of values its dims say it holds. */
  size: number;
  /** Its values as float64 (float32 widened exactly; integers and booleans as numbers); throws when it cannot give them. */
  values(): Float64Array;
}

export interface OnnxAttribute {
  name: string;
  /** AttributeProto.type: 1 float, 2 int, 3 string, 4 tensor, 5 graph, 6 floats, 7 ints, … */
  type: number;
  f: number;
  i: number;
  t: OnnxTensor | null;
  floats: number[];
  ints: number[];
}

export interface OnnxNode {
  /** Its place in the graph's node list, from 0. */
  index: number;
  name: string;
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttribute>;
}

/** What a kind may ask about the graph while it reads an operator. */
export interface OnnxReadContext {
  /** A tensor's constant value (an initializer or a Constant's), or null when the graph computes it. */
  constant(tensor: string): OnnxTensor | null;
  /** The width (values per row) of a tensor the graph computes, known for every tensor read so far. */
  width(tensor: string): number;
  /** The one operator that reads `tensor`, when exactly one does and it is not the graph's output. */
  soleReader(tensor: string): OnnxNode | null;
  /** How many operators read `tensor`. */
  readers(tensor: string): number;
  /** The operators that read `tensor`, in the graph's order (one that reads it twice is listed twice). */
  readersOf(tensor: string): readonly OnnxNode[];
  /** Whether `tensor` is the graph's output. */
  isOutput(tensor: string): boolean;
  /** The design node that computes `tensor` as its own output: its kind and how many inputs it has. */
  producer(tensor: string): { type: string; inputs: number } | null;
  /** Refuses the model: `problem` says what this operator does that NN Designer cannot hold, `fix` what would work. */
  refuse(node: OnnxNode, problem: string, fix?: string): never;
}

/** A design node read from one or more operators. */
export interface OnnxNodeRead<P> {
  params: P;
  /** The computed tensors it reads, in the order of its connections. */
  inputs: string[];
  /** The tensor it computes: the last operator it took's output. */
  output: string;
  /** The operators it took, the first the one it was offered. */
  nodes: OnnxNode[];
  /** Its weights as the engine holds them (W fan_in × fan_out, row-major), decoded only once the model is accepted. */
  weights?: () => { W: Float64Array; b: Float64Array };
}

/** More inputs for the design node that computes `into` (an Add chain read as one Add). */
export interface OnnxMergeRead {
  into: string;
  inputs: string[];
  output: string;
  nodes: OnnxNode[];
}

export interface OnnxReader<P> {
  /** The operator types it reads. */
  readonly ops: readonly string[];
  /** What the operator is as this kind; null when it is not this kind (another may read it). Refuses what it cannot hold. */
  read(node: OnnxNode, ctx: OnnxReadContext): OnnxNodeRead<P> | OnnxMergeRead | null;
}

export const ATTRIBUTE = { FLOAT: 1, INT: 2, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;
const ATTRIBUTE_NAMES: Record<number, string> = {
  1: 'a float',
  2: 'an int',
  3: 'a string',
  4: 'a tensor',
  5: 'a graph',
  6: 'a list of floats',
  7: 'a list of ints',
  8: 'a list of strings',
  9: 'a list of tensors',
  10: 'a list of graphs',
  11: 'a sparse tensor',
  12: 'a list of sparse tensors',
  13: 'a type',
  14: 'a list of types',
};
const attributeKind = (type: number): string => ATTRIBUTE_NAMES[type] ?? `attribute type ${type}`;

/** Refuses attributes the operator's reader does not know, or of another type than it expects. */
export function checkAttributes(node: OnnxNode, ctx: OnnxReadContext, known: Readonly<Record<string, number>>): void {
  for (const a of node.attributes.values()) {
    const type = known[a.name];
    if (type === undefined) ctx.refuse(node, `it has the attribute "${a.name}", which NN Designer does not read`, 'Export the model without it (a standard ONNX opset from 7 on)');
    if (a.type !== 0 && a.type !== type) ctx.refuse(node, `its attribute "${a.name}" is ${attributeKind(a.type)}, where ONNX has ${attributeKind(type)}`);
  }
}

export function intAttribute(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  return a ? a.i : fallback;
}

export function floatAttribute(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  return a ? a.f : fallback;
}

/**
 * A float32 number (an attribute, a ratio) as the shortest decimal that is the same float32:
 * 0.2 rather than 0.20000000298023224, the number the model's author wrote.
 */
export function float32Decimal(v: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === Math.fround(v)) return d;
  }
  return v;
}

/** TensorProto data types of weights. */
export const ONNX_FLOAT = 1;
export const ONNX_DOUBLE = 11;
const TENSOR_TYPE_NAMES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};
export const tensorTypeName = (type: number): string => TENSOR_TYPE_NAMES[type] ?? `type ${type}`;

/** A tensor's shape as written in messages: [3, 4]. */
export const shapeText = (dims: readonly number[]): string => `[${dims.join(', ')}]`;
