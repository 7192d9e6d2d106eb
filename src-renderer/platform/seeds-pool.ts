/**
 * Runs a list of jobs on a fixed number of lanes (one Web Worker each, in the app): each lane
 * takes the next job as soon as its last one finishes, and every result lands in its job's
 * place, so what comes out never depends on how many lanes there are or which finishes first.
 * A job whose lane fails is tried once more (on a fresh lane), then kept as what `failed` makes
 * of it. Stopping lets no new job start; results of jobs that finished are kept.
 */
export interface Lane<S, R> {
  run(spec: S): Promise<R>;
  /** Ends the lane; a job it is running settles as stopped. */
  close(): void;
}

export interface PoolOptions<S, R> {
  /** Lanes to open (at least 1, at most the number of jobs). */
  lanes: number;
  openLane(): Lane<S, R>;
  /** A job's result after its second failure: a failed run, kept with why. */
  failed(spec: S, error: Error): R;
  /** Each result as it lands, with how many have. */
  onResult?(index: number, result: R, finished: number): void;
  /** True once the pool should stop: no further job starts. */
  stopped(): boolean;
}

/** Every job's result in job order; null for a job that did not finish before the pool stopped. */
export async function runPool<S, R>(specs: readonly S[], options: PoolOptions<S, R>): Promise<(R | null)[]> {
  const results: (R | null)[] = specs.map(() => null);
  let next = 0;
  let finished = 0;
  const lanes = Math.max(1, Math.min(Math.floor(options.lanes), specs.length));
  const work = async (): Promise<void> => {
    let lane = options.openLane();
    try {
      while (next < specs.length && !options.stopped()) {
        const k = next++;
        for (let attempt = 0; attempt < 2 && results[k] === null; attempt++) {
          try {
            results[k] = await lane.run(specs[k]);
          } catch (e) {
            if (options.stopped()) return;
            // A lane that failed may be broken: the retry, and the jobs after it, get a fresh one.
            lane.close();
            lane = options.openLane();
            if (attempt === 1) results[k] = options.failed(specs[k], e instanceof Error ? e : new Error(String(e)));
          }
        }
        if (options.stopped() && results[k] === null) return;
        finished++;
        options.onResult?.(k, results[k] as R, finished);
      }
    } finally {
      lane.close();
    }
  };
  await Promise.all(Array.from({ length: specs.length === 0 ? 0 : lanes }, work));
  return results;
}

/** Time left from the wall clock so far: the remaining jobs at the pace the finished ones went (null before any has). */
export function timeLeftMs(finished: number, total: number, elapsedMs: number): number | null {
  if (finished <= 0 || elapsedMs <= 0) return null;
  return (elapsedMs / finished) * Math.max(0, total - finished);
}
