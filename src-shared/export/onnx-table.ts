/**
 * What a table's ONNX model takes and gives. The network learned on scaled inputs (each numeric
 * column's scaler fitted on the training rows, categories one-hot), so the export scales inside
 * the graph: the model takes a row in the table's own units — numeric columns as they are,
 * each categorical column as its one-hot 0/1 columns in the card's order — and a numeric target
 * comes back in its own units. This module holds those constants and says, in words and as JSON
 * in the model's metadata, which columns the model expects; built-in tasks have none of it.
 */
import { inputColumns, tableScales, targetColumn, type FittedScaler, type TableParams } from '../datasets/table';
import type { ExperimentSetup } from '../setup';

/** The metadata key under which a table's export describes its input columns and its output (JSON). */
export const INPUTS_METADATA_KEY = 'nn-designer.inputs';

/** One of the model's input columns. */
export type OnnxInputColumn =
  | { name: string; type: 'numeric'; /** the model computes (x − shift) / scale */ shift: number; scale: number }
  | { name: string; type: 'one-hot'; /** the table's categorical column */ column: string; category: string };

export type OnnxTableOutput =
  | { type: 'classes'; column: string; classes: string[] }
  | { type: 'number'; column: string; /** the model computes network × scale + shift */ shift: number; scale: number };

export interface OnnxTableScaling {
  table: string;
  inputs: OnnxInputColumn[];
  output: OnnxTableOutput;
}

/** The scaling a table's model holds; null for every other task (they export as the network alone). */
export function tableScaling(setup: ExperimentSetup): OnnxTableScaling | null {
  if (setup.task.dataset !== 'table' && setup.task.dataset !== 'drawn') return null;
  const p: TableParams = setup.task;
  const { inputScales, targetScale } = tableScales(p);
  let k = 0;
  const inputs = inputColumns(p).flatMap((c): OnnxInputColumn[] => {
    if (c.type === 'numeric') return [{ name: c.name, type: 'numeric', ...(inputScales[k++] as FittedScaler) }];
    return (c.categories ?? []).map((category) => (k++, { name: `${c.name}=${category}`, type: 'one-hot', column: c.name, category }));
  });
  const target = targetColumn(p);
  const column = target?.name ?? 'target';
  const output: OnnxTableOutput = targetScale ? { type: 'number', column, ...targetScale } : { type: 'classes', column, classes: target?.categories ?? [] };
  return { table: p.name ?? 'Table', inputs, output };
}

/** The constants the graph scales its input with: one shift and one scale per input column. */
export function inputConstants(s: OnnxTableScaling): { shift: number[]; scale: number[] } {
  return { shift: s.inputs.map((c) => (c.type === 'numeric' ? c.shift : 0)), scale: s.inputs.map((c) => (c.type === 'numeric' ? c.scale : 1)) };
}

/** The constants are float32 in the model: each must stay a number there, and a scale must stay nonzero. */
export function checkFloat32(s: OnnxTableScaling): void {
  const fits = (v: number, divisor: boolean): boolean => Number.isFinite(Math.fround(v)) && (!divisor || Math.fround(v) !== 0);
  for (const c of s.inputs) {
    if (c.type === 'numeric' && !(fits(c.shift, false) && fits(c.scale, true))) {
      throw new Error(`The scaler of the column ${JSON.stringify(c.name)} (shift ${c.shift}, scale ${c.scale}) does not fit in float32, which ONNX models compute in: rescale the column's values`);
    }
  }
  const o = s.output;
  if (o.type === 'number' && !(fits(o.shift, false) && fits(o.scale, true))) {
    throw new Error(`The scaler of the target ${JSON.stringify(o.column)} (shift ${o.shift}, scale ${o.scale}) does not fit in float32, which ONNX models compute in: rescale the column's values`);
  }
}

/** Columns named in a line or a doc string before the rest are counted (the metadata lists all). */
const LISTED = 12;

function listed(names: string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown}, … (${names.length.toLocaleString('en-US')} in all)` : shown;
}

/** The table's columns as the model takes them: numeric ones by name, categorical ones with their one-hot categories. */
function columnsText(s: OnnxTableScaling): string {
  const groups: { column: string; categories: string[] | null }[] = [];
  for (const c of s.inputs) {
    const last = groups.at(-1);
    if (c.type === 'numeric') groups.push({ column: c.name, categories: null });
    else if (last?.categories && last.column === c.column) last.categories.push(c.category);
    else groups.push({ column: c.column, categories: [c.category] });
  }
  return listed(groups.map((g) => (g.categories ? `${g.column} (one-hot: ${listed(g.categories)})` : g.column)));
}

/** The network's output as the model gives it: how many values, and the Output layer's activation. */
export interface OnnxOutputShape {
  outputs: number;
  activation: string;
}

function outputText(s: OnnxTableScaling, shape: OnnxOutputShape): string {
  const o = s.output;
  if (o.type === 'number') return `${o.column} in its own units`;
  const probabilities = shape.activation === 'softmax' || shape.activation === 'sigmoid';
  if (shape.outputs === 1) return `the ${probabilities ? 'probability' : 'score'} that ${o.column} is ${JSON.stringify(o.classes[1] ?? '')} (rather than ${JSON.stringify(o.classes[0] ?? '')})`;
  return `the ${probabilities ? 'probability' : 'score'} of each class of ${o.column} (${listed(o.classes)})`;
}

/** One line for the person exporting: what the model takes and gives. */
export function inputsLine(s: OnnxTableScaling, shape: OnnxOutputShape): string {
  return `The model takes ${s.inputs.length.toLocaleString('en-US')} input${s.inputs.length === 1 ? '' : 's'} in the table's own units — ${columnsText(s)} — and scales them itself; it gives ${outputText(s, shape)}.`;
}

/** The graph input's doc string. */
export function inputDoc(s: OnnxTableScaling): string {
  return `[batch, ${s.inputs.length}]: ${listed(s.inputs.map((c) => c.name))}, in the table's own units (one-hot columns 0 or 1); the model scales them`;
}

/** The graph output's doc string. */
export function outputDoc(s: OnnxTableScaling, shape: OnnxOutputShape): string {
  return `[batch, ${shape.outputs}]: ${outputText(s, shape)}`;
}

/** The model's doc string: the whole account, for a person reading the file in a model viewer. */
export function modelDoc(s: OnnxTableScaling, shape: OnnxOutputShape): string {
  return [
    `Trained by NN Designer on the table ${JSON.stringify(s.table)}. ${inputsLine(s, shape)}`,
    `Each numeric column x becomes (x − shift) / scale before the first layer, with the scalers fitted on the training rows; each categorical column is one input per category, 1 for the row's category and 0 for the others, in the order of the data card's categories.`,
    ...(s.output.type === 'number' ? ['The network\'s output y is brought back to the target\'s units as y × scale + shift.'] : []),
    `The metadata entry ${INPUTS_METADATA_KEY} lists every input column as JSON: a numeric one with its shift and scale, a one-hot one with its column and category.`,
  ].join('\n');
}

/** The metadata entry's JSON. */
export function inputsMetadata(s: OnnxTableScaling): string {
  return JSON.stringify({ table: s.table, inputs: s.inputs, output: s.output });
}
