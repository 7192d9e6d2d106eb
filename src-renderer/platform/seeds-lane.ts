/** A lane of the seeds pool: one module Web Worker that trains one run at a time. */
import type { Run } from '../../src-shared/experiment';
import type { Lane } from './seeds-pool';
import type { SeedsWorkerReply, SeedsWorkerRequest } from './seeds-worker';

export function openWorkerLane(): Lane<SeedsWorkerRequest, Run> {
  const worker = new Worker(new URL('./seeds-worker.ts', import.meta.url), { type: 'module', name: 'nn-designer-seeds' });
  let pending: { resolve(run: Run): void; reject(error: Error): void } | null = null;
  let closed = false;
  const settle = (outcome: { run: Run } | { error: Error }): void => {
    const waiting = pending;
    pending = null;
    if (!waiting) return;
    if ('run' in outcome) waiting.resolve(outcome.run);
    else waiting.reject(outcome.error);
  };
  worker.onmessage = (e: MessageEvent<SeedsWorkerReply>) => {
    const reply = e.data;
    settle(reply.type === 'run' ? { run: reply.run } : { error: new Error(reply.message) });
  };
  worker.onerror = (e) => {
    e.preventDefault();
    settle({ error: new Error(e.message || 'its worker failed') });
  };
  return {
    run(spec) {
      if (closed) return Promise.reject(new Error('the lane is closed'));
      return new Promise<Run>((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(spec);
      });
    },
    close() {
      if (closed) return;
      closed = true;
      worker.terminate();
      settle({ error: new Error('stopped') });
    },
  };
}
