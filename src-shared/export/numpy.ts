/**
 * Turns a design and its training settings into a standalone NumPy script in the post's style:
 * small activation functions, the forward pass, the backward pass written out layer by layer, the
 * update loop and the same seeds, so running it prints what the app's run shows. Any graph: each
 * node's code comes from its kind (src-shared/layers), in the plan's order, and a layer feeding
 * several others receives the sum of their gradients, in the order the engine adds them.
 */
import { LOGIC_GATES, taskLabel } from '../datasets';
import type { Regularization, TrainingConfig } from '../engine/config';
import { REGULARIZATION_LABELS } from '../engine/regularization';
import { fusesWithActivation } from '../engine/losses';
import { maskSeed } from '../engine/trainer';
import { kindOf } from '../layers';
import { NUMPY_ACTIVATIONS } from '../layers/activation-code';
import type { NumpyNode } from '../layers/emit';
import { compileDesign, nodeName, type Plan, type PlanStep } from '../network/compile';
import type { Activation, Loss } from '../network/design';
import type { ExperimentSetup } from '../setup';
import { numpyParityLines } from './parity';
import { planVariables, type PlanVariables } from './plan-variables';
import { dataCode, predictionPrintCode } from './python';
import { comment, docstring, py, pyInt } from './quote';

export interface NumpyExport {
  script: string;
  /** Things the script does differently from the app, said plainly (empty when it matches). */
  notes: string[];
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

function initCode(plan: Plan, vars: PlanVariables, t: TrainingConfig): string[] {
  const lines = [`np.random.seed(${pyInt(t.seed)})`];
  const { scheme, scale } = t.init;
  for (const k of plan.trainable) {
    // Dense and Output draw W then (randn_bias) b, as src-shared/layers/dense.ts does.
    const { fanIn, fanOut } = plan.steps[k].weights as { fanIn: number; fanOut: number };
    const factor = scheme === 'xavier' ? `np.sqrt(2 / ${pyInt(fanIn + fanOut)})` : scheme === 'he' ? `np.sqrt(2 / ${pyInt(fanIn)})` : py(scale);
    lines.push(`${vars.W[k]} = np.random.randn(${pyInt(fanIn)}, ${pyInt(fanOut)}) * ${factor}`);
    lines.push(scheme === 'randn_bias' ? `${vars.b[k]} = np.random.randn(1, ${pyInt(fanOut)}) * ${py(scale)}` : `${vars.b[k]} = np.zeros((1, ${pyInt(fanOut)}))`);
  }
  return lines;
}

/** One line per layer saying what it is and what feeds it, for the reader (names from the file go through comment()). */
function networkComment(setup: ExperimentSetup, plan: Plan): string[] {
  const byId = new Map(setup.design.nodes.map((n) => [n.id, n]));
  const describe = (s: PlanStep): string => {
    const node = byId.get(s.id);
    const settings = Object.values(s.params).map(String).join(' ');
    const from = s.inputs.map((i) => nodeName(byId.get(plan.steps[i].id) ?? { id: plan.steps[i].id, type: plan.steps[i].type })).join(' + ');
    return `${node ? nodeName(node) : s.id}: ${kindOf(s.type).label} ${settings}${from ? ` ← ${from}` : ''}`.replace(/\s+/g, ' ');
  };
  return ['# Network, in the order it runs:', ...plan.steps.map((s) => comment(describe(s), ''))];
}

/** dL/d(out) for the loss, or dL/dz when the loss fuses with the output's activation. */
function lossGradient(loss: Loss, activation: Activation, k: number): { grad: string; preActivation: boolean } {
  if (fusesWithActivation(loss, activation)) return { grad: `(out - yb)${loss === 'bce' && k !== 1 ? ` * (1 / ${pyInt(k)})` : ''}`, preActivation: true };
  const kk = pyInt(k);
  const grad =
    loss === 'squared_error'
      ? '(out - yb)'
      : loss === 'mse'
        ? `(2 * (out - yb) / ${kk})`
        : loss === 'bce'
          ? `((np.clip(out, 1e-12, 1 - 1e-12) - yb) / (np.clip(out, 1e-12, 1 - 1e-12) * (1 - np.clip(out, 1e-12, 1 - 1e-12))) / ${kk})`
          : '(-yb / np.maximum(out, 1e-12))';
  return { grad, preActivation: false };
}

const PENALTY_TEXT: Record<Regularization['type'], string> = { l2: 'the penalty reg_rate/2 * sum(W**2)', l1: 'the penalty reg_rate * sum(abs(W))' };

export function exportNumpy(setup: ExperimentSetup, title = 'NN Designer experiment', appVersion = '0'): NumpyExport {
  const compiled = compileDesign(setup.design);
  if (!compiled.ok) throw new Error(`The design cannot be exported: ${compiled.problems[0].message} (${compiled.problems[0].fix})`);
  const { plan } = compiled;
  const t = setup.training;
  const reg = t.regularization;
  const notes: string[] = [];
  const vars = planVariables(plan);
  const last = plan.steps.length - 1;
  const outStep = plan.steps[last];
  const outActivation = (outStep.params as { activation: Activation }).activation;
  const node = (k: number, inputName: string): NumpyNode<PlanStep['params']> => {
    const s = plan.steps[k];
    return {
      params: s.params,
      inputs: s.inputs.map((i) => (i === 0 ? inputName : vars.out[i])),
      inWidths: s.inWidths,
      width: s.width,
      out: vars.out[k],
      local: vars.local[k],
      W: vars.W[k],
      b: vars.b[k],
      training: 'training',
      num: py,
    };
  };
  const used = [...new Set(plan.steps.flatMap((s) => kindOf(s.type).emit.numpy.uses?.(s.params) ?? []))];
  // Activation names become Python function names: only the known ones.
  for (const f of used) if (!Object.hasOwn(NUMPY_ACTIVATIONS, f)) throw new Error(`Unknown activation ${JSON.stringify(f)}`);
  const drops = plan.steps.some((s) => (kindOf(s.type).maskDraws?.(s.params, s.width) ?? 0) > 0);

  const lines: string[] = [];
  const emit = (...ls: string[]): void => void lines.push(...ls);
  const shape = plan.chain ? `A ${[plan.chain.inputSize, ...plan.chain.layers.map((l) => l.units)].join('-')} network` : `A network of ${plan.steps.length} layers`;
  emit(
    ...docstring([title, `${shape} trained on ${taskLabel(setup.task)}.`, `Exported from NN Designer ${appVersion}. Needs only NumPy: python3 this_file.py`, '', ...numpyParityLines()]),
    'import numpy as np',
    '',
    '',
    ...used.flatMap((f) => [NUMPY_ACTIVATIONS[f as Activation], '', '']),
    comment(`Loss: ${LOSS_NAMES[plan.loss]}, one value per sample`),
    LOSS_DEFS[plan.loss],
    '',
    '',
    ...dataCode(setup.task, plan.outputSize),
    'n = len(X)',
    '',
    ...(plan.chain ? [comment(`Network: ${[plan.chain.inputSize, ...plan.chain.layers.map((l) => `${l.units} ${l.activation}`)].join(' → ')}`)] : networkComment(setup, plan)),
    ...initCode(plan, vars, t),
    ...(drops ? [`mask_rs = np.random.RandomState(${pyInt(maskSeed(t.seed))})  # dropout masks: a stream of their own, as in the app`] : []),
    `lr = ${py(t.learningRate)}`,
    `epochs = ${pyInt(t.epochs)}`,
    ...(reg ? [`reg_rate = ${py(reg.rate)}  # ${REGULARIZATION_LABELS[reg.type]} regularisation: ${PENALTY_TEXT[reg.type]}, on the weights, not the biases`] : []),
  );
  const params = plan.trainable.flatMap((k) => [vars.W[k], vars.b[k]]);
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

  // Forward: every node in the plan's order; it returns what the backward pass reads.
  const saved: string[] = [];
  emit('', '', `def forward(x${drops ? ', training=False' : ''}):`);
  for (let k = 1; k <= last; k++) {
    const code = kindOf(plan.steps[k].type).emit.numpy.forward(node(k, 'x'));
    emit(...code.map((l) => `    ${l}`));
    for (const l of code) {
      const target = /^(\w+) = /.exec(l)?.[1];
      if (target && !saved.includes(target)) saved.push(target);
    }
  }
  // `out` last, so predict can take forward(x)[-1].
  const returned = [...saved.filter((v) => v !== 'out'), 'out'];
  emit(`    return ${returned.join(', ')}`, '', '');

  emit('def train_step(xb, yb):', ...docstring(['Forward, backward and update on one batch; returns the summed loss of its samples.'], '    '));
  const globals = [...params, ...(t.optimizer.type === 'momentum' ? params.map((p) => `v_${p}`) : []), ...(t.optimizer.type === 'adam' ? ['step_count'] : [])];
  emit(`    global ${globals.join(', ')}`);
  emit(`    ${returned.join(', ')} = forward(xb${drops ? ', True' : ''})`);
  emit('    loss = sample_losses(out, yb).sum()');
  emit('', '    # Backward: trace the blame from the output to the input, layer by layer');
  const scale = t.reduction === 'mean' ? ' * (1 / len(xb))' : '';
  // What each node's consumers pass down to it, in the order the engine adds them up.
  const contributions: string[][] = plan.steps.map(() => []);
  for (let k = last; k >= 1; k--) {
    const step = plan.steps[k];
    const kind = kindOf(step.type);
    // A layer without weights that reads only the data passes back nothing anything needs.
    if (!step.weights && step.inputs.every((i) => i === 0)) continue;
    const n = node(k, 'xb');
    let grad: string;
    let preActivation = false;
    if (k === last) ({ grad, preActivation } = lossGradient(plan.loss, outActivation, plan.outputSize));
    else {
      const parts = contributions[k];
      grad = parts.length === 1 ? parts[0] : `(${parts.join(' + ')})`;
    }
    // Kinds without weights may read their gradient more than once: give it a name.
    if (!step.weights) {
      emit(`    g_${vars.out[k]} = ${grad}`);
      grad = `g_${vars.out[k]}`;
    }
    const back = kind.emit.numpy.backward(n, grad, preActivation, scale);
    emit(...back.lines.map((l) => `    ${l}`));
    step.inputs.forEach((i, j) => {
      if (i !== 0) contributions[i].push(back.inputGrad(j));
    });
  }
  if (reg) {
    // After the data's gradient, once per update, as the engine adds it (engine/regularization.ts).
    emit('', `    # The penalty's gradient joins the weights' (the loss returned is the data's, without it)`);
    for (const k of plan.trainable) emit(`    d_${vars.W[k]} += reg_rate * ${reg.type === 'l2' ? vars.W[k] : `np.sign(${vars.W[k]})`}`);
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
