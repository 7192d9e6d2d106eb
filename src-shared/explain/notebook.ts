/**
 * An explained update as a Jupyter notebook (nbformat 4.5): Markdown cells say what each step
 * is, code cells recompute it with NumPy in float64 from the same weights (literals that read
 * back as the same doubles) and print every term as the sheet's tables show it. Every sum runs
 * in the engine's order with elementwise NumPy operations (no BLAS dot products), so the printed
 * numbers are the engine's: bit for bit with sigmoid, softmax, ReLU and linear layers; np.tanh
 * (and np.log in a cross-entropy loss's value) may differ in the last bit.
 * e^x is the engine's own (fdlibm's method, which `ENGINE_EXP = False` swaps for np.exp).
 * Names from the file appear only in Markdown cells and as comments; never as code.
 */
import { comment, py, pyInt, pyString } from '../export/quote';
import { introLines, markdownText } from './sheet';
import type { UpdateExplanation } from './update';

type Cell =
  | { cell_type: 'markdown'; id: string; metadata: Record<string, never>; source: string[] }
  | { cell_type: 'code'; id: string; metadata: Record<string, never>; execution_count: null; outputs: []; source: string[] };

/** A cell's text as nbformat stores it: lines, each but the last ending in a newline. */
function sourceLines(lines: string[]): string[] {
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
}

const HELPERS = String.raw`import math
import struct

import numpy as np

shown = {}
# True: e^x as the engine computes it (fdlibm's method, src-shared/engine/exp.ts), so every bit
# agrees; False: NumPy's np.exp, which may differ from it in the last bit.
ENGINE_EXP = True


def _high_word(high):
    return struct.unpack('>d', struct.pack('>II', high, 0))[0]


_BIG, _HALF_LN2, _ONE_AND_HALF_LN2, _TINY = (_high_word(h) for h in (0x40862E42, 0x3FD62E43, 0x3FF0A2B2, 0x3E300000))
_LN2_HI, _LN2_LO, _INV_LN2 = 6.93147180369123816490e-1, 1.90821492927058770002e-10, 1.4426950408889634
_P1, _P2, _P3 = 1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5
_P4, _P5 = -1.65339022054652515390e-6, 4.13813679705723846039e-8


def _exp1(x):
    x = float(x)
    negative = x < 0
    ax = -x if negative else x
    if not ax < _BIG:
        if x != x:
            return x
        if x > 7.09782712893383973096e2:
            return math.inf
        if x < -7.45133219101941108420e2:
            return 0.0
    hi, lo, k = 0.0, 0.0, 0
    if ax >= _HALF_LN2:
        if ax < _ONE_AND_HALF_LN2:
            if x == 1:
                return 2.718281828459045
            hi = x + _LN2_HI if negative else x - _LN2_HI
            lo = -_LN2_LO if negative else _LN2_LO
            k = -1 if negative else 1
        else:
            k = int(_INV_LN2 * x + (-0.5 if negative else 0.5))  # truncates, as C's int cast
            hi = x - k * _LN2_HI
            lo = k * _LN2_LO
        x = hi - lo
    elif ax < _TINY:
        return 1 + x
    t = x * x
    c = x - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    if k == 0:
        return 1 - ((x * c) / (c - 2) - x)
    y = 1 - (lo - (x * c) / (2 - c) - hi)
    if k >= -1021:
        return y * 2 * 2.0**1023 if k == 1024 else y * 2.0**k
    return y * 2.0 ** (k + 1000) * 2.0**-1000


def exp(z):
    if not ENGINE_EXP:
        return np.exp(z)
    return np.array([_exp1(v) for v in np.ravel(z)]).reshape(np.shape(z))


def show(name, values):
    """Prints values to 6 significant digits, as the sheet's tables show them; keeps every digit in shown."""
    values = [float(v) for v in np.ravel(values)]
    shown[name] = values
    print(name + ':', ' '.join(format(v, '.6g') for v in values))


def activate(kind, z, leak):
    if kind == 'sigmoid':
        return 1 / (1 + exp(-z))
    if kind == 'tanh':
        return np.tanh(z)
    if kind == 'relu':
        return np.where(z > 0, z, 0.0)
    if kind == 'leaky_relu':
        return np.where(z > 0, z, leak * z)
    if kind == 'linear':
        return z.copy()
    e = exp(z - z.max())  # softmax
    s = 0.0
    for v in e:
        s += float(v)
    return e / s


def slope(kind, z, a, leak):
    """f'(z), for the table (delta_of folds it in the engine's order)."""
    if kind == 'sigmoid':
        return a * (1 - a)
    if kind == 'tanh':
        return 1 - a * a
    if kind == 'relu':
        return np.where(z > 0, 1.0, 0.0)
    if kind == 'leaky_relu':
        return np.where(z > 0, 1.0, leak)
    return np.ones_like(z)


def delta_of(kind, up, z, a, leak):
    """dL/dz from dL/da, multiplied left to right as the engine does."""
    if kind == 'sigmoid':
        return up * a * (1 - a)
    if kind == 'tanh':
        return up * (1 - a * a)
    if kind == 'relu':
        return np.where(z > 0, up, 0.0)
    if kind == 'leaky_relu':
        return np.where(z > 0, up, up * leak)
    return up.copy()


def loss_gradient(loss, out, y):
    k = len(out)
    if loss == 'squared_error':
        return out - y
    if loss == 'mse':
        return (2 * (out - y)) / k
    if loss == 'bce':
        p = np.minimum(np.maximum(out, 1e-12), 1 - 1e-12)
        return (p - y) / (p * (1 - p)) / k
    return -y / np.maximum(out, 1e-12)  # cross_entropy


def sample_loss(loss, out, y):
    k = len(out)
    s = 0.0
    for j in range(k):
        if loss in ('squared_error', 'mse'):
            e = float(y[j]) - float(out[j])
            s += e * e
        elif loss == 'bce':
            p = min(max(float(out[j]), 1e-12), 1 - 1e-12)
            s -= float(y[j]) * np.log(p) + (1 - float(y[j])) * np.log(1 - p)
        elif y[j] != 0:
            s -= float(y[j]) * np.log(max(float(out[j]), 1e-12))
    return s if loss == 'cross_entropy' else s / k


def forward(x):
    """z = x @ W + b summed from 0 in input order, then the bias; a = f(z); layer by layer."""
    zs, acts, inp = [], [], x
    for W, b, kind, leak in zip(Ws, bs, KINDS, LEAKS):
        z = np.zeros(W.shape[1])
        for k in range(W.shape[0]):
            z = z + inp[k] * W[k]
        z = z + b
        inp = activate(kind, z, leak)
        zs.append(z)
        acts.append(inp)
    return zs, acts


def backward(y, zs, acts):
    """Each layer's upstream dL/da and delta dL/dz, from the output down (the weights before the update)."""
    L = len(Ws)
    ups, deltas = [None] * L, [None] * L
    if FUSED:
        deltas[-1] = (acts[-1] - y) * FUSED_SCALE
    else:
        ups[-1] = loss_gradient(LOSS, acts[-1], y)
        deltas[-1] = delta_of(KINDS[-1], ups[-1], zs[-1], acts[-1], LEAKS[-1])
    for l in range(L - 1, 0, -1):
        W = Ws[l]
        up = np.zeros(W.shape[0])
        for j in range(W.shape[1]):
            up = up + deltas[l][j] * W[:, j]
        ups[l - 1] = up
        deltas[l - 1] = delta_of(KINDS[l - 1], up, zs[l - 1], acts[l - 1], LEAKS[l - 1])
    return ups, deltas`;

