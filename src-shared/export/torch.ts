/**
 * The design as a PyTorch `nn.Module` with the run's weights loaded, for people moving on to a
 * real framework: one `nn.Linear` per Dense layer (named after the design's layers), the forward
 * pass with the design's activations, the training data, and the predictions printed as the app
 * prints them. float64 throughout, so the printed numbers are the app's.
 */
import { compileDesign, denseChainOf } from '../network/compile';
import type { Activation } from '../network/design';
import type { LayerParameters } from '../engine/network';
import { taskLabel } from '../datasets';
import type { ExperimentSetup } from '../setup';
import { dataCode, predictionPrintCode } from './python';
import { docstring, py, pyIdentifier, pyInt, pyString } from './quote';

export interface TorchExport {
  script: string;
  notes: string[];
}

/** The activation applied to a tensor expression, in torch's own functions. */
function activationCode(f: Activation, x: string): string {
  switch (f) {
    case 'sigmoid':
      return `torch.sigmoid(${x})`;
    case 'tanh':
      return `torch.tanh(${x})`;
    case 'relu':
      return `torch.relu(${x})`;
    case 'leaky_relu':
      return `F.leaky_relu(${x}, 0.01)`;
    case 'linear':
      return x;
    case 'softmax':
      return `torch.softmax(${x}, dim=1)`;
  }
  throw new Error(`Unknown activation ${JSON.stringify(f)}`);
}

/** Python's keywords and nn.Module's own attributes: a layer called `forward` or `class` gets a prefix. */
const RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is ' +
    'lambda nonlocal not or pass raise return try while with yield match case type ' +
    'forward training train eval double float half bfloat16 to cuda cpu xpu ipu mtia apply parameters named_parameters buffers ' +
    'named_buffers children named_children modules named_modules state_dict load_state_dict zero_grad requires_grad_ ' +
    'register_buffer register_parameter register_module add_module get_submodule get_parameter get_buffer extra_repr ' +
    'share_memory compile dump_patches call_super_init T_destination set_extra_state get_extra_state'
  ).split(' '),
);

/** A design node id as a Python attribute name of the module (dense-1 → dense_1). */
export const pythonName = (id: string, taken: Set<string>): string => pyIdentifier(id, taken, RESERVED);

/** Rows of numbers as a Python list literal, one row per line when there are several. */
function matrix(rows: number[][], indent: string): string {
  if (rows.length === 1) return `[[${rows[0].map(py).join(', ')}]]`;
  return `[\n${rows.map((r) => `${indent}    [${r.map(py).join(', ')}],`).join('\n')}\n${indent}]`;
}

/**
 * `parameters` are the weights to load: a trained run's, or the initial ones (say so in `notes`
 * by passing `trained: false`).
 */
export function exportTorch(
  setup: ExperimentSetup,
  parameters: LayerParameters[],
  options: { title?: string; appVersion?: string; trained: boolean; epoch?: number },
): TorchExport {
  const compiled = compileDesign(setup.design);
  if (!compiled.ok) throw new Error(`The design cannot be exported: ${compiled.problems[0].message} (${compiled.problems[0].fix})`);
  const { spec, chain } = denseChainOf(compiled.plan);
  if (parameters.length !== spec.layers.length) throw new Error(`Expected weights for ${spec.layers.length} layers, got ${parameters.length}`);
  const taken = new Set<string>();
  const names = spec.layers.map((_, i) => pythonName(chain[i + 1], taken));
  const sizes = [spec.inputSize, ...spec.layers.map((l) => l.units)];
  const notes = options.trained
    ? []
    : ['The script holds the design’s initial weights (from the same seed as the app): train it first to export trained ones.'];

  const lines: string[] = [];
  const emit = (...ls: string[]): void => void lines.push(...ls);
  emit(
    ...docstring([
      options.title ?? 'NN Designer experiment',
      `A ${sizes.join('-')} network for ${taskLabel(setup.task)}, as a PyTorch module with its ${options.trained ? `weights as trained${options.epoch !== undefined ? ` to epoch ${options.epoch}` : ''}` : 'initial weights'}.`,
      `Exported from NN Designer ${options.appVersion ?? '0'}. Needs PyTorch and NumPy: python3 this_file.py`,
    ]),
    'import numpy as np',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
    '',
    'class Net(nn.Module):',
    ...docstring([[spec.inputSize, ...spec.layers.map((l) => `${l.units} ${l.activation}`)].join(' → ')], '    '),
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...spec.layers.map((l, i) => `        self.${names[i]} = nn.Linear(${pyInt(sizes[i])}, ${pyInt(l.units)})`),
    '',
    '    def forward(self, x):',
    ...spec.layers.map((l, i) => `        x = ${activationCode(l.activation, `self.${names[i]}(x)`)}`),
    '        return x',
    '',
    '',
    '# float64, as the app computes; nn.Linear keeps its weight as (outputs × inputs), the',
    "# transpose of the app's W (inputs × outputs).",
    'model = Net().double()',
    'model.load_state_dict({',
  );
  spec.layers.forEach((l, i) => {
    const { W, b } = parameters[i];
    const n = sizes[i];
    const rows = Array.from({ length: l.units }, (_, j) => Array.from({ length: n }, (_, k) => W[k * l.units + j]));
    emit(
      `    ${pyString(`${names[i]}.weight`)}: torch.tensor(${matrix(rows, '    ')}, dtype=torch.float64),`,
      `    ${pyString(`${names[i]}.bias`)}: torch.tensor([${Array.from(b).map(py).join(', ')}], dtype=torch.float64),`,
    );
  });
  emit('})', 'model.eval()', '', '');
  emit(...dataCode(setup.task), 'n = len(X)', '', '');
  emit(
    'def predict(x):',
    ...docstring(['The model on a NumPy array of inputs, as a NumPy array of outputs.'], '    '),
    '    with torch.no_grad():',
    '        return model(torch.tensor(x, dtype=torch.float64)).numpy()',
    '',
    '',
    'predictions = predict(X)',
    ...predictionPrintCode('predict'),
  );
  return { script: lines.join('\n') + '\n', notes };
}
