/** The design graph the editor draws and the engine compiles: layers (nodes) and connections (edges). */
import type { NodeType, ParamsOf } from '../layers';

export { ACTIVATIONS, type Activation } from '../engine/activations';
export { LOSSES, type Loss } from '../engine/losses';
export { MAX_UNITS, NODE_TYPES, type NodeType } from '../layers';

export interface Position {
  x: number;
  y: number;
}

/** A node of one kind: its settings are that kind's (see src-shared/layers). */
export type NodeOf<T extends NodeType> = {
  id: string;
  type: T;
  position: Position;
  params: ParamsOf<T>;
  label?: string;
};

export type DesignNode = { [T in NodeType]: NodeOf<T> }[NodeType];
export type InputNode = NodeOf<'input'>;
export type DenseNode = NodeOf<'dense'>;
export type OutputNode = NodeOf<'output'>;

/** A connection: `source`'s output feeds `target`. A merge's inputs come in the edges' order. */
export interface DesignEdge {
  id: string;
  source: string;
  target: string;
}

export interface Design {
  nodes: DesignNode[];
  edges: DesignEdge[];
}

/** A node's own unit count, for the kinds that set one (Input, Dense, Output); others take their inputs' width. */
export function unitsOf(node: DesignNode): number | undefined {
  return 'units' in node.params ? node.params.units : undefined;
}
