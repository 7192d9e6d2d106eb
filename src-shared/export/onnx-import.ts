/**
 * ONNX import, for models NN Designer wrote and models it did not: the graph's own input, output
 * and initializers; its operators offered, in order, to the layer kinds that read them (each
 * kind's `fromOnnx`, in src-shared/layers); the no-ops a vector network may hold (Identity,
 * Flatten, Reshape, Constant) passed through. What the experiment file cannot hold is refused
 * before any weight is decoded, naming the number and the limit; an operator it cannot read is
 * refused naming the operator, its node and the attribute. A model NN Designer exported carries
 * its design in the metadata and opens exactly as it was; any other gets a task inferred from
 * its shapes, and the notes say what was inferred. A table's scaling around the network (Sub and
 * Div of the input, Mul and Add of the output by constants) is taken off first (onnx-scaling.ts).
 */
import { LEAKY_SLOPE } from '../engine/activations';
import { DEFAULT_TRAINING } from '../engine/config';
import type { LayerParameters } from '../engine/network';
import { APP_NAME, APP_VERSION, createExperiment, LIMITS, runOfWeights, SetupSchema, type Experiment, type Run } from '../experiment';
import { KINDS, kindOf, MAX_MERGE_INPUTS, MAX_UNITS, NODE_TYPES, type NodeType, type Params } from '../layers';
import type { OnnxMergeRead, OnnxNode, OnnxNodeRead, OnnxReadContext, OnnxReader, OnnxTensor } from '../layers/onnx-read';
import { ATTRIBUTE, checkAttributes, intAttribute, shapeText } from '../layers/onnx-read';
import { compileDesign, MAX_PARAMETERS, type Plan } from '../network/compile';
import type { Design, DesignEdge, DesignNode } from '../network/design';
import { layeredPositions } from '../network/layout';
import type { ExperimentSetup } from '../setup';
import { readOnnxModel, SETUP_METADATA_KEY, TENSOR_TYPES, tensorOf, typeName, type OnnxModel, type OnnxValueInfo } from './onnx-model';
import { peelScaling, scalingAgrees, scalingNotes, type PeeledScaling } from './onnx-scaling';
import { inferTask } from './onnx-task';

export { MAX_ONNX_BYTES } from './onnx-model';

export interface ImportedModel {
  setup: ExperimentSetup;
  /** The weights of the design's layers with weights, in the order its plan runs them. */
  parameters: LayerParameters[];
  /** What the import found, inferred or added, one sentence each, for the person importing. */
  notes: string[];
}

/** Why a model cannot be imported, said so a person can act on it. */
export class OnnxImportError extends Error {}

/** The operators that change nothing on a batch of vectors, passed through rather than read as layers. */
const PASS_THROUGH = ['Identity', 'Flatten', 'Reshape', 'Constant'] as const;

const quoted = (name: string): string => JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
const count = (n: number): string => n.toLocaleString('en-US');
const where = (node: OnnxNode): string => `${node.op || 'An operator'} node ${node.name ? quoted(node.name) : `#${node.index + 1} (unnamed)`}`;

function refuse(node: OnnxNode, problem: string, fix?: string): never {
  throw new OnnxImportError(`${where(node)}: ${problem}.${fix ? ` ${fix}.` : ''}`);
}

/** The readers of every kind, by operator; the graph's sink (Output) is offered each operator first. */
function readersByOp(): Map<string, { type: NodeType; reader: OnnxReader<Params> }[]> {
  const byOp = new Map<string, { type: NodeType; reader: OnnxReader<Params> }[]>();
  const types = [...NODE_TYPES].sort((a, b) => Number(kindOf(b).role === 'output') - Number(kindOf(a).role === 'output'));
  for (const type of types) {
    const reader = kindOf(type).fromOnnx;
    if (!reader) continue;
    for (const op of reader.ops) byOp.set(op, [...(byOp.get(op) ?? []), { type, reader }]);
  }
  return byOp;
}

