/**
 * ONNX export and import of a trained network: one Gemm per layer followed by its activation,
 * float32 weights as initializers, a dynamic batch dimension, tensors named after the design's
 * layers. The design itself rides along in the model's metadata so this app can reopen it.
 */
import type { LayerParameters } from '../engine/network';
import { chainDesign } from '../network/chain';
import { compileDesign, denseChainOf } from '../network/compile';
import type { Activation } from '../network/design';
import type { ExperimentSetup } from '../setup';
import { DEFAULT_TRAINING } from '../engine/config';
import { SetupSchema } from '../experiment/schema';
import { ProtoWriter, decodeString, readFields, type ProtoField } from './protobuf';

const IR_VERSION = 8;
const OPSET = 13;
const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
export const SETUP_METADATA_KEY = 'nn-designer.setup';

const OP_OF: Record<Activation, string | null> = {
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'Relu',
  leaky_relu: 'LeakyRelu',
  linear: null,
  softmax: 'Softmax',
};
const ACTIVATION_OF: Record<string, Activation> = { Sigmoid: 'sigmoid', Tanh: 'tanh', Relu: 'relu', LeakyRelu: 'leaky_relu', Softmax: 'softmax' };

/** A safe ONNX tensor name from a layer's label or id: ASCII letters, digits, `_ . -`, at most 64 long. */
const tensorName = (s: string): string => s.trim().replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 64) || 'layer';

export function exportOnnx(setup: ExperimentSetup, parameters: LayerParameters[], appVersion = '0'): Uint8Array {
  const compiled = compileDesign(setup.design);
  if (!compiled.ok) throw new Error(`The design cannot be exported: ${compiled.problems[0].message}`);
  const { spec, chain } = denseChainOf(compiled.plan);
  if (parameters.length !== spec.layers.length) throw new Error('The weights do not match the design: train or reload the run first');
  const nodesById = new Map(setup.design.nodes.map((n) => [n.id, n]));
  const names = chain.slice(1).map((id, i) => {
    const node = nodesById.get(id);
    return `${String(i + 1).padStart(2, '0')}_${tensorName(node?.label ?? id)}`;
  });

  const model = new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, 'NN Designer')
    .string(3, appVersion)
    .message(8, (o) => o.string(1, '').int(2, OPSET))
    .message(14, (e) => e.string(1, SETUP_METADATA_KEY).string(2, JSON.stringify(setup)));

  model.message(7, (g) => {
    g.string(2, 'nn_designer_network');
    let current = 'input';
    spec.layers.forEach((layer, i) => {
      const name = names[i];
      const inSize = i === 0 ? spec.inputSize : spec.layers[i - 1].units;
      const { W, b } = parameters[i];
      if (W.length !== inSize * layer.units || b.length !== layer.units) throw new Error(`Layer ${i + 1}'s weights do not match its shape`);
      g.message(5, (t) => tensor(t, `${name}.weight`, [inSize, layer.units], W));
      g.message(5, (t) => tensor(t, `${name}.bias`, [layer.units], b));
      const last = i === spec.layers.length - 1;
      const op = OP_OF[layer.activation];
      const gemmOut = op ? `${name}.z` : last ? 'output' : `${name}.out`;
      g.message(1, (n) => n.string(1, current).string(1, `${name}.weight`).string(1, `${name}.bias`).string(2, gemmOut).string(3, `${name}.gemm`).string(4, 'Gemm'));
      current = gemmOut;
      if (op) {
        const out = last ? 'output' : `${name}.out`;
        g.message(1, (n) => {
          n.string(1, current).string(2, out).string(3, `${name}.${layer.activation}`).string(4, op);
          if (op === 'LeakyRelu') n.message(5, (a) => a.string(1, 'alpha').float(2, 0.01).int(20, ATTR_FLOAT));
          if (op === 'Softmax') n.message(5, (a) => a.string(1, 'axis').int(3, 1).int(20, ATTR_INT));
        });
        current = out;
      }
    });
    g.message(11, (v) => valueInfo(v, 'input', spec.inputSize));
    g.message(12, (v) => valueInfo(v, 'output', spec.layers[spec.layers.length - 1].units));
  });
  return model.finish();
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

/** Reads a model this app exported (a chain of Gemm + activation). Weights come back as float64. */
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
    const data = new Float64Array(size);
    if (raw) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      if (raw.byteLength !== size * 4) throw new Error(`Tensor ${stringOf(f, 8)} has the wrong size`);
      for (let i = 0; i < size; i++) data[i] = view.getFloat32(i * 4, true);
    } else {
      throw new Error(`Tensor ${stringOf(f, 8)} keeps its values in a form NN Designer does not read`);
    }
    initializers.set(stringOf(f, 8), { dims, data });
  }
  const nodes = fieldsOf(graph, 1).map((n) => {
    const f = readFields(n.bytes);
    return { inputs: fieldsOf(f, 1).map((x) => decodeString(x.bytes)), outputs: fieldsOf(f, 2).map((x) => decodeString(x.bytes)), op: stringOf(f, 4) };
  });

  const layers: { units: number; activation: Activation }[] = [];
  const parameters: LayerParameters[] = [];
  let inputSize = 0;
  nodes.forEach((node, i) => {
    if (node.op !== 'Gemm') {
      if (!ACTIVATION_OF[node.op]) throw new Error(`Operator ${node.op} is not supported: only Gemm and activations exported by NN Designer`);
      return;
    }
    const W = initializers.get(node.inputs[1]);
    const b = initializers.get(node.inputs[2]);
    if (!W || !b || W.dims.length !== 2) throw new Error(`Gemm ${i} lacks its weights or bias`);
    if (layers.length === 0) inputSize = W.dims[0];
    const next = nodes[i + 1];
    const activation = next && next.op !== 'Gemm' && next.inputs[0] === node.outputs[0] ? ACTIVATION_OF[next.op] : 'linear';
    layers.push({ units: W.dims[1], activation });
    parameters.push({ W: W.data, b: b.data });
  });
  if (layers.length === 0) throw new Error('This ONNX file has no layers NN Designer can read');

  const metadata = fieldsOf(model, 14)
    .map((e) => readFields(e.bytes))
    .find((e) => stringOf(e, 1) === SETUP_METADATA_KEY);
  let setup: ExperimentSetup | null = null;
  if (metadata) {
    try {
      // The metadata is the file's word only: it must pass the same checks as an experiment file.
      const parsed = SetupSchema.safeParse(JSON.parse(stringOf(metadata, 2)));
      setup = parsed.success ? parsed.data : null;
    } catch {
      setup = null;
    }
  }
  const compiled = setup ? compileDesign(setup.design) : null;
  const matches = compiled?.ok && compiled.plan.chain?.inputSize === inputSize && compiled.plan.chain.layers.every((l, i) => l.units === layers[i]?.units && l.activation === layers[i].activation);
  if (!setup || !matches) {
    // Rebuild the design from the graph itself.
    const hidden = layers.slice(0, -1);
    const out = layers[layers.length - 1];
    setup = {
      design: chainDesign(inputSize, hidden, { ...out, loss: out.activation === 'softmax' ? 'cross_entropy' : 'mse' }),
      task: { dataset: 'xor' },
      training: DEFAULT_TRAINING,
    };
  }
  return { setup, parameters };
}
