/**
 * A 2-D classifier's output over the input plane (or a slice of a wider input space), with the
 * training points coloured by class and a split's test points hollow (as TensorFlow Playground
 * draws them). One output (two classes): the output as a heatmap, orange 0 to blue 1, and the
 * dashed 0.5 contour as the boundary. Several outputs (k classes): the winning class's hue, pale
 * where the network is unsure, and a line where the winning class changes. Hovering reads the
 * network's output at the point under the mouse. A drawing's plane takes its points from the
 * pointer (`draw`), and is shown before there is any grid.
 */
import { contours, geoIdentity, geoPath, scaleLinear } from 'd3';
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { GridEvaluation } from '../../src-shared/engine/grid';
import { Axes } from './Axes';
import { classBoundaries, classColor, classLabel, paintClasses } from './classes';
import { AXES_MARGIN, ClipToPlot, HeatmapPlot } from './HeatmapPlot';
import { toNetwork, type PlaneGeometry, type ShownPoint } from './plane';
import { classInterpolator, classTable } from './tables';

const unit = (v: number): number => v;
/** A coordinate to read: two decimals on the built-in planes, one for a table's hundreds (cm), none past a thousand. */
const fmt = (v: number): string => (Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(2));

export interface PlanePoint {
  x: number;
  y: number;
  /** The network's outputs there; null when they cannot be computed (a diverged run). */
  outputs: ArrayLike<number> | null;
}

/** What the pointer does on a drawing's plane, at points in the plane's units (pixels: the plot's). */
export interface DrawHandlers {
  /** A press: a stroke begins there. */
  start(x: number, y: number, px: { x: number; y: number }): void;
  move(x: number, y: number, px: { x: number; y: number }): void;
  end(): void;
  /** The cursor's tooltip: what a click does. */
  hint: string;
}

/** The empty plane a drawing is made on before its first run: the colour of "unsure". */
const paintBlank = (canvas: HTMLCanvasElement): void => {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#f7f7f7';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
};

export function DecisionBoundary(props: {
  /** None: an empty plane (a drawing not trained yet). */
  grid?: GridEvaluation;
  name: string;
  plane: PlaneGeometry;
  points: readonly ShownPoint[];
  size: number;
  /** The network's outputs at a point of the plane (the network's units), for the hover readout. */
  probe: ((x: number, y: number) => ArrayLike<number>) | null;
  classNames?: readonly string[];
  draw?: DrawHandlers;
}): React.JSX.Element {
  const { grid, plane, points, size, probe, draw } = props;
  const r = grid?.resolution ?? 1;
  const outputs = grid ? grid.outputs.length / (r * r) : 1;
  // Every snapshot brings a new domain object with the same numbers: key the scales on the numbers.
  const [x0, x1] = plane.domain.x;
  const [y0, y1] = plane.domain.y;
  const x = useMemo(() => scaleLinear().domain([x0, x1]).range([0, size]), [x0, x1, size]);
  const y = useMemo(() => scaleLinear().domain([y0, y1]).range([size, 0]), [y0, y1, size]);
  const lines = useMemo(
    () => (!grid ? [] : outputs === 1 ? contourPath(grid.outputs, r, size, [0.5]) : classBoundaries(grid.outputs, outputs, r, size)),
    [grid, r, size, outputs],
  );
  const paint = useCallback((canvas: HTMLCanvasElement) => (grid ? paintClasses(canvas, grid.outputs, outputs, r) : paintBlank(canvas)), [grid, outputs, r]);
  const [hover, setHover] = useState<{ x: number; y: number } | null>(null);
  const [sx, sy] = plane.scales;
  const point: PlanePoint | null = hover ? { ...hover, outputs: probe && grid ? probe(toNetwork(hover.x, sx), toNetwork(hover.y, sy)) : null } : null;

  const label = !grid
    ? `An empty plane for ${props.name}: draw points on it`
    : outputs === 1
      ? `Network output over the input plane for ${props.name}: orange near 0, blue near 1`
      : `Network output over the input plane for ${props.name}: the class it picks at each point, one colour per class, pale where it is unsure`;
  const at = (e: React.PointerEvent<HTMLElement> | React.MouseEvent<HTMLElement>): { x: number; y: number; px: { x: number; y: number } } => {
    const box = e.currentTarget.getBoundingClientRect();
    const px = { x: ((e.clientX - box.left) / box.width) * size, y: ((e.clientY - box.top) / box.height) * size };
    return { x: x.invert(px.x), y: y.invert(px.y), px };
  };
  const onMouseMove = (e: React.MouseEvent<HTMLElement>): void => {
    const p = at(e);
    setHover({ x: p.x, y: p.y });
  };
  const common = { className: 'boundary-canvas', flipY: true, smooth: true, label, onMouseMove, onMouseLeave: () => setHover(null) };
  const heat =
    grid && outputs === 1 ? { ...common, values: grid.outputs, rows: r, cols: r, table: classTable(), toUnit: unit } : { ...common, paint };

  return (
    <div className="boundary">
      <HeatmapPlot width={size} height={size} margin={AXES_MARGIN} pointerThrough heat={heat}>
        <ClipToPlot width={size} height={size}>
          {lines.map((d, i) =>
            outputs === 1 ? (
              <path key={i} className="boundary-contour" d={d} fill="none" stroke="#111" strokeWidth={1.75} strokeDasharray="5 3" />
            ) : (
              <path key={i} className="boundary-contour class-boundary" d={d} fill="none" stroke="#111" strokeWidth={1.5} strokeOpacity={0.85} />
            ),
          )}
        </ClipToPlot>
        <Points points={points} x={x} y={y} />
        {hover && <circle cx={x(hover.x)} cy={y(hover.y)} r={4} fill="none" stroke="#000" strokeWidth={1.5} />}
        <Axes x={x} y={y} width={size} height={size} xTicks={size < 200 ? 4 : 6} yTicks={size < 200 ? 4 : 6} xLabel={plane.labels[0]} yLabel={plane.labels[1]} yLabelOffset={30} />
      </HeatmapPlot>
      {draw && <DrawSurface size={size} draw={draw} at={at} onHover={setHover} />}
      <div className="boundary__readout" data-export-skip aria-live="polite" data-testid="boundary-readout">
        {point ? <PointReadout point={point} labels={plane.labels} classNames={props.classNames} /> : <span className="muted">{draw ? draw.hint : 'Hover the plane to read the network’s output there'}</span>}
      </div>
    </div>
  );
}

