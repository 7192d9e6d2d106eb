/** The loss history as CSV: one row per epoch, with the test loss where the task has test pairs. */
import type { EpochRecord } from '../../src-shared/engine/trainer';

export function historyCsv(history: readonly EpochRecord[], test: readonly EpochRecord[] = []): string {
  const testByEpoch = new Map(test.map((t) => [t.epoch, t.loss]));
  const withTest = test.length > 0;
  const lines = [withTest ? 'epoch,loss,test_loss' : 'epoch,loss'];
  for (const h of history) {
    // Full precision: the CSV is for analysis, and 17 significant digits round-trip a double.
    const row = [String(h.epoch), num(h.loss)];
    if (withTest) row.push(testByEpoch.has(h.epoch) ? num(testByEpoch.get(h.epoch) as number) : '');
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

const num = (v: number): string => (Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan');
