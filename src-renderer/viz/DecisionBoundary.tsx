/**
 * A 2-D classifier's output over the input plane: the output as a heatmap (orange 0, blue 1),
 * the 0.5 contour as the decision boundary, and the training points coloured by class.
 */
import { contours, geoIdentity, geoPath, scaleLinear } from 'd3';
import { memo, useMemo } from 'react';
import type { GridEvaluation } from '../../src-shared/engine/grid';
import type { DatasetInfo } from '../../src-shared/protocol/engine';
import { Axes } from './Axes';
import { AXES_MARGIN, ClipToPlot, HeatmapPlot, useSquareSide } from './HeatmapPlot';
import { classInterpolator, classTable } from './tables';

const unit = (v: number): number => v;

export function DecisionBoundary(props: { grid: GridEvaluation; dataset: DatasetInfo; size?: number }): React.JSX.Element {
  const { grid, dataset } = props;
  const size = useSquareSide(props.size, 120, 360);
  const r = grid.resolution;
  // Every snapshot brings a new domain object with the same numbers: key the scales on the numbers.
  const [x0, x1] = grid.domain.x;
  const [y0, y1] = grid.domain.y;
  const x = useMemo(() => scaleLinear().domain([x0, x1]).range([0, size]), [x0, x1, size]);
  const y = useMemo(() => scaleLinear().domain([y0, y1]).range([size, 0]), [y0, y1, size]);
  const boundary = useMemo(() => contourPath(grid.outputs, r, size, [0.5]), [grid.outputs, r, size]);

  return (
    <HeatmapPlot
      width={size}
      height={size}
      margin={AXES_MARGIN}
      heat={{
        className: 'boundary-canvas',
        values: grid.outputs,
        rows: r,
        cols: r,
        table: classTable(),
        toUnit: unit,
        flipY: true,
        smooth: true,
        label: `Network output over the input plane for ${dataset.name}: orange near 0, blue near 1`,
      }}
    >
      <ClipToPlot width={size} height={size}>
        {boundary.map((d, i) => (
          <path key={i} className="boundary-contour" d={d} fill="none" stroke="#111" strokeWidth={1.75} strokeDasharray="5 3" />
        ))}
      </ClipToPlot>
      <TrainingPoints dataset={dataset} x={x} y={y} />
      <Axes x={x} y={y} width={size} height={size} xTicks={size < 200 ? 4 : 6} yTicks={size < 200 ? 4 : 6} xLabel="x₁" yLabel="x₂" yLabelOffset={30} />
    </HeatmapPlot>
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
    const t = dataset.targets[i * dataset.outputSize];
    points.push(
      <circle
        key={i}
        cx={x(dataset.inputs[i * dataset.inputSize])}
        cy={y(dataset.inputs[i * dataset.inputSize + 1])}
        r={radius}
        fill={classInterpolator(t >= 0.5 ? 1 : 0)}
        stroke={t >= 0.5 ? '#fff' : '#222'}
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
