/**
 * Turns a design and its training settings into a standalone NumPy script in the post's style:
 * small activation functions, the forward pass, the backward pass written out layer by layer, the
 * update loop and the same seeds, so running it prints what the app's run shows.
 */
import { compileDesign, denseChainOf } from '../network/compile';
import type { Activation, Loss } from '../network/design';
import type { NetworkSpec } from '../engine/network';
import type { TrainingConfig } from '../engine/config';
import { LOGIC_GATES, taskLabel } from '../datasets';
import { fusesWithActivation } from '../engine/losses';
import type { ExperimentSetup } from '../setup';
import { dataCode, predictionPrintCode } from './python';
import { comment, docstring, py, pyInt } from './quote';

export interface NumpyExport {
  script: string;
  /** Things the script does differently from the app, said plainly (empty when it matches). */
  notes: string[];
}

const ACTIVATION_DEFS: Record<Activation, string> = {
  sigmoid: 'def sigmoid(x):\n    return 1 / (1 + np.exp(-x))',
  tanh: 'def tanh(x):\n    return np.tanh(x)',
  relu: 'def relu(x):\n    return np.maximum(x, 0)',
  leaky_relu: 'def leaky_relu(x):\n    return np.where(x > 0, x, 0.01 * x)',
  linear: 'def linear(x):\n    return x',
  softmax: 'def softmax(x):\n    e = np.exp(x - x.max(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)',
};

/** dL/dz from dL/da (`g`), the layer's output `a` and pre-activation `z`, as the engine computes it. */
function backpropExpr(f: Activation, g: string, a: string, z: string): string {
  switch (f) {
    case 'sigmoid':
      return `${g} * ${a} * (1 - ${a})`;
    case 'tanh':
      return `${g} * (1 - ${a} * ${a})`;
    case 'relu':
      return `np.where(${z} > 0, ${g}, 0.0)`;
    case 'leaky_relu':
      return `np.where(${z} > 0, ${g}, ${g} * 0.01)`;
    case 'linear':
      return g;
    case 'softmax':
      return `${a} * (${g} - (${g} * ${a}).sum(axis=1, keepdims=True))`;
  }
}

const LOSS_DEFS: Record<Loss, string> = {
  squared_error: 'def sample_losses(out, target):\n    return np.mean((target - out) ** 2, axis=1)',
  mse: 'def sample_losses(out, target):\n    return np.mean((target - out) ** 2, axis=1)',
  bce:
    'def sample_losses(out, target):\n    p = np.clip(out, 1e-12, 1 - 1e-12)\n    return np.mean(-(target * np.log(p) + (1 - target) * np.log(1 - p)), axis=1)',
  cross_entropy: 'def sample_losses(out, target):\n    return -np.sum(np.where(target != 0, target * np.log(np.maximum(out, 1e-12)), 0.0), axis=1)',
};

const LOSS_NAMES: Record<Loss, string> = {
  squared_error: "squared error (the post's: gradient (out - y)·f')",
  mse: 'mean squared error',
  bce: 'binary cross-entropy',
  cross_entropy: 'cross-entropy',
};

function initCode(spec: NetworkSpec, t: TrainingConfig): string[] {
  const lines = [`np.random.seed(${pyInt(t.seed)})`];
  let fanIn = spec.inputSize;
  spec.layers.forEach((l, i) => {
    const n = i + 1;
    const { scheme, scale } = t.init;
    const factor =
      scheme === 'xavier' ? `np.sqrt(2 / ${pyInt(fanIn + l.units)})` : scheme === 'he' ? `np.sqrt(2 / ${pyInt(fanIn)})` : py(scale);
    lines.push(`W${n} = np.random.randn(${pyInt(fanIn)}, ${pyInt(l.units)}) * ${factor}`);
    lines.push(scheme === 'randn_bias' ? `b${n} = np.random.randn(1, ${pyInt(l.units)}) * ${py(scale)}` : `b${n} = np.zeros((1, ${pyInt(l.units)}))`);
    fanIn = l.units;
  });
  return lines;
}

