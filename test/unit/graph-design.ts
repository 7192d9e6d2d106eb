/** Small graph designs for tests, written as a list of layers and the connections between them. */
import type { Design, DesignNode } from '../../src-shared/network/design';

type NodeSpec = [id: string, type: DesignNode['type'], params?: Record<string, unknown>];

/** `graph([['input','input',{units:2}], …], 'input>d1 d1>out')`: edges in the order given. */
export function graph(nodes: NodeSpec[], edges: string): Design {
  return {
    nodes: nodes.map(([id, type, params], i) => ({ id, type, position: { x: i * 200, y: 0 }, params: params ?? {} }) as DesignNode),
    edges: edges
      .split(/\s+/)
      .filter(Boolean)
      .map((e) => {
        const [source, target] = e.split('>');
        return { id: `e-${source}-${target}`, source, target };
      }),
  };
}
