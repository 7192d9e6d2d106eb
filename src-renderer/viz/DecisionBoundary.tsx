/**
 * A 2-D classifier's output over the input plane, with the training points coloured by class.
 * One output (two classes): the output as a heatmap, orange 0 to blue 1, and the dashed 0.5
 * contour as the boundary. Several outputs (k classes): the winning class's hue, pale where the
 * network is unsure, and a line where the winning class changes. Hovering reads the network's
 * output at the point under the mouse.
 */
import { contours, geoIdentity, geoPath, scaleLinear } from 'd3';
import { memo, useCallback, useMemo, useState } from 'react';
import type { GridEvaluation } from '../../src-shared/engine/grid';
import type { DatasetInfo } from '../../src-shared/protocol/engine';
import { Axes } from './Axes';
import { classBoundaries, classColor, paintClasses, pointClass } from './classes';
import { AXES_MARGIN, ClipToPlot, HeatmapPlot } from './HeatmapPlot';
import { classTable } from './tables';

const unit = (v: number): number => v;
const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

export interface PlanePoint {
  x: number;
  y: number;
  /** The network's outputs there; null when they cannot be computed (a diverged run). */
  outputs: ArrayLike<number> | null;
}

export function DecisionBoundary(props: {
  grid: GridEvaluation;
  dataset: DatasetInfo;
  size: number;
  /** The network's outputs at a point of the plane, for the hover readout. */
  probe: ((x: number, y: number) => ArrayLike<number>) | null;
}): React.JSX.Element {
  const { grid, dataset, size, probe } = props;
  const r = grid.resolution;
  const outputs = grid.outputs.length / (r * r);
  // Every snapshot brings a new domain object with the same numbers: key the scales on the numbers.
  const [x0, x1] = grid.domain.x;
  const [y0, y1] = grid.domain.y;
  const x = useMemo(() => scaleLinear().domain([x0, x1]).range([0, size]), [x0, x1, size]);
  const y = useMemo(() => scaleLinear().domain([y0, y1]).range([size, 0]), [y0, y1, size]);
  const lines = useMemo(
    () => (outputs === 1 ? contourPath(grid.outputs, r, size, [0.5]) : classBoundaries(grid.outputs, outputs, r, size)),
    [grid.outputs, r, size, outputs],
  );
  const paint = useCallback((canvas: HTMLCanvasElement) => paintClasses(canvas, grid.outputs, outputs, r), [grid.outputs, outputs, r]);
  const [hover, setHover] = useState<{ x: number; y: number } | null>(null);
  const point: PlanePoint | null = hover ? { ...hover, outputs: probe ? probe(hover.x, hover.y) : null } : null;

  const label =
    outputs === 1
      ? `Network output over the input plane for ${dataset.name}: orange near 0, blue near 1`
      : `Network output over the input plane for ${dataset.name}: the class it picks at each point, one colour per class, pale where it is unsure`;
  const onMouseMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const box = e.currentTarget.getBoundingClientRect();
    setHover({ x: x.invert(((e.clientX - box.left) / box.width) * size), y: y.invert(((e.clientY - box.top) / box.height) * size) });
  };
  const common = { className: 'boundary-canvas', flipY: true, smooth: true, label, onMouseMove, onMouseLeave: () => setHover(null) };

  return (
    <div className="boundary">
      <HeatmapPlot
        width={size}
        height={size}
        margin={AXES_MARGIN}
        pointerThrough
        heat={outputs === 1 ? { ...common, values: grid.outputs, rows: r, cols: r, table: classTable(), toUnit: unit } : { ...common, paint }}
      >
        <ClipToPlot width={size} height={size}>
          {lines.map((d, i) =>
            outputs === 1 ? (
              <path key={i} className="boundary-contour" d={d} fill="none" stroke="#111" strokeWidth={1.75} strokeDasharray="5 3" />
            ) : (
              <path key={i} className="boundary-contour class-boundary" d={d} fill="none" stroke="#111" strokeWidth={1.5} strokeOpacity={0.85} />
            ),
          )}
        </ClipToPlot>
        <TrainingPoints dataset={dataset} x={x} y={y} />
        {hover && <circle cx={x(hover.x)} cy={y(hover.y)} r={4} fill="none" stroke="#000" strokeWidth={1.5} />}
        <Axes x={x} y={y} width={size} height={size} xTicks={size < 200 ? 4 : 6} yTicks={size < 200 ? 4 : 6} xLabel="x₁" yLabel="x₂" yLabelOffset={30} />
      </HeatmapPlot>
      <div className="boundary__readout" data-export-skip aria-live="polite" data-testid="boundary-readout">
        {point ? <PointReadout point={point} /> : <span className="muted">Hover the plane to read the network’s output there</span>}
      </div>
    </div>
  );
}

function PointReadout({ point }: { point: PlanePoint }): React.JSX.Element {
  const where = `x₁ ${fmt(point.x)}, x₂ ${fmt(point.y)}`;
  const out = point.outputs;
  if (!out) return <>{where}</>;
  if (out.length === 1) {
    return (
      <>
        {where} → <span className="mono">{out[0].toFixed(4)}</span> (class {out[0] >= 0.5 ? 1 : 0})
      </>
    );
  }
  let best = 0;
  for (let c = 1; c < out.length; c++) if (out[c] > out[best]) best = c;
  return (
    <>
      {where} → class {best} <span className="mono">p = {out[best].toFixed(3)}</span>{' '}
      <span className="muted mono">({Array.from(out, (v) => v.toFixed(2)).join(' · ')})</span>
    </>
  );
}

/** Points change only when the task does, so they are drawn once, not every frame. */
const TrainingPoints = memo(function TrainingPoints(props: {
  dataset: DatasetInfo;
  x: (v: number) => number;
  y: (v: number) => number;
}): React.JSX.Element {
  const { dataset, x, y } = props;
  const n = dataset.count;
  const radius = n <= 16 ? 6 : n <= 200 ? 3.5 : 2.5;
  const points = [];
  for (let i = 0; i < n; i++) {
    const c = pointClass(dataset, i);
    points.push(
      <circle
        key={i}
        cx={x(dataset.inputs[i * dataset.inputSize])}
        cy={y(dataset.inputs[i * dataset.inputSize + 1])}
        r={radius}
        fill={classColor(c)}
        stroke={c === 1 || c > 2 ? '#fff' : '#222'}
        strokeWidth={n <= 16 ? 2 : 1}
      />,
    );
  }
  return <g className="training-points">{points}</g>;
});

/**
 * SVG paths of a grid's iso-lines. d3.contours puts cell (row, col) on [col, col+1] × [row, row+1]
 * and closes every region along the grid's border; the grid is padded by one replicated cell on
 * each side so those closing edges fall outside the plot, where the caller clips them away.
 * Row 0 is the smallest y, so the y axis is flipped to screen coordinates.
 */
export function contourPath(values: ArrayLike<number>, resolution: number, size: number, thresholds: number[], offset = 0): string[] {
  const r = resolution;
  const p = r + 2;
  const data = new Array<number>(p * p);
  for (let row = 0; row < p; row++) {
    const sr = Math.min(r - 1, Math.max(0, row - 1));
    for (let col = 0; col < p; col++) {
      const sc = Math.min(r - 1, Math.max(0, col - 1));
      const v = values[offset + sr * r + sc];
      data[row * p + col] = Number.isFinite(v) ? v : 0;
    }
  }
  const k = size / r;
  const path = geoPath(geoIdentity().reflectY(true).scale(k).translate([-k, size + k]));
  return contours().size([p, p]).thresholds(thresholds)(data).map((c) => path(c) ?? '');
}
