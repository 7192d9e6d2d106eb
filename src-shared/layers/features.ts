/**
 * Features: engineered features of its input, as TensorFlow Playground's data panel offers them.
 * For inputs x₁, x₂ they are x₁, x₂, x₁², x₂², x₁x₂, sin x₁ and sin x₂; for N inputs, each input,
 * its square, its sine and the product of any two. The file names the ticked ones, in the order of
 * the output's columns (`["x1", "x2", "x1*x2"]`). No weights; the gradient passes back through
 * each feature's derivative, so the layer may sit anywhere. On XOR's 0/1 inputs, one neuron on
 * x₁, x₂ and x₁x₂ is enough: XOR = x₁ + x₂ − 2x₁x₂ is a straight line in those three.
 */
import type { OnnxOp } from './emit';
import { ATTRIBUTE, checkAttributes, intAttribute, type OnnxNode, type OnnxReadContext, type OnnxReader } from './onnx-read';
import { defineKind, type LayerOp, type ShapeProblem, type ToggleOption, type TogglesField } from './types';

export type FeaturesParams = {
  features: readonly string[];
};

/**
 * Most inputs a Features layer takes: its options grow with the square of its inputs (32 inputs
 * offer 592), and engineered features are for a few raw inputs, not for a hidden layer's hundreds.
 */
export const MAX_FEATURE_INPUTS = 32;

/** One feature of inputs i and j (0-based; j only for a product). */
export interface Feature {
  op: 'x' | 'square' | 'product' | 'sin';
  i: number;
  j: number;
}

const OPS: Feature['op'][] = ['x', 'square', 'product', 'sin'];
const NAME = /^(?:x([1-9]\d?)|x([1-9]\d?)\^2|x([1-9]\d?)\*x([1-9]\d?)|sin\(x([1-9]\d?)\))$/;

/** A feature's name as written in a file: x1, x1^2, x1*x2, sin(x1); null when it is none. */
export function parseFeature(name: string): Feature | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const at = (s: string): number => Number(s) - 1;
  if (m[1]) return { op: 'x', i: at(m[1]), j: -1 };
  if (m[2]) return { op: 'square', i: at(m[2]), j: -1 };
  if (m[3]) return { op: 'product', i: at(m[3]), j: at(m[4]) };
  return { op: 'sin', i: at(m[5]), j: -1 };
}

export function featureName(f: Feature): string {
  const x = (i: number): string => `x${i + 1}`;
  switch (f.op) {
    case 'x':
      return x(f.i);
    case 'square':
      return `${x(f.i)}^2`;
    case 'product':
      return `${x(f.i)}*${x(f.j)}`;
    case 'sin':
      return `sin(${x(f.i)})`;
  }
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const sub = (i: number): string => `x${String(i + 1).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)])}`;

/** x₁, x₁², x₁x₂, sin x₁; a name that is no feature as it is. */
export function featureLabel(name: string): string {
  const f = parseFeature(name);
  if (!f) return name;
  switch (f.op) {
    case 'x':
      return sub(f.i);
    case 'square':
      return `${sub(f.i)}²`;
    case 'product':
      return `${sub(f.i)}${sub(f.j)}`;
    case 'sin':
      return `sin ${sub(f.i)}`;
  }
}

/** The features of n inputs in Playground's order: the inputs, their squares, the products of pairs, the sines. */
export function featureOptions(n: number): Feature[] {
  const inputs = Array.from({ length: Math.min(Math.max(0, n), MAX_FEATURE_INPUTS) }, (_, i) => i);
  return [
    ...inputs.map((i) => ({ op: 'x' as const, i, j: -1 })),
    ...inputs.map((i) => ({ op: 'square' as const, i, j: -1 })),
    ...inputs.flatMap((i) => inputs.filter((j) => j > i).map((j) => ({ op: 'product' as const, i, j }))),
    ...inputs.map((i) => ({ op: 'sin' as const, i, j: -1 })),
  ];
}

const FEATURES_FIELD: TogglesField = {
  type: 'toggles',
  label: 'Features',
  options: (inWidths): ToggleOption[] => featureOptions(inWidths[0] ?? 0).map((f) => ({ value: featureName(f), label: featureLabel(featureName(f)) })),
  pattern: /^(?:x[1-9]\d?(?:\^2|\*x[1-9]\d?)?|sin\(x[1-9]\d?\))$/,
  patternText: 'names such as x1, x1^2, x1*x2 and sin(x1)',
  maxItems: featureOptions(MAX_FEATURE_INPUTS).length,
  labelOf: featureLabel,
};

const fieldProblem = (value: unknown): boolean => !Array.isArray(value) || value.some((v) => typeof v !== 'string' || !parseFeature(v));

/** Settings problems that need no widths: nothing ticked, a product written the other way round, an input past the limit. */
function check(p: FeaturesParams): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (p.features.length === 0) problems.push({ message: 'Features outputs nothing: no feature is ticked', fix: 'Tick at least one feature, such as x1', param: 'features' });
  for (const name of p.features) {
    const f = parseFeature(name);
    if (!f) continue; // the field's own check names it
    if (f.op === 'product' && f.j <= f.i) {
      const fix = f.j === f.i ? `Use ${featureName({ op: 'square', i: f.i, j: -1 })} for the square` : `Write it ${featureName({ op: 'product', i: f.j, j: f.i })}, the smaller input first`;
      problems.push({ message: `Features has the product ${name}`, fix, param: 'features' });
    }
    const top = Math.max(f.i, f.j) + 1;
    if (top > MAX_FEATURE_INPUTS) problems.push({ message: `Features has ${name}, but it takes at most ${MAX_FEATURE_INPUTS} inputs`, fix: `Use inputs x1 to x${MAX_FEATURE_INPUTS}`, param: 'features' });
  }
  return problems;
}

