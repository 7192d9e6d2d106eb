/**
 * Which layers a saved run's weights belong to, and whether the run belongs to the design on
 * screen. A run keeps the design it was trained on and names each weight set's layer, so weights
 * follow their layers by id whatever order the node list is in. The run is this design's run
 * only while both are the same network: the same layers by id, with the same kinds and settings,
 * each taking its inputs in the same order (a Concatenate's order places its columns). Otherwise
 * it is a run of an earlier design: kept in the file, never shown, exported or continued.
 *
 * Runs saved before format version 3 name neither: their weights are read in the order the layers
 * run, and only when that order cannot have changed unnoticed — the layers with weights fit by
 * shape, and no two of the same shape sit on parallel branches (whose order the node list decides).
 */
import type { LayerParameters } from '../engine/model';
import { compileDesign, nodeName, type Plan } from '../network/compile';
import type { Design, DesignNode } from '../network/design';
import { listing, problem, type FileProblem } from './problems';
import type { Run, SavedLayerParameters } from './schema';

export type RunFit =
  /** `order[k]`: the index in `run.parameters` of the weights of the plan's k-th layer with weights. */
  | { fits: true; order: number[] }
  | { fits: false; reason: string };

interface NetworkNode {
  type: string;
  params: unknown;
  label?: string;
  inputs: string[];
}

/** The network a design computes, by node id: what must be equal for weights to mean the same. */
function networkOf(design: Design): Map<string, NetworkNode> {
  const nodes = new Map<string, NetworkNode>();
  for (const n of design.nodes) nodes.set(n.id, { type: n.type, params: n.params, label: n.label, inputs: [] });
  for (const e of design.edges) nodes.get(e.target)?.inputs.push(e.source);
  return nodes;
}

/** Canonical JSON: object keys sorted, so two settings objects compare by value. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * How `now` differs from `then` as a network, in words (the first difference, and how many more),
 * or null when they are the same network. Positions, labels and the order of the node list do not count.
 */
export function networkDifference(then: Design, now: Design): string | null {
  const differences = networkDifferences(then, now);
  if (differences.length === 0) return null;
  return differences.length === 1 ? differences[0] : `${differences[0]}, and ${differences.length - 1} more change${differences.length === 2 ? '' : 's'}`;
}

/** Every way `now` differs from `then` as a network, one line each; none when they are the same network. */
export function networkDifferences(then: Design, now: Design): string[] {
  const a = networkOf(then);
  const b = networkOf(now);
  const name = (id: string, design: Design): string => {
    const node = design.nodes.find((n) => n.id === id) as DesignNode | undefined;
    return node ? nodeName(node) : id;
  };
  const differences: string[] = [];
  for (const [id, was] of a) {
    const is = b.get(id);
    if (!is) differences.push(`${name(id, then)} is gone`);
    else if (is.type !== was.type) differences.push(`${name(id, now)} is now a ${is.type} layer (was ${was.type})`);
    else if (canonical(is.params) !== canonical(was.params)) differences.push(`${name(id, now)} has other settings (${settingsChange(was.params, is.params)})`);
    else if (is.inputs.join('\n') !== was.inputs.join('\n')) {
      const sameSet = [...is.inputs].sort().join('\n') === [...was.inputs].sort().join('\n');
      differences.push(
        sameSet
          ? `${name(id, now)} takes its inputs in another order (${was.inputs.join(', ')} → ${is.inputs.join(', ')})`
          : `${name(id, now)} has other inputs (${was.inputs.join(', ') || 'none'} → ${is.inputs.join(', ') || 'none'})`,
      );
    }
  }
  for (const id of b.keys()) if (!a.has(id)) differences.push(`${name(id, now)} was added`);
  return differences;
}

function settingsChange(was: unknown, is: unknown): string {
  const before = (was ?? {}) as Record<string, unknown>;
  const after = (is ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => canonical(before[k]) !== canonical(after[k]));
  return listing(keys.map((k) => `${k} ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`));
}

