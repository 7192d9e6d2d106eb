/**
 * An explained update as a worked-example sheet in Markdown: the formulas in words, then tables
 * of that step's numbers (6 significant digits; the new weights also with every digit).
 */
import type { Activation } from '../engine/activations';
import type { Loss } from '../engine/losses';
import { full, g6 } from './numbers';
import type { ExampleTerms, LayerUpdate, UpdateExplanation } from './update';

/**
 * Text from a file (layer names) as plain Markdown: no emphasis, code, links (no brackets),
 * HTML or table breaks, on one line.
 */
export function markdownText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\\`*_{}[\]<>|~&]/g, (c) => `\\${c}`);
}

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: string[][]): string[] => [row(head), row(head.map(() => '---')), ...rows.map(row)];

/** What the slope of each activation is, in words. */
export const SLOPE_TEXT: Record<Activation, string> = {
  sigmoid: 'a × (1 − a)',
  tanh: '1 − a²',
  relu: '1 where z > 0, else 0',
  leaky_relu: '1 where z > 0, else the leak',
  linear: '1',
  softmax: '(fused with the loss)',
};

/** δ as the engine evaluates it, left to right (the order decides the last bit). */
export const DELTA_TEXT: Record<Activation, string> = {
  sigmoid: 'δ = upstream × a × (1 − a), multiplied left to right',
  tanh: 'δ = upstream × (1 − a × a)',
  relu: 'δ = upstream where z > 0, else 0',
  leaky_relu: 'δ = upstream where z > 0, else upstream × leak',
  linear: 'δ = upstream',
  softmax: 'δ = a − target (softmax with cross-entropy)',
};

/** The output error (dL/da) of each loss, in words. */
export function outputErrorText(loss: Loss, fused: boolean, outputs: number): string {
  if (fused) {
    return loss === 'bce'
      ? `δ = (a − target)${outputs > 1 ? ` / ${outputs}` : ''} directly: binary cross-entropy after a sigmoid cancels the slope`
      : 'δ = a − target directly: cross-entropy after a softmax cancels the softmax\'s Jacobian';
  }
  switch (loss) {
    case 'squared_error':
      return 'upstream = a − target (the post\'s error: the gradient of ½(target − a)²)';
    case 'mse':
      return `upstream = 2 × (a − target) / ${outputs} (the gradient of the mean of (a − target)² over the outputs)`;
    case 'bce':
      return `upstream = (p − target) / (p × (1 − p)) / ${outputs}, p = a clipped to [1e-12, 1 − 1e-12]`;
    case 'cross_entropy':
      return 'upstream = −target / max(a, 1e-12)';
  }
}

function neuronLabel(layer: LayerUpdate, j: number): string {
  return layer.outSize === 1 ? 'out' : `n${j + 1}`;
}

function inputLabel(layers: readonly LayerUpdate[], li: number, k: number): string {
  return li === 0 ? `x${k + 1}` : `${markdownText(layers[li - 1].name)} ${neuronLabel(layers[li - 1], k)}`;
}

function describeUpdate(e: UpdateExplanation): string {
  if (e.kind === 'batch') {
    return `one full-batch update: every one of the ${e.examples.length} examples goes forward and back with the same weights, their gradients are ${e.scale === 1 ? 'summed' : `summed and multiplied by 1/${e.examples.length} (the mean)`}, then the weights take one step`;
  }
  const order = e.updateMode === 'shuffle' ? ' (training takes the examples in a new shuffled order each epoch)' : '';
  return `one per-sample SGD update on example ${e.examples[0].index} of ${e.datasetCount}${order}`;
}

function exampleSection(e: UpdateExplanation, ex: ExampleTerms): string[] {
  const out: string[] = [];
  out.push(`## Example ${ex.index}: x = (${ex.x.map(g6).join(', ')}), target ${ex.y.map(g6).join(', ')}`, '');
  out.push(`Loss before the update: ${g6(ex.loss)} (${full(ex.loss)}).`, '');
  out.push('Forward, layer by layer, then the error terms from the output down:', '');
  e.layers.forEach((layer, li) => {
    const t = ex.layers[li];
    out.push(`**${markdownText(layer.name)}** (${layer.activation}${layer.activation === 'leaky_relu' ? `, leak ${g6(layer.leak)}` : ''}):`, '');
    const rows = t.z.map((z, j) => [
      neuronLabel(layer, j),
      g6(z),
      g6(t.a[j]),
      t.upstream ? g6(t.upstream[j]) : '—',
      t.slope ? g6(t.slope[j]) : '—',
      g6(t.delta[j]),
    ]);
    out.push(...table(['neuron', 'z', 'a = f(z)', 'upstream dL/da', 'slope f\'(z)', 'δ = dL/dz'], rows), '');
  });
  if (e.kind === 'batch') {
    out.push('Its gradients (input × δ for each weight, δ for each bias) are in the sum below.', '');
  }
  return out;
}