/** Reads an ONNX model as a design with its weights; throws (an Error saying what and where) when it cannot. */
export function importOnnx(bytes: Uint8Array): ImportedModel {
  const model = readOnnxModel(bytes);
  // A table's model scales its input and output around the network: the layers are read without it.
  const peeled = peelScaling(model.graph);
  const rebuilt = rebuild({ ...model, graph: peeled.graph });
  const fromMetadata = metadataSetup(model, rebuilt.design, peeled.scaling);
  const notes: string[] = [];
  let setup: ExperimentSetup;
  if (fromMetadata.setup) {
    setup = fromMetadata.setup;
    notes.push('The model carries its NN Designer design: it opens as it was exported.');
  } else {
    const plan = compiled(rebuilt.design);
    const inferred = inferTask(plan);
    setup = { design: rebuilt.design, task: inferred.task, training: structuredClone(DEFAULT_TRAINING) };
    const by = model.producer ? ` (made by ${model.producer.slice(0, 80)}${model.opset ? `, opset ${model.opset}` : ''})` : '';
    notes.push(fromMetadata.why ?? `The design was rebuilt from the model's ${count(model.graph.nodes.length)} operators${by}.`, inferred.note, ...scalingNotes(peeled.scaling));
  }
  notes.push(...rebuilt.notes);
  return { setup, parameters: rebuilt.parameters, notes };
}

/**
 * The run an imported model opens with: its weights, not trained here yet. The one place the app
 * (File → Import ONNX Model…) and the command line (`nn-designer import`) build it.
 */
export function importedRun(imported: ImportedModel, createdAt: Date): Run {
  return runOfWeights(imported.setup.design, imported.parameters, { createdAt });
}

/** An experiment holding an imported model: its setup, and a run with its weights. */
export function importedExperiment(imported: ImportedModel, options: { name: string; source: string; createdAt: Date }): Experiment {
  const experiment = createExperiment(imported.setup, {
    name: options.name.slice(0, LIMITS.name) || 'Imported model',
    notes: [`Imported from ${options.source}.`, ...imported.notes].join('\n').slice(0, LIMITS.notes),
    app: { name: APP_NAME, version: APP_VERSION },
  });
  return { ...experiment, runs: [importedRun(imported, options.createdAt)] };
}

function compiled(design: Design): Plan {
  const result = compileDesign(design);
  if (!result.ok) throw new OnnxImportError(`The model's graph is not a network NN Designer can run: ${result.problems[0].message}`);
  return result.plan;
}

interface Rebuilt {
  design: Design;
  parameters: LayerParameters[];
  notes: string[];
}

