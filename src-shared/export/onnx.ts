/**
 * ONNX export and import of a trained network, any graph: each node becomes its kind's operators
 * (Dense: Gemm and its activation; Add; Concat; Softmax…; Dropout the identity, since an export
 * predicts), float32 weights as initializers, a dynamic batch dimension, tensors named after the
 * design's layers. The design rides along in the model's metadata so this app can reopen it
 * exactly; without it, the design is rebuilt from the operators.
 */
import { ACTIVATIONS, type Activation } from '../engine/activations';
import { DEFAULT_TRAINING } from '../engine/config';
import type { LayerParameters } from '../engine/network';
import { SetupSchema } from '../experiment/schema';
import { kindOf } from '../layers';
import { ONNX_ACTIVATIONS } from '../layers/activation-code';
import type { OnnxOp } from '../layers/emit';
import { compileDesign, type Plan } from '../network/compile';
import type { Design, DesignNode } from '../network/design';
import { layeredPositions } from '../network/layout';
import type { ExperimentSetup } from '../setup';
import { ProtoWriter, decodeString, readFields, type ProtoField } from './protobuf';

const IR_VERSION = 8;
const OPSET = 13;
const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
export const SETUP_METADATA_KEY = 'nn-designer.setup';

const ACTIVATION_OF: Record<string, Activation> = Object.fromEntries(
  ACTIVATIONS.flatMap((a) => (ONNX_ACTIVATIONS[a] ? [[ONNX_ACTIVATIONS[a] as string, a]] : [])),
);

/** A safe ONNX tensor name from a layer's label or id: ASCII letters, digits, `_ . -`, at most 64 long. */
const tensorName = (s: string): string => s.trim().replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 64) || 'layer';

export function exportOnnx(setup: ExperimentSetup, parameters: LayerParameters[], appVersion = '0'): Uint8Array {
  const compiled = compileDesign(setup.design);
  if (!compiled.ok) throw new Error(`The design cannot be exported: ${compiled.problems[0].message}`);
  const { plan } = compiled;
  if (parameters.length !== plan.trainable.length) throw new Error('The weights do not match the design: train or reload the run first');
  const nodesById = new Map(setup.design.nodes.map((n) => [n.id, n]));
  const names = plan.steps.map((s, k) => `${String(k).padStart(2, '0')}_${tensorName(nodesById.get(s.id)?.label ?? s.id)}`);
  const last = plan.steps.length - 1;
  const outputOf = (k: number): string => (k === 0 ? 'input' : k === last ? 'output' : `${names[k]}.out`);

  const model = new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, 'NN Designer')
    .string(3, appVersion)
    .message(8, (o) => o.string(1, '').int(2, OPSET))
    .message(14, (e) => e.string(1, SETUP_METADATA_KEY).string(2, JSON.stringify(setup)));

  model.message(7, (g) => {
    g.string(2, 'nn_designer_network');
    plan.steps.forEach((step, k) => {
      if (k === 0) return;
      const name = names[k];
      const t = plan.trainable.indexOf(k);
      if (t >= 0) {
        const { W, b } = parameters[t];
        const { fanIn, fanOut } = step.weights as { fanIn: number; fanOut: number };
        if (W.length !== fanIn * fanOut || b.length !== fanOut) throw new Error(`The weights of ${step.id} do not match its shape`);
        g.message(5, (tw) => tensor(tw, `${name}.weight`, [fanIn, fanOut], W));
        g.message(5, (tb) => tensor(tb, `${name}.bias`, [fanOut], b));
      }
      const ops = kindOf(step.type).emit.onnx({
        params: step.params,
        inputs: step.inputs.map(outputOf),
        width: step.width,
        out: outputOf(k),
        name,
        weight: `${name}.weight`,
        bias: `${name}.bias`,
      });
      ops.forEach((op, j) => g.message(1, (n) => writeOp(n, op, `${name}.${op.op.toLowerCase()}${j > 0 ? j : ''}`)));
    });
    g.message(11, (v) => valueInfo(v, 'input', plan.inputSize));
    g.message(12, (v) => valueInfo(v, 'output', plan.outputSize));
  });
  return model.finish();
}

function writeOp(n: ProtoWriter, op: OnnxOp, name: string): void {
  for (const i of op.inputs) n.string(1, i);
  for (const o of op.outputs) n.string(2, o);
  n.string(3, name).string(4, op.op);
  for (const a of op.attributes ?? []) {
    if (a.float !== undefined) n.message(5, (m) => m.string(1, a.name).float(2, a.float as number).int(20, ATTR_FLOAT));
    else if (a.int !== undefined) n.message(5, (m) => m.string(1, a.name).int(3, a.int as number).int(20, ATTR_INT));
  }
}

function tensor(t: ProtoWriter, name: string, dims: number[], values: Float64Array): void {
  for (const d of dims) t.int(1, d);
  t.int(2, FLOAT);
  t.string(8, name);
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  t.bytes(9, raw);
}

