/** Add: the sum of two or more inputs of the same width — how residual connections are made. */
import { MAX_MERGE_INPUTS } from './limits';
import { checkAttributes, type OnnxNode, type OnnxReadContext, type OnnxReader } from './onnx-read';
import { defineKind, type LayerOp, type ShapeProblem } from './types';

class AddOp implements LayerOp {
  readonly trainable = null;
  constructor(private readonly width: number) {}
  reserve(): void {}

  forward(inputs: readonly Float64Array[], out: Float64Array, pass: { rows: number }): void {
    const count = pass.rows * this.width;
    const first = inputs[0];
    for (let i = 0; i < count; i++) out[i] = first[i];
    for (let k = 1; k < inputs.length; k++) {
      const x = inputs[k];
      for (let i = 0; i < count; i++) out[i] += x[i];
    }
  }

  backward(_inputs: readonly Float64Array[], _out: Float64Array, grad: Float64Array, inputGrads: readonly (Float64Array | null)[], pass: { rows: number }): void {
    const count = pass.rows * this.width;
    for (const down of inputGrads) {
      if (!down) continue;
      for (let i = 0; i < count; i++) down[i] += grad[i];
    }
  }
}

function infer(_p: Record<string, never>, inWidths: readonly number[]): number | ShapeProblem[] {
  const widths = [...new Set(inWidths)];
  if (widths.length <= 1) return inWidths[0];
  return [
    {
      message: `Add gets inputs of widths ${inWidths.join(', ')}: it adds them value by value, so they must be equally wide`,
      fix: 'Give the layers feeding it the same number of units, or use Concatenate to put them side by side',
    },
  ];
}

/**
 * ONNX's Add of two computed tensors of one width. A chain of them, each read only by the next
 * (as the export writes an n-way Add), is one Add: the engine sums its inputs in the same order.
 */
const addReader: OnnxReader<Record<string, never>> = {
  ops: ['Add'],
  read(node: OnnxNode, ctx: OnnxReadContext) {
    checkAttributes(node, ctx, {});
    const [a, b] = node.inputs;
    if (node.inputs.length !== 2 || !a || !b) ctx.refuse(node, `it has ${node.inputs.length} inputs; ONNX's Add takes two`);
    for (const t of [a, b]) {
      const c = ctx.constant(t);
      if (c) ctx.refuse(node, `it adds the constant "${t}": NN Designer reads a constant added only as the bias of the MatMul right before it`, 'Add a bias with Gemm, or right after the MatMul whose only reader the Add is');
    }
    if (ctx.width(a) !== ctx.width(b)) {
      ctx.refuse(node, `it adds tensors ${ctx.width(a)} and ${ctx.width(b)} wide (broadcasting): NN Designer's Add sums layers of the same width`);
    }
    const left = ctx.producer(a);
    if (left?.type === 'add' && ctx.soleReader(a) === node) return { into: a, inputs: [b], output: node.outputs[0], nodes: [node] };
    return { params: {}, inputs: [a, b], output: node.outputs[0], nodes: [node] };
  },
};

export const add = defineKind<Record<string, never>>({
  type: 'add',
  label: 'Add',
  hint: 'Adds its inputs: a residual connection',
  role: 'hidden',
  fields: {},
  defaults: {},
  inputs: { min: 2, max: MAX_MERGE_INPUTS },
  infer,
  createOp: (_p, _inWidths, width) => new AddOp(width),
  emit: {
    numpy: {
      forward: (n) => [`${n.out} = ${n.inputs.join(' + ')}`],
      backward: (_n, grad) => ({ lines: [], inputGrad: () => grad }),
    },
    torch: { forward: (n) => [`${n.out} = ${n.inputs.join(' + ')}`] },
    onnx(n) {
      // ONNX's Add takes two inputs: a chain of them, in the engine's order.
      const ops = [];
      let acc = n.inputs[0];
      for (let k = 1; k < n.inputs.length; k++) {
        const out = k === n.inputs.length - 1 ? n.out : `${n.name}.sum${k}`;
        ops.push({ op: 'Add', inputs: [acc, n.inputs[k]], outputs: [out] });
        acc = out;
      }
      return ops;
    },
  },
  fromOnnx: addReader,
});