/** The design the operators describe, with its weights. */
function rebuild(model: OnnxModel): Rebuilt {
  const { graph } = model;
  const notes: string[] = [];
  const constants = new Map<string, OnnxTensor>(graph.initializers);

  const input = theOne(
    graph.inputs.filter((v) => !constants.has(v.name)),
    'inputs',
    'an NN Designer network has one Input',
  );
  const output = theOne(graph.outputs, 'outputs', 'an NN Designer network has one Output');
  const inputWidth = vectorWidth(input, 'input');

  // Who computes and who reads each tensor; only the operators the output depends on count.
  const producerOf = new Map<string, OnnxNode>();
  for (const node of graph.nodes) {
    for (const t of node.outputs) {
      if (!t) continue;
      if (producerOf.has(t) || t === input.name || constants.has(t)) refuse(node, `it computes ${quoted(t)}, which the graph already has`, 'Give each tensor one producer (an ONNX graph is in single-assignment form)');
      producerOf.set(t, node);
    }
  }
  if (constants.has(output.name) || (!producerOf.has(output.name) && output.name !== input.name)) {
    throw new OnnxImportError(`The graph's output ${quoted(output.name)} is ${constants.has(output.name) ? 'a constant' : 'computed by no operator'}: there is no network to import`);
  }
  const live = liveNodes(producerOf, output.name);
  const dead = graph.nodes.length - live.size;
  if (dead > 0) notes.push(`${count(dead)} operator${dead === 1 ? '' : 's'} that the output does not depend on ${dead === 1 ? 'was' : 'were'} left out.`);
  const readers = new Map<string, OnnxNode[]>();
  for (const node of graph.nodes) {
    if (!live.has(node)) continue;
    if (node.domain !== '' && node.domain !== 'ai.onnx') refuse(node, `it is an operator of the domain ${quoted(node.domain)}; NN Designer reads the standard ONNX operators`);
    for (const t of node.inputs) {
      if (!t) continue;
      const list = readers.get(t);
      if (list) list.push(node);
      else readers.set(t, [node]);
    }
  }

  const nodes: DesignNode[] = [];
  const edges: DesignEdge[] = [];
  /** The design node computing each tensor, and each tensor's width. */
  const nodeOf = new Map<string, DesignNode>();
  const widthOf = new Map<string, number>();
  /** The tensor each design node computes as its own output (merges may take more inputs through it). */
  const ownOutput = new Map<string, string>();
  const inputsOf = new Map<string, string[]>();
  const weightsOf = new Map<string, () => { W: Float64Array; b: Float64Array }>();
  let weightCount = 0;
  const made = new Map<string, number>();

  const inputNode: DesignNode = { id: 'input', type: 'input', position: { x: 0, y: 0 }, params: { units: inputWidth } };
  const place = (node: DesignNode, tensor: string, width: number, from: string[]): void => {
    nodes.push(node);
    inputsOf.set(node.id, []);
    connect(node, from);
    nodeOf.set(tensor, node);
    widthOf.set(tensor, width);
    ownOutput.set(node.id, tensor);
  };
  const connect = (node: DesignNode, from: string[]): void => {
    const ins = inputsOf.get(node.id) as string[];
    for (const t of from) {
      const source = nodeOf.get(t) as DesignNode;
      ins.push(source.id);
      edges.push({ id: `e-${source.id}-${node.id}-${edges.length + 1}`, source: source.id, target: node.id });
    }
  };
  place(inputNode, input.name, inputWidth, []);

  const consumed = new Set<OnnxNode>();
  const ctx: OnnxReadContext = {
    constant: (t) => constants.get(t) ?? null,
    width: (t) => widthOf.get(t) as number,
    soleReader: (t) => {
      const r = readers.get(t);
      return r && r.length === 1 && t !== output.name ? r[0] : null;
    },
    readers: (t) => readers.get(t)?.length ?? 0,
    readersOf: (t) => readers.get(t) ?? [],
    isOutput: (t) => t === output.name,
    producer: (t) => {
      const node = nodeOf.get(t);
      return node && ownOutput.get(node.id) === t ? { type: node.type, inputs: (inputsOf.get(node.id) as string[]).length } : null;
    },
    refuse,
  };
  const byOp = readersByOp();
  // Constants are known before the walk: a bias may come from a Constant after the MatMul it belongs to.
  for (const node of graph.nodes) if (live.has(node) && node.op === 'Constant') constants.set(node.outputs[0], constantValue(node, ctx));

  for (const node of graph.nodes) {
    if (!live.has(node) || consumed.has(node)) continue;
    for (const t of node.inputs) {
      if (!t || constants.has(t) || nodeOf.has(t)) continue;
      const later = producerOf.get(t);
      if (later) refuse(node, `it reads ${quoted(t)} before ${where(later)} computes it: the graph's operators are not in order`);
      if (node.op !== 'Constant') refuse(node, `it reads ${quoted(t)}, which nothing in the graph computes`);
    }
    if ((PASS_THROUGH as readonly string[]).includes(node.op)) {
      passThrough(node, ctx, constants, nodeOf, widthOf);
      consumed.add(node);
      continue;
    }
    const candidates = byOp.get(node.op);
    if (!candidates) {
      refuse(node, `NN Designer does not read the operator ${node.op}`, `It reads ${[...byOp.keys(), ...PASS_THROUGH].join(', ')} on a batch of vectors`);
    }
    let read: OnnxNodeRead<Params> | OnnxMergeRead | null = null;
    let type: NodeType = candidates[0].type;
    for (const c of candidates) {
      read = c.reader.read(node, ctx);
      type = c.type;
      if (read) break;
    }
    if (!read) refuse(node, 'it is not a layer NN Designer can hold here');
    for (const n of read.nodes) consumed.add(n);
    if ('into' in read) {
      const target = nodeOf.get(read.into) as DesignNode;
      const ins = inputsOf.get(target.id) as string[];
      const full = ins.length + read.inputs.length > MAX_MERGE_INPUTS;
      const twice = read.inputs.some((t) => ins.includes((nodeOf.get(t) as DesignNode).id));
      if (!full && !twice) {
        connect(target, read.inputs);
        nodeOf.set(read.output, target);
        widthOf.set(read.output, widthOf.get(read.into) as number);
        ownOutput.set(target.id, read.output);
        continue;
      }
      // A merge that cannot take more: a new one of its kind, reading it.
      read = { params: {}, inputs: [read.into, ...read.inputs], output: read.output, nodes: read.nodes };
      type = target.type;
    }
    const kind = kindOf(type);
    const sources = read.inputs.map((t) => (nodeOf.get(t) as DesignNode).id);
    if (new Set(sources).size < sources.length) refuse(node, 'it reads the output of one layer twice: NN Designer connects two layers once');
    const inWidths = read.inputs.map((t) => widthOf.get(t) as number);
    const width = kind.infer(read.params, inWidths);
    if (typeof width !== 'number') refuse(node, width[0].message);
    made.set(type, (made.get(type) ?? 0) + 1);
    const id = kind.role === 'output' ? 'output' : `${type}-${made.get(type)}`;
    const label = node.name.trim().slice(0, LIMITS.name);
    const designNode = { id, type, position: { x: 0, y: 0 }, params: read.params, ...(label ? { label } : {}) } as DesignNode;
    if (kind.trainable && read.weights) {
      const { fanIn, fanOut } = kind.trainable.shape(read.params, inWidths, width);
      checkLayerWeights(node, fanIn, fanOut);
      weightCount += fanIn * fanOut + fanOut;
      weightsOf.set(id, read.weights);
    }
    place(designNode, read.output, width, read.inputs);
  }

  // The Output: a dense layer with a loss. A graph that ends otherwise (a Softmax on its own, an
  // Add) gets one with identity weights, which predicts the same.
  const last = nodeOf.get(output.name) as DesignNode;
  const width = widthOf.get(output.name) as number;
  const declared = vectorWidth(output, 'output', true);
  if (declared !== null && declared !== width) throw new OnnxImportError(`The graph's output ${quoted(output.name)} is declared ${declared} wide, but its operators compute ${width} values per sample`);
  if (last.type !== 'output') {
    addIdentityOutput(last, width, nodes, edges, weightsOf);
    weightCount += width * width + width;
    notes.push(
      `The model ends in ${last.type === 'activation' ? `a ${String(last.params.activation)} on its own` : `${kindOf(last.type).label}`}, not in a layer with weights: NN Designer's Output is a dense layer, so one with identity weights (${width}×${width}, bias 0) was added. It predicts the same; training trains it too.`,
    );
  }
  checkFileLimits(nodes.length, edges.length, weightCount);

  const design: Design = { nodes, edges };
  const plan = compiled(design);
  const parameters = plan.trainable.map((k) => {
    const weights = weightsOf.get(plan.steps[k].id);
    if (!weights) throw new OnnxImportError(`Layer ${plan.steps[k].id} has no weights in the model`);
    return weights();
  });
  const floats = [...constants.values()].some((t) => t.dataType === TENSOR_TYPES.FLOAT);
  if (floats) notes.push('The weights are float32, as the model keeps them; NN Designer computes in float64.');
  const positions = layeredPositions(design, () => ({ height: 120, anchor: 60 }));
  return { design: { nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })), edges }, parameters, notes };
}