function matrix(values: readonly number[], rows: number, cols: number): string {
  const lines = Array.from({ length: rows }, (_, r) => `[${values.slice(r * cols, (r + 1) * cols).map(py).join(', ')}]`);
  return `np.array([${lines.join(', ')}])`;
}

function parametersCell(e: UpdateExplanation): string[] {
  const lines = [
    comment('The weights before the update, layer by layer: W[k, j] from input k to neuron j.'),
    `LR = ${py(e.learningRate)}`,
    `LOSS = ${pyString(e.loss)}`,
    `FUSED = ${e.fused ? 'True' : 'False'}`,
    `FUSED_SCALE = ${py(e.loss === 'bce' ? 1 / e.outputSize : 1)}`,
    `SCALE = ${py(e.scale)}`,
    'Ws, bs, KINDS, LEAKS = [], [], [], []',
  ];
  e.layers.forEach((l, i) => {
    lines.push(
      comment(`Layer ${i + 1}: ${l.name}`),
      `Ws.append(${matrix(l.W, l.inSize, l.outSize)})`,
      `bs.append(np.array([${l.b.map(py).join(', ')}]))`,
      `KINDS.append(${pyString(l.activation)})`,
      `LEAKS.append(${py(l.leak)})`,
    );
  });
  lines.push(
    comment('The examples of this update: inputs as the network sees them, and targets.'),
    `INDEX = [${e.examples.map((x) => pyInt(x.index)).join(', ')}]`,
    `X = ${matrix(e.examples.flatMap((x) => x.x), e.examples.length, e.inputSize)}`,
    `Y = ${matrix(e.examples.flatMap((x) => x.y), e.examples.length, e.outputSize)}`,
    'terms = []',
  );
  return lines;
}

