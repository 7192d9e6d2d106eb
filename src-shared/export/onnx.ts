/**
 * ONNX export of a trained network, any graph: each node becomes its kind's operators (Dense:
 * Gemm and its activation; Add; Concat; Softmax…; Dropout the identity, since an export
 * predicts), float32 weights as initializers, a dynamic batch dimension, tensors named after the
 * design's layers. The design rides along in the model's metadata so this app can reopen it
 * exactly (onnx-import.ts reads it back; without the metadata it rebuilds the design). A
 * table's model also scales in the graph, so that it takes and gives the table's own units
 * (onnx-table.ts): Sub and Div by the input scalers before the first layer, and for a numeric
 * target Mul and Add after the last. Every other task's model is the network alone.
 */
import type { LayerParameters } from '../engine/network';
import { outputActivation } from '../engine/plan-info';
import { kindOf } from '../layers';
import type { OnnxOp } from '../layers/emit';
import { compileDesign } from '../network/compile';
import type { ExperimentSetup } from '../setup';
import { SETUP_METADATA_KEY } from './onnx-model';
import { checkFloat32, inputConstants, inputDoc, inputsLine, inputsMetadata, INPUTS_METADATA_KEY, modelDoc, outputDoc, tableScaling } from './onnx-table';
import { ProtoWriter } from './protobuf';

export { INPUTS_METADATA_KEY, SETUP_METADATA_KEY };

/** The tensors a table's model scales between: the network reads `input.scaled` and, for a numeric target, computes `output.scaled`. */
const SCALED_INPUT = 'input.scaled';
const SCALED_OUTPUT = 'output.scaled';

const IR_VERSION = 8;
const OPSET = 13;
const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;

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
  const scaling = tableScaling(setup);
  if (scaling && scaling.inputs.length !== plan.inputSize) throw new Error(`The design takes ${plan.inputSize} inputs, but the table gives ${scaling.inputs.length}: fit the Input layer to the task first`);
  if (scaling) checkFloat32(scaling);
  const scaledOutput = scaling?.output.type === 'number';
  const outputOf = (k: number): string => (k === 0 ? (scaling ? SCALED_INPUT : 'input') : k === last ? (scaledOutput ? SCALED_OUTPUT : 'output') : `${names[k]}.out`);
  const shape = { outputs: plan.outputSize, activation: outputActivation(plan) };

  const model = new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, 'NN Designer')
    .string(3, appVersion);
  if (scaling) model.string(6, modelDoc(scaling, shape));
  model.message(8, (o) => o.string(1, '').int(2, OPSET)).message(14, (e) => e.string(1, SETUP_METADATA_KEY).string(2, JSON.stringify(setup)));
  if (scaling) model.message(14, (e) => e.string(1, INPUTS_METADATA_KEY).string(2, inputsMetadata(scaling)));

  model.message(7, (g) => {
    g.string(2, 'nn_designer_network');
    if (scaling) {
      const { shift, scale } = inputConstants(scaling);
      g.message(5, (t) => tensor(t, 'input.shift', [shift.length], Float64Array.from(shift)));
      g.message(5, (t) => tensor(t, 'input.scale', [scale.length], Float64Array.from(scale)));
      g.message(1, (n) => writeOp(n, { op: 'Sub', inputs: ['input', 'input.shift'], outputs: ['input.centred'] }, 'input.sub'));
      g.message(1, (n) => writeOp(n, { op: 'Div', inputs: ['input.centred', 'input.scale'], outputs: [SCALED_INPUT] }, 'input.div'));
    }
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
        inWidths: step.inWidths,
        width: step.width,
        out: outputOf(k),
        name,
        weight: `${name}.weight`,
        bias: `${name}.bias`,
      });
      ops.forEach((op, j) => g.message(1, (n) => writeOp(n, op, `${name}.${op.op.toLowerCase()}${j > 0 ? j : ''}`)));
    });
    if (scaling?.output.type === 'number') {
      const { shift, scale } = scaling.output;
      g.message(5, (t) => tensor(t, 'output.scale', [1], Float64Array.of(scale)));
      g.message(5, (t) => tensor(t, 'output.shift', [1], Float64Array.of(shift)));
      g.message(1, (n) => writeOp(n, { op: 'Mul', inputs: [SCALED_OUTPUT, 'output.scale'], outputs: ['output.unshifted'] }, 'output.mul'));
      g.message(1, (n) => writeOp(n, { op: 'Add', inputs: ['output.unshifted', 'output.shift'], outputs: ['output'] }, 'output.add'));
    }
    g.message(11, (v) => valueInfo(v, 'input', plan.inputSize, scaling ? inputDoc(scaling) : undefined));
    g.message(12, (v) => valueInfo(v, 'output', plan.outputSize, scaling ? outputDoc(scaling, shape) : undefined));
  });
  return model.finish();
}

/** For a table's model, one line on what it takes and gives; null for other tasks (their model is the network alone). */
export function onnxInputsLine(setup: ExperimentSetup): string | null {
  const scaling = tableScaling(setup);
  const compiled = compileDesign(setup.design);
  if (!scaling || !compiled.ok) return null;
  return inputsLine(scaling, { outputs: compiled.plan.outputSize, activation: outputActivation(compiled.plan) });
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

function valueInfo(v: ProtoWriter, name: string, width: number, doc?: string): void {
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
  if (doc !== undefined) v.string(3, doc);
}
