/**
 * Python shared by the script exports (NumPy, PyTorch): the task's training data and the printing
 * of predictions in the app's style. Every name and number goes through ./quote.
 */
import { taskShape, type TaskSpec } from '../datasets';
import { comment, py, pyInt } from './quote';

export { py };

const pyList = (rows: number[][]): string => `[${rows.map((r) => `[${r.map((v) => py(v)).join(', ')}]`).join(', ')}]`;

/** y from integer `labels`: a column of 0/1 for one output, one-hot rows for one output per class. */
function encodeLabels(classes: number, outputs: number): string {
  return outputs === 1 ? 'y = labels.reshape(-1, 1).astype(float)' : `y = np.eye(${pyInt(classes)})[labels]  # one-hot: one output per class`;
}

/**
 * Python that builds the task's training data as X and y (NumPy arrays) and sets DISPLAY;
 * `outputs` is the Output layer's width (a two-class task may use one output or two).
 */
export function dataCode(task: TaskSpec, outputs = taskShape(task).outputs): string[] {
  switch (task.dataset) {
    case 'and':
    case 'or':
    case 'nand':
    case 'xor': {
      const targets = { and: [0, 0, 0, 1], or: [0, 1, 1, 1], nand: [1, 1, 1, 0], xor: [0, 1, 1, 0] }[task.dataset];
      return [
        comment(`Training data: ${task.dataset.toUpperCase()}`),
        'X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)',
        outputs === 1 ? `y = np.array([${targets.map((t) => `[${t}]`).join(', ')}], dtype=float)` : `labels = np.array([${targets.join(', ')}])`,
        ...(outputs === 1 ? [] : [encodeLabels(2, outputs)]),
        "DISPLAY = 'logic'",
      ];
    }
    case 'addition':
      return [
        '# Training data: pairs of numbers and their sum, normalised as in the post',
        `np.random.seed(${pyInt(task.seed)})`,
        `n_samples = ${pyInt(task.samples)}`,
        'a_train = np.random.randint(0, 100, n_samples)',
        'b_train = np.random.randint(0, 100, n_samples)',
        'X = np.column_stack([a_train / 100.0, b_train / 100.0])',
        'y = (a_train + b_train).reshape(-1, 1) / 200.0',
        "DISPLAY = 'addition'",
      ];
    case 'circle':
      return [
        '# Training data: a disc (label 1) inside a ring (label 0), with Gaussian noise',
        `rs = np.random.RandomState(${pyInt(task.seed)})`,
        `n_samples, noise = ${pyInt(task.samples)}, ${py(task.noise)}`,
        'X = np.zeros((n_samples, 2))',
        'labels = np.zeros(n_samples, dtype=int)',
        'for i in range(n_samples):',
        '    inside = i % 2 == 0',
        '    r = rs.random_sample() * 0.5 if inside else 0.7 + rs.random_sample() * 0.3',
        '    angle = rs.random_sample() * 2 * np.pi',
        '    X[i, 0] = r * np.cos(angle) + rs.randn() * noise',
        '    X[i, 1] = r * np.sin(angle) + rs.randn() * noise',
        '    labels[i] = 1 if inside else 0',
        encodeLabels(2, outputs),
        "DISPLAY = 'table'",
      ];
    case 'spiral': {
      const k = task.classes ?? 2;
      return [
        `# Training data: ${pyInt(k)} interleaved spiral arms, one per class`,
        `rs = np.random.RandomState(${pyInt(task.seed)})`,
        `n_samples, noise, classes = ${pyInt(task.samples)}, ${py(task.noise)}, ${pyInt(k)}`,
        'per_arm = -(-n_samples // classes)',
        'X = np.zeros((n_samples, 2))',
        'labels = np.zeros(n_samples, dtype=int)',
        'for i in range(n_samples):',
        '    arm = i % classes',
        '    t = (i // classes) / per_arm',
        '    r = 0.05 + 0.9 * t',
        '    angle = 1.75 * t * 2 * np.pi + arm * 2 * np.pi / classes',
        '    X[i, 0] = r * np.cos(angle) + rs.randn() * noise',
        '    X[i, 1] = r * np.sin(angle) + rs.randn() * noise',
        '    labels[i] = arm',
        encodeLabels(k, outputs),
        "DISPLAY = 'table'",
      ];
    }
    case 'clusters':
      return [
        `# Training data: ${pyInt(task.classes)} Gaussian clusters, one per class, centred on a circle`,
        `rs = np.random.RandomState(${pyInt(task.seed)})`,
        `n_samples, noise, classes = ${pyInt(task.samples)}, ${py(task.noise)}, ${pyInt(task.classes)}`,
        'X = np.zeros((n_samples, 2))',
        'labels = np.zeros(n_samples, dtype=int)',
        'for i in range(n_samples):',
        '    c = i % classes',
        '    angle = np.pi / 2 + c * 2 * np.pi / classes',
        '    X[i, 0] = 0.6 * np.cos(angle) + rs.randn() * noise',
        '    X[i, 1] = 0.6 * np.sin(angle) + rs.randn() * noise',
        '    labels[i] = c',
        encodeLabels(task.classes, outputs),
        "DISPLAY = 'table'",
      ];
    case 'inline':
      return [comment(`Training data: ${task.name ?? 'custom'}`), `X = np.array(${pyList(task.inputs)})`, `y = np.array(${pyList(task.targets)})`, "DISPLAY = 'table'"];
  }
}

/**
 * Python that prints the predictions as the app's table does, given `predictions` (the outputs
 * for X) and a function `predict` from inputs to outputs: the post's test pairs for addition,
 * else the first 16 samples.
 */
export function predictionPrintCode(predict: string): string[] {
  return [
    '',
    '',
    'def fmt(v):',
    '    return str(int(v)) if float(v).is_integer() else repr(float(v))',
    '',
    '',
    'def fmt_input(v):',
    "    return str(int(v)) if float(v).is_integer() else f'{v:.3f}'",
    '',
    '',
    "if DISPLAY == 'addition':",
    '    test_pairs = [(23, 45), (35, 12), (91, 6), (50, 50), (73, 84), (0, 0), (99, 99)]',
    '    for a, b in test_pairs:',
    `        pred = ${predict}(np.array([[a / 100.0, b / 100.0]]))`,
    '        print(f"{a:2d} + {b:2d} = {pred[0][0] * 200:5.1f}  (actual: {a + b})")',
    'else:',
    '    for i in range(min(n, 16)):',
    "        shown = f\"{predictions[i][0]:.4f}\" if predictions.shape[1] == 1 else '[' + ' '.join(f'{v:.4f}' for v in predictions[i]) + ']'",
    "        expected = fmt(y[i][0]) if y.shape[1] == 1 else '[' + ' '.join(fmt(v) for v in y[i]) + ']'",
    "        print(f\"[{' '.join(fmt_input(v) for v in X[i])}] → {shown}  (expected {expected})\")",
  ];
}
