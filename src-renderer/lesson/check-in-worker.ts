/** Runs a step's check in a Web Worker of its own; `cancel` stops it (the learner moved on). */
import type { LessonStep } from '../../src-shared/lessons/schema';
import type { ExperimentSetup } from '../../src-shared/setup';
import type { Verdict } from './live-check';

export interface CheckRequest {
  step: LessonStep;
  setup: ExperimentSetup;
}
export type CheckReply = Verdict;

export function checkInWorker(request: CheckRequest): { result: Promise<Verdict | null>; cancel(): void } {
  const worker = new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module', name: 'nn-designer-lesson-check' });
  let settle: (v: Verdict | null) => void = () => undefined;
  const result = new Promise<Verdict | null>((resolve) => (settle = resolve));
  const done = (v: Verdict | null): void => {
    worker.terminate();
    settle(v);
  };
  worker.onmessage = (e: MessageEvent<CheckReply>) => done(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    done({ pass: false, detail: `the check stopped: ${e.message || 'its worker failed'}` });
  };
  worker.postMessage(request);
  return { result, cancel: () => done(null) };
}
