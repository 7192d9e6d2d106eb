/**
 * What each hidden neuron "sees": its activation over the input plane, one small map per neuron,
 * one block per hidden layer. The first layer's maps are straight-edged ramps (one line each);
 * deeper layers combine them into bends. Each layer's maps share one canvas: dozens of separate
 * canvases would each be painted and composited on every frame.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { GridEvaluation } from '../../src-shared/engine/grid';
import type { Activation } from '../../src-shared/network/design';
import type { LayerInfo } from '../../src-shared/protocol/engine';
import { fitCanvas, paintGrid } from './paint-grid';
import { usePlotHeight } from './plot-size';
import { classTable } from './tables';

/** Beyond this many neurons per layer the maps stop being readable at a glance. */
const MAX_MAPS = 32;
const GAP = 4;

/** The value range an activation's outputs are drawn over; unbounded ones use the map's own range. */
export function activationRange(activation: Activation, values: ArrayLike<number>, offset: number, count: number): [number, number] {
  if (activation === 'sigmoid' || activation === 'softmax') return [0, 1];
  if (activation === 'tanh') return [-1, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = offset; i < offset + count; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  return hi - lo < 1e-9 ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** Maps in a near-square grid per layer, as large as fit the height (title line included). */
export function mapLayout(units: number, height: number): { columns: number; rows: number; size: number } {
  const shown = Math.min(units, MAX_MAPS);
  const rows = Math.max(1, Math.round(Math.sqrt(shown)));
  const columns = Math.ceil(shown / rows);
  const size = Math.floor((height - 18 - (rows - 1) * GAP) / rows);
  return { columns, rows, size: Math.max(20, Math.min(110, size)) };
}

export function HiddenUnits(props: { grid: GridEvaluation; layers: LayerInfo[]; names: string[] }): React.JSX.Element {
  const { grid, layers } = props;
  const height = usePlotHeight();
  const hiddenLayers = layers.slice(0, -1);
  if (hiddenLayers.length === 0) {
    return <p className="muted">No hidden layer: the output neuron sees the inputs directly, so it can only draw a straight line.</p>;
  }
  return (
    <div className="hidden-units">
      {hiddenLayers.map((layer, li) => (
        <div key={layer.nodeId} className="hidden-units__layer" data-layer={layer.nodeId}>
          <div className="hidden-units__title" data-export-text>
            {props.names[li]} · {layer.outSize} {layer.activation}
          </div>
          <LayerMaps grid={grid} layerIndex={li} layer={layer} name={props.names[li]} {...mapLayout(layer.outSize, height)} />
          {layer.outSize > MAX_MAPS && <span className="muted">+{layer.outSize - MAX_MAPS} more not shown</span>}
        </div>
      ))}
    </div>
  );
}

function LayerMaps(props: { grid: GridEvaluation; layerIndex: number; layer: LayerInfo; name: string; columns: number; rows: number; size: number }): React.JSX.Element {
  const { grid, layerIndex, layer, columns, rows, size } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const shown = Math.min(layer.outSize, MAX_MAPS);
  const width = columns * size + (columns - 1) * GAP;
  const height = rows * size + (rows - 1) * GAP;
  const r = grid.resolution;
  const cells = r * r;
  const values = grid.hidden[layerIndex];

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !values) return;
    fitCanvas(el, width, height);
    ctx.clearRect(0, 0, el.width, el.height);
    const scale = el.width / width;
    for (let u = 0; u < shown; u++) {
      const [lo, hi] = activationRange(layer.activation, values, u * cells, cells);
      const x = (u % columns) * (size + GAP) * scale;
      const y = Math.floor(u / columns) * (size + GAP) * scale;
      paintGrid(el, { values, offset: u * cells, rows: r, cols: r }, classTable(), (v) => (v - lo) / (hi - lo), {
        flipY: true,
        smooth: true,
        into: { x, y, width: size * scale, height: size * scale },
      });
    }
  }, [values, shown, layer.activation, cells, columns, size, width, height, r]);

  const range = hover !== null && values ? activationRange(layer.activation, values, hover * cells, cells) : null;
  return (
    <div className="hidden-units__maps plot-surface" style={{ position: 'relative', width, height }}>
      <canvas
        ref={canvas}
        className="hidden-units__canvas"
        data-smooth="true"
        style={{ width, height, display: 'block' }}
        role="img"
        aria-label={`What each of the ${layer.outSize} neurons of ${props.name} outputs over the input plane`}
        onMouseMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const col = Math.floor((e.clientX - box.left) / (size + GAP));
          const row = Math.floor((e.clientY - box.top) / (size + GAP));
          const u = row * columns + col;
          setHover(u >= 0 && u < shown ? u : null);
        }}
        onMouseLeave={() => setHover(null)}
        title={range && hover !== null ? `${props.name} neuron ${hover + 1}: ${layer.activation} from ${range[0].toPrecision(2)} (orange) to ${range[1].toPrecision(2)} (blue)` : undefined}
      />
      <svg width={width} height={height} style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none' }}>
        {Array.from({ length: shown }, (_, u) => {
          const x = (u % columns) * (size + GAP);
          const y = Math.floor(u / columns) * (size + GAP);
          return (
            <g key={u}>
              <rect x={x + 0.5} y={y + 0.5} width={size - 1} height={size - 1} fill="none" stroke="currentColor" strokeOpacity={hover === u ? 0.9 : 0.25} />
              <text x={x + 3} y={y + 10} fontSize={9} fill="#111" stroke="#fff" strokeWidth={2} paintOrder="stroke">
                {u + 1}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