/** The plan of a design, or null when it does not compile. */
function planOf(design: Design): Plan | null {
  const compiled = compileDesign(design);
  return compiled.ok ? compiled.plan : null;
}

/** Matches weight sets to the plan's layers with weights by their node ids; null when any is missing, doubled or misshapen. */
function orderByIds(parameters: readonly SavedLayerParameters[], plan: Plan): number[] | null {
  if (parameters.length !== plan.trainable.length) return null;
  const at = new Map<string, number>();
  parameters.forEach((p, k) => {
    if (p.node !== undefined && !at.has(p.node)) at.set(p.node, k);
  });
  const order: number[] = [];
  for (const s of plan.trainable) {
    const step = plan.steps[s];
    const k = at.get(step.id);
    if (k === undefined || !fitsShape(parameters[k], plan, s)) return null;
    order.push(k);
  }
  return new Set(order).size === order.length ? order : null;
}

function fitsShape(p: SavedLayerParameters, plan: Plan, step: number): boolean {
  const shape = plan.steps[step].weights;
  return shape !== undefined && p.W.length === shape.fanIn * shape.fanOut && p.b.length === shape.fanOut;
}

/**
 * Layers with weights of one shape on parallel branches: which comes first in the plan is the
 * node list's order, so a run that names no layers cannot say which weights are whose.
 */
function ambiguousPair(plan: Plan): [string, string] | null {
  const ancestors = plan.steps.map(() => new Set<number>());
  plan.steps.forEach((s, k) => {
    for (const i of s.inputs) {
      ancestors[k].add(i);
      for (const a of ancestors[i]) ancestors[k].add(a);
    }
  });
  const shapeKey = (k: number): string => `${plan.steps[k].weights?.fanIn}x${plan.steps[k].weights?.fanOut}`;
  for (let x = 0; x < plan.trainable.length; x++) {
    for (let y = x + 1; y < plan.trainable.length; y++) {
      const i = plan.trainable[x];
      const j = plan.trainable[y];
      if (shapeKey(i) === shapeKey(j) && !ancestors[j].has(i) && !ancestors[i].has(j)) return [plan.steps[i].id, plan.steps[j].id];
    }
  }
  return null;
}

const EARLIER = 'it was trained on an earlier design';

/** Whether `run` is a run of `design` and, if so, which weight set belongs to which of its layers. */
export function runFit(run: Run, design: Design): RunFit {
  if (run.parameters.length === 0) return { fits: false, reason: 'it kept no weights' };
  if (run.design) {
    const difference = networkDifference(run.design, design);
    if (difference !== null) return { fits: false, reason: `${EARLIER} (${difference})` };
  }
  const plan = planOf(design);
  if (!plan) return { fits: false, reason: 'the design has problems, so its layers cannot be matched to these weights; fix the design to use them' };
  if (run.design || run.parameters.every((p) => p.node !== undefined)) {
    const order = orderByIds(run.parameters, plan);
    return order ? { fits: true, order } : { fits: false, reason: `${EARLIER} (its weights do not fit the layers of this design by id and shape)` };
  }
  // Saved before runs named their layers: the order layers run in, where it cannot have changed.
  const inOrder = plan.trainable.map((_, k) => k);
  if (run.parameters.length !== plan.trainable.length || !plan.trainable.every((s, k) => fitsShape(run.parameters[k], plan, s))) {
    return { fits: false, reason: `${EARLIER} (its weights do not fit the layers of this design)` };
  }
  const pair = ambiguousPair(plan);
  if (pair) {
    return {
      fits: false,
      reason: `it was saved by an older NN Designer that did not name the layers weights belong to, and ${pair[0]} and ${pair[1]} have weights of one shape on parallel branches, so which are whose cannot be told; train it again`,
    };
  }
  return { fits: true, order: inOrder };
}

