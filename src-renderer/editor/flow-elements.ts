/**
 * The design as React Flow nodes and edges. React Flow re-renders a node whenever its object
 * changes, so objects are cached and reused while their design node, selection and measured size
 * stay the same: dragging one node rebuilds one object.
 */
import type { Edge, Node } from '@xyflow/react';
import { isNodeType, kindOf } from '../../src-shared/layers';
import type { DesignEdge, DesignNode } from '../../src-shared/network/design';

/** Nodes carry only their id: each node component reads its design node from the store. */
export type LayerFlowNode = Node<Record<string, never>, 'layer'>;
export type LayerFlowEdge = Edge<Record<string, never>, 'layer'>;

export interface Measured {
  width: number;
  height: number;
}

const EMPTY: Record<string, never> = {};

export class FlowNodeCache {
  private readonly cache = new Map<string, { from: DesignNode; selected: boolean; measured: Measured | undefined; node: LayerFlowNode }>();

  nodes(design: readonly DesignNode[], selected: ReadonlySet<string>, measured: ReadonlyMap<string, Measured>): LayerFlowNode[] {
    const seen = new Set<string>();
    const result = design.map((from) => {
      seen.add(from.id);
      const isSelected = selected.has(from.id);
      const size = measured.get(from.id);
      const hit = this.cache.get(from.id);
      if (hit && hit.from === from && hit.selected === isSelected && hit.measured === size) return hit.node;
      const node: LayerFlowNode = {
        id: from.id,
        type: 'layer',
        position: from.position,
        data: EMPTY,
        selected: isSelected,
        ...(size ? { measured: size } : {}),
        ariaLabel: `${isNodeType(from.type) ? kindOf(from.type).label : String(from.type)} layer ${from.label?.trim() || from.id}`,
      };
      this.cache.set(from.id, { from, selected: isSelected, measured: size, node });
      return node;
    });
    for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);
    return result;
  }
}

export class FlowEdgeCache {
  private readonly cache = new Map<string, { from: DesignEdge; selected: boolean; edge: LayerFlowEdge }>();

  edges(design: readonly DesignEdge[], selected: ReadonlySet<string>): LayerFlowEdge[] {
    const seen = new Set<string>();
    const result = design.map((from) => {
      seen.add(from.id);
      const isSelected = selected.has(from.id);
      const hit = this.cache.get(from.id);
      if (hit && hit.from === from && hit.selected === isSelected) return hit.edge;
      const edge: LayerFlowEdge = { id: from.id, source: from.source, target: from.target, type: 'layer', selected: isSelected, data: EMPTY };
      this.cache.set(from.id, { from, selected: isSelected, edge });
      return edge;
    });
    for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);
    return result;
  }
}
