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
