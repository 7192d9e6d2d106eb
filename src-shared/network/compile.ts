/**
 * Validates a design graph and turns it into a plan the engine runs: the layers in topological
 * order, each with its inputs (in edge order) and widths. Every problem is reported at once, on
 * the node or connection it concerns, with its JSON path in the experiment file and the fix.
 */
import type { NetworkSpec } from '../engine/network';
import type { Loss } from '../engine/losses';
import { isNodeType, kindOf, type NodeType, type ParamField, type Params, type ShapeProblem } from '../layers';
import { removeEdge, setParams, type SetupFix } from '../setup-fix';
import type { Design, DesignNode } from './design';

/** One thing wrong with a design, said so a person can fix it. */
export interface DesignProblem {
  /** The node (or edge) it concerns, so the editor can mark it. */
  nodeId?: string;
  edgeId?: string;
  /** Where in the experiment file (`setup.design.nodes[2].params.units`). */
  path?: string;
  message: string;
  fix: string;
  /** A layer's inputs do not fit it (an Add over unequal widths): what a new connection can cause. */
  shape?: true;
  /** The fix as edits, when it names what to set or delete: one click (or a lesson) applies all of it. */
  apply?: SetupFix;
}

export interface PlanStep {
  id: string;
  type: NodeType;
  params: Params;
  /** Indices into the plan's steps of its inputs, in edge order. */
  inputs: number[];
  inWidths: number[];
  width: number;
  /** Its weights' shape, for kinds that have weights. */
  weights?: { fanIn: number; fanOut: number };
}

export interface Plan {
  /** Topological order, ties broken by the design's node order: the Input first, the Output last. */
  steps: PlanStep[];
  loss: Loss;
  inputSize: number;
  outputSize: number;
  /** Steps with weights, in plan order: the order weights are drawn in and runs save them in. */
  trainable: number[];
  parameterCount: number;
  /** The same network as a dense chain (Input → Dense… → Output), which runs in the WebAssembly kernel. */
  chain: NetworkSpec | null;
}

/** What the editor shows on each node even while the graph has problems. */
export interface NodeFacts {
  /** Its output width, when its inputs are known. */
  width: number | null;
  /** Weights and biases it holds. */
  parameters: number;
}

export type CompileResult =
  | { ok: true; plan: Plan; facts: Record<string, NodeFacts>; problems: [] }
  | { ok: false; problems: DesignProblem[]; facts: Record<string, NodeFacts> };

/** What the task asks of the design's ends. */
export interface TaskShape {
  inputs: number;
  outputs: number;
  /** For classification: the number of classes (two classes may use one output or two). */
  classes?: number;
  name?: string;
}

/** Most weights and biases one network may hold: 50 M is 400 MB of float64, twice with gradients. */
export const MAX_PARAMETERS = 50_000_000;

export function nodeName(node: Pick<DesignNode, 'id' | 'type' | 'label'>): string {
  const kind = isNodeType(node.type) ? kindOf(node.type).label : String(node.type);
  return node.label?.trim() || `${kind} (${node.id})`;
}

const nodePath = (i: number, param?: string): string => `setup.design.nodes[${i}]${param ? `.params.${param}` : ''}`;
const edgePath = (j: number): string => `setup.design.edges[${j}]`;

