/**
 * The neuron the user points at (or clicked) on the canvas, large: its output over the input
 * plane with the training points, on the same axes as the decision boundary beside it.
 */
import { scaleLinear } from 'd3';
import { useCallback, useMemo } from 'react';
import type { GridEvaluation } from '../../src-shared/engine/grid';
import type { MapInfo } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';
import { Axes } from './Axes';
import { AXES_MARGIN, HeatmapPlot } from './HeatmapPlot';
import { activationRange, mapActivation, mapName } from './HiddenUnits';
import type { PlaneGeometry } from './plane';
import { classTable } from './tables';

export interface FocusedMap {
  map: MapInfo;
  /** Index of the map in the grid's `hidden`. */
  index: number;
  unit: number;
}

/** The focused neuron's map, when the frame on show has it. */
export function focusedMap(maps: readonly MapInfo[], focus: { nodeId: string; unit: number } | null): FocusedMap | null {
  if (!focus) return null;
  const index = maps.findIndex((m) => m.nodeId === focus.nodeId);
  if (index < 0 || focus.unit < 0 || focus.unit >= maps[index].width) return null;
  return { map: maps[index], index, unit: focus.unit };
}

export function FocusedNeuron(props: {
  grid: GridEvaluation;
  focused: FocusedMap;
  setup: ExperimentSetup | null;
  size: number;
  /** The plane in the units the boundary's axes show (a table's own), with their names. */
  plane?: PlaneGeometry;
}): React.JSX.Element {
  const { grid, focused, setup, size } = props;
  const r = grid.resolution;
  const cells = r * r;
  const values = grid.hidden[focused.index];
  const activation = mapActivation(setup, focused.map.nodeId);
  const offset = focused.unit * cells;
  const [lo, hi] = values ? activationRange(activation, values, offset, cells) : [0, 1];
  const toUnit = useCallback((v: number) => (v - lo) / (hi - lo), [lo, hi]);
  const [x0, x1] = props.plane?.domain.x ?? grid.domain.x;
  const [y0, y1] = props.plane?.domain.y ?? grid.domain.y;
  const [xLabel, yLabel] = props.plane?.labels ?? ['x₁', 'x₂'];
  const x = useMemo(() => scaleLinear().domain([x0, x1]).range([0, size]), [x0, x1, size]);
  const y = useMemo(() => scaleLinear().domain([y0, y1]).range([size, 0]), [y0, y1, size]);
  const name = `${mapName(setup, focused.map)}, neuron ${focused.unit + 1}`;
  return (
    <figure className="focused-neuron" data-testid="focused-neuron">
      <figcaption data-export-text>
        {name}: {activation ?? 'output'} from {lo.toPrecision(2)} (orange) to {hi.toPrecision(2)} (blue)
      </figcaption>
      {values && (
        <HeatmapPlot
          width={size}
          height={size}
          margin={AXES_MARGIN}
          heat={{ className: 'focused-canvas', values, offset, rows: r, cols: r, table: classTable(), toUnit, flipY: true, smooth: true, label: `What ${name} outputs over the input plane` }}
        >
          <Axes x={x} y={y} width={size} height={size} xTicks={size < 200 ? 3 : 5} yTicks={size < 200 ? 3 : 5} xLabel={xLabel} yLabel={yLabel} yLabelOffset={30} />
        </HeatmapPlot>
      )}
    </figure>
  );
}
