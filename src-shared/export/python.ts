/**
 * Python shared by the script exports (NumPy, PyTorch): the task's training data and the printing
 * of predictions in the app's style. Every name and number goes through ./quote.
 */
import type { TaskSpec } from '../datasets';
import { comment, py, pyInt } from './quote';

export { py };

const pyList = (rows: number[][]): string => `[${rows.map((r) => `[${r.map((v) => py(v)).join(', ')}]`).join(', ')}]`;

/** Python that builds the task's training data as X and y (NumPy arrays) and sets DISPLAY. */
export function dataCode(task: TaskSpec): string[] {
  switch (task.dataset) {
    case 'and':
    case 'or':
    case 'nand':
    case 'xor': {
      const targets = { and: [0, 0, 0, 1], or: [0, 1, 1, 1], nand: [1, 1, 1, 0], xor: [0, 1, 1, 0] }[task.dataset];
      return [
        comment(`Training data: ${task.dataset.toUpperCase()}`),
        'X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)',
        `y = np.array([${targets.map((t) => `[${t}]`).join(', ')}], dtype=float)`,
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
        'y = np.zeros((n_samples, 1))',
        'for i in range(n_samples):',
        '    inside = i % 2 == 0',
        '    r = rs.random_sample() * 0.5 if inside else 0.7 + rs.random_sample() * 0.3',
        '    angle = rs.random_sample() * 2 * np.pi',
        '    X[i, 0] = r * np.cos(angle) + rs.randn() * noise',
        '    X[i, 1] = r * np.sin(angle) + rs.randn() * noise',
        '    y[i, 0] = 1.0 if inside else 0.0',
        "DISPLAY = 'table'",
      ];
    case 'spiral':
      return [
        '# Training data: two interleaved spiral arms, one per class',
        `rs = np.random.RandomState(${pyInt(task.seed)})`,
        `n_samples, noise = ${pyInt(task.samples)}, ${py(task.noise)}`,
        'per_arm = -(-n_samples // 2)',
        'X = np.zeros((n_samples, 2))',
        'y = np.zeros((n_samples, 1))',
        'for i in range(n_samples):',
        '    arm = i % 2',
        '    t = (i // 2) / per_arm',
        '    r = 0.05 + 0.9 * t',
        '    angle = 1.75 * t * 2 * np.pi + arm * np.pi',
        '    X[i, 0] = r * np.cos(angle) + rs.randn() * noise',
        '    X[i, 1] = r * np.sin(angle) + rs.randn() * noise',
        '    y[i, 0] = arm',
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
