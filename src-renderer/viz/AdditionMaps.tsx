/**
 * Addition: the learned function over (a, b) in 0…99 with its iso-sum lines beside the true ones,
 * and the error against a + b. Straight, evenly spaced diagonals mean the net has learned to add;
 * bends at the corners are sigmoid saturating near 0 and 1.
 */
import { range, scaleLinear } from 'd3';
import { useCallback, useMemo, type ReactNode } from 'react';
import { ADDITION_INPUT_SCALE, ADDITION_OUTPUT_SCALE } from '../../src-shared/datasets';
import type { GridEvaluation } from '../../src-shared/engine/grid';
import { Axes } from './Axes';
import { contourPath } from './DecisionBoundary';
import { AXES_MARGIN, ClipToPlot, HeatmapPlot, useSquareSide, type HeatmapCells } from './HeatmapPlot';
import { Legend } from './Legend';
import { maxAbs, niceBound, outputInterpolator, weightInterpolator } from './scales';
import { sequentialTable, weightTable } from './tables';

const MAX_SUM = 2 * (ADDITION_INPUT_SCALE - 1);
const ISO_SUMS = range(20, MAX_SUM, 20);

const computed = new WeakMap<GridEvaluation, { sums: Float64Array; errors: Float64Array }>();

/** Predicted sums and their errors at each cell centre of the grid (once per grid: two plots use them). */
export function additionMaps(grid: GridEvaluation): { sums: Float64Array; errors: Float64Array } {
  let maps = computed.get(grid);
  if (!maps) computed.set(grid, (maps = computeAdditionMaps(grid)));
  return maps;
}

function computeAdditionMaps(grid: GridEvaluation): { sums: Float64Array; errors: Float64Array } {
  const r = grid.resolution;
  const sums = new Float64Array(r * r);
  const errors = new Float64Array(r * r);
  const [x0, x1] = grid.domain.x;
  const [y0, y1] = grid.domain.y;
  for (let row = 0; row < r; row++) {
    const b = (y0 + ((row + 0.5) / r) * (y1 - y0)) * ADDITION_INPUT_SCALE;
    for (let col = 0; col < r; col++) {
      const a = (x0 + ((col + 0.5) / r) * (x1 - x0)) * ADDITION_INPUT_SCALE;
      const i = row * r + col;
      sums[i] = grid.outputs[i] * ADDITION_OUTPUT_SCALE;
      errors[i] = sums[i] - (a + b);
    }
  }
  return { sums, errors };
}

/** Scales in a and b (0…99); keyed on the domain's numbers, which every snapshot repeats. */
function useAxes(grid: GridEvaluation, size: number) {
  const [x0, x1] = grid.domain.x;
  const [y0, y1] = grid.domain.y;
  return useMemo(
    () => ({
      x: scaleLinear().domain([x0 * ADDITION_INPUT_SCALE, x1 * ADDITION_INPUT_SCALE]).range([0, size]),
      y: scaleLinear().domain([y0 * ADDITION_INPUT_SCALE, y1 * ADDITION_INPUT_SCALE]).range([size, 0]),
    }),
    [x0, x1, y0, y1, size],
  );
}

type Scale = ReturnType<typeof scaleLinear<number, number>>;

/** One map over (a, b) of the grid's cells: marks clipped to the plot, the axes, and a legend beside it. */
function AdditionMap(props: {
  grid: GridEvaluation;
  size: number;
  heat: Pick<HeatmapCells, 'className' | 'values' | 'table' | 'toUnit' | 'label'>;
  legend: ReactNode;
  marks?: (x: Scale, y: Scale) => ReactNode;
}): React.JSX.Element {
  const { grid, size } = props;
  const r = grid.resolution;
  const { x, y } = useAxes(grid, size);
  return (
    <div className="addition-map">
      <HeatmapPlot width={size} height={size} margin={AXES_MARGIN} heat={{ ...props.heat, rows: r, cols: r, flipY: true, smooth: true }}>
        {props.marks && (
          <ClipToPlot width={size} height={size}>
            {props.marks(x, y)}
          </ClipToPlot>
        )}
        <Axes x={x} y={y} width={size} height={size} xLabel="a" yLabel="b" yLabelOffset={26} />
      </HeatmapPlot>
      {props.legend}
    </div>
  );
}

export function LearnedSum(props: { grid: GridEvaluation; testPairs: number[][]; size?: number }): React.JSX.Element {
  const { grid } = props;
  const size = useSquareSide(props.size, 110, 340);
  const r = grid.resolution;
  const { sums } = useMemo(() => additionMaps(grid), [grid]);
  const learned = useMemo(() => contourPath(sums, r, size, ISO_SUMS), [sums, r, size]);
  const toUnit = useCallback((v: number) => v / MAX_SUM, []);
  return (
    <AdditionMap
      grid={grid}
      size={size}
      heat={{
        className: 'sum-canvas',
        values: sums,
        table: sequentialTable(),
        toUnit,
        label: "The network's sum over a and b from 0 to 99",
      }}
      legend={
        <Legend interpolate={outputInterpolator} domain={[0, MAX_SUM]} width={Math.max(170, size)} label={['predicted a + b', 'white: learned iso-sum lines · dashed: the true a + b', 'dots: the test pairs']} />
      }
      marks={(x, y) => (
        <>
          {/* The true iso-sum lines a + b = k, dashed, under the learned ones. */}
          {ISO_SUMS.map((k) => (
            <line key={k} x1={x(Math.min(k, 99))} y1={y(k - Math.min(k, 99))} x2={x(k - Math.min(k, 99))} y2={y(Math.min(k, 99))} stroke="#000" strokeOpacity={0.45} strokeDasharray="3 3" />
          ))}
          {learned.map((d, i) => (
            <path key={i} className="iso-sum" d={d} fill="none" stroke="#fff" strokeWidth={1.25} />
          ))}
          {props.testPairs.map(([a, b]) => (
            <circle key={`${a}+${b}`} cx={x(a)} cy={y(b)} r={3.5} fill="#fff" stroke="#000" strokeWidth={1.25}>
              <title>{`${a} + ${b}`}</title>
            </circle>
          ))}
        </>
      )}
    />
  );
}

export function SumError(props: { grid: GridEvaluation; size?: number }): React.JSX.Element {
  const { grid } = props;
  const size = useSquareSide(props.size, 110, 340);
  const { errors } = useMemo(() => additionMaps(grid), [grid]);
  // At least ±1 so a well-trained net does not paint rounding noise in full colour.
  const bound = Math.max(1, niceBound(maxAbs(errors)));
  const toUnit = useCallback((v: number) => (v + bound) / (2 * bound), [bound]);
  return (
    <AdditionMap
      grid={grid}
      size={size}
      heat={{
        className: 'error-canvas',
        values: errors,
        table: weightTable(),
        toUnit,
        label: "Error of the network's sum against a + b: red too low, blue too high",
      }}
      legend={<Legend interpolate={weightInterpolator} domain={[-bound, bound]} width={170} label={['predicted − actual', 'red: too low, blue: too high']} />}
    />
  );
}
