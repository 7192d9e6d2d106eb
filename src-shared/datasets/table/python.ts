/**
 * A table's data in NumPy: the rows inline, the split drawn as the app draws it (the same
 * RandomState permutations), the scalers the app fitted written as exact numbers, categorical
 * inputs one-hot and a categorical target as classes — so X, y, X_test and y_test are the app's,
 * bit for bit. Every name from the file is quoted by export/quote.
 */
import { comment, py, pyInt, pyString } from '../../export/quote';
import { pythonLabels } from '../common';
import { inputColumns, targetColumn, type Cell, type TableParams } from './card';
import { fitScalers, splitRows } from './encode';

const cell = (v: Cell): string => (typeof v === 'number' ? py(v) : pyString(v));

export function tablePython(p: TableParams, outputs: number): string[] {
  const target = targetColumn(p);
  const t = target ? p.columns.indexOf(target) : -1;
  const { train } = splitRows(p);
  const scalers = fitScalers(p, train);
  const lines: string[] = [
    comment(`Training data: ${p.name ?? 'table'} (${p.rows.length} rows, inline), as its data card says`),
    `columns = [${p.columns.map((c) => pyString(c.name)).join(', ')}]`,
    'rows = [',
    ...p.rows.map((r) => `    [${r.map(cell).join(', ')}],`),
    ']',
    'n_rows = len(rows)',
  ];
  // The split: each class's rows (in row order), shuffled by one permutation each, the first share held out.
  if (p.split && p.split.testPercent > 0) {
    const groups =
      target?.type === 'categorical'
        ? `[[i for i in range(n_rows) if rows[i][${pyInt(t)}] == k] for k in [${(target.categories ?? []).map(pyString).join(', ')}]]`
        : '[list(range(n_rows))]';
    lines.push(
      comment(`Test rows: ${p.split.testPercent}% of each class, chosen by RandomState(${p.split.seed}) as the app chooses them`),
      `split_rs = np.random.RandomState(${pyInt(p.split.seed)})`,
      'test_rows = set()',
      `for group in ${groups}:`,
      '    order = split_rs.permutation(len(group))',
      `    take = int(np.floor(len(group) * ${py(p.split.testPercent)} / 100 + 0.5))  # rounds halves up, as the app does`,
      '    test_rows.update(group[j] for j in order[:take])',
      'train_rows = [i for i in range(n_rows) if i not in test_rows]',
      'test_rows = sorted(test_rows)',
    );
  } else lines.push('train_rows, test_rows = list(range(n_rows)), []');

  lines.push('', '', 'def encode_inputs(which):', '    out = []', '    for i in which:', '        r = rows[i]', '        v = []');
  for (const c of inputColumns(p)) {
    const j = p.columns.indexOf(c);
    if (c.type === 'numeric') {
      const s = scalers.get(j) ?? { shift: 0, scale: 1 };
      const how = (c.scaler ?? 'zscore') === 'none' ? 'unscaled' : `${c.scaler ?? 'zscore'} fitted on the training rows`;
      lines.push(`        v.append((r[${pyInt(j)}] - ${py(s.shift)}) / ${py(s.scale)})  ${comment(`${c.name}: ${how}`)}`);
    } else {
      lines.push(`        v.extend(1.0 if r[${pyInt(j)}] == k else 0.0 for k in [${(c.categories ?? []).map(pyString).join(', ')}])  ${comment(`${c.name}: one-hot`)}`);
    }
  }
  lines.push('        out.append(v)', `    return np.array(out, dtype=float).reshape(len(which), ${pyInt(p.columns.filter((c) => c.role === 'input').reduce((n, c) => n + (c.type === 'numeric' ? 1 : (c.categories ?? []).length), 0))})`, '', '');

  if (target?.type === 'categorical') {
    const classes = target.categories ?? [];
    lines.push(
      `CLASSES = [${classes.map(pyString).join(', ')}]`,
      '',
      '',
      'def encode_targets(which):',
      `    labels = np.array([CLASSES.index(rows[i][${pyInt(t)}]) for i in which], dtype=int)`,
      `    ${pythonLabels(classes.length, outputs)}`,
      `    return y.reshape(len(which), ${pyInt(outputs)})`,
    );
  } else {
    const s = scalers.get(t) ?? { shift: 0, scale: 1 };
    lines.push(
      'CLASSES = None',
      `TARGET_SCALE = (${py(s.shift)}, ${py(s.scale)})  ${comment(`${target?.name ?? 'target'}: predictions read output × scale + shift`)}`,
      '',
      '',
      'def encode_targets(which):',
      `    return np.array([[(rows[i][${pyInt(t)}] - TARGET_SCALE[0]) / TARGET_SCALE[1]] for i in which], dtype=float)`,
    );
  }
  const scales = inputColumns(p).flatMap((c) => {
    if (c.type !== 'numeric') return (c.categories ?? []).map(() => '(0.0, 1.0)');
    const s = scalers.get(p.columns.indexOf(c)) ?? { shift: 0, scale: 1 };
    return [`(${py(s.shift)}, ${py(s.scale)})`];
  });
  lines.push('', '', `INPUT_SCALES = [${scales.join(', ')}]  ${comment('each input reads x × scale + shift in the table’s units')}`);
  lines.push('', '', 'X, y = encode_inputs(train_rows), encode_targets(train_rows)', 'X_test, y_test = encode_inputs(test_rows), encode_targets(test_rows)', "DISPLAY = 'table'");
  return lines;
}
