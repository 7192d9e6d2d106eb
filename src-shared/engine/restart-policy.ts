/**
 * When a crashed engine is started again, and when it is not: one policy for the desktop's
 * utility process and the browser edition's Web Worker. A restart cures a one-off crash; a loop
 * (a design too big for the memory there is, a setup that hits the same bug every time) must end,
 * whatever its period, with a reason the user can read.
 */
import { trainingKey } from '../setup-check';
import type { ExperimentSetup } from '../setup';

/** What the page is told when its engine died: a new one was started, or not (`gaveUp`). */
export interface EngineRestart {
  reason: string;
  /** True when no new engine was started: the page offers Restart and the user decides. */
  gaveUp: boolean;
}

export interface RestartLimits {
  /** A crash this soon after the previous one: the restart did not help. */
  quickRepeatMs: number;
  /** This many crashes within `loopWindowMs` are a loop, however evenly spread. */
  loopCrashes: number;
  loopWindowMs: number;
}

export const RESTART_LIMITS: RestartLimits = { quickRepeatMs: 10_000, loopCrashes: 3, loopWindowMs: 120_000 };

export type CrashVerdict = { restart: true } | { restart: false; why: string };

const NOT_RESTARTED = 'so it was not restarted by itself.';

function duration(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? 'a minute' : `${ms / 60_000} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}

/**
 * Counts the crashes of one engine slot (a window's engine) and decides after each whether to
 * start another. Gives up when a crash follows the last within `quickRepeatMs`, when
 * `loopCrashes` fall within `loopWindowMs`, or when the same workload (see `workloadKey`) brings
 * the engine down a second time.
 */
export class RestartPolicy {
  private crashTimes: number[] = [];
  private readonly crashedWorkloads = new Set<string>();

  constructor(
    private readonly limits: RestartLimits = RESTART_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh start was asked for (a page loaded, the user pressed Restart): earlier crashes no longer count. */
  reset(): void {
    this.crashTimes = [];
    this.crashedWorkloads.clear();
  }

  /** Records a crash of an engine that was working on `workload` (null: nothing known) and decides. */
  crashed(workload: string | null): CrashVerdict {
    const { quickRepeatMs, loopCrashes, loopWindowMs } = this.limits;
    const at = this.now();
    const previous = this.crashTimes.at(-1);
    this.crashTimes = [...this.crashTimes.filter((t) => at - t < loopWindowMs), at];
    const sameWorkload = workload !== null && this.crashedWorkloads.has(workload);
    if (workload !== null) this.crashedWorkloads.add(workload);

    if (sameWorkload) return { restart: false, why: `It stopped twice while working on the same design, ${NOT_RESTARTED}` };
    if (previous !== undefined && at - previous < quickRepeatMs) {
      return { restart: false, why: `It stopped again within ${duration(quickRepeatMs)} of the last time, ${NOT_RESTARTED}` };
    }
    if (this.crashTimes.length >= loopCrashes) {
      return { restart: false, why: `It stopped ${this.crashTimes.length} times within ${duration(loopWindowMs)}, ${NOT_RESTARTED}` };
    }
    return { restart: true };
  }
}

/**
 * What an engine works on, as a short key: the same design, task and training settings give the
 * same key (node positions and labels do not count, as for a run's staleness).
 */
export function workloadKey(setup: ExperimentSetup): string {
  // FNV-1a, 32 bits: the key only tells setups apart within one crash loop; it secures nothing.
  const text = trainingKey(setup);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The engine process's note to its host: "I am starting on this workload" (sent before the work). */
export interface WorkloadNote {
  type: 'workload';
  key: string;
}

/** The note for a command the engine was sent, when it starts new work (a `load`); null otherwise or when malformed. */
export function workloadNote(command: unknown): WorkloadNote | null {
  if (typeof command !== 'object' || command === null || (command as { type?: unknown }).type !== 'load') return null;
  try {
    return { type: 'workload', key: workloadKey((command as { setup: ExperimentSetup }).setup) };
  } catch {
    return null; // the session reports the malformed command itself
  }
}

export function isWorkloadNote(message: unknown): message is WorkloadNote {
  return typeof message === 'object' && message !== null && (message as WorkloadNote).type === 'workload' && typeof (message as WorkloadNote).key === 'string';
}