export function exportNumpy(setup: ExperimentSetup, title = 'NN Designer experiment', appVersion = '0'): NumpyExport {
  const compiled = compileDesign(setup.design);
  if (!compiled.ok) throw new Error(`The design cannot be exported: ${compiled.problems[0].message} (${compiled.problems[0].fix})`);
  const { spec } = denseChainOf(compiled.plan);
  const t = setup.training;
  const L = spec.layers.length;
  const out = spec.layers[L - 1];
  const notes: string[] = [];
  const act = (i: number): string => (i === L ? 'out' : `h${i}`);
  const fused = fusesWithActivation(spec.loss, out.activation);
  const used = [...new Set(spec.layers.map((l) => l.activation))];
  // Activation names become Python function names: only the known ones.
  for (const f of used) if (!Object.hasOwn(ACTIVATION_DEFS, f)) throw new Error(`Unknown activation ${JSON.stringify(f)}`);

  const lines: string[] = [];
  const emit = (...ls: string[]): void => void lines.push(...ls);
  emit(
    ...docstring([
      title,
      `A ${[spec.inputSize, ...spec.layers.map((l) => l.units)].join('-')} network trained on ${taskLabel(setup.task)}.`,
      `Exported from NN Designer ${appVersion}. Needs only NumPy: python3 this_file.py`,
    ]),
    'import numpy as np',
    '',
    '',
    ...used.flatMap((f) => [ACTIVATION_DEFS[f], '', '']),
    comment(`Loss: ${LOSS_NAMES[spec.loss]}, one value per sample`),
    LOSS_DEFS[spec.loss],
    '',
    '',
    ...dataCode(setup.task),
    'n = len(X)',
    '',
    comment(`Network: ${[spec.inputSize, ...spec.layers.map((l) => `${l.units} ${l.activation}`)].join(' → ')}`),
    ...initCode(spec, t),
    `lr = ${py(t.learningRate)}`,
    `epochs = ${pyInt(t.epochs)}`,
  );
  const params = spec.layers.flatMap((_, i) => [`W${i + 1}`, `b${i + 1}`]);
  if (t.optimizer.type === 'momentum') {
    emit(`momentum = ${py(t.optimizer.momentum)}`, ...params.map((p) => `v_${p} = np.zeros_like(${p})`));
  }
  if (t.optimizer.type === 'adam') {
    emit(
      `beta1, beta2, eps = ${py(t.optimizer.beta1)}, ${py(t.optimizer.beta2)}, ${py(t.optimizer.epsilon)}`,
      'step_count = 0',
      ...params.flatMap((p) => [`m_${p} = np.zeros_like(${p})`, `s_${p} = np.zeros_like(${p})`]),
    );
  }
  emit('', '', 'def forward(x):');
  spec.layers.forEach((l, i) => {
    const n = i + 1;
    const input = i === 0 ? 'x' : act(i);
    emit(`    z${n} = ${input} @ W${n} + b${n}`, `    ${act(n)} = ${l.activation}(z${n})`);
  });
  emit(`    return ${spec.layers.map((_, i) => `z${i + 1}, ${act(i + 1)}`).join(', ')}`, '', '');

  emit('def train_step(xb, yb):', ...docstring(['Forward, backward and update on one batch; returns the summed loss of its samples.'], '    '));
  const globals = [...params, ...(t.optimizer.type === 'momentum' ? params.map((p) => `v_${p}`) : []), ...(t.optimizer.type === 'adam' ? ['step_count'] : [])];
  emit(`    global ${globals.join(', ')}`);
  emit(`    ${spec.layers.map((_, i) => `z${i + 1}, ${act(i + 1)}`).join(', ')} = forward(xb)`);
  emit('    loss = sample_losses(out, yb).sum()');
  const k = pyInt(out.units);
  emit('', '    # Backward: trace the blame from the output to the input, layer by layer');
  if (fused) emit(`    d${L} = (out - yb)${spec.loss === 'bce' && out.units !== 1 ? ` * (1 / ${k})` : ''}`);
  else {
    const g =
      spec.loss === 'squared_error'
        ? '(out - yb)'
        : spec.loss === 'mse'
          ? `(2 * (out - yb) / ${k})`
          : spec.loss === 'bce'
            ? `((np.clip(out, 1e-12, 1 - 1e-12) - yb) / (np.clip(out, 1e-12, 1 - 1e-12) * (1 - np.clip(out, 1e-12, 1 - 1e-12))) / ${k})`
            : '(-yb / np.maximum(out, 1e-12))';
    emit(`    d${L} = ${backpropExpr(out.activation, g, 'out', `z${L}`)}`);
  }
  const scale = t.reduction === 'mean' ? ' * (1 / len(xb))' : '';
  for (let i = L; i >= 1; i--) {
    const input = i === 1 ? 'xb' : act(i - 1);
    emit(`    d_W${i} = ${input}.T @ d${i}${scale}`, `    d_b${i} = d${i}.sum(axis=0, keepdims=True)${scale}`);
    if (i > 1) emit(`    d${i - 1} = ${backpropExpr(spec.layers[i - 2].activation, `(d${i} @ W${i}.T)`, act(i - 1), `z${i - 1}`)}`);
  }
  emit('', '    # Update');
  if (t.optimizer.type === 'adam') emit('    step_count += 1', '    c1 = 1 - beta1 ** step_count', '    c2 = 1 - beta2 ** step_count');
  for (const p of params) {
    if (t.optimizer.type === 'sgd') emit(`    ${p} -= lr * d_${p}`);
    if (t.optimizer.type === 'momentum') emit(`    v_${p} = momentum * v_${p} + d_${p}`, `    ${p} -= lr * v_${p}`);
    if (t.optimizer.type === 'adam') {
      emit(
        `    m_${p}[...] = beta1 * m_${p} + (1 - beta1) * d_${p}`,
        `    s_${p}[...] = beta2 * s_${p} + (1 - beta2) * d_${p} * d_${p}`,
        `    ${p} -= (lr * (m_${p} / c1)) / (np.sqrt(s_${p} / c2) + eps)`,
      );
    }
  }
  emit('    return loss', '', '');

  const batchSize = pyInt(t.updateMode === 'minibatch' ? Math.max(1, t.batchSize) : 0);
  emit('print_every = max(1, epochs // 5)', 'for epoch in range(epochs):', '    epoch_loss = 0.0');
  switch (t.updateMode) {
    case 'sample':
      emit('    for i in range(n):  # one update per sample, in order', '        epoch_loss += train_step(X[i:i + 1], y[i:i + 1])');
      break;
    case 'shuffle':
      emit('    for i in np.random.permutation(n):  # one update per sample, shuffled each epoch', '        epoch_loss += train_step(X[i:i + 1], y[i:i + 1])');
      break;
    case 'minibatch':
      emit(
        '    order = np.random.permutation(n)',
        `    for start in range(0, n, ${batchSize}):  # mini-batches of ${batchSize}`,
        `        idx = order[start:start + ${batchSize}]`,
        '        epoch_loss += train_step(X[idx], y[idx])',
      );
      break;
    case 'batch':
      emit('    epoch_loss += train_step(X, y)  # one update per epoch, on all samples');
      break;
  }
  emit('    if epoch % print_every == 0:', '        print(f"Epoch {epoch:5d}  Loss: {epoch_loss / n:.6f}")', '', '');

  emit(
    'def predict(x):',
    ...docstring(["The network's outputs for inputs x."], '    '),
    '    return forward(x)[-1]',
    '',
    '',
    'predictions = predict(X)',
    ...predictionPrintCode('predict'),
  );
  if (!LOGIC_GATES.includes(setup.task.dataset as (typeof LOGIC_GATES)[number]) && setup.task.dataset !== 'addition') {
    notes.push('The script prints the first 16 training samples; the app shows the same rows.');
  }
  return { script: lines.join('\n') + '\n', notes };
}
