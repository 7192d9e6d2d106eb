/**
 * The density the canvas draws the document's layers at (geometry.ts: densityOf), one value for
 * every node and edge. It follows from the graph's connections and widths, never from where the
 * nodes sit, so it is worked out again only when the design is compiled again (a drag is not),
 * and a component re-renders only when the density itself changes.
 */
import type { NodeFacts } from '../../src-shared/network/compile';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { densityOf, type Density } from './geometry';

let last: { facts: Readonly<Record<string, NodeFacts>>; density: Density } | null = null;

function densityFor(facts: Readonly<Record<string, NodeFacts>>): Density {
  if (last?.facts !== facts) last = { facts, density: densityOf(useDocumentStore.getState().setup.design, facts) };
  return last.density;
}

export function useDensity(): Density {
  return useDesignStore((s) => densityFor(s.compiled.facts));
}
