import type { Plan } from '../network/compile';
import { GraphNetwork } from './graph-network';
import type { Model } from './model';
import { Network, type NetworkOptions } from './network';

export interface ModelOptions extends NetworkOptions {
  /** Run a dense chain through the graph executor too (tests compare the two). */
  graph?: boolean;
}

/** The dense-chain engine (with its WebAssembly kernel) where the plan is a chain, else the graph executor. */
export function createModel(plan: Plan, options: ModelOptions = {}): Model {
  return plan.chain && !options.graph ? new Network(plan.chain, options) : new GraphNetwork(plan, options);
}