function infer(p: FeaturesParams, inWidths: readonly number[]): number | ShapeProblem[] {
  // Settings that are not a list of names have their own problem already (the field's); no width follows.
  if (fieldProblem(p.features)) return [];
  const width = inWidths[0];
  if (width > MAX_FEATURE_INPUTS) {
    return [{ message: `Features gets ${width} inputs; it takes at most ${MAX_FEATURE_INPUTS}`, fix: 'Put it on the raw inputs, or on a narrower layer' }];
  }
  const outside = p.features.filter((name) => {
    const f = parseFeature(name);
    return f !== null && Math.max(f.i, f.j) >= width;
  });
  if (outside.length > 0) {
    return [
      {
        message: `Features uses ${outside.join(', ')}, but its input is ${width} wide (x1${width > 1 ? ` to x${width}` : ''})`,
        fix: `Untick ${outside.length === 1 ? 'it' : 'them'}, or connect a wider input`,
        param: 'features',
      },
    ];
  }
  return p.features.length;
}

/** The features of a node whose settings are valid. */
const featuresOf = (p: FeaturesParams): Feature[] => p.features.map((name) => parseFeature(name) as Feature);

class FeaturesOp implements LayerOp {
  readonly trainable = null;
  private readonly op: Uint8Array;
  private readonly i: Int32Array;
  private readonly j: Int32Array;
  constructor(
    features: readonly Feature[],
    private readonly n: number,
  ) {
    this.op = Uint8Array.from(features, (f) => OPS.indexOf(f.op));
    this.i = Int32Array.from(features, (f) => f.i);
    this.j = Int32Array.from(features, (f) => f.j);
  }
  reserve(): void {}

  forward(inputs: readonly Float64Array[], out: Float64Array, pass: { rows: number }): void {
    const x = inputs[0];
    const { n, op, i, j } = this;
    const m = op.length;
    for (let r = 0; r < pass.rows; r++) {
      const a = r * n;
      for (let f = 0; f < m; f++) {
        const xi = x[a + i[f]];
        out[r * m + f] = op[f] === 0 ? xi : op[f] === 1 ? xi * xi : op[f] === 2 ? xi * x[a + j[f]] : Math.sin(xi);
      }
    }
  }

  backward(inputs: readonly Float64Array[], _out: Float64Array, grad: Float64Array, inputGrads: readonly (Float64Array | null)[], pass: { rows: number }): void {
    const down = inputGrads[0];
    if (!down) return;
    const x = inputs[0];
    const { n, op, i, j } = this;
    const m = op.length;
    // Each feature adds its derivative in the order of the features, as the NumPy export sums them.
    for (let r = 0; r < pass.rows; r++) {
      const a = r * n;
      for (let f = 0; f < m; f++) {
        const g = grad[r * m + f];
        const xi = x[a + i[f]];
        if (op[f] === 0) down[a + i[f]] += g;
        else if (op[f] === 1) down[a + i[f]] += 2 * xi * g;
        else if (op[f] === 2) {
          down[a + i[f]] += g * x[a + j[f]];
          down[a + j[f]] += g * xi;
        } else down[a + i[f]] += g * Math.cos(xi);
      }
    }
  }
}

