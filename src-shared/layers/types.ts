/**
 * What a layer kind is: one descriptor holds everything that differs between kinds — its
 * settings (which give the file format, the JSON Schema and the inspector's fields), how many
 * inputs it takes, how wide its output is (or what is wrong and how to fix it), what it runs in
 * the engine, how it draws its initial weights, and the code it becomes in NumPy, PyTorch and ONNX.
 * Everything else loops over the registry (`layers/index.ts`).
 */
import type { InitScheme } from '../engine/config';
import type { RandomState } from '../rng/random-state';
import type { Emitters } from './emit';
import type { OnnxReader } from './onnx-read';

/** A setting that matters only while another one has a given value (leaky ReLU's slope: only for leaky ReLU). */
export interface FieldCondition {
  key: string;
  is: string;
}

/** One setting of a kind, as the inspector edits it and the file stores it. */
export type ParamField =
  | { type: 'int'; label: string; min: number; max: number; /** shown on the node itself */ inline?: boolean; when?: FieldCondition }
  | {
      type: 'number';
      label: string;
      min: number;
      max: number;
      step: number;
      inline?: boolean;
      when?: FieldCondition;
      /** A file may leave it out, meaning this value: a setting added after files without it were written. */
      default?: number;
    }
  | { type: 'choice'; label: string; options: readonly string[]; optionLabels?: Readonly<Record<string, string>>; inline?: boolean; when?: FieldCondition }
  | TogglesField;

/** One option of a toggles field: its name in the file and its label on screen. */
export interface ToggleOption {
  value: string;
  label: string;
}

/**
 * A set of options, each on or off (Features: which engineered features it outputs). The file
 * holds the names of those that are on, in order, each once; which options exist may depend on
 * the node's input widths, which the file's schema does not know, so it checks each name against
 * `pattern` and the kind's `infer` checks them against the widths.
 */
export interface TogglesField {
  type: 'toggles';
  label: string;
  /** The options a node with inputs this wide offers, in the order the inspector lists them. */
  options(inWidths: readonly number[]): readonly ToggleOption[];
  /** What every option's name looks like (anchored). */
  pattern: RegExp;
  /** In words, for messages: "names such as x1, x1^2, x1*x2, sin(x1)". */
  patternText: string;
  /** Most options on at once (every option of the widest input the kind takes). */
  maxItems: number;
  /** The label of a name, options or not (for the node's text and the inspector). */
  labelOf(value: string): string;
  inline?: false;
  when?: FieldCondition;
}

/** What a kind's setting holds: a whole number or number, a choice, or the names of the toggles that are on. */
export type ParamValue = string | number | readonly string[];

export type Params = Record<string, ParamValue>;
export type FieldsOf<P extends Params> = { readonly [K in keyof P]: ParamField };

/** Something wrong with a node's shape or settings, said so a person can fix it. */
export interface ShapeProblem {
  message: string;
  fix: string;
  /** The setting it concerns, for the problem's JSON path (`params.units`). */
  param?: string;
  /** The layer's settings that fix it, when the fix names them, and a few words for the button. */
  set?: { params: Record<string, number | string>; summary: string };
}

/** A layer's trainable arrays: W is fan_in × fan_out, row-major (as NumPy's `randn(in, out)`). */
export interface Trainable {
  readonly W: Float64Array;
  readonly b: Float64Array;
  readonly gW: Float64Array;
  readonly gb: Float64Array;
}

/** What one pass knows beyond its inputs. */
export interface Pass {
  rows: number;
  /** A training pass: dropout drops. Predictions, grids and reported losses are not. */
  training: boolean;
  /** The stream dropout masks are drawn from while training (the run's second RandomState). */
  masks: RandomState | null;
}