/** The operators the graph's output depends on. */
function liveNodes(producerOf: Map<string, OnnxNode>, output: string): Set<OnnxNode> {
  const live = new Set<OnnxNode>();
  const stack = [output];
  while (stack.length > 0) {
    const node = producerOf.get(stack.pop() as string);
    if (!node || live.has(node)) continue;
    live.add(node);
    for (const t of node.inputs) if (t) stack.push(t);
  }
  return live;
}

function theOne(values: OnnxValueInfo[], what: string, why: string): OnnxValueInfo {
  if (values.length === 1) return values[0];
  const names = values.slice(0, 5).map((v) => quoted(v.name)).join(', ');
  throw new OnnxImportError(`The graph has ${values.length === 0 ? `no ${what}` : `${count(values.length)} ${what} (${names}${values.length > 5 ? ', …' : ''})`}: ${why}`);
}

/** The width of the graph's input or output: a batch of vectors, [N, width]. */
function vectorWidth(v: OnnxValueInfo, what: 'input' | 'output', optional: true): number | null;
function vectorWidth(v: OnnxValueInfo, what: 'input' | 'output'): number;
function vectorWidth(v: OnnxValueInfo, what: 'input' | 'output', optional = false): number | null {
  const name = `The graph's ${what} ${quoted(v.name)}`;
  if (v.elemType !== 0 && v.elemType !== TENSOR_TYPES.FLOAT && v.elemType !== TENSOR_TYPES.DOUBLE) {
    throw new OnnxImportError(`${name} holds ${typeName(v.elemType)} values; NN Designer's networks take and give float32 or float64`);
  }
  if (!v.shape) {
    if (optional) return null;
    throw new OnnxImportError(`${name} has no shape: NN Designer needs to know its width`);
  }
  const shape = `[${v.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
  if (v.shape.length !== 2) throw new OnnxImportError(`${name} has shape ${shape}: NN Designer's networks take a batch of vectors, shape [N, width]`);
  const width = v.shape[1];
  if (typeof width !== 'number') {
    if (optional) return null;
    throw new OnnxImportError(`${name} has shape ${shape}, with no fixed width`);
  }
  if (width < 1 || width > MAX_UNITS) throw new OnnxImportError(`${name} is ${count(width)} values wide; an NN Designer layer has from 1 to ${count(MAX_UNITS)} units`);
  return width;
}