function updateSection(e: UpdateExplanation): string[] {
  const out: string[] = [];
  const lr = g6(e.learningRate);
  out.push('## The update', '');
  if (e.kind === 'batch') {
    out.push(
      `Each weight's gradient is the sum over the examples of input × δ${e.scale === 1 ? '' : `, times 1/${e.examples.length}`}; each bias's the sum of δ. Then change = −${lr} × gradient and new = old + change.`,
      '',
    );
  } else out.push(`Each weight's gradient is its input × the δ of the neuron it feeds; each bias's is δ. Then change = −${lr} × gradient and new = old + change.`, '');
  e.layers.forEach((layer, li) => {
    out.push(`**${markdownText(layer.name)}**:`, '');
    const perExample = e.kind === 'batch' ? e.examples.map((ex) => `ex ${ex.index}`) : [];
    const head = ['parameter', ...(e.kind === 'batch' ? perExample : ['input', 'δ']), 'gradient', 'change', 'old', 'new', 'new (every digit)'];
    const rows: string[][] = [];
    for (let k = 0; k <= layer.inSize; k++) {
      for (let j = 0; j < layer.outSize; j++) {
        const bias = k === layer.inSize;
        const i = k * layer.outSize + j;
        const name = bias ? `b ${neuronLabel(layer, j)}` : `w ${inputLabel(e.layers, li, k)} → ${neuronLabel(layer, j)}`;
        const terms =
          e.kind === 'batch'
            ? e.examples.map((ex) => g6(bias ? ex.layers[li].gradB[j] : ex.layers[li].gradW[i]))
            : [bias ? '1' : g6(li === 0 ? e.examples[0].x[k] : e.examples[0].layers[li - 1].a[k]), g6(e.examples[0].layers[li].delta[j])];
        const g = bias ? layer.gradB[j] : layer.gradW[i];
        const change = bias ? layer.changeB[j] : layer.changeW[i];
        const old = bias ? layer.b[j] : layer.W[i];
        const next = bias ? layer.newB[j] : layer.newW[i];
        rows.push([name, ...terms, g6(g), g6(change), g6(old), g6(next), full(next)]);
      }
    }
    out.push(...table(head, rows), '');
  });
  return out;
}

/** The sheet's title, what the update is, and how each of its numbers is made. */
export function introLines(e: UpdateExplanation, title: string): string[] {
  const top = e.layers[e.layers.length - 1];
  const activations = [...new Set(e.layers.map((l) => l.activation))];
  return [
    `# ${markdownText(title)}`,
    '',
    `${markdownText(e.datasetName)}, ${describeUpdate(e)}. Learning rate ${g6(e.learningRate)}, loss ${e.loss}. The network: ${e.inputSize} inputs → ${e.layers.map((l) => `${markdownText(l.name)} (${l.outSize} ${l.activation})`).join(' → ')}.`,
    '',
    'Numbers have 6 significant digits; the new weights are also given with every digit (they are the engine\'s after this update, bit for bit).',
    '',
    '## How each number is made',
    '',
    '- **Forward:** z = Σ input × w + b for each neuron (summed from 0 in input order, then the bias), a = f(z).',
    `- **Output error:** ${outputErrorText(e.loss, e.fused, top.outSize)}.`,
    '- **Error terms (the chain rule):** δ = dL/dz = upstream × slope, where upstream is dL/da and the slope is f\'(z):',
    ...activations.map((f) => `  - ${f}: slope ${SLOPE_TEXT[f]}; ${DELTA_TEXT[f]}.`),
    '- **Down a layer:** a hidden neuron\'s upstream = Σ over the neurons it feeds of their δ × the weight to them (the weights before the update).',
    `- **Gradients:** dL/dw = the weight's input × δ of the neuron it feeds; dL/db = δ.${e.kind === 'batch' ? ` A full batch ${e.scale === 1 ? 'sums them over the examples (the post\'s X.T @ d)' : 'averages them over the examples'}.` : ''}`,
    `- **Step:** change = −learning rate × gradient = −${g6(e.learningRate)} × gradient; new = old + change.`,
  ];
}

/** The sheet for people: what happened in this update, and why, with its numbers. */
export function explainMarkdown(e: UpdateExplanation, title = 'Explain this update'): string {
  const lines = [...introLines(e, title), ''];
  for (const ex of e.examples) lines.push(...exampleSection(e, ex));
  lines.push(...updateSection(e));
  return `${lines.join('\n').trimEnd()}\n`;
}
