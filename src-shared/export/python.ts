/**
 * Python shared by the script exports (NumPy, PyTorch): the task's training data and the printing
 * of predictions in the app's style. Every name and number goes through ./quote.
 */
import { taskPython, taskShape, type TaskSpec } from '../datasets';
import { py } from './quote';

export { py };

/**
 * Python that builds the task's training data as X and y (NumPy arrays) and sets DISPLAY;
 * `outputs` is the Output layer's width (a two-class task may use one output or two). Each
 * dataset's descriptor writes its own (src-shared/datasets).
 */
export function dataCode(task: TaskSpec, outputs = taskShape(task).outputs): string[] {
  return taskPython(task, outputs);
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
    "if DISPLAY == 'table' and 'CLASSES' in globals():",
    '    # A table: inputs in its own units, the class by name, a number scaled back',
    '    shown_x = X * np.array([s[1] for s in INPUT_SCALES]) + np.array([s[0] for s in INPUT_SCALES])',
    '    for i in range(min(n, 16)):',
    "        inputs = '[' + ' '.join(fmt_input(v) for v in shown_x[i]) + ']'",
    '        if CLASSES is not None:',
    '            p = predictions[i]',
    '            best = (1 if p[0] >= 0.5 else 0) if len(p) == 1 else int(np.argmax(p))',
    '            prob = (p[0] if best == 1 else 1 - p[0]) if len(p) == 1 else p[best]',
    '            truth = (1 if y[i][0] >= 0.5 else 0) if len(p) == 1 else int(np.argmax(y[i]))',
    '            print(f"{inputs} → {CLASSES[best]} ({prob:.4f})  (expected {CLASSES[truth]})")',
    '        else:',
    '            shift, scale = TARGET_SCALE',
    '            print(f"{inputs} → {predictions[i][0] * scale + shift:.4f}  (expected {y[i][0] * scale + shift:.4f})")',
    '    if CLASSES is not None:',
    '        def share_right(x, t):',
    `            p = ${predict}(x)`,
    '            return float(np.mean((p[:, 0] >= 0.5) == (t[:, 0] >= 0.5))) if p.shape[1] == 1 else float(np.mean(np.argmax(p, axis=1) == np.argmax(t, axis=1)))',
    "        print(f'Accuracy: {share_right(X, y) * 100:.1f}% of {n} training rows')",
    '        if len(X_test) > 0:',
    "            print(f'Test accuracy: {share_right(X_test, y_test) * 100:.1f}% of {len(X_test)} test rows')",
    "elif DISPLAY == 'addition':",
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
