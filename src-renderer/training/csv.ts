/**
 * The loss history as CSV: one row per epoch, with the held-out loss where the task has one. Test
 * points fall at checkpoints (updates ÷ updates per epoch, so possibly between epochs): a row each,
 * in epoch order, the training loss empty where that epoch has none.
 */
import type { EpochRecord } from '../../src-shared/engine/trainer';

export function historyCsv(history: readonly EpochRecord[], test: readonly EpochRecord[] = []): string {
  if (test.length === 0) return ['epoch,loss', ...history.map((h) => `${h.epoch},${num(h.loss)}`)].join('\n') + '\n';
  const rows = new Map<number, { loss?: number; test?: number }>();
  for (const h of history) rows.set(h.epoch, { loss: h.loss });
  for (const t of test) rows.set(t.epoch, { ...rows.get(t.epoch), test: t.loss });
  const lines = ['epoch,loss,test_loss'];
  // Full precision: the CSV is for analysis, and 17 significant digits round-trip a double.
  for (const [epoch, r] of [...rows].sort((a, b) => a[0] - b[0])) lines.push(`${epoch},${r.loss === undefined ? '' : num(r.loss)},${r.test === undefined ? '' : num(r.test)}`);
  return lines.join('\n') + '\n';
}

const num = (v: number): string => (Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan');
