/**
 * The design as a PyTorch `nn.Module` with the run's weights loaded, for people moving on to a
 * real framework: one `nn.Linear` per Dense or Output layer (named after the design's layers), a
 * `forward` that follows the graph node by node (each kind writes its own line), the training
 * data, and the predictions printed as the app prints them. float64 throughout, so the printed
 * numbers are the app's. Dropout is PyTorch's own, so it is the identity in `eval()` mode.
 */
import { kindOf } from '../layers';
import { compileDesign } from '../network/compile';
import type { Regularization } from '../engine/config';
import type { LayerParameters } from '../engine/network';
import { REGULARIZATION_LABELS } from '../engine/regularization';
import { torchParityLines } from './parity';
import { planVariables } from './plan-variables';
import { taskLabel } from '../datasets';
import type { ExperimentSetup } from '../setup';
import { dataCode, predictionPrintCode } from './python';
import { docstring, py, pyIdentifier, pyString } from './quote';

export interface TorchExport {
  script: string;
  notes: string[];
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
  const { plan } = compiled;
  if (parameters.length !== plan.trainable.length) throw new Error(`Expected weights for ${plan.trainable.length} layers, got ${parameters.length}`);
  const taken = new Set<string>();
  const modules = new Map(plan.trainable.map((k) => [k, pythonName(plan.steps[k].id, taken)]));
  const vars = planVariables(plan);
  const torchNode = (k: number) => {
    const s = plan.steps[k];
    return { params: s.params, inputs: s.inputs.map((i) => vars.out[i]), inWidths: s.inWidths, width: s.width, out: vars.out[k], module: `self.${modules.get(k) ?? ''}`, num: py };
  };
  const shape = plan.chain ? `A ${[plan.chain.inputSize, ...plan.chain.layers.map((l) => l.units)].join('-')} network` : `A network of ${plan.steps.length} layers`;
  const summary = plan.chain
    ? [plan.chain.inputSize, ...plan.chain.layers.map((l) => `${l.units} ${l.activation}`)].join(' → ')
    : plan.steps.map((s) => `${kindOf(s.type).label} ${s.width}`).join(', ');
  const notes = options.trained
    ? []
    : ['The script holds the design’s initial weights (from the same seed as the app): train it first to export trained ones.'];

  const lines: string[] = [];
  const emit = (...ls: string[]): void => void lines.push(...ls);
  emit(
    ...docstring([
      options.title ?? 'NN Designer experiment',
      `${shape} for ${taskLabel(setup.task)}, as a PyTorch module with its ${options.trained ? `weights as trained${options.epoch !== undefined ? ` to epoch ${options.epoch}` : ''}` : 'initial weights'}.`,
      `Exported from NN Designer ${options.appVersion ?? '0'}. Needs PyTorch and NumPy: python3 this_file.py`,
      '',
      ...torchParityLines(),
    ]),
    'import numpy as np',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
    '',
    'class Net(nn.Module):',
    ...docstring([summary], '    '),
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...plan.trainable.map((k) => `        ${torchNode(k).module} = ${kindOf(plan.steps[k].type).emit.torch.module?.(torchNode(k)) ?? ''}`),
    '',
    '    def forward(self, x):',
    ...plan.steps.slice(1).flatMap((s, i) => kindOf(s.type).emit.torch.forward(torchNode(i + 1)).map((l) => `        ${l}`)),
    '        return out',
    '',
    '',
    '# float64, as the app computes; nn.Linear keeps its weight as (outputs × inputs), the',
    "# transpose of the app's W (inputs × outputs).",
    'model = Net().double()',
    'model.load_state_dict({',
  );
  plan.trainable.forEach((k, i) => {
    const { W, b } = parameters[i];
    const { fanIn, fanOut } = plan.steps[k].weights as { fanIn: number; fanOut: number };
    if (W.length !== fanIn * fanOut || b.length !== fanOut) throw new Error(`The weights of ${plan.steps[k].id} do not fit it: train or reload the run first`);
    const rows = Array.from({ length: fanOut }, (_, j) => Array.from({ length: fanIn }, (_, r) => W[r * fanOut + j]));
    const name = modules.get(k) as string;
    emit(
      `    ${pyString(`${name}.weight`)}: torch.tensor(${matrix(rows, '    ')}, dtype=torch.float64),`,
      `    ${pyString(`${name}.bias`)}: torch.tensor([${Array.from(b).map(py).join(', ')}], dtype=torch.float64),`,
    );
  });
  emit('})', 'model.eval()', '', '');
  const reg = setup.training.regularization;
  if (reg) emit(...penaltyCode(reg, plan.trainable.map((k) => `model.${modules.get(k) as string}.weight`)), '', '');
  emit(...dataCode(setup.task, plan.outputSize), 'n = len(X)', '', '');
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
  if (reg) emit('', 'weight_penalty = float(penalty(model))', `print(f"${REGULARIZATION_LABELS[reg.type]} penalty on these weights: {weight_penalty:.6g} (not in the loss the app shows)")`);
  return { script: lines.join('\n') + '\n', notes };
}

/** The app's penalty on the weights as a function of the model, for training on in PyTorch as the app trains. */
function penaltyCode(reg: Regularization, weights: string[]): string[] {
  const name = REGULARIZATION_LABELS[reg.type];
  const terms = weights.map((w) => (reg.type === 'l2' ? `(${w} ** 2).sum()` : `${w}.abs().sum()`)).join(' + ');
  return [
    `# Trained in the app with ${name} regularisation (rate ${py(reg.rate)}): a penalty on the weights, not the`,
    '# biases, which the loss the app shows leaves out. To train on in PyTorch as the app does, add it',
    '# to the loss of each update:  loss = criterion(model(x), y) + penalty(model)',
    `reg_rate = ${py(reg.rate)}`,
    '',
    '',
    'def penalty(model):',
    ...docstring([reg.type === 'l2' ? "The app's L2 penalty: reg_rate / 2 times the sum of the squared weights." : "The app's L1 penalty: reg_rate times the sum of the weights' absolute values."], '    '),
    reg.type === 'l2' ? `    return reg_rate / 2 * (${terms})` : `    return reg_rate * (${terms})`,
  ];
}
