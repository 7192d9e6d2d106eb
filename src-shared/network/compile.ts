import type { NetworkSpec } from '../engine/network';
import { ACTIVATIONS, LOSSES, MAX_UNITS, type Design, type DesignNode } from './design';

/** One thing wrong with a design, said so a person can fix it. */
export interface DesignProblem {
  /** The node (or edge) it concerns, so the editor can mark it. */
  nodeId?: string;
  edgeId?: string;
  message: string;
  fix: string;
}

export type CompileResult =
  | { ok: true; spec: NetworkSpec; /** node ids from input to output */ chain: string[]; problems: [] }
  | { ok: false; problems: DesignProblem[] };

export interface TaskShape {
  inputs: number;
  outputs: number;
  name?: string;
}

const kindName: Record<DesignNode['type'], string> = { input: 'Input', dense: 'Dense', output: 'Output' };

export function nodeName(node: DesignNode): string {
  return node.label?.trim() || `${kindName[node.type]} (${node.id})`;
}

/**
 * Validates a design and turns it into a layer plan. Designs are chains: one Input, any number of
 * Dense layers, one Output, each connected to the next. Every problem found is reported, not
 * just the first.
 */
export function compileDesign(design: Design, task?: TaskShape): CompileResult {
  const problems: DesignProblem[] = [];
  const byId = new Map<string, DesignNode>();
  for (const node of design.nodes) {
    if (byId.has(node.id)) problems.push({ nodeId: node.id, message: `Two nodes share the id "${node.id}"`, fix: 'Give each node its own id' });
    byId.set(node.id, node);
    checkParams(node, problems);
  }

  const inputs = design.nodes.filter((n) => n.type === 'input');
  const outputs = design.nodes.filter((n) => n.type === 'output');
  if (inputs.length === 0) problems.push({ message: 'The design has no Input layer', fix: 'Drag an Input layer onto the canvas' });
  if (inputs.length > 1) {
    for (const n of inputs.slice(1)) problems.push({ nodeId: n.id, message: `${nodeName(n)} is a second Input layer`, fix: 'Keep one Input layer and delete the others' });
  }
  if (outputs.length === 0) problems.push({ message: 'The design has no Output layer', fix: 'Drag an Output layer onto the canvas and connect the last layer to it' });
  if (outputs.length > 1) {
    for (const n of outputs.slice(1)) problems.push({ nodeId: n.id, message: `${nodeName(n)} is a second Output layer`, fix: 'Keep one Output layer and delete the others' });
  }

  const next = new Map<string, string>();
  const prev = new Map<string, string>();
  for (const edge of design.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) {
      problems.push({ edgeId: edge.id, message: `A connection points to a layer that does not exist (${!source ? edge.source : edge.target})`, fix: 'Delete the connection' });
      continue;
    }
    if (source.type === 'output') {
      problems.push({ nodeId: source.id, edgeId: edge.id, message: `${nodeName(source)} feeds another layer, but the Output must be last`, fix: 'Delete the connection leaving the Output layer' });
      continue;
    }
    if (target.type === 'input') {
      problems.push({ nodeId: target.id, edgeId: edge.id, message: `${nodeName(target)} receives a connection, but the Input must be first`, fix: 'Delete the connection into the Input layer' });
      continue;
    }
    if (edge.source === edge.target) {
      problems.push({ nodeId: source.id, edgeId: edge.id, message: `${nodeName(source)} is connected to itself`, fix: 'Delete the loop connection' });
      continue;
    }
    if (next.has(edge.source)) {
      problems.push({ nodeId: source.id, edgeId: edge.id, message: `${nodeName(source)} feeds more than one layer`, fix: 'Layers form a single chain: keep one outgoing connection' });
      continue;
    }
    if (prev.has(edge.target)) {
      problems.push({ nodeId: target.id, edgeId: edge.id, message: `${nodeName(target)} receives more than one connection`, fix: 'Layers form a single chain: keep one incoming connection' });
      continue;
    }
    next.set(edge.source, edge.target);
    prev.set(edge.target, edge.source);
  }

  // Walk the chain from the Input; anything not on it is dangling or part of a cycle.
  const chain: DesignNode[] = [];
  const seen = new Set<string>();
  let cursor: DesignNode | undefined = inputs[0];
  while (cursor && !seen.has(cursor.id)) {
    seen.add(cursor.id);
    chain.push(cursor);
    const nextId = next.get(cursor.id);
    cursor = nextId ? byId.get(nextId) : undefined;
  }
  if (cursor && seen.has(cursor.id)) {
    problems.push({ nodeId: cursor.id, message: `The layers after ${nodeName(cursor)} loop back on themselves`, fix: 'Remove a connection so the layers form a chain from Input to Output' });
  }
  const last = chain[chain.length - 1];
  if (inputs.length > 0 && outputs.length > 0 && last && last.type !== 'output' && !(cursor && seen.has(cursor.id))) {
    problems.push({
      nodeId: last.id,
      message: `${nodeName(last)} is not connected to the next layer`,
      fix: `Connect ${nodeName(last)} to the ${last.type === 'input' ? 'first hidden layer or the Output' : 'next layer or the Output'}`,
    });
  }
  for (const node of design.nodes) {
    if (seen.has(node.id) || node.type === 'input') continue;
    if (inputs.length === 0) continue;
    problems.push({
      nodeId: node.id,
      message: `${nodeName(node)} is not on the path from Input to Output`,
      fix: prev.has(node.id) ? 'Connect this chain to the Input, or delete it' : 'Connect a layer into it, or delete it',
    });
  }

  if (task && inputs[0] && inputs[0].params.units !== task.inputs) {
    problems.push({
      nodeId: inputs[0].id,
      message: `Input has ${inputs[0].params.units} units but ${task.name ?? 'the task'} has ${task.inputs} inputs`,
      fix: `Set the Input layer to ${task.inputs} units`,
    });
  }
  const output = outputs[0];
  if (task && output && output.params.units !== task.outputs) {
    problems.push({
      nodeId: output.id,
      message: `Output has ${output.params.units} units but ${task.name ?? 'the task'} needs ${task.outputs}`,
      fix: `Set the Output layer to ${task.outputs} unit${task.outputs === 1 ? '' : 's'}`,
    });
  }
  if (output && output.params.loss === 'cross_entropy' && output.params.activation !== 'softmax') {
    problems.push({ nodeId: output.id, message: 'Cross-entropy loss expects a softmax Output', fix: 'Set the Output activation to softmax, or choose another loss' });
  }
  if (output && output.params.activation === 'softmax' && output.params.units === 1) {
    problems.push({ nodeId: output.id, message: 'A softmax over one unit always outputs 1', fix: 'Use sigmoid for a single output, or give the Output one unit per class' });
  }

  if (problems.length > 0) return { ok: false, problems };
  const inputNode = chain[0];
  return {
    ok: true,
    chain: chain.map((n) => n.id),
    spec: {
      inputSize: inputNode.params.units,
      layers: chain.slice(1).map((n) => {
        const p = n.params as { units: number; activation: (typeof ACTIVATIONS)[number] };
        return { units: p.units, activation: p.activation };
      }),
      loss: (output as Extract<DesignNode, { type: 'output' }>).params.loss,
    },
    problems: [],
  };
}

function checkParams(node: DesignNode, problems: DesignProblem[]): void {
  const units = node.params.units;
  if (!Number.isInteger(units) || units < 1 || units > MAX_UNITS) {
    problems.push({
      nodeId: node.id,
      message: `${nodeName(node)} has ${String(units)} units`,
      fix: `Give it a whole number of units from 1 to ${MAX_UNITS}`,
    });
  }
  if (node.type !== 'input' && !ACTIVATIONS.includes(node.params.activation)) {
    problems.push({ nodeId: node.id, message: `${nodeName(node)} has an unknown activation "${String(node.params.activation)}"`, fix: `Choose one of ${ACTIVATIONS.join(', ')}` });
  }
  if (node.type === 'output' && !LOSSES.includes(node.params.loss)) {
    problems.push({ nodeId: node.id, message: `${nodeName(node)} has an unknown loss "${String(node.params.loss)}"`, fix: `Choose one of ${LOSSES.join(', ')}` });
  }
}