/** The run's weights in the order of `design`'s plan, or null when the run is not this design's. */
export function weightsFor(run: Run, design: Design): LayerParameters[] | null {
  const fit = runFit(run, design);
  return fit.fits ? fit.order.map((k) => ({ W: run.parameters[k].W, b: run.parameters[k].b })) : null;
}

/**
 * Whether `run` is a run of `design`: its weights belong to the design's layers; one that kept
 * no weights (it diverged), when it was trained on the same network. Summaries are no one's.
 */
export function belongsTo(run: Run, design: Design): boolean {
  if (run.summary) return false;
  if (run.parameters.length > 0) return runFit(run, design).fits;
  return !run.design || networkDifference(run.design, design) === null;
}

/** The index of the latest run of `design` (the one the app shows and the exports use), or -1. */
export function latestRunOf(runs: readonly Run[], design: Design): number {
  for (let i = runs.length - 1; i >= 0; i--) if (belongsTo(runs[i], design)) return i;
  return -1;
}

/** The run with every weight set named and the design recorded, once it is known to fit `design`. */
export function namedRun(run: Run, design: Design, order: readonly number[]): Run {
  const plan = planOf(design);
  if (!plan) return run;
  const parameters = order.map((k, t) => ({ ...run.parameters[k], node: plan.steps[plan.trainable[t]].id }));
  return { ...run, design: run.design ?? structuredClone(design), parameters };
}

/**
 * A run's own record must hold together: the design it names must compile, and its weights
 * must be exactly that design's, by id and shape. Otherwise the file is damaged there.
 */
export function runRecordProblems(run: Run, i: number): FileProblem[] {
  if (!run.design || run.parameters.length === 0) return [];
  const compiled = compileDesign(run.design);
  if (!compiled.ok) {
    const first = compiled.problems[0];
    return [problem(['runs', i, 'design'], `the design this run was trained on cannot run: ${first.message} (${first.path ?? 'setup.design'})`)];
  }
  const { plan } = compiled;
  const problems: FileProblem[] = [];
  const trainable = new Map(plan.trainable.map((s) => [plan.steps[s].id, s]));
  if (run.parameters.length !== plan.trainable.length) {
    const ids = plan.trainable.map((s) => plan.steps[s].id);
    problems.push(problem(['runs', i, 'parameters'], `expected weights for ${ids.length} layer${ids.length === 1 ? '' : 's'} (${ids.join(', ')}), got ${run.parameters.length}`));
    return problems;
  }
  const seen = new Set<string>();
  run.parameters.forEach((p, k) => {
    const s = p.node === undefined ? undefined : trainable.get(p.node);
    if (p.node === undefined || s === undefined) {
      const expected = listing(plan.trainable.map((t) => plan.steps[t].id));
      problems.push(problem(['runs', i, 'parameters', k, 'node'], `expected the id of a layer with weights in this run's design (${expected}), got ${p.node === undefined ? 'nothing' : JSON.stringify(p.node)}`));
      return;
    }
    if (seen.has(p.node)) {
      problems.push(problem(['runs', i, 'parameters', k, 'node'], `expected each layer's weights once, got ${JSON.stringify(p.node)} again`));
      return;
    }
    seen.add(p.node);
    const shape = plan.steps[s].weights ?? { fanIn: 0, fanOut: 0 };
    if (p.W.length !== shape.fanIn * shape.fanOut) {
      problems.push(problem(['runs', i, 'parameters', k, 'W'], `expected ${shape.fanIn * shape.fanOut} weights (${shape.fanIn} × ${shape.fanOut} into ${p.node}), got ${p.W.length}`));
    }
    if (p.b.length !== shape.fanOut) {
      problems.push(problem(['runs', i, 'parameters', k, 'b'], `expected ${shape.fanOut} biases (one per unit of ${p.node}), got ${p.b.length}`));
    }
  });
  return problems;
}