/** Identity, Flatten and Reshape where they change nothing on a batch of vectors; Constant as a constant. */
function passThrough(node: OnnxNode, ctx: OnnxReadContext, constants: Map<string, OnnxTensor>, nodeOf: Map<string, DesignNode>, widthOf: Map<string, number>): void {
  const [x] = node.inputs;
  const out = node.outputs[0];
  if (node.op === 'Constant') return; // read before the walk
  if (!x || constants.has(x)) refuse(node, 'it applies to a constant, not to data flowing through the graph');
  const width = widthOf.get(x) as number;
  if (node.op === 'Identity') checkAttributes(node, ctx, {});
  else if (node.op === 'Flatten') {
    checkAttributes(node, ctx, { axis: ATTRIBUTE.INT });
    const axis = intAttribute(node, 'axis', 1);
    if (axis !== 1 && axis !== -1) refuse(node, `its attribute axis is ${axis}: on a batch of vectors that flattens the samples together`, 'Flatten from axis 1');
  } else {
    checkAttributes(node, ctx, { allowzero: ATTRIBUTE.INT });
    const shape = node.inputs[1] ? constants.get(node.inputs[1]) : undefined;
    if (!shape) refuse(node, 'its shape is computed by the graph: NN Designer reads a Reshape only when its shape is a constant that keeps each sample a vector');
    const [rows, cols] = shape.dims.length === 1 && shape.size === 2 ? Array.from(shape.values()) : [NaN, NaN];
    const zeroCopies = intAttribute(node, 'allowzero', 0) === 0;
    const keepsRows = rows === -1 || (rows === 0 && zeroCopies);
    const keepsCols = cols === width || (cols === -1 && rows !== -1) || (cols === 0 && zeroCopies);
    if (!keepsRows || !keepsCols) {
      refuse(node, `it reshapes the ${width}-wide vectors to ${shape.dims.length === 1 && shape.size <= 8 ? shapeText(Array.from(shape.values())) : `shape ${shapeText(shape.dims)}`}: NN Designer reads a Reshape only where it changes nothing ([-1, ${width}])`);
    }
  }
  nodeOf.set(out, nodeOf.get(x) as DesignNode);
  widthOf.set(out, width);
}