function exampleCell(i: number): string[] {
  return [
    `x, y = X[${pyInt(i)}], Y[${pyInt(i)}]`,
    'zs, acts = forward(x)',
    'ups, deltas = backward(y, zs, acts)',
    `name = 'example ' + str(INDEX[${pyInt(i)}])`,
    "show(name + ' loss', [sample_loss(LOSS, acts[-1], y)])",
    'for l in range(len(Ws)):',
    "    layer = name + ' layer ' + str(l + 1)",
    "    show(layer + ' z', zs[l])",
    "    show(layer + ' a', acts[l])",
    '    if ups[l] is not None:',
    "        show(layer + ' upstream', ups[l])",
    "        show(layer + ' slope', slope(KINDS[l], zs[l], acts[l], LEAKS[l]))",
    "    show(layer + ' delta', deltas[l])",
    "    show(layer + ' grad W', np.outer(x if l == 0 else acts[l - 1], deltas[l]))",
    'terms.append((x, acts, deltas))',
  ];
}

function updateCell(e: UpdateExplanation): string[] {
  const single = e.examples.length === 1;
  return [
    single
      ? comment('One example: gradient = input × delta, then W - LR × gradient.')
      : comment('The full batch: input × delta summed over the examples from 0 (times SCALE), then one step.'),
    'new_Ws, new_bs = [], []',
    'for l in range(len(Ws)):',
    ...(single
      ? ['    x, acts, deltas = terms[0]', '    gW = np.outer(x if l == 0 else acts[l - 1], deltas[l])', '    gb = deltas[l]']
      : [
          '    gW, gb = np.zeros_like(Ws[l]), np.zeros_like(bs[l])',
          '    for x, acts, deltas in terms:',
          '        gW = gW + np.outer(x if l == 0 else acts[l - 1], deltas[l])',
          '        gb = gb + deltas[l]',
          '    if SCALE != 1:',
          '        gW, gb = gW * SCALE, gb * SCALE',
        ]),
    '    change_W, change_b = -(LR * gW), -(LR * gb)',
    "    layer = 'layer ' + str(l + 1)",
    "    show(layer + ' grad W', gW)",
    "    show(layer + ' grad b', gb)",
    "    show(layer + ' change W', change_W)",
    "    show(layer + ' change b', change_b)",
    '    new_Ws.append(Ws[l] + change_W)',
    '    new_bs.append(bs[l] + change_b)',
    "    show(layer + ' new W', new_Ws[l])",
    "    show(layer + ' new b', new_bs[l])",
    "    print(layer + ' new W, every digit:', [repr(float(v)) for v in new_Ws[l].ravel()])",
    "    print(layer + ' new b, every digit:', [repr(float(v)) for v in new_bs[l].ravel()])",
  ];
}

/** The notebook's JSON text. */
export function explainNotebook(e: UpdateExplanation, title = 'Explain this update'): string {
  const cells: Cell[] = [];
  const md = (lines: string[]): void => void cells.push({ cell_type: 'markdown', id: `cell-${cells.length + 1}`, metadata: {}, source: sourceLines(lines) });
  const code = (lines: string[]): void =>
    void cells.push({ cell_type: 'code', id: `cell-${cells.length + 1}`, metadata: {}, execution_count: null, outputs: [], source: sourceLines(lines) });
  md([
    ...introLines(e, title),
    '',
    'The cells below recompute the step with NumPy in float64 from the same weights, summing in the same order as the engine and with its e^x (set `ENGINE_EXP = False` for `np.exp`, which may differ in the last bit), and print each term to 6 significant digits as the sheet does (`shown` keeps every digit).',
  ]);
  code(HELPERS.split('\n'));
  md(['## The weights and the examples']);
  code(parametersCell(e));
  e.examples.forEach((ex, i) => {
    md([`## Example ${ex.index}`, '', `Forward through ${e.layers.map((l) => markdownText(l.name)).join(', ')}, then the error terms from the output down.`]);
    code(exampleCell(i));
  });
  md(['## The update', '', e.kind === 'batch' ? 'The gradients summed over the examples, the change (−learning rate × gradient) and the new weights.' : 'The gradients, the change (−learning rate × gradient) and the new weights.']);
  code(updateCell(e));
  const notebook = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}