/** The drawing layer over the plot area: a press starts a stroke, a drag brushes on, a release ends it. */
function DrawSurface(props: {
  size: number;
  draw: DrawHandlers;
  at: (e: React.PointerEvent<HTMLElement>) => { x: number; y: number; px: { x: number; y: number } };
  onHover: (p: { x: number; y: number } | null) => void;
}): React.JSX.Element {
  const { size, draw, at, onHover } = props;
  const drawing = useRef(false);
  const finish = (): void => {
    if (!drawing.current) return;
    drawing.current = false;
    draw.end();
  };
  return (
    <div
      className="boundary__draw"
      data-testid="draw-surface"
      title={draw.hint}
      style={{ left: AXES_MARGIN.left, top: AXES_MARGIN.top, width: size, height: size }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        drawing.current = true;
        const p = at(e);
        draw.start(p.x, p.y, p.px);
      }}
      onPointerMove={(e) => {
        const p = at(e);
        onHover({ x: p.x, y: p.y });
        if (drawing.current) draw.move(p.x, p.y, p.px);
      }}
      onPointerUp={finish}
      onPointerCancel={finish}
      onLostPointerCapture={finish}
      onPointerLeave={() => onHover(null)}
    />
  );
}

function PointReadout({ point, labels, classNames }: { point: PlanePoint; labels: readonly string[]; classNames?: readonly string[] }): React.JSX.Element {
  const where = `${labels[0]} ${fmt(point.x)}, ${labels[1]} ${fmt(point.y)}`;
  const out = point.outputs;
  if (!out) return <>{where}</>;
  const name = (c: number): string => classLabel(classNames, c);
  if (out.length === 1) {
    return (
      <>
        {where} → <span className="mono">{out[0].toFixed(4)}</span> ({name(out[0] >= 0.5 ? 1 : 0)})
      </>
    );
  }
  let best = 0;
  for (let c = 1; c < out.length; c++) if (out[c] > out[best]) best = c;
  return (
    <>
      {where} → {name(best)} <span className="mono">p = {out[best].toFixed(3)}</span>{' '}
      <span className="muted mono">({Array.from(out, (v) => v.toFixed(2)).join(' · ')})</span>
    </>
  );
}

/**
 * Points change only when the task does, so they are drawn once, not every frame. Training
 * points are filled; test points are hollow (white inside a ring of their class's colour), drawn
 * over them.
 */
const Points = memo(function Points(props: { points: readonly ShownPoint[]; x: (v: number) => number; y: (v: number) => number }): React.JSX.Element {
  const { points, x, y } = props;
  const n = points.length;
  const radius = n <= 16 ? 6 : n <= 200 ? 3.5 : 2.5;
  const fill = (p: ShownPoint): string => (p.value !== undefined ? classInterpolator(p.value) : classColor(p.cls));
  const training = [];
  const test = [];
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const c = p.cls;
    if (p.test) {
      test.push(<circle key={i} className="test-point" cx={x(p.x)} cy={y(p.y)} r={radius + 0.5} fill="#fff" fillOpacity={0.85} stroke={fill(p)} strokeWidth={2.25} />);
      continue;
    }
    training.push(
      <circle
        key={i}
        cx={x(p.x)}
        cy={y(p.y)}
        r={radius}
        fill={fill(p)}
        stroke={p.value !== undefined ? '#222' : c === 1 || c > 2 ? '#fff' : '#222'}
        strokeWidth={n <= 16 ? 2 : 1}
      />,
    );
  }
  return (
    <>
      <g className="training-points">{training}</g>
      {test.length > 0 && <g className="test-points">{test}</g>}
    </>
  );
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
