/**
 * Runs any compiled graph (a DAG from one Input to one Output) in topological order: each node
 * reads its inputs' outputs; on the way back it adds into its inputs' gradients, so a layer that
 * feeds several others receives the sum of what they pass down. Each kind's op (src-shared/layers)
 * does its own arithmetic; this file only wires them.
 */
import { kindOf, type LayerOp, type Pass, type Trainable } from '../layers';
import type { Plan } from '../network/compile';
import type { RandomState } from '../rng/random-state';
import type { InitScheme } from './config';
import { fusedDelta, fusesWithActivation, lossGradient, sampleLoss, type Loss } from './losses';
import type { Model } from './model';
import { ROW_CHUNK, type LayerParameters, type NetworkOptions } from './network';

export class GraphNetwork implements Model {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly loss: Loss;
  readonly usesWasm = false;
  readonly trainables: readonly Trainable[];
  readonly maskDrawsPerRow: number;
  private readonly ops: (LayerOp | null)[];
  private readonly widths: number[];
  private readonly fused: boolean;
  /** Each step's output and dL/d(output), for `rows` rows. */
  private outs: Float64Array[] = [];
  private grads: Float64Array[] = [];
  /** Per step, its inputs' output buffers and the gradient buffers it adds into (null for the Input's). */
  private stepInputs: Float64Array[][] = [];
  private stepInputGrads: (Float64Array | null)[][] = [];
  private rows = 0;
  private readonly pass: Pass = { rows: 0, training: false, masks: null };
  private lastRows = 0;

  constructor(
    readonly plan: Plan,
    options: NetworkOptions = {},
  ) {
    this.inputSize = plan.inputSize;
    this.outputSize = plan.outputSize;
    this.loss = plan.loss;
    this.widths = plan.steps.map((s) => s.width);
    this.ops = plan.steps.map((s) => kindOf(s.type).createOp(s.params, s.inWidths, s.width));
    this.trainables = plan.trainable.map((k) => (this.ops[k] as LayerOp).trainable as Trainable);
    const last = plan.steps[plan.steps.length - 1];
    this.fused = fusesWithActivation(plan.loss, (last.params as { activation: Parameters<typeof fusesWithActivation>[1] }).activation);
    this.maskDrawsPerRow = plan.steps.reduce((n, s) => n + (kindOf(s.type).maskDraws?.(s.params, s.width) ?? 0), 0);
    this.ensureCapacity(Math.max(ROW_CHUNK, options.capacity ?? 1));
  }

  get parameterCount(): number {
    return this.trainables.reduce((n, t) => n + t.W.length + t.b.length, 0);
  }

  setMaskStream(masks: RandomState | null): void {
    this.pass.masks = masks;
  }

  ensureCapacity(rows: number): void {
    if (rows <= this.rows) return;
    this.rows = rows;
    this.outs = this.widths.map((w) => new Float64Array(rows * w));
    this.grads = this.widths.map((w) => new Float64Array(rows * w));
    this.stepInputs = this.plan.steps.map((s) => s.inputs.map((i) => this.outs[i]));
    this.stepInputGrads = this.plan.steps.map((s) => s.inputs.map((i) => (i === 0 ? null : this.grads[i])));
    for (const op of this.ops) op?.reserve(rows);
  }

  initialize(rs: RandomState, scheme: InitScheme, scale: number): void {
    for (const _ of this.initializeSteps(rs, scheme, scale));
  }

  *initializeSteps(rs: RandomState, scheme: InitScheme, scale: number): Generator<void, void, void> {
    for (const [i, k] of this.plan.trainable.entries()) {
      const step = this.plan.steps[k];
      const spec = kindOf(step.type).trainable;
      if (spec && step.weights) yield* spec.initialize(this.trainables[i], step.weights, rs, { scheme, scale });
    }
  }

  forward(x: Float64Array, offset: number, rows: number, training = false): Float64Array {
    this.ensureCapacity(rows);
    const { steps } = this.plan;
    this.outs[0].set(x.subarray(offset, offset + rows * this.inputSize));
    this.pass.rows = rows;
    this.pass.training = training;
    for (let k = 1; k < steps.length; k++) (this.ops[k] as LayerOp).forward(this.stepInputs[k], this.outs[k], this.pass);
    this.lastRows = rows;
    return this.outs[steps.length - 1];
  }

  hiddenOutputs(): readonly Float64Array[] {
    return this.outs.slice(1, -1);
  }

  get hiddenWidths(): readonly number[] {
    return this.widths.slice(1, -1);
  }

  lossSum(y: Float64Array, yOffset: number, rows: number): number {
    const k = this.outputSize;
    const out = this.outs[this.outs.length - 1];
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += sampleLoss(this.loss, out, r * k, y, yOffset + r * k, k);
    return sum;
  }

  backward(_x: Float64Array, _xOffset: number, y: Float64Array, yOffset: number, rows: number, scale = 1): void {
    if (rows > this.lastRows) throw new Error(`backward over ${rows} rows needs a forward pass over them first`);
    const last = this.plan.steps.length - 1;
    const k = this.outputSize;
    const out = this.outs[last];
    const top = this.grads[last];
    for (let r = 0; r < rows; r++) {
      if (this.fused) fusedDelta(this.loss, out, r * k, y, yOffset + r * k, k, top);
      else lossGradient(this.loss, out, r * k, y, yOffset + r * k, k, top);
    }
    // Inputs' gradients are sums over their consumers: start them at zero.
    for (let s = 1; s < last; s++) this.grads[s].fill(0, 0, rows * this.widths[s]);
    this.pass.rows = rows;
    for (let s = last; s >= 1; s--) {
      (this.ops[s] as LayerOp).backward(this.stepInputs[s], this.outs[s], this.grads[s], this.stepInputGrads[s], this.pass, scale, s === last && this.fused);
    }
  }

  sgdSample(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, lr: number): number {
    this.forward(x, xOffset, 1, true);
    const loss = this.lossSum(y, yOffset, 1);
    if (!Number.isFinite(loss)) return loss;
    this.backward(x, xOffset, y, yOffset, 1);
    for (const { W, gW, b, gb } of this.trainables) {
      for (let i = 0; i < W.length; i++) W[i] -= lr * gW[i];
      for (let i = 0; i < b.length; i++) b[i] -= lr * gb[i];
    }
    return loss;
  }

  predict(inputs: Float64Array, count: number): Float64Array {
    const out = new Float64Array(count * this.outputSize);
    for (let start = 0; start < count; start += ROW_CHUNK) {
      const rows = Math.min(ROW_CHUNK, count - start);
      const a = this.forward(inputs, start * this.inputSize, rows);
      out.set(a.subarray(0, rows * this.outputSize), start * this.outputSize);
    }
    return out;
  }

  getParameters(): LayerParameters[] {
    return this.trainables.map((t) => ({ W: t.W.slice(), b: t.b.slice() }));
  }

  setParameters(params: LayerParameters[]): void {
    if (params.length !== this.trainables.length) throw new Error(`Expected weights for ${this.trainables.length} layers, got ${params.length}`);
    params.forEach((p, i) => {
      const t = this.trainables[i];
      if (p.W.length !== t.W.length || p.b.length !== t.b.length) {
        throw new Error(`Layer ${this.plan.steps[this.plan.trainable[i]].id} expects ${t.W.length} weights and ${t.b.length} biases, got ${p.W.length} and ${p.b.length}`);
      }
      t.W.set(p.W);
      t.b.set(p.b);
    });
  }
}
