/** A step's check that trains (several seeds): off the page's main thread, so the page stays live. */
import { judgeStep } from '../../src-shared/lessons/check';
import type { CheckRequest, CheckReply } from './check-in-worker';

const scope = self as unknown as { onmessage: ((e: MessageEvent<CheckRequest>) => void) | null; postMessage(message: CheckReply): void };

scope.onmessage = (e) => {
  let reply: CheckReply;
  try {
    reply = judgeStep(e.data.step, e.data.setup, true);
  } catch (error) {
    reply = { pass: false, detail: `the check stopped: ${(error as Error).message}` };
  }
  scope.postMessage(reply);
};
