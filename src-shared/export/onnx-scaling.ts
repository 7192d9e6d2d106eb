/**
 * The scaling a table's model does around its network (onnx-table.ts writes it): Sub and then Div
 * of the graph's input by constants, and Mul and then Add of the network's output by constants.
 * The import takes it off the graph before reading the layers, since a design has no layer that
 * holds it: the constants are compared with the table in the model's metadata, or, without one,
 * a note says what the design leaves out. Only that exact shape is taken off (one reader each, no
 * attributes, a constant of one value per column); anything else is left to the layer readers.
 */
import { MAX_UNITS } from '../layers/limits';
import type { ExperimentSetup } from '../setup';
import { TENSOR_TYPES, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnx-model';
import { inputConstants, tableScaling } from './onnx-table';

export interface PeeledScaling {
  /** The input's `(x − shift) / scale`, one value per column. */
  input: { shift: OnnxTensor; scale: OnnxTensor; width: number } | null;
  /** The output's `y × scale + shift`. */
  output: { scale: OnnxTensor; shift: OnnxTensor } | null;
}

const NONE: PeeledScaling = { input: null, output: null };

/** The graph without its scaling prologue and epilogue (the same graph when it has none), and the constants taken off. */
export function peelScaling(graph: OnnxGraph): { graph: OnnxGraph; scaling: PeeledScaling } {
  const constants = graph.initializers;
  const inputs = graph.inputs.filter((v) => !constants.has(v.name));
  if (inputs.length !== 1 || graph.outputs.length !== 1) return { graph, scaling: NONE };
  const input = inputs[0];
  const output = graph.outputs[0];
  const producer = new Map<string, OnnxNode>();
  const readers = new Map<string, number>();
  for (const node of graph.nodes) {
    for (const t of node.outputs) {
      // A tensor computed twice is the layer readers' to refuse, with its own message.
      if (producer.has(t)) return { graph, scaling: NONE };
      producer.set(t, node);
    }
    for (const t of node.inputs) readers.set(t, (readers.get(t) ?? 0) + 1);
  }
  const readerOf = (t: string): OnnxNode | null => {
    if (readers.get(t) !== 1) return null;
    return graph.nodes.find((n) => n.inputs.includes(t)) ?? null;
  };
  /** `op(x, constant)` with nothing else to it; the constant of one value per column (or one for all, `scalar`). */
  const elementwise = (node: OnnxNode | null | undefined, op: string, x: string, width: number | null, scalar: boolean): OnnxTensor | null => {
    if (!node || node.op !== op || (node.domain !== '' && node.domain !== 'ai.onnx')) return null;
    if (node.inputs.length !== 2 || node.inputs[0] !== x || node.outputs.length !== 1 || node.attributes.size > 0) return null;
    const c = constants.get(node.inputs[1]);
    if (!c || (c.dataType !== TENSOR_TYPES.FLOAT && c.dataType !== TENSOR_TYPES.DOUBLE)) return null;
    const columns = c.dims.length === 1 ? c.dims[0] : c.dims.length === 2 && c.dims[0] === 1 ? c.dims[1] : c.dims.length === 0 ? 1 : -1;
    return columns === width || (scalar && columns === 1) ? c : null;
  };

  const width = input.shape?.length === 2 && typeof input.shape[1] === 'number' && input.shape[1] >= 1 && input.shape[1] <= MAX_UNITS ? input.shape[1] : null;
  const peeled = new Set<OnnxNode>();
  let scaledInput = input.name;
  let found: PeeledScaling['input'] = null;
  const sub = readerOf(input.name);
  const shift = elementwise(sub, 'Sub', input.name, width, false);
  const div = shift && sub ? readerOf(sub.outputs[0]) : null;
  const scale = div && sub ? elementwise(div, 'Div', sub.outputs[0], width, false) : null;
  if (sub && div && shift && scale && width !== null && div.outputs[0] !== output.name) {
    found = { shift, scale, width };
    scaledInput = div.outputs[0];
    peeled.add(sub).add(div);
  }

  let networkOutput = output.name;
  let foundOutput: PeeledScaling['output'] = null;
  const declared = output.shape?.length === 2 && typeof output.shape[1] === 'number' ? output.shape[1] : null;
  const add = producer.get(output.name);
  const mul = add && add.inputs.length === 2 ? producer.get(add.inputs[0]) : undefined;
  const u = mul?.inputs[0];
  if (add && mul && u !== undefined && readers.get(add.inputs[0]) === 1 && readers.get(u) === 1 && producer.has(u) && u !== scaledInput) {
    const outShift = elementwise(add, 'Add', add.inputs[0], declared, true);
    const outScale = elementwise(mul, 'Mul', u, declared, true);
    if (outShift && outScale) {
      foundOutput = { scale: outScale, shift: outShift };
      networkOutput = u;
      peeled.add(mul).add(add);
    }
  }
  if (peeled.size === 0) return { graph, scaling: NONE };
  return {
    graph: {
      ...graph,
      inputs: graph.inputs.map((v) => (v === input ? { ...v, name: scaledInput } : v)),
      outputs: [{ ...output, name: networkOutput }],
      nodes: graph.nodes.filter((n) => !peeled.has(n)),
    },
    scaling: { input: found, output: foundOutput },
  };
}

/** The constants as the model holds them: float32 ones equal the setup's rounded to float32. */
function holds(t: OnnxTensor, expected: readonly number[]): boolean {
  let values: Float64Array;
  try {
    values = t.values();
  } catch {
    return false; // values it cannot read (kept outside the file, too few): not the setup's
  }
  const round = t.dataType === TENSOR_TYPES.FLOAT ? Math.fround : (v: number): number => v;
  if (values.length === expected.length) return expected.every((v, i) => values[i] === round(v));
  return values.length === 1 && expected.every((v) => values[0] === round(v));
}

/**
 * Whether the model's scaling is the one its setup's table fits: the same constants, or none at
 * all (a network alone, as a table's model was written before it scaled in the graph).
 */
export function scalingAgrees(setup: ExperimentSetup, found: PeeledScaling): boolean {
  if (!found.input && !found.output) return true;
  const expected = tableScaling(setup);
  if (!expected || !found.input) return false;
  const { shift, scale } = inputConstants(expected);
  if (found.input.width !== shift.length || !holds(found.input.shift, shift) || !holds(found.input.scale, scale)) return false;
  if (expected.output.type !== 'number') return found.output === null;
  return found.output !== null && holds(found.output.scale, [expected.output.scale]) && holds(found.output.shift, [expected.output.shift]);
}

const named = (t: OnnxTensor): string => JSON.stringify(t.name.length > 80 ? `${t.name.slice(0, 80)}…` : t.name);

/** What the design leaves out of the model, for the import's notes. */
export function scalingNotes(found: PeeledScaling): string[] {
  const notes: string[] = [];
  if (found.input) {
    const n = found.input.width.toLocaleString('en-US');
    notes.push(
      `The model scales its ${n} input${found.input.width === 1 ? '' : 's'} before its first layer (Sub and Div by constants): NN Designer has no layer for that, so the constants were not turned into layers. The design takes its inputs already scaled, (x − shift) / scale with the model's constants ${named(found.input.shift)} and ${named(found.input.scale)}.`,
    );
  }
  if (found.output) {
    notes.push(
      `The model brings its output back to its units (Mul and Add by constants), which were not turned into layers either: the design predicts in the scaled units, (y − ${named(found.output.shift)}) / ${named(found.output.scale)}.`,
    );
  }
  return notes;
}