/** Why a value is not acceptable for a field, or null. */
export function fieldProblem(field: ParamField, value: unknown): string | null {
  if (value === undefined && field.type === 'number' && field.default !== undefined) return null;
  switch (field.type) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= field.min && value <= field.max ? null : `a whole number from ${field.min} to ${field.max}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= field.min && value <= field.max ? null : `a number from ${field.min} to ${field.max}`;
    case 'choice':
      return typeof value === 'string' && field.options.includes(value) ? null : `one of ${field.options.join(', ')}`;
    case 'toggles':
      return togglesProblem(field, value);
  }
}

/** Why a toggles field's value is not a list of distinct option names, or null. */
function togglesProblem(field: Extract<ParamField, { type: 'toggles' }>, value: unknown): string | null {
  const expected = `a list of at most ${field.maxItems} ${field.patternText}, each once`;
  if (!Array.isArray(value) || value.length > field.maxItems) return expected;
  const bad = value.find((v) => typeof v !== 'string' || !field.pattern.test(v));
  if (bad !== undefined) return `${expected}; ${JSON.stringify(bad)} is none`;
  const twice = value.find((v, i) => value.indexOf(v) !== i);
  return twice === undefined ? null : `${expected}; ${JSON.stringify(twice)} is there twice`;
}

/** What is wrong with a setting and what to set it to, in the words of its field. */
function fieldMessage(name: string, field: ParamField, value: unknown): { message: string; fix: string } {
  const what = field.label.toLowerCase();
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  switch (field.type) {
    case 'int':
      return { message: `${name} has ${shown} ${what}`, fix: `Give it a whole number of ${what} from ${field.min} to ${field.max}` };
    case 'number':
      return { message: `${name} has ${what} ${shown}`, fix: `Set its ${what} to a number from ${field.min} to ${field.max}` };
    case 'choice':
      return { message: `${name} has an unknown ${what} ${shown}`, fix: `Choose one of ${field.options.join(', ')}` };
    case 'toggles':
      return { message: `${name} has ${what} that are not ${field.patternText}`, fix: `Give it ${fieldProblem(field, value) ?? ''}` };
  }
}

export function compileDesign(design: Design, task?: TaskShape): CompileResult {
  const problems: DesignProblem[] = [];
  const nodes = design.nodes;
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (index.has(node.id)) problems.push({ nodeId: node.id, path: `${nodePath(i)}.id`, message: `Two nodes share the id "${node.id}"`, fix: 'Give each node its own id' });
    else index.set(node.id, i);
  });
  const known = nodes.map((node, i) => checkNode(node, i, problems));

  const roleOf = (i: number): string | null => (known[i] ? kindOf(nodes[i].type).role : null);
  const inputs = nodes.map((_, i) => i).filter((i) => roleOf(i) === 'input');
  const outputs = nodes.map((_, i) => i).filter((i) => roleOf(i) === 'output');
  if (inputs.length === 0) problems.push({ path: 'setup.design.nodes', message: 'The design has no Input layer', fix: 'Drag an Input layer onto the canvas' });
  for (const i of inputs.slice(1)) {
    problems.push({ nodeId: nodes[i].id, path: nodePath(i), message: `${nodeName(nodes[i])} is a second Input layer`, fix: 'Keep one Input layer and delete the others' });
  }
  if (outputs.length === 0) {
    problems.push({ path: 'setup.design.nodes', message: 'The design has no Output layer', fix: 'Drag an Output layer onto the canvas and connect the last layer to it' });
  }
  for (const i of outputs.slice(1)) {
    problems.push({ nodeId: nodes[i].id, path: nodePath(i), message: `${nodeName(nodes[i])} is a second Output layer`, fix: 'Keep one Output layer and delete the others' });
  }

  // Connections that can be part of a network; the rest are reported and left out.
  const incoming: number[][] = nodes.map(() => []);
  const outgoing: number[][] = nodes.map(() => []);
  const seenPairs = new Set<string>();
  design.edges.forEach((edge, j) => {
    const s = index.get(edge.source);
    const t = index.get(edge.target);
    // Each of these connections cannot be part of any network: deleting it is the whole fix.
    const report = (nodeAt: number | undefined, message: string, fix: string): void =>
      void problems.push({ ...(nodeAt !== undefined ? { nodeId: nodes[nodeAt].id } : {}), edgeId: edge.id, path: edgePath(j), message, fix, apply: removeEdge(edge.id) });
    if (s === undefined || t === undefined) {
      return report(undefined, `A connection points to a layer that does not exist (${s === undefined ? edge.source : edge.target})`, 'Delete the connection');
    }
    if (roleOf(s) === 'output') return report(s, `${nodeName(nodes[s])} feeds another layer, but the Output must be last`, 'Delete the connection leaving the Output layer');
    if (roleOf(t) === 'input') return report(t, `${nodeName(nodes[t])} receives a connection, but the Input must be first`, 'Delete the connection into the Input layer');
    if (s === t) return report(s, `${nodeName(nodes[s])} is connected to itself`, 'Delete the loop connection');
    const pair = `${s}>${t}`;
    if (seenPairs.has(pair)) return report(t, `${nodeName(nodes[s])} is connected to ${nodeName(nodes[t])} twice`, 'Delete one of the two connections');
    seenPairs.add(pair);
    incoming[t].push(s);
    outgoing[s].push(t);
  });

  // How many inputs each kind takes.
  nodes.forEach((node, i) => {
    if (!known[i]) return;
    const kind = kindOf(node.type);
    const n = incoming[i].length;
    if (kind.role === 'input') return;
    const at = { nodeId: node.id, path: nodePath(i) };
    if (n < kind.inputs.min && n > 0) {
      problems.push({
        ...at,
        message: `${nodeName(node)} has ${n} input${n === 1 ? '' : 's'}; ${kind.label} merges ${kind.inputs.min} or more`,
        fix: 'Connect another layer into it, or delete it and connect its input onward',
      });
    } else if (n > kind.inputs.max) {
      problems.push({
        ...at,
        message: kind.inputs.max === 1 ? `${nodeName(node)} has ${n} inputs, but a ${kind.label} layer takes one` : `${nodeName(node)} has ${n} inputs; ${kind.label} takes at most ${kind.inputs.max}`,
        fix: kind.inputs.max === 1 ? 'Merge them first with an Add or Concatenate layer, or delete a connection' : 'Delete some connections, or merge in two steps',
      });
    }
  });

  const order = topologicalOrder(nodes.length, incoming, outgoing);
  const inCycle = new Set(nodes.map((_, i) => i).filter((i) => !order.placed.has(i)));
  reportCycles(nodes, design, index, inCycle, outgoing, problems);

  // Every layer must lie on a path from the Input to the Output.
  // Paths are traced from the first Input to the first Output (a second one is a problem of its own).
  const input = inputs[0] as number | undefined;
  const output = outputs[0] as number | undefined;
  const fromInput = reach(input, outgoing);
  const toOutput = reach(output, incoming);
  nodes.forEach((node, i) => {
    if (!known[i] || inCycle.has(i) || roleOf(i) === 'input' || input === undefined) return;
    const at = { nodeId: node.id, path: nodePath(i) };
    if (!fromInput.has(i)) {
      problems.push({ ...at, message: `${nodeName(node)} is not on the path from Input to Output`, fix: incoming[i].length > 0 ? 'Connect this branch to the Input, or delete it' : 'Connect a layer into it, or delete it' });
    } else if (output !== undefined && !toOutput.has(i)) {
      problems.push({
        ...at,
        message: outgoing[i].length === 0 ? `${nodeName(node)} is not connected to the next layer` : `${nodeName(node)} does not lead to the Output`,
        fix: `Connect ${nodeName(node)} to the next layer or the Output`,
      });
    }
  });
  if (input !== undefined && output !== undefined && outgoing[input].length === 0) {
    const name = nodeName(nodes[input]);
    problems.push({ nodeId: nodes[input].id, path: nodePath(input), message: `${name} is not connected to the next layer`, fix: `Connect ${name} to the first hidden layer or the Output` });
  }

  // Widths, in topological order, as far as they can be known.
  const widths: (number | null)[] = nodes.map(() => null);
  const facts: Record<string, NodeFacts> = {};
  for (const i of order.list) {
    const node = nodes[i];
    if (!known[i]) continue;
    const kind = kindOf(node.type);
    const ins = incoming[i].map((k) => widths[k]);
    const params = node.params as Params;
    let width: number | null = null;
    if (kind.role === 'input' || (ins.length >= kind.inputs.min && ins.length <= kind.inputs.max && ins.every((w) => w !== null))) {
      const inferred = kind.infer(params, ins as number[]);
      if (typeof inferred === 'number') width = inferred;
      else if (fromInput.has(i)) for (const p of inferred) problems.push({ ...shapeProblem(node, i, p), shape: true });
    }
    // A kind with units of its own (Dense, Output) is that wide even before it is connected.
    if (width === null && typeof params.units === 'number' && fieldProblem(kind.fields.units, params.units) === null) width = params.units;
    widths[i] = width;
    const inputsKnown = ins.length > 0 && ins.every((w) => w !== null);
    const shape = width !== null && kind.trainable && inputsKnown ? kind.trainable.shape(params, ins as number[], width) : null;
    facts[node.id] = { width, parameters: shape ? (shape.fanIn + 1) * shape.fanOut : 0 };
  }
  for (const node of nodes) facts[node.id] ??= { width: null, parameters: 0 };

  if (task && input !== undefined && widths[input] !== null && widths[input] !== task.inputs) {
    problems.push({
      nodeId: nodes[input].id,
      path: nodePath(input, 'units'),
      message: `Input has ${widths[input]} units but ${task.name ?? 'the task'} has ${task.inputs} inputs`,
      fix: `Set the Input layer to ${task.inputs} units`,
      apply: setParams(nodes[input].id, { units: task.inputs }, `${layerWord(nodes[input])}: ${task.inputs} units`),
    });
  }
  if (task && output !== undefined && known[output]) {
    const params = nodes[output].params as { units: number; activation: string };
    const units = params.units;
    const allowed = task.classes === 2 ? [1, 2] : [task.outputs];
    if (!allowed.includes(units)) {
      const node = nodes[output];
      const name = layerWord(node);
      const classes = task.classes ?? 0;
      // k classes: one unit each, softmax over them, judged by cross-entropy (units alone would stay sigmoid with squared error, and saturate).
      // Two classes on a softmax: one unit each as well; otherwise one output.
      const perClass = classes > 2 || (classes === 2 && params.activation === 'softmax');
      const want = classes > 2 ? classes : perClass ? 2 : task.outputs;
      problems.push({
        nodeId: node.id,
        path: nodePath(output, 'units'),
        message: classes > 2 ? `Output has ${units} unit${units === 1 ? '' : 's'} but ${task.name ?? 'the task'} has ${classes} classes` : `Output has ${units} units but ${task.name ?? 'the task'} needs ${task.outputs}`,
        fix: perClass ? `Set the Output layer to ${want} units, one per class, softmax with cross-entropy` : `Set the Output layer to ${want} unit${want === 1 ? '' : 's'}`,
        apply: perClass
          ? setParams(node.id, { units: want, activation: 'softmax', loss: 'cross_entropy' }, `${name}: ${want} units, softmax, cross-entropy`)
          : setParams(node.id, { units: want }, `${name}: ${want} unit${want === 1 ? '' : 's'}`),
      });
    }
  }

  const parameterCount = Object.values(facts).reduce((sum, f) => sum + f.parameters, 0);
  if (parameterCount > MAX_PARAMETERS) {
    problems.push({
      path: 'setup.design.nodes',
      message: `The network holds ${parameterCount.toLocaleString('en-US')} weights and biases, more than the ${MAX_PARAMETERS.toLocaleString('en-US')} this app trains`,
      fix: 'Use fewer or smaller layers',
    });
  }

  if (problems.length > 0 || input === undefined || output === undefined) return { ok: false, problems, facts };
  // No problems: one Input, one Output, every layer on a path between them, no loops.
  return { ok: true, plan: buildPlan(design, order.list, incoming, widths, parameterCount), facts, problems: [] };
}

/** Checks a node's kind and settings; false when its kind is unknown (nothing else can be said). */
function checkNode(node: DesignNode, i: number, problems: DesignProblem[]): boolean {
  if (!isNodeType(node.type)) {
    problems.push({ nodeId: node.id, path: `${nodePath(i)}.type`, message: `${node.id} is a layer of an unknown kind "${String(node.type)}"`, fix: 'Delete it, or open the file with the version of NN Designer that wrote it' });
    return false;
  }
  const kind = kindOf(node.type);
  const params = (node.params ?? {}) as Params;
  let valid = true;
  for (const [key, field] of Object.entries(kind.fields)) {
    if (!fieldProblem(field, params[key])) continue;
    valid = false;
    problems.push({ nodeId: node.id, path: nodePath(i, key), ...fieldMessage(nodeName(node), field, params[key]) });
  }
  if (valid) for (const p of kind.check?.(params) ?? []) problems.push(shapeProblem(node, i, p));
  return true;
}

function shapeProblem(node: DesignNode, i: number, p: ShapeProblem): DesignProblem {
  return { nodeId: node.id, path: nodePath(i, p.param), message: p.message, fix: p.fix, ...(p.set ? { apply: setParams(node.id, p.set.params, p.set.summary.replace(/^[^:]+:/, `${layerWord(node)}:`)) } : {}) };
}

/** A layer as a fix's summary names it: its label, or its kind ("Output: 3 units"). */
function layerWord(node: Pick<DesignNode, 'type' | 'label'>): string {
  return node.label?.trim() || (isNodeType(node.type) ? kindOf(node.type).label : String(node.type));
}

/** Kahn's algorithm, always taking the ready node that comes first in the design. */
function topologicalOrder(n: number, incoming: number[][], outgoing: number[][]): { list: number[]; placed: Set<number> } {
  const remaining = incoming.map((ins) => ins.length);
  const ready = new Set<number>();
  for (let i = 0; i < n; i++) if (remaining[i] === 0) ready.add(i);
  const list: number[] = [];
  while (ready.size > 0) {
    const next = Math.min(...ready);
    ready.delete(next);
    list.push(next);
    for (const t of outgoing[next]) if (--remaining[t] === 0) ready.add(t);
  }
  return { list, placed: new Set(list) };
}

/** Names each loop once, on every node in it and on the connection that closes it. */
function reportCycles(nodes: DesignNode[], design: Design, index: Map<string, number>, inCycle: Set<number>, outgoing: number[][], problems: DesignProblem[]): void {
  const reported = new Set<number>();
  for (const start of inCycle) {
    if (reported.has(start)) continue;
    const loop = findLoop(start, inCycle, outgoing);
    if (!loop) continue;
    const names = [...loop, loop[0]].map((i) => nodeName(nodes[i])).join(' → ');
    const last = loop[loop.length - 1];
    const closing = design.edges.findIndex((e) => index.get(e.source) === last && index.get(e.target) === loop[0]);
    for (const i of loop) {
      reported.add(i);
      problems.push({
        nodeId: nodes[i].id,
        ...(closing >= 0 ? { edgeId: design.edges[closing].id, path: edgePath(closing), apply: removeEdge(design.edges[closing].id) } : { path: nodePath(i) }),
        message: `The layers ${names} form a loop`,
        fix: `Delete the connection from ${nodeName(nodes[last])} to ${nodeName(nodes[loop[0]])}, so data flows one way from Input to Output`,
      });
    }
  }
}

/** A cycle through `start` among `within`, by depth-first search, or null (start only leads into one). */
function findLoop(start: number, within: Set<number>, outgoing: number[][]): number[] | null {
  const path: number[] = [];
  const onPath = new Set<number>();
  const done = new Set<number>();
  const visit = (i: number): number[] | null => {
    path.push(i);
    onPath.add(i);
    for (const t of outgoing[i]) {
      if (!within.has(t) || done.has(t)) continue;
      if (t === start) return [...path];
      if (onPath.has(t)) continue;
      const found = visit(t);
      if (found) return found;
    }
    path.pop();
    onPath.delete(i);
    done.add(i);
    return null;
  };
  return visit(start);
}

/** Every node reachable from `from` along `next`, `from` included. */
function reach(from: number | undefined, next: number[][]): Set<number> {
  const seen = new Set<number>();
  if (from === undefined) return seen;
  const stack = [from];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (seen.has(i)) continue;
    seen.add(i);
    stack.push(...next[i]);
  }
  return seen;
}

function buildPlan(design: Design, order: number[], incoming: number[][], widths: (number | null)[], parameterCount: number): Plan {
  const position = new Map(order.map((i, k) => [i, k]));
  const steps: PlanStep[] = order.map((i) => {
    const node = design.nodes[i];
    const kind = kindOf(node.type);
    const inWidths = incoming[i].map((k) => widths[k] as number);
    const width = widths[i] as number;
    const step: PlanStep = { id: node.id, type: node.type, params: node.params as Params, inputs: incoming[i].map((k) => position.get(k) as number), inWidths, width };
    if (kind.trainable) step.weights = kind.trainable.shape(node.params as Params, inWidths, width);
    return step;
  });
  const last = steps[steps.length - 1];
  const trainable = steps.flatMap((s, k) => (s.weights ? [k] : []));
  return {
    steps,
    loss: (last.params as { loss: Loss }).loss,
    inputSize: steps[0].width,
    outputSize: last.width,
    trainable,
    parameterCount,
    chain: denseChain(steps),
  };
}

/** The plan as a NetworkSpec when it is Input → Dense… → Output, each feeding only the next. */
function denseChain(steps: PlanStep[]): NetworkSpec | null {
  const isChain = steps.every((s, k) => (k === 0 ? s.type === 'input' : (s.type === 'dense' || s.type === 'output') && s.inputs.length === 1 && s.inputs[0] === k - 1));
  const consumers = new Map<number, number>();
  for (const s of steps) for (const k of s.inputs) consumers.set(k, (consumers.get(k) ?? 0) + 1);
  if (!isChain || [...consumers.values()].some((c) => c > 1)) return null;
  const last = steps[steps.length - 1];
  return {
    inputSize: steps[0].width,
    layers: steps.slice(1).map((s) => {
      const { activation, slope } = s.params as Pick<NetworkSpec['layers'][number], 'activation' | 'slope'>;
      return slope === undefined ? { units: s.width, activation } : { units: s.width, activation, slope };
    }),
    loss: (last.params as { loss: Loss }).loss,
  };
}

/** A plan that is a dense chain, with its node ids from Input to Output; throws for other graphs. */
export function denseChainOf(plan: Plan): { spec: NetworkSpec; chain: string[] } {
  if (!plan.chain) throw new Error('This export handles chains of Dense layers only');
  return { spec: plan.chain, chain: plan.steps.map((s) => s.id) };
}