/** A Constant node's value. */
function constantValue(node: OnnxNode, ctx: OnnxReadContext): OnnxTensor {
  checkAttributes(node, ctx, { value: ATTRIBUTE.TENSOR, value_float: ATTRIBUTE.FLOAT, value_floats: ATTRIBUTE.FLOATS, value_int: ATTRIBUTE.INT, value_ints: ATTRIBUTE.INTS });
  const out = node.outputs[0];
  const a = node.attributes;
  const value = a.get('value')?.t;
  if (value) return { ...value, name: out };
  const f = a.get('value_float');
  if (f) return tensorOf(out, [], TENSOR_TYPES.FLOAT, [f.f]);
  const fs = a.get('value_floats');
  if (fs) return tensorOf(out, [fs.floats.length], TENSOR_TYPES.FLOAT, fs.floats);
  const i = a.get('value_int');
  if (i) return tensorOf(out, [], TENSOR_TYPES.INT64, [i.i]);
  const is = a.get('value_ints');
  if (is) return tensorOf(out, [is.ints.length], TENSOR_TYPES.INT64, is.ints);
  refuse(node, 'it has no value NN Designer reads (value, value_float(s) or value_int(s))');
}

/** Appends an Output with identity weights after the graph's last node, or turns a last Activation into one. */
function addIdentityOutput(last: DesignNode, width: number, nodes: DesignNode[], edges: DesignEdge[], weightsOf: Map<string, () => { W: Float64Array; b: Float64Array }>): void {
  const identity = (): { W: Float64Array; b: Float64Array } => {
    const W = new Float64Array(width * width);
    for (let i = 0; i < width; i++) W[i * width + i] = 1;
    return { W, b: new Float64Array(width) };
  };
  checkLayerWeights(null, width, width);
  const fold = last.type === 'activation' && !edges.some((e) => e.source === last.id);
  const setting = fold ? (last.params as { activation: string; slope?: number }) : { activation: 'linear' };
  const activation = setting.activation as (typeof KINDS.output.defaults)['activation'];
  const loss = activation === 'softmax' && width > 1 ? 'cross_entropy' : activation === 'sigmoid' ? 'bce' : 'mse';
  const params = { units: width, activation, loss, ...(setting.slope !== undefined ? { slope: setting.slope } : {}) } as (typeof KINDS.output)['defaults'];
  const out: DesignNode = { id: 'output', type: 'output', position: { x: 0, y: 0 }, params, ...(fold && last.label ? { label: last.label } : {}) };
  if (fold) {
    nodes.splice(nodes.indexOf(last), 1, out);
    for (const e of edges) if (e.target === last.id) e.target = out.id;
  } else {
    nodes.push(out);
    edges.push({ id: `e-${last.id}-output-${edges.length + 1}`, source: last.id, target: out.id });
  }
  weightsOf.set(out.id, identity);
}

/** One layer's weights must fit a file's weight matrix. */
function checkLayerWeights(node: OnnxNode | null, fanIn: number, fanOut: number): void {
  if (fanIn * fanOut <= LIMITS.layerWeights) return;
  const what = `a layer of ${count(fanIn)} × ${count(fanOut)} = ${count(fanIn * fanOut)} weights; an experiment file holds at most ${count(LIMITS.layerWeights)} in one layer`;
  if (node) refuse(node, `it is ${what}`);
  throw new OnnxImportError(`The Output would be ${what}`);
}

