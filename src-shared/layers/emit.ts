/**
 * What a kind becomes in each export. The exporters (src-shared/export) walk the compiled graph
 * and ask each node's kind for its code; names of variables, weights and tensors are chosen by
 * the exporter and handed in, already valid identifiers, so a kind never quotes anything itself.
 */
/** A kind's settings (the same shape as types.ts `Params`, written out here so the two files need not import each other). */
type Params = Record<string, string | number | readonly string[]>;

/** A node in a NumPy script: the post's style, one variable per node output. */
export interface NumpyNode<P extends Params> {
  params: P;
  /** Variables holding the inputs' outputs, in edge order. */
  inputs: readonly string[];
  inWidths: readonly number[];
  width: number;
  /** The variable to assign the node's output to. */
  out: string;
  /** Names this node may define for itself (pre-activation, delta, mask…): `${prefix}z` etc. */
  local: (what: string) => string;
  /** Its weights' variables, for trainable kinds. */
  W: string;
  b: string;
  /** The script's variable that is true in training passes (dropout), false in predictions. */
  training: string;
  /** A number as a Python float literal that reads back as the same double. */
  num(value: number): string;
}

export interface NumpyBackward {
  /** Lines run in the backward pass once the node's gradient is known. */
  lines: string[];
  /** dL/d(input i) as an expression (added to what the input's other consumers give). */
  inputGrad(i: number): string;
}

export interface NumpyEmitter<P extends Params> {
  /** Lines of `forward()` that assign `out`. */
  forward(node: NumpyNode<P>): string[];
  /**
   * `grad` is an expression for dL/d(out) (`preActivation`: already dL/dz); `scale` is what
   * parameter gradients are multiplied by (`''` or ` * (1 / len(xb))`).
   */
  backward(node: NumpyNode<P>, grad: string, preActivation: boolean, scale: string): NumpyBackward;
  /** Functions the script must define for this node (activation functions), by name. */
  uses?(params: P): string[];
}

/** A node in a PyTorch module's `forward`. */
export interface TorchNode<P extends Params> {
  params: P;
  inputs: readonly string[];
  inWidths: readonly number[];
  width: number;
  out: string;
  /** The submodule attribute for trainable kinds (`self.dense_1`). */
  module: string;
  /** A number as a Python float literal that reads back as the same double. */
  num(value: number): string;
}

export interface TorchEmitter<P extends Params> {
  /** The submodule `__init__` creates, for trainable kinds (`nn.Linear(2, 4)`). */
  module?(node: TorchNode<P>): string;
  forward(node: TorchNode<P>): string[];
}

/** One ONNX operator: its type, inputs, outputs and attributes. */
export interface OnnxOp {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: { name: string; int?: number; float?: number }[];
}

export interface OnnxNode<P extends Params> {
  params: P;
  inputs: readonly string[];
  inWidths: readonly number[];
  width: number;
  out: string;
  /** A prefix for intermediate tensor names and, for trainable kinds, its initializers. */
  name: string;
  weight: string;
  bias: string;
}

export interface Emitters<P extends Params> {
  numpy: NumpyEmitter<P>;
  torch: TorchEmitter<P>;
  onnx(node: OnnxNode<P>): OnnxOp[];
}