/** Column c of a 2-D array expression, in NumPy and PyTorch alike. */
const col = (x: string, c: number): string => `${x}[:, ${c}]`;

function numpyColumn(f: Feature, x: string): string {
  switch (f.op) {
    case 'x':
      return col(x, f.i);
    case 'square':
      return `${col(x, f.i)} ** 2`;
    case 'product':
      return `${col(x, f.i)} * ${col(x, f.j)}`;
    case 'sin':
      return `np.sin(${col(x, f.i)})`;
  }
}

function torchColumn(f: Feature, x: string): string {
  return f.op === 'sin' ? `torch.sin(${col(x, f.i)})` : numpyColumn(f, x);
}

/** `out = np.stack([...], axis=1)` over columns, as lines: one column per line when there are more than three. */
function stacked(out: string, fn: string, columns: string[], axis: string): string[] {
  if (columns.length <= 3) return [`${out} = ${fn}([${columns.join(', ')}], ${axis})`];
  return [`${out} = ${fn}([`, ...columns.map((c) => `    ${c},`), `], ${axis})`];
}

/** dL/dx, column by column: each input's share of every feature that reads it, in the features' order. */
function numpyInputGrad(features: readonly Feature[], x: string, g: string, n: number): string {
  const parts: string[][] = Array.from({ length: n }, () => []);
  features.forEach((f, k) => {
    const gk = col(g, k);
    if (f.op === 'x') parts[f.i].push(gk);
    else if (f.op === 'square') parts[f.i].push(`2 * ${col(x, f.i)} * ${gk}`);
    else if (f.op === 'product') {
      parts[f.i].push(`${gk} * ${col(x, f.j)}`);
      parts[f.j].push(`${gk} * ${col(x, f.i)}`);
    } else parts[f.i].push(`${gk} * np.cos(${col(x, f.i)})`);
  });
  return `np.stack([${parts.map((p, c) => (p.length > 0 ? p.join(' + ') : `np.zeros_like(${col(x, c)})`)).join(', ')}], axis=1)`;
}

/** Split the input into its columns, one operator per feature (Mul, Sin; an input itself needs none), and Concat them. */
function onnxOps(features: readonly Feature[], x: string, n: number, name: string, out: string): OnnxOp[] {
  const piece = (i: number): string => `${name}.x${i + 1}`;
  const ops: OnnxOp[] = [{ op: 'Split', inputs: [x], outputs: Array.from({ length: n }, (_, i) => piece(i)), attributes: [{ name: 'axis', int: 1 }] }];
  const columns = features.map((f, k) => {
    if (f.op === 'x') return piece(f.i);
    const t = `${name}.f${k + 1}`;
    if (f.op === 'sin') ops.push({ op: 'Sin', inputs: [piece(f.i)], outputs: [t] });
    else ops.push({ op: 'Mul', inputs: [piece(f.i), piece(f.op === 'square' ? f.i : f.j)], outputs: [t] });
    return t;
  });
  ops.push({ op: 'Concat', inputs: columns, outputs: [out], attributes: [{ name: 'axis', int: 1 }] });
  return ops;
}

/**
 * The export's Split–Mul/Sin–Concat read back: a Split of a computed tensor into its columns, each
 * read only by a Mul of two columns, a Sin of one, or the one Concat that joins the features.
 */
