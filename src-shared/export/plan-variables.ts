/**
 * The variable names generated scripts give a plan's nodes. Chosen here, never taken from the
 * file (node ids and labels reach scripts only through ./quote), so they are always identifiers.
 */
import type { Plan } from '../network/compile';

export interface PlanVariables {
  /** Each step's output: `x` for the Input, `out` for the Output, `h1`, `add1`, `cat1`… between. */
  out: string[];
  /** Names a step may define for itself (`z1`, `d1`, `mask_drop1`). */
  local: ((what: string) => string)[];
  /** Weights and biases of trainable steps (`W1`, `b1`); '' for the others. */
  W: string[];
  b: string[];
}

/** Names per step: trainable layers are numbered as the post numbers them (W1, z1, h1, d1), the rest by kind. */
export function planVariables(plan: Plan): PlanVariables {
  const counts = new Map<string, number>();
  const result: PlanVariables = { out: [], local: [], W: [], b: [] };
  let trainable = 0;
  plan.steps.forEach((step, k) => {
    const last = k === plan.steps.length - 1;
    if (step.weights) {
      const n = ++trainable;
      result.out.push(last ? 'out' : `h${n}`);
      result.local.push((what) => `${what}${n}`);
      result.W.push(`W${n}`);
      result.b.push(`b${n}`);
      return;
    }
    const prefix = { input: 'x', activation: 'act', dropout: 'drop', features: 'feat', add: 'add', concatenate: 'cat' }[step.type as string] ?? 'node';
    const n = (counts.get(prefix) ?? 0) + 1;
    counts.set(prefix, n);
    result.out.push(step.type === 'input' ? 'x' : `${prefix}${n}`);
    result.local.push((what) => `${what}_${prefix}${n}`);
    result.W.push('');
    result.b.push('');
  });
  return result;
}