/** A node of a compiled graph as the engine runs it. Buffers hold `rows` rows, row-major. */
export interface LayerOp {
  readonly trainable: Trainable | null;
  /** Makes room for passes of up to `rows` rows (grows only). */
  reserve(rows: number): void;
  /** Writes the node's output for the pass's rows from its inputs' outputs (in edge order). */
  forward(inputs: readonly Float64Array[], out: Float64Array, pass: Pass): void;
  /**
   * From dL/d(out) in `grad` (which it may overwrite), fills its parameters' gradients (summed over
   * the rows, times `scale`) and ADDS dL/d(input i) into `inputGrads[i]` (null: not needed).
   * `preActivation`: `grad` is already dL/dz (a loss fused with the output's activation).
   */
  backward(
    inputs: readonly Float64Array[],
    out: Float64Array,
    grad: Float64Array,
    inputGrads: readonly (Float64Array | null)[],
    pass: Pass,
    scale: number,
    preActivation: boolean,
  ): void;
}

/** How a trainable kind's weights are shaped and drawn. */
export interface TrainableSpec<P extends Params> {
  /** fan_in × fan_out of W; b has fan_out values. */
  shape(params: P, inWidths: readonly number[], width: number): { fanIn: number; fanOut: number };
  /**
   * Draws W (and b, for `randn_bias`) from `rs`, in the order written here: the NumPy export
   * follows it. A generator that pauses every INIT_CHUNK values, so the engine can initialise a
   * large network between messages and still answer Pause at once.
   */
  initialize(t: Trainable, shape: { fanIn: number; fanOut: number }, rs: RandomState, init: { scheme: InitScheme; scale: number }): Generator<void, void, void>;
}

/** Values drawn between two pauses of an initialisation (about a millisecond of work). */
export const INIT_CHUNK = 1 << 16;

export interface LayerKind<P extends Params = Params> {
  /** The file format's node `type`. */
  readonly type: string;
  readonly label: string;
  /** One line for the palette and tooltips: what the kind does. */
  readonly hint: string;
  /** Where a graph may hold it: its single source, its single sink, or anywhere between. */
  readonly role: 'input' | 'output' | 'hidden';
  readonly fields: FieldsOf<P>;
  readonly defaults: P;
  /** How many connections it takes in (Input none, Dense one, Add and Concatenate two or more). */
  readonly inputs: { min: number; max: number };
  /** Its output width from its inputs' widths, or why there is none. */
  infer(params: P, inWidths: readonly number[]): number | ShapeProblem[];
  /** Problems with its settings that need no shapes (checked even when the graph is broken). */
  check?(params: P): ShapeProblem[];
  readonly trainable?: TrainableSpec<P>;
  /**
   * Values it draws from the run's mask stream per row of a training pass (Dropout: its width,
   * rate 0 draws none). The engine skips that many draws to restore a run; the NumPy export
   * creates the stream only when something draws.
   */
  maskDraws?(params: P, width: number): number;
  /** Its output neuron i stands for its one input's neuron i (an activation, Dropout): maps and weights trace through it. */
  readonly keepsNeurons?: boolean;
  /** What the engine runs for it; null for the Input, whose output is the data. */
  createOp(params: P, inWidths: readonly number[], width: number): LayerOp | null;
  readonly emit: Emitters<P>;
  /** How it reads itself back from an ONNX graph (the importer offers it the operators it names). */
  readonly fromOnnx?: OnnxReader<P>;
}

/** Declares a kind with its parameter types inferred from its fields and defaults. */
export function defineKind<P extends Params>(kind: LayerKind<P>): LayerKind<P> {
  return kind;
}

export const intField = (label: string, min: number, max: number, inline = false): ParamField => ({ type: 'int', label, min, max, inline });
export const numberField = (label: string, min: number, max: number, step: number, inline = false): ParamField => ({
  type: 'number',
  label,
  min,
  max,
  step,
  inline,
});

/** The settings that apply to a node with these values: those without a condition, and those whose condition holds. */
export function appliedFields(fields: Readonly<Record<string, ParamField>>, params: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(fields).filter((key) => {
    const when = fields[key].when;
    return !when || params[when.key] === when.is;
  });
}

/** A setting's value: the node's own, else the value a file that leaves it out means. */
export function paramValue(field: ParamField, value: unknown): unknown {
  return value === undefined && field.type === 'number' ? field.default : value;
}
export const choiceField = (label: string, options: readonly string[], optionLabels?: Readonly<Record<string, string>>, inline = false): ParamField => ({
  type: 'choice',
  label,
  options,
  optionLabels,
  inline,
});