function valueInfo(v: ProtoWriter, name: string, width: number): void {
  v.string(1, name);
  v.message(2, (type) =>
    type.message(1, (tt) => {
      tt.int(1, FLOAT);
      tt.message(2, (shape) => {
        shape.message(1, (d) => d.string(2, 'batch'));
        shape.message(1, (d) => d.int(1, width));
      });
    }),
  );
}

export interface ImportedModel {
  setup: ExperimentSetup;
  parameters: LayerParameters[];
}

const fieldsOf = (fields: ProtoField[], n: number): ProtoField[] => fields.filter((f) => f.field === n);
const stringOf = (fields: ProtoField[], n: number): string => {
  const f = fieldsOf(fields, n)[0];
  return f ? decodeString(f.bytes) : '';
};

/** One ONNX operator as read back. */
interface ReadOp {
  inputs: string[];
  outputs: string[];
  op: string;
  /** The node it belongs to: the export names operators `<layer>.<op>`. */
  layer: string;
}

/**
 * Reads a model this app exported (any graph of Gemm, activations, Add, Concat and Identity).
 * Weights come back as float64. The design is the metadata's when it describes this graph,
 * else it is rebuilt from the operators.
 */
export function importOnnx(bytes: Uint8Array): ImportedModel {
  let model: ProtoField[];
  try {
    model = readFields(bytes);
  } catch (e) {
    throw new Error(`This is not a readable ONNX file: ${(e as Error).message}`, { cause: e });
  }
  const graphField = fieldsOf(model, 7)[0];
  if (!graphField) throw new Error('This ONNX file has no graph');
  const graph = readFields(graphField.bytes);
  const initializers = new Map<string, { dims: number[]; data: Float64Array }>();
  for (const t of fieldsOf(graph, 5)) {
    const f = readFields(t.bytes);
    const dims = fieldsOf(f, 1).map((d) => d.value);
    const type = fieldsOf(f, 2)[0]?.value;
    if (type !== FLOAT) throw new Error(`Tensor ${stringOf(f, 8)} is not float32: only models exported by NN Designer can be imported`);
    const raw = fieldsOf(f, 9)[0]?.bytes;
    const size = dims.reduce((a, b) => a * b, 1);
    if (!raw) throw new Error(`Tensor ${stringOf(f, 8)} keeps its values in a form NN Designer does not read`);
    if (!dims.every((d) => Number.isSafeInteger(d) && d > 0) || raw.byteLength !== size * 4) throw new Error(`Tensor ${stringOf(f, 8)} has the wrong size`);
    const data = new Float64Array(size);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < size; i++) data[i] = view.getFloat32(i * 4, true);
    initializers.set(stringOf(f, 8), { dims, data });
  }
  const ops: ReadOp[] = fieldsOf(graph, 1).map((n) => {
    const f = readFields(n.bytes);
    const name = stringOf(f, 3);
    return { inputs: fieldsOf(f, 1).map((x) => decodeString(x.bytes)), outputs: fieldsOf(f, 2).map((x) => decodeString(x.bytes)), op: stringOf(f, 4), layer: name.slice(0, Math.max(0, name.lastIndexOf('.'))) };
  });
  const rebuilt = designFromOps(ops, initializers);
  const setup = metadataSetup(model, rebuilt.design) ?? { design: rebuilt.design, task: { dataset: 'xor' as const }, training: DEFAULT_TRAINING };
  return { setup, parameters: rebuilt.parameters };
}

/** The setup in the metadata, when it passes the file checks and describes the same network. */
function metadataSetup(model: ProtoField[], design: Design): ExperimentSetup | null {
  const metadata = fieldsOf(model, 14)
    .map((e) => readFields(e.bytes))
    .find((e) => stringOf(e, 1) === SETUP_METADATA_KEY);
  if (!metadata) return null;
  let setup: ExperimentSetup;
  try {
    // The metadata is the file's word only: it must pass the same checks as an experiment file.
    const parsed = SetupSchema.safeParse(JSON.parse(stringOf(metadata, 2)));
    if (!parsed.success) return null;
    setup = parsed.data;
  } catch {
    return null;
  }
  const theirs = compileDesign(setup.design);
  const ours = compileDesign(design);
  return theirs.ok && ours.ok && signature(theirs.plan) === signature(ours.plan) ? setup : null;
}

/** What a plan computes, without Dropout (the identity in a model): kinds, widths, activations, wiring. */
function signature(plan: Plan): string {
  /** Each step's place among the kept ones; a Dropout stands for what feeds it. */
  const place = new Map<number, number>();
  const kept: string[] = [];
  plan.steps.forEach((s, k) => {
    if (s.type === 'dropout') return void place.set(k, place.get(s.inputs[0]) as number);
    place.set(k, kept.length);
    const act = (s.params as { activation?: string }).activation ?? '';
    kept.push(`${s.type === 'output' ? 'dense' : s.type}:${s.width}:${act}:${s.inputs.map((i) => place.get(i)).join(',')}`);
  });
  return kept.join(' ');
}

