/**
 * "Train over seeds": the setup trained N times from its seed on (seed, seed + 1, …), each run
 * headless in the seeds pool (Web Workers sized to the machine's cores), as `nn-designer sweep
 * --seeds N` trains them. Finished runs join the document's runs in seed order when the pool
 * ends or is cancelled, so a save keeps them; the result view reads them from here.
 */
import { create } from 'zustand';
import type { Run } from '../../src-shared/experiment';
import { sweepCells, sweepRuns } from '../../src-shared/sweep/grid';
import { failedRun } from '../../src-shared/sweep/run';
import { parseStopRule, type StopRule } from '../../src-shared/sweep/until';
import type { ExperimentSetup } from '../../src-shared/setup';
import { trainingKey } from '../../src-shared/setup-check';
import { runPool, type Lane } from '../platform/seeds-pool';
import type { SeedsWorkerRequest } from '../platform/seeds-worker';
import { openWorkerLane } from '../platform/seeds-lane';
import { useDocumentStore } from './document';

export const MIN_SEEDS = 2;
export const MAX_SEEDS = 100;
export const DEFAULT_SEEDS = 10;

export type SeedsStatus = 'idle' | 'running' | 'done' | 'cancelled';

export interface SeedsState {
  status: SeedsStatus;
  /** Runs asked for (N). */
  total: number;
  /** The setup's seed: run k trained with firstSeed + k. */
  firstSeed: number;
  until: StopRule | null;
  /** By seed: the run, or null while (or if never) finished. */
  runs: readonly (Run | null)[];
  finished: number;
  /** Workers training at once. */
  lanes: number;
  startedAt: number;
  /** Wall time from the start to the last finished run (or to the end). */
  elapsedMs: number;
  /** `trainingKey` of the setup they trained: the view says when the setup on screen differs. */
  setupKey: string | null;

  /** Starts N runs; returns why it cannot (a bad count or stop rule), or null. */
  start(setup: ExperimentSetup, seeds: number, untilText: string): string | null;
  /** Stops the pool: the runs that finished are kept (and added to the document). */
  cancel(): void;
  /** Forgets the result (a new document). */
  clear(): void;
}

/** Why `n` cannot be a number of seeds, or null. */
export function checkSeeds(n: number): string | null {
  return Number.isInteger(n) && n >= MIN_SEEDS && n <= MAX_SEEDS ? null : `The number of seeds is a whole number from ${MIN_SEEDS} to ${MAX_SEEDS}`;
}

/** The stop rule from the field ("" for none), or why it cannot be read. */
export function readStopRule(text: string): StopRule | null | { error: string } {
  if (text.trim() === '') return null;
  const rule = parseStopRule(text);
  return 'error' in rule ? { error: rule.error.replace(/^--until expects/, 'The stop rule is') } : rule;
}

/** Workers to run: one a core, never more than runs. */
export function laneCount(cores: number | undefined, runs: number): number {
  return Math.max(1, Math.min(Number.isFinite(cores) && (cores as number) > 0 ? Math.floor(cores as number) : 2, runs));
}

const idle = { status: 'idle' as const, total: 0, firstSeed: 0, until: null, runs: [], finished: 0, lanes: 0, startedAt: 0, elapsedMs: 0, setupKey: null };

export const useSeedsStore = create<SeedsState>()((set, get) => {
  let stop: (() => void) | null = null;
  return {
    ...idle,
    start(setup, seeds, untilText) {
      if (get().status === 'running') return 'Seeds are training already: wait for them or cancel first';
      const bad = checkSeeds(seeds);
      if (bad) return bad;
      const until = readStopRule(untilText);
      if (until && 'error' in until) return until.error;
      const specs: SeedsWorkerRequest[] = sweepRuns(sweepCells(setup, []), seeds).map((s) => ({ setup: s.setup, until, createdAt: '' }));
      const lanes = laneCount(globalThis.navigator?.hardwareConcurrency, specs.length);
      const generation = useDocumentStore.getState().generation;
      const open = new Set<Lane<SeedsWorkerRequest, Run>>();
      let stopped = false;
      stop = () => {
        stopped = true;
        for (const lane of open) lane.close();
      };
      const startedAt = performance.now();
      set({ status: 'running', total: seeds, firstSeed: setup.training.seed, until, runs: specs.map(() => null), finished: 0, lanes, startedAt, elapsedMs: 0, setupKey: trainingKey(setup) });
      void runPool(specs, {
        lanes,
        openLane: () => {
          const lane = openWorkerLane();
          const tracked: Lane<SeedsWorkerRequest, Run> = {
            run: (spec) => lane.run({ ...spec, createdAt: new Date().toISOString() }),
            close: () => {
              open.delete(tracked);
              lane.close();
            },
          };
          open.add(tracked);
          return tracked;
        },
        failed: (spec, error) => failedRun(spec.setup, `its engine failed twice: ${error.message}`, new Date()),
        stopped: () => stopped,
        onResult: (k, run, finished) => {
          if (get().startedAt !== startedAt) return;
          const runs = get().runs.slice();
          runs[k] = run;
          set({ runs, finished, elapsedMs: performance.now() - startedAt });
        },
      }).then((results) => {
        // Cleared (a new document) while it ran: nothing here is the view's any more.
        if (get().startedAt !== startedAt) return;
        stop = null;
        const done = results.filter((r): r is Run => r !== null);
        set({ status: stopped ? 'cancelled' : 'done', elapsedMs: performance.now() - startedAt });
        // Another document was opened meanwhile: these runs are not its.
        if (done.length > 0 && useDocumentStore.getState().generation === generation) useDocumentStore.getState().addRuns(done);
      });
      return null;
    },
    cancel() {
      stop?.();
    },
    clear() {
      stop?.();
      stop = null;
      set(idle);
    },
  };
});

// A document put in place starts without another's seeds.
useDocumentStore.subscribe((s, prev) => {
  if (s.generation !== prev.generation) useSeedsStore.getState().clear();
});
