/**
 * Which example per-sample training takes next, after a given number of updates: in order for
 * update mode `sample`; for `shuffle`, from the trainer's random stream, replayed as
 * `Trainer.restore` replays it (the seed draws the weights first, then one permutation per epoch).
 */
import { RandomState } from '../rng/random-state';
import type { TrainingConfig } from '../engine/config';
import { Network, type NetworkSpec } from '../engine/network';

/** Most random draws a replay may take (whole epochs of permutations) before it gives up. */
export const MAX_REPLAYED_DRAWS = 20_000_000;

/**
 * The 0-based example of the next update after `updates` per-sample updates over `count`
 * examples, or null when there is none to name (a full batch or minibatches; a shuffled order
 * too long to replay).
 */
export function nextExample(chain: NetworkSpec, training: TrainingConfig, count: number, updates: number): number | null {
  if (count <= 0 || !Number.isSafeInteger(updates) || updates < 0) return null;
  const epoch = Math.floor(updates / count);
  const cursor = updates % count;
  if (training.updateMode === 'sample') return cursor;
  if (training.updateMode !== 'shuffle') return null;
  if ((epoch + 1) * count > MAX_REPLAYED_DRAWS) return null;
  const rs = new RandomState(training.seed);
  new Network(chain, { wasm: false }).initialize(rs, training.init.scheme, training.init.scale);
  for (let e = 0; e < epoch; e++) rs.permutation(count);
  return rs.permutation(count)[cursor];
}
