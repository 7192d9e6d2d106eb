/** The compiled network in a few words, for the Problems list and the inspector's summary. */
import type { Plan } from '../../src-shared/network/compile';

/** Each layer reads only the one before it: a chain, written like the post's "2-4-1". */
export function isChainPlan(plan: Plan): boolean {
  return plan.steps.every((s, k) => k === 0 || (s.inputs.length === 1 && s.inputs[0] === k - 1));
}

/** "4 layers with a merge", "6 layers with 2 merges". */
export function mergeSummary(plan: Plan): string {
  const merges = plan.steps.filter((s) => s.inputs.length > 1).length;
  return `${plan.steps.length} layers${merges === 0 ? '' : merges === 1 ? ' with a merge' : ` with ${merges} merges`}`;
}

/** "The 2-4-1 network is ready to train." or, for other graphs, its layers, merges and size. */
export function readyText(plan: Plan): string {
  if (isChainPlan(plan)) return `The ${plan.steps.map((s) => s.width).join('-')} network is ready to train.`;
  return `The network (${mergeSummary(plan)}, ${plan.parameterCount.toLocaleString('en-US')} parameters) is ready to train.`;
}
