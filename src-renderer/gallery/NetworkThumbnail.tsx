/**
 * A small drawing of a design as the canvas lays it out: a column of neurons per layer, left to
 * right, branches above the main line, and the lines each connection carries (every neuron to
 * every neuron into a layer with weights, one each into a merge).
 */
import { isNodeType, kindOf } from '../../src-shared/layers';
import { compileDesign } from '../../src-shared/network/compile';
import type { Design } from '../../src-shared/network/design';
import { layeredPositions } from '../../src-shared/network/layout';
import { linePairs, linePattern } from '../editor/edge-lines';
import { displayWidth } from '../editor/geometry';
import { kindTone } from '../editor/kinds';

const MAX_DRAWN = 6;
const GAP = 12;
const PAD = 10;

export function NetworkThumbnail({ design, width = 200, height = 96 }: { design: Design; width?: number; height?: number }): React.JSX.Element {
  const facts = compileDesign(design).facts;
  const drawn = new Map(design.nodes.map((n) => [n.id, Math.max(1, Math.min(MAX_DRAWN, displayWidth(n, facts[n.id]) ?? 1))]));
  const columnHeight = (id: string): number => ((drawn.get(id) ?? 1) - 1) * GAP;
  const positions = layeredPositions(design, (n) => ({ height: columnHeight(n.id) + GAP, anchor: columnHeight(n.id) / 2 }));
  const xs = [...positions.values()].map((p) => p.x);
  const ys = design.nodes.flatMap((n) => {
    const p = positions.get(n.id);
    return p ? [p.y, p.y + columnHeight(n.id)] : [];
  });
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  // Labelled layers (too wide to draw) leave a strip at the bottom for their unit count.
  const labelled = design.nodes.some((n) => (displayWidth(n, facts[n.id]) ?? 0) > MAX_DRAWN);
  const bottom = height - (labelled ? 18 : PAD);
  const sx = x1 > x0 ? (width - 2 * PAD) / (x1 - x0) : 0;
  const sy = Math.min(1, y1 > y0 ? (bottom - PAD) / (y1 - y0) : 1);
  const px = (x: number): number => (x1 > x0 ? PAD + (x - x0) * sx : width / 2);
  const py = (y: number): number => (bottom + PAD) / 2 + (y - (y0 + y1) / 2) * sy;
  const neuron = (id: string, i: number): { x: number; y: number } => {
    const p = positions.get(id) ?? { x: 0, y: 0 };
    return { x: px(p.x), y: py(p.y + i * GAP) };
  };
  const hasWeights = (id: string): boolean => {
    const type = design.nodes.find((n) => n.id === id)?.type;
    return type !== undefined && isNodeType(type) && kindOf(type).trainable !== undefined;
  };
  return (
    <svg className="thumbnail" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <g className="thumb-lines">
        {design.edges.flatMap((e) =>
          linePairs(linePattern(e, design.edges, facts, hasWeights(e.target)), drawn.get(e.source) ?? 0, drawn.get(e.target) ?? 0).map(([i, j]) => {
            const a = neuron(e.source, i);
            const b = neuron(e.target, j);
            return <line key={`${e.id}-${i}-${j}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} />;
          }),
        )}
      </g>
      {design.nodes.map((n) =>
        Array.from({ length: drawn.get(n.id) ?? 0 }, (_, i) => {
          const c = neuron(n.id, i);
          return <circle key={`${n.id}-${i}`} className={`neuron neuron-${isNodeType(n.type) ? kindTone(kindOf(n.type)) : 'op'}`} cx={c.x} cy={c.y} r={5} />;
        }),
      )}
      {design.nodes.map((n) => {
        const w = displayWidth(n, facts[n.id]) ?? 0;
        return w > MAX_DRAWN ? (
          <text key={n.id} className="thumb-more" x={neuron(n.id, 0).x} y={height - 4} textAnchor="middle">
            {w} units
          </text>
        ) : null;
      })}
    </svg>
  );
}
