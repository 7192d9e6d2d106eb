/**
 * The registry of layer kinds. The palette, the node bodies, the inspector, the file format and
 * its JSON Schema, the compiler, the engine and every export read it; a new kind is a file beside
 * this one and a line below.
 */
import { activation } from './activation';
import { add } from './add';
import { concatenate } from './concatenate';
import { dense } from './dense';
import { dropout } from './dropout';
import { features } from './features';
import { input } from './input';
import { output } from './output';
import type { LayerKind, Params } from './types';

/** In palette order. */
export const KINDS = { input, dense, activation, dropout, features, add, concatenate, output } as const;

type Kinds = typeof KINDS;
export type NodeType = keyof Kinds;
export type ParamsOf<T extends NodeType> = Kinds[T] extends LayerKind<infer P> ? P : never;

export const NODE_TYPES = Object.keys(KINDS) as NodeType[];

export function isNodeType(type: unknown): type is NodeType {
  return typeof type === 'string' && Object.hasOwn(KINDS, type);
}

/** The kind of a node type, seen through the registry's common shape. */
export function kindOf(type: NodeType): LayerKind<Params> {
  return KINDS[type] as unknown as LayerKind<Params>;
}

export { MAX_UNITS, MAX_MERGE_INPUTS } from './limits';
export { ACTIVATION_LABELS } from './activation-code';
export { LOSS_LABELS } from './output';
export { appliedFields, paramValue } from './types';
export type { LayerKind, LayerOp, ParamField, ParamValue, Params, Pass, ShapeProblem, ToggleOption, Trainable } from './types';