const featuresReader: OnnxReader<FeaturesParams> = {
  ops: ['Split'],
  read(node: OnnxNode, ctx: OnnxReadContext) {
    checkAttributes(node, ctx, { axis: ATTRIBUTE.INT, split: ATTRIBUTE.INTS });
    const [x, splitName] = node.inputs;
    if (!x || ctx.constant(x)) ctx.refuse(node, 'it splits a constant, not data flowing through the graph');
    const axis = intAttribute(node, 'axis', 0);
    if (axis !== 1 && axis !== -1) ctx.refuse(node, `its attribute axis is ${axis}: on a batch of vectors that splits the samples, not each vector`, 'Split along axis 1 (or -1)');
    const width = ctx.width(x);
    const pieces = node.outputs;
    const sizes = splitName ? ctx.constant(splitName) : null;
    if (splitName && !sizes) ctx.refuse(node, `its sizes "${splitName}" are computed by the graph`);
    const given = sizes ? Array.from(sizes.values()) : (node.attributes.get('split')?.ints ?? null);
    if (pieces.length !== width || pieces.some((p) => !p) || (given && given.some((s) => s !== 1))) {
      ctx.refuse(node, `it splits a ${width}-wide tensor into ${pieces.length} parts: NN Designer reads a Split only into single columns, as its Features layer writes it`);
    }
    if (width > MAX_FEATURE_INPUTS) ctx.refuse(node, `it splits ${width} columns; NN Designer's Features takes at most ${MAX_FEATURE_INPUTS} inputs`);
    const column = new Map(pieces.map((p, i) => [p, i]));
    const features = new Map<string, Feature>();
    const taken: OnnxNode[] = [node];
    const joining: { by: OnnxNode | null } = { by: null };
    const joinedBy = (reader: OnnxNode): void => {
      if (joining.by && joining.by !== reader) ctx.refuse(reader, `it joins features of the Split ${JSON.stringify(node.name)}, as another Concat does: NN Designer's Features joins them once`);
      joining.by = reader;
    };
    for (const p of pieces) {
      if (ctx.isOutput(p)) ctx.refuse(node, `its part "${p}" is the graph's output`);
      for (const reader of ctx.readersOf(p)) {
        if (reader.op === 'Concat') {
          joinedBy(reader);
          continue;
        }
        if (taken.includes(reader)) continue;
        const ins = reader.inputs.map((t) => column.get(t));
        const ok = (reader.op === 'Mul' && ins.length === 2) || (reader.op === 'Sin' && ins.length === 1);
        if (!ok || ins.some((c) => c === undefined)) ctx.refuse(reader, `it reads a column of the Split ${JSON.stringify(node.name)}: NN Designer reads those columns only as Features (Mul of two columns, Sin of one, joined by one Concat)`);
        checkAttributes(reader, ctx, {});
        const [i, j = i] = (ins as number[]).slice().sort((a, b) => a - b);
        const f: Feature = reader.op === 'Sin' ? { op: 'sin', i, j: -1 } : i === j ? { op: 'square', i, j: -1 } : { op: 'product', i, j };
        const next = ctx.soleReader(reader.outputs[0]);
        if (!next || next.op !== 'Concat') ctx.refuse(reader, 'its result is read by more than the Concat that joins the features: NN Designer reads it as one feature of a Features layer');
        joinedBy(next);
        features.set(reader.outputs[0], f);
        taken.push(reader);
      }
    }
    const concat = joining.by;
    if (!concat) ctx.refuse(node, 'no Concat joins its columns: NN Designer reads a Split only as the start of a Features layer');
    checkAttributes(concat, ctx, { axis: ATTRIBUTE.INT });
    const concatAxis = intAttribute(concat, 'axis', 1);
    if (concatAxis !== 1 && concatAxis !== -1) ctx.refuse(concat, `its attribute axis is ${concatAxis}: on a batch of vectors that stacks samples`, 'Concatenate along axis 1 (or -1)');
    const names = concat.inputs.map((t) => {
      const c = column.get(t);
      const f = c !== undefined ? { op: 'x' as const, i: c, j: -1 } : features.get(t);
      if (!f) ctx.refuse(concat, `it joins "${t}" with the features of the Split ${JSON.stringify(node.name)}: NN Designer's Features joins only its own features`);
      return featureName(f);
    });
    const twice = names.find((v, k) => names.indexOf(v) !== k);
    if (twice) ctx.refuse(concat, `it joins the feature ${twice} twice: a Features layer outputs each feature once`);
    return { params: { features: names }, inputs: [x], output: concat.outputs[0], nodes: [...taken, concat] };
  },
};

export const features = defineKind<FeaturesParams>({
  type: 'features',
  label: 'Features',
  hint: 'Engineered features of its input: x², x₁x₂, sin x…',
  role: 'hidden',
  fields: { features: FEATURES_FIELD },
  defaults: { features: ['x1', 'x2', 'x1*x2'] },
  inputs: { min: 1, max: 1 },
  infer,
  check,
  createOp: (p, inWidths) => new FeaturesOp(featuresOf(p), inWidths[0]),
  emit: {
    numpy: {
      forward: (n) => stacked(n.out, 'np.stack', featuresOf(n.params).map((f) => numpyColumn(f, n.inputs[0])), 'axis=1'),
      backward: (n, grad) => ({ lines: [], inputGrad: () => numpyInputGrad(featuresOf(n.params), n.inputs[0], grad, n.inWidths[0]) }),
    },
    torch: { forward: (n) => stacked(n.out, 'torch.stack', featuresOf(n.params).map((f) => torchColumn(f, n.inputs[0])), 'dim=1') },
    onnx: (n) => onnxOps(featuresOf(n.params), n.inputs[0], n.inWidths[0], n.name, n.out),
  },
  fromOnnx: featuresReader,
});