/** A design from the operators: Gemm (+ activation) is a Dense layer, the last one the Output. */
function designFromOps(ops: ReadOp[], initializers: Map<string, { dims: number[]; data: Float64Array }>): { design: Design; parameters: LayerParameters[] } {
  const nodes: DesignNode[] = [];
  const edges: Design['edges'] = [];
  const parameters: LayerParameters[] = [];
  /** Which design node a tensor is the output of. */
  const producer = new Map<string, string>();
  const consumers = new Map<string, number>();
  for (const op of ops) for (const i of op.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const firstGemm = ops.find((o) => o.op === 'Gemm');
  const inputWidth = firstGemm && ops[0]?.inputs[0] === 'input' ? initializers.get(firstGemm.inputs[1])?.dims[0] : undefined;
  const input = (): number => {
    const gemm = ops.find((o) => o.op === 'Gemm' && o.inputs[0] === 'input');
    const w = gemm ? initializers.get(gemm.inputs[1])?.dims[0] : inputWidth;
    if (!w) throw new Error('This ONNX file has no Gemm reading its input: only models exported by NN Designer can be imported');
    return w;
  };
  nodes.push({ id: 'input', type: 'input', position: { x: 0, y: 0 }, params: { units: input() } });
  producer.set('input', 'input');
  const add = (node: DesignNode, from: string[], output: string): void => {
    nodes.push(node);
    from.forEach((t) => {
      const source = producer.get(t);
      if (!source) throw new Error(`Operator ${node.id} reads ${t}, which nothing before it computes`);
      edges.push({ id: `e-${source}-${node.id}-${edges.length}`, source, target: node.id });
    });
    producer.set(output, node.id);
  };
  let count = 0;
  const fresh = (prefix: string): string => `${prefix}-${++count}`;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.op === 'Gemm') {
      const W = initializers.get(op.inputs[1]);
      const b = initializers.get(op.inputs[2]);
      if (!W || !b || W.dims.length !== 2 || b.data.length !== W.dims[1]) throw new Error(`Gemm ${i} lacks its weights or bias`);
      const next = ops[i + 1];
      // Its activation is the next operator when that reads only it and belongs to the same layer.
      const fused = next && ACTIVATION_OF[next.op] && next.inputs[0] === op.outputs[0] && consumers.get(op.outputs[0]) === 1 && next.layer === op.layer;
      const output = fused ? next.outputs[0] : op.outputs[0];
      const activation = fused ? ACTIVATION_OF[next.op] : 'linear';
      const last = output === 'output';
      add(
        last
          ? { id: 'output', type: 'output', position: { x: 0, y: 0 }, params: { units: W.dims[1], activation, loss: activation === 'softmax' ? 'cross_entropy' : 'mse' } }
          : { id: fresh('dense'), type: 'dense', position: { x: 0, y: 0 }, params: { units: W.dims[1], activation } },
        [op.inputs[0]],
        output,
      );
      parameters.push({ W: W.data, b: b.data });
      if (fused) i++;
    } else if (ACTIVATION_OF[op.op]) {
      add({ id: fresh('activation'), type: 'activation', position: { x: 0, y: 0 }, params: { activation: ACTIVATION_OF[op.op] } }, [op.inputs[0]], op.outputs[0]);
    } else if (op.op === 'Identity') {
      const source = producer.get(op.inputs[0]);
      if (!source) throw new Error(`Identity ${i} reads a tensor nothing computes`);
      producer.set(op.outputs[0], source);
    } else if (op.op === 'Add' || op.op === 'Concat') {
      // The export writes an n-way Add as a chain of two-way ones: read it back as one.
      const merged = op.op === 'Add' ? producer.get(op.inputs[0]) : undefined;
      const into = merged && nodes.find((n) => n.id === merged && n.type === 'add' && consumers.get(op.inputs[0]) === 1);
      if (into) {
        const source = producer.get(op.inputs[1]);
        if (!source) throw new Error(`Add ${i} reads a tensor nothing computes`);
        edges.push({ id: `e-${source}-${into.id}-${edges.length}`, source, target: into.id });
        producer.set(op.outputs[0], into.id);
      } else {
        add({ id: fresh(op.op === 'Add' ? 'add' : 'concatenate'), type: op.op === 'Add' ? 'add' : 'concatenate', position: { x: 0, y: 0 }, params: {} } as DesignNode, op.inputs, op.outputs[0]);
      }
    } else {
      throw new Error(`Operator ${op.op} is not supported: only Gemm, activations, Add, Concat and Identity as NN Designer exports them`);
    }
  }
  if (parameters.length === 0 || !nodes.some((n) => n.type === 'output')) throw new Error('This ONNX file has no layers NN Designer can read');
  const design: Design = { nodes, edges };
  const positions = layeredPositions(design, () => ({ height: 120, anchor: 60 }));
  return { design: { nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })), edges }, parameters };
}
