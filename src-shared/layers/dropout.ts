/**
 * Dropout (inverted): while training, each value is kept with probability 1 − rate and divided
 * by 1 − rate, so predictions need no rescaling; outside training it is the identity (and so in
 * every export's predictions). Masks come from the run's own mask stream (`maskSeed` in
 * engine/trainer.ts), drawn row by row, value by value, `random_sample() >= rate`: a run
 * reproduces, and the NumPy export draws the same masks.
 */
import { ATTRIBUTE, checkAttributes, float32Decimal, floatAttribute, type OnnxNode, type OnnxReadContext, type OnnxReader } from './onnx-read';
import { defineKind, numberField, type LayerOp, type Pass } from './types';

export type DropoutParams = {
  rate: number;
};

export const MAX_DROPOUT_RATE = 0.9;

class DropoutOp implements LayerOp {
  readonly trainable = null;
  /** 1 where the last training pass kept a value, 0 where it dropped it. */
  private mask = new Float64Array(0);
  private masked = false;
  constructor(
    private readonly rate: number,
    private readonly width: number,
  ) {}

  reserve(rows: number): void {
    if (this.mask.length < rows * this.width) this.mask = new Float64Array(rows * this.width);
  }

  forward(inputs: readonly Float64Array[], out: Float64Array, pass: Pass): void {
    const x = inputs[0];
    const count = pass.rows * this.width;
    this.masked = pass.training && this.rate > 0 && pass.masks !== null;
    if (!this.masked || !pass.masks) {
      for (let i = 0; i < count; i++) out[i] = x[i];
      return;
    }
    const keep = 1 - this.rate;
    for (let i = 0; i < count; i++) {
      const m = pass.masks.randomSample() >= this.rate ? 1 : 0;
      this.mask[i] = m;
      out[i] = (x[i] * m) / keep;
    }
  }

  backward(_inputs: readonly Float64Array[], _out: Float64Array, grad: Float64Array, inputGrads: readonly (Float64Array | null)[], pass: Pass): void {
    const down = inputGrads[0];
    if (!down) return;
    const count = pass.rows * this.width;
    if (!this.masked) {
      for (let i = 0; i < count; i++) down[i] += grad[i];
      return;
    }
    const keep = 1 - this.rate;
    for (let i = 0; i < count; i++) down[i] += (grad[i] * this.mask[i]) / keep;
  }
}

/**
 * ONNX's Dropout as it predicts (training_mode false): the identity, read as a Dropout layer with
 * its ratio, so training on in the app drops as the model's author meant. The ratio is the
 * attribute before opset 12, the second input from it; 0.5 when neither says.
 */
const dropoutReader: OnnxReader<DropoutParams> = {
  ops: ['Dropout'],
  read(node: OnnxNode, ctx: OnnxReadContext) {
    checkAttributes(node, ctx, { ratio: ATTRIBUTE.FLOAT, seed: ATTRIBUTE.INT });
    const [x, ratioName, trainingName] = node.inputs;
    if (!x || ctx.constant(x)) ctx.refuse(node, 'it applies to a constant, not to data flowing through the graph');
    let ratio = floatAttribute(node, 'ratio', 0.5);
    if (ratioName) {
      const r = ctx.constant(ratioName);
      if (!r || r.size !== 1) ctx.refuse(node, `its ratio "${ratioName}" is not one constant number`);
      ratio = r.values()[0];
    }
    if (trainingName) {
      const t = ctx.constant(trainingName);
      if (!t || t.size !== 1) ctx.refuse(node, `its training_mode "${trainingName}" is not a constant`);
      if (t.values()[0] !== 0) ctx.refuse(node, 'its training_mode is true: it drops values while predicting', 'Export the model for inference (training_mode false)');
    }
    const mask = node.outputs[1];
    if (mask && (ctx.readers(mask) > 0 || ctx.isOutput(mask))) ctx.refuse(node, `its mask "${mask}" is used: NN Designer's Dropout keeps its mask to itself`);
    const rate = Math.fround(ratio) === ratio ? float32Decimal(ratio) : ratio;
    if (!(rate >= 0 && rate <= MAX_DROPOUT_RATE)) ctx.refuse(node, `its ratio is ${rate}; NN Designer's Dropout drops from 0 to ${MAX_DROPOUT_RATE} of its inputs`);
    return { params: { rate }, inputs: [x], output: node.outputs[0], nodes: [node] };
  },
};

export const dropout = defineKind<DropoutParams>({
  type: 'dropout',
  label: 'Dropout',
  hint: 'Silences some inputs, only while training',
  role: 'hidden',
  fields: { rate: numberField('Rate', 0, MAX_DROPOUT_RATE, 0.05, true) },
  defaults: { rate: 0.2 },
  inputs: { min: 1, max: 1 },
  infer: (_p, inWidths) => inWidths[0],
  maskDraws: (p, width) => (p.rate > 0 ? width : 0),
  keepsNeurons: true,
  createOp: (p, _inWidths, width) => new DropoutOp(p.rate, width),
  emit: {
    numpy: {
      // Rate 0 draws nothing in the engine, so it draws nothing here either.
      forward: (n) =>
        n.params.rate === 0
          ? [`${n.out} = ${n.inputs[0]}`]
          : [
              `${n.local('mask')} = (mask_rs.random_sample(${n.inputs[0]}.shape) >= ${n.num(n.params.rate)}) if ${n.training} else None`,
              `${n.out} = ${n.inputs[0]} * ${n.local('mask')} / ${n.num(1 - n.params.rate)} if ${n.training} else ${n.inputs[0]}`,
            ],
      backward: (n, grad) => ({
        lines: [],
        inputGrad: () => (n.params.rate === 0 ? grad : `(${grad} * ${n.local('mask')} / ${n.num(1 - n.params.rate)})`),
      }),
    },
    torch: { forward: (n) => [`${n.out} = F.dropout(${n.inputs[0]}, ${n.params.rate}, self.training)`] },
    // Predictions only: the identity.
    onnx: (n) => [{ op: 'Identity', inputs: [n.inputs[0]], outputs: [n.out] }],
  },
  fromOnnx: dropoutReader,
});