/** What an experiment file and the engine can hold: layers, connections, weights. */
function checkFileLimits(layers: number, connections: number, weights: number): void {
  const over: string[] = [];
  if (layers > LIMITS.nodes) over.push(`${count(layers)} layers (a file holds at most ${count(LIMITS.nodes)})`);
  if (connections > LIMITS.edges) over.push(`${count(connections)} connections (a file holds at most ${count(LIMITS.edges)})`);
  if (weights > MAX_PARAMETERS) over.push(`${count(weights)} weights and biases (a network holds at most ${count(MAX_PARAMETERS)})`);
  if (over.length > 0) throw new OnnxImportError(`The model is larger than NN Designer holds: it makes ${over.join(', ')}`);
}

/** The setup in the metadata, when it passes the file checks and describes the same network and scaling; else why not. */
function metadataSetup(model: OnnxModel, design: Design, scaling: PeeledScaling): { setup: ExperimentSetup | null; why?: string } {
  const text = model.metadata.get(SETUP_METADATA_KEY);
  if (text === undefined) return { setup: null };
  let setup: ExperimentSetup;
  try {
    // The metadata is the file's word only: it must pass the same checks as an experiment file.
    const parsed = SetupSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return { setup: null, why: "The model's NN Designer metadata is not a valid design, so the design was rebuilt from its operators." };
    setup = parsed.data;
  } catch {
    return { setup: null, why: "The model's NN Designer metadata is not readable JSON, so the design was rebuilt from its operators." };
  }
  const theirs = compileDesign(setup.design);
  const ours = compileDesign(design);
  if (theirs.ok && ours.ok && signature(theirs.plan) === signature(ours.plan)) {
    if (scalingAgrees(setup, scaling)) return { setup };
    return { setup: null, why: "The model's NN Designer metadata describes other scaling than the model's own Sub, Div, Mul and Add constants, so the design was rebuilt from its operators." };
  }
  return { setup: null, why: "The model's NN Designer metadata describes another network than its operators, so the design was rebuilt from the operators." };
}

/**
 * What a plan computes, without the steps a model holds as Identity (Dropout, a linear
 * Activation), a linear Dense layer and the Activation that alone reads it counted as one Dense
 * layer with that activation (the import reads Gemm + Relu so): kinds, widths, activations,
 * slopes (as the model's float32), wiring.
 */
function signature(plan: Plan): string {
  const readers = new Array<number>(plan.steps.length).fill(0);
  for (const s of plan.steps) for (const i of s.inputs) readers[i]++;
  /** Each step's place among the kept ones; an identity stands for what feeds it. */
  const place = new Map<number, number>();
  const kept: { type: string; width: number; activation: string; slope: number | ''; inputs: string }[] = [];
  plan.steps.forEach((s, k) => {
    const { activation = '', slope = LEAKY_SLOPE } = s.params as { activation?: string; slope?: number };
    const leaky = activation === 'leaky_relu' ? Math.fround(slope) : '';
    if (s.type === 'dropout' || (s.type === 'activation' && activation === 'linear')) return void place.set(k, place.get(s.inputs[0]) as number);
    const from = s.inputs[0];
    const into = s.type === 'activation' ? kept[place.get(from) as number] : undefined;
    if (into && into.type === 'dense' && into.activation === 'linear' && readers[from] === 1 && plan.steps[from].type === 'dense') {
      Object.assign(into, { activation, slope: leaky });
      return void place.set(k, place.get(from) as number);
    }
    place.set(k, kept.length);
    kept.push({ type: s.type === 'output' ? 'dense' : s.type, width: s.width, activation, slope: leaky, inputs: s.inputs.map((i) => place.get(i)).join(',') });
  });
  return kept.map((s) => `${s.type}:${s.width}:${s.activation}:${s.slope}:${s.inputs}`).join(' ');
}
