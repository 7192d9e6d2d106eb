/**
 * Concatenate: its inputs side by side, in the order their connections were made (the first
 * connection's values come first) — how skip connections carry a layer's input past it.
 */
import { MAX_MERGE_INPUTS } from './limits';
import { ATTRIBUTE, checkAttributes, intAttribute, type OnnxNode, type OnnxReadContext, type OnnxReader } from './onnx-read';
import { defineKind, type LayerOp } from './types';

class ConcatOp implements LayerOp {
  readonly trainable = null;
  private readonly offsets: number[];
  constructor(
    private readonly widths: readonly number[],
    private readonly width: number,
  ) {
    this.offsets = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
  }
  reserve(): void {}

  forward(inputs: readonly Float64Array[], out: Float64Array, pass: { rows: number }): void {
    const { widths, offsets, width } = this;
    for (let r = 0; r < pass.rows; r++) {
      for (let k = 0; k < inputs.length; k++) {
        const w = widths[k];
        const x = inputs[k];
        const from = r * w;
        const to = r * width + offsets[k];
        for (let j = 0; j < w; j++) out[to + j] = x[from + j];
      }
    }
  }

  backward(_inputs: readonly Float64Array[], _out: Float64Array, grad: Float64Array, inputGrads: readonly (Float64Array | null)[], pass: { rows: number }): void {
    const { widths, offsets, width } = this;
    for (let k = 0; k < inputGrads.length; k++) {
      const down = inputGrads[k];
      if (!down) continue;
      const w = widths[k];
      for (let r = 0; r < pass.rows; r++) {
        const from = r * width + offsets[k];
        const to = r * w;
        for (let j = 0; j < w; j++) down[to + j] += grad[from + j];
      }
    }
  }
}

/** Where input `k`'s columns start in the concatenation. */
const offsetOf = (widths: readonly number[], k: number): number => widths.slice(0, k).reduce((a, b) => a + b, 0);

/** ONNX's Concat of computed tensors along the vectors' axis (1, or -1). */
const concatReader: OnnxReader<Record<string, never>> = {
  ops: ['Concat'],
  read(node: OnnxNode, ctx: OnnxReadContext) {
    checkAttributes(node, ctx, { axis: ATTRIBUTE.INT });
    const axis = intAttribute(node, 'axis', 1);
    if (axis !== 1 && axis !== -1) ctx.refuse(node, `its attribute axis is ${axis}: on a batch of vectors that stacks samples, not the vectors' values`, 'Concatenate along axis 1 (or -1)');
    const inputs = node.inputs.filter(Boolean);
    if (inputs.length < 2 || inputs.length > MAX_MERGE_INPUTS) ctx.refuse(node, `it joins ${inputs.length} tensors; NN Designer's Concatenate joins from 2 to ${MAX_MERGE_INPUTS}`);
    for (const t of inputs) if (ctx.constant(t)) ctx.refuse(node, `it joins the constant "${t}": NN Designer's Concatenate joins layers`);
    return { params: {}, inputs, output: node.outputs[0], nodes: [node] };
  },
};

export const concatenate = defineKind<Record<string, never>>({
  type: 'concatenate',
  label: 'Concatenate',
  hint: 'Its inputs side by side: a skip connection',
  role: 'hidden',
  fields: {},
  defaults: {},
  inputs: { min: 2, max: MAX_MERGE_INPUTS },
  infer: (_p, inWidths) => inWidths.reduce((a, b) => a + b, 0),
  createOp: (_p, inWidths, width) => new ConcatOp(inWidths, width),
  emit: {
    numpy: {
      forward: (n) => [`${n.out} = np.concatenate([${n.inputs.join(', ')}], axis=1)`],
      backward: (n, grad) => ({
        lines: [],
        inputGrad: (k) => `${grad}[:, ${offsetOf(n.inWidths, k)}:${offsetOf(n.inWidths, k) + n.inWidths[k]}]`,
      }),
    },
    torch: { forward: (n) => [`${n.out} = torch.cat([${n.inputs.join(', ')}], dim=1)`] },
    onnx: (n) => [{ op: 'Concat', inputs: [...n.inputs], outputs: [n.out], attributes: [{ name: 'axis', int: 1 }] }],
  },
  fromOnnx: concatReader,
});
