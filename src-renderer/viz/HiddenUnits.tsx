/**
 * What each hidden neuron "sees": its output over the input plane, one small map per neuron, one
 * block per hidden node of any kind (Dense, Activation, Dropout, Add, Concatenate), named as the
 * design names them. The first layer's maps are straight-edged ramps (one line each); deeper
 * layers combine them into bends. Each node's maps share one canvas: dozens of separate canvases
 * would each be painted and composited on every frame.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { GridEvaluation } from '../../src-shared/engine/grid';
import { kindOf } from '../../src-shared/layers';
import { nodeName } from '../../src-shared/network/compile';
import type { Activation } from '../../src-shared/network/design';
import type { MapInfo } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';
import { fitCanvas, paintGrid } from './paint-grid';
import { CARD_CHROME } from './HeatmapPlot';
import { clamp, usePlotSize } from './plot-size';
import { classTable } from './tables';

/** Beyond this many neurons per node the maps stop being readable at a glance. */
const MAX_MAPS = 32;
const GAP = 4;
const MIN_MAP = 40;
const MAX_MAP = 96;

/** The value range an activation's outputs are drawn over; unbounded ones use the map's own range. */
export function activationRange(activation: Activation | null, values: ArrayLike<number>, offset: number, count: number): [number, number] {
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

/** The node's own activation, when its kind has one (Dense, Activation); else null (its range is its data's). */
export function mapActivation(setup: ExperimentSetup | null, nodeId: string): Activation | null {
  const node = setup?.design.nodes.find((n) => n.id === nodeId);
  const params = node?.params as { activation?: Activation } | undefined;
  return params?.activation ?? null;
}

/** How the design names a node ("Dense (dense-1)", or its label), for plot titles. */
export function mapName(setup: ExperimentSetup | null, map: Pick<MapInfo, 'nodeId' | 'type'>): string {
  const node = setup?.design.nodes.find((n) => n.id === map.nodeId);
  return node ? nodeName(node) : `${kindOf(map.type).label} (${map.nodeId})`;
}

/** Maps in rows as wide as the pane, as large as fit (between MIN_MAP and MAX_MAP). */
export function mapLayout(units: number, width: number): { columns: number; rows: number; size: number } {
  const shown = Math.min(units, MAX_MAPS);
  const columns = Math.max(1, Math.min(shown, Math.floor((width + GAP) / (MIN_MAP + GAP))));
  const rows = Math.ceil(shown / columns);
  const size = clamp(Math.floor((width - (columns - 1) * GAP) / columns), MIN_MAP, MAX_MAP);
  return { columns, rows, size };
}

export function HiddenUnits(props: { grid: GridEvaluation; maps: readonly MapInfo[]; setup: ExperimentSetup | null }): React.JSX.Element {
  const { grid, maps, setup } = props;
  const width = usePlotSize().width - CARD_CHROME;
  return (
    <div className="hidden-units">
      {maps.map((map, i) => {
        const activation = mapActivation(setup, map.nodeId);
        const name = mapName(setup, map);
        return (
          <div key={map.nodeId} className="hidden-units__layer" data-layer={map.nodeId}>
            <div className="hidden-units__title" data-export-text>
              {name} · {map.width} {activation ?? kindOf(map.type).label.toLowerCase()}
            </div>
            <NodeMaps grid={grid} index={i} map={map} name={name} activation={activation} {...mapLayout(map.width, width)} />
            {map.width > MAX_MAPS && <span className="muted">+{map.width - MAX_MAPS} more not shown</span>}
          </div>
        );
      })}
    </div>
  );
}

function NodeMaps(props: {
  grid: GridEvaluation;
  index: number;
  map: MapInfo;
  name: string;
  activation: Activation | null;
  columns: number;
  rows: number;
  size: number;
}): React.JSX.Element {
  const { grid, index, map, activation, columns, rows, size } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const shown = Math.min(map.width, MAX_MAPS);
  const width = columns * size + (columns - 1) * GAP;
  const height = rows * size + (rows - 1) * GAP;
  const r = grid.resolution;
  const cells = r * r;
  const values = grid.hidden[index];

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !values) return;
    fitCanvas(el, width, height);
    ctx.clearRect(0, 0, el.width, el.height);
    const scale = el.width / width;
    for (let u = 0; u < shown; u++) {
      const [lo, hi] = activationRange(activation, values, u * cells, cells);
      const x = (u % columns) * (size + GAP) * scale;
      const y = Math.floor(u / columns) * (size + GAP) * scale;
      paintGrid(el, { values, offset: u * cells, rows: r, cols: r }, classTable(), (v) => (v - lo) / (hi - lo), {
        flipY: true,
        smooth: true,
        into: { x, y, width: size * scale, height: size * scale },
      });
    }
  }, [values, shown, activation, cells, columns, size, width, height, r]);

  const range = hover !== null && values ? activationRange(activation, values, hover * cells, cells) : null;
  return (
    <div className="hidden-units__maps plot-surface" style={{ position: 'relative', width, height }}>
      <canvas
        ref={canvas}
        className="hidden-units__canvas"
        data-smooth="true"
        style={{ width, height, display: 'block' }}
        role="img"
        aria-label={`What each of the ${map.width} neurons of ${props.name} outputs over the input plane`}
        onMouseMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const col = Math.floor((e.clientX - box.left) / (size + GAP));
          const row = Math.floor((e.clientY - box.top) / (size + GAP));
          const u = row * columns + col;
          setHover(u >= 0 && u < shown ? u : null);
        }}
        onMouseLeave={() => setHover(null)}
        title={range && hover !== null ? `${props.name} neuron ${hover + 1}: from ${range[0].toPrecision(2)} (orange) to ${range[1].toPrecision(2)} (blue)` : undefined}
      />
      <svg width={width} height={height} style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none' }} aria-hidden="true">
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
