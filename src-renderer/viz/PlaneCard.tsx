/**
 * The decision boundary's card: the plane with its points, the class legend, and what else the
 * task asks for — a slice's axes and sliders for more than two inputs, the drawing tools for a
 * drawing (shown before it has a run, since the points are drawn first). A drawing's points come
 * from the document's task, so a point shows the moment it is drawn; the boundary follows when
 * the run on the new points (store/training.ts) brings its first frame.
 */
import { scaleLinear } from 'd3';
import { useMemo, useRef } from 'react';
import { DRAW_DOMAIN } from '../../src-shared/datasets';
import type { GridEvaluation } from '../../src-shared/engine/grid';
import type { LayerParameters } from '../../src-shared/engine/network';
import type { DatasetInfo } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { useDrawTool } from '../store/draw-tool';
import { ClassLegend } from './ClassLegend';
import { DecisionBoundary, type DrawHandlers } from './DecisionBoundary';
import { addPoints, drawTarget, erasePoints } from './drawing';
import { DrawTools } from './DrawTools';
import { probeOf } from './frame';
import { datasetPoints, drawableTask, gridPlane, taskPlane, taskPoints, valueRange, type DrawableTask, type PlaneGeometry } from './plane';
import { SliceControls, sliceCaption, useInputStats } from './SliceControls';

/** A brush lays a point each time the pointer has moved this far (CSS pixels). */
const BRUSH_SPACING = 14;
/** The eraser takes points this close to the pointer. */
const ERASE_RADIUS = 10;

export function PlaneCard(props: {
  grid?: GridEvaluation;
  dataset: DatasetInfo | null;
  setup: ExperimentSetup | null;
  parameters: readonly LayerParameters[] | null;
  size: number;
  classes: number;
}): React.JSX.Element | null {
  const { dataset, setup, size } = props;
  const drawing = drawableTask(useDocumentStore((s) => s.setup.task));
  // A grid belongs on a drawing's plane only when it is of that drawing (not of the task before it).
  const grid = props.grid && (!drawing || (setup?.task.dataset === drawing.dataset && dataset?.inputSize === 2)) ? props.grid : undefined;
  const axes = useMemo<[number, number]>(() => (grid?.slice ? [grid.slice.axes[0], grid.slice.axes[1]] : [0, 1]), [grid?.slice?.axes[0], grid?.slice?.axes[1]]);
  const plane = usePlane(grid, dataset, axes, drawing);
  const points = useMemo(
    () => (drawing ? taskPoints(drawing) : dataset && plane ? datasetPoints(dataset, axes, plane) : []),
    // The plane's scales, not its domain, place the engine's points: a new frame's domain is the same numbers.
    [drawing, dataset, axes, plane?.scales[0], plane?.scales[1]],
  );
  const draw = useDrawHandlers(drawing, plane, size);
  if (!plane) return null;
  const probe = props.parameters ? probeOf(setup, props.parameters, grid?.slice) : null;
  const classNames = drawing ? drawingClassNames(drawing) : dataset?.classNames;
  const classes = drawing ? (classNames?.length ?? 2) : props.classes;
  const outputs = grid ? grid.outputs.length / (grid.resolution * grid.resolution) : classes > 2 ? classes : 1;
  return (
    <div className="boundary-card">
      {drawing && <DrawTools task={drawing} />}
      {grid?.slice && dataset && <SliceCaption dataset={dataset} slice={grid.slice} />}
      <DecisionBoundary grid={grid} name={drawing?.name ?? dataset?.name ?? 'the task'} plane={plane} points={points} size={size} probe={probe} classNames={classNames} draw={draw} />
      {grid?.slice && dataset && <SliceControls dataset={dataset} shown={grid.slice} />}
      <ClassLegend classes={classes} outputs={outputs} names={classNames} value={drawing ? drawTarget(drawing).kind === 'value' : dataset?.kind === 'regression'} />
    </div>
  );
}

function drawingClassNames(task: DrawableTask): string[] | undefined {
  const target = drawTarget(task);
  return target.kind === 'classes' ? target.classes : undefined;
}

/** The slice a plot shows, said on it (and in its exports). */
export function SliceCaption(props: { dataset: DatasetInfo; slice: NonNullable<GridEvaluation['slice']> }): React.JSX.Element {
  const stats = useInputStats(props.dataset);
  const atMeans = props.slice.values.every((v, j) => props.slice.axes.includes(j) || v === stats.mean[j]);
  return (
    <p className="slice-caption" data-export-text data-testid="slice-caption">
      {sliceCaption(props.dataset, props.slice, atMeans)}
    </p>
  );
}

/** The plane in the units its axes show: the grid's (a table's scaled inputs scaled back), else a drawing's own. */
function usePlane(grid: GridEvaluation | undefined, dataset: DatasetInfo | null, axes: [number, number], drawing: DrawableTask | null): PlaneGeometry | null {
  const [x0, x1] = grid?.domain.x ?? [0, 0];
  const [y0, y1] = grid?.domain.y ?? [0, 0];
  // Rows matter only before there is a grid (a table's plane is its rows' range then).
  const rows = grid ? null : drawing?.rows;
  return useMemo(() => {
    if (grid && dataset) return gridPlane(dataset, { x: [x0, x1], y: [y0, y1] }, axes);
    if (drawing) return taskPlane(drawing, drawing.dataset === 'drawn' ? DRAW_DOMAIN : null);
    return null;
    // Keyed on the numbers: every frame brings a new domain object.
  }, [!!grid, dataset, x0, x1, y0, y1, axes, drawing?.dataset, drawing?.columns, rows]);
}

/** Click to draw a point, drag to brush more, Erase to take them away: each stroke one undo step. */
function useDrawHandlers(drawing: DrawableTask | null, plane: PlaneGeometry | null, size: number): DrawHandlers | undefined {
  const last = useRef<{ x: number; y: number } | null>(null);
  if (!drawing || !plane) return undefined;
  const x = scaleLinear().domain(plane.domain.x).range([0, size]);
  const y = scaleLinear().domain(plane.domain.y).range([size, 0]);
  const current = (): DrawableTask | null => drawableTask(useDocumentStore.getState().setup.task);
  const inside = (px: { x: number; y: number }): boolean => px.x >= 0 && px.y >= 0 && px.x <= size && px.y <= size;
  const apply = (px: { x: number; y: number }, at: { x: number; y: number }): void => {
    const task = current();
    if (!task) return;
    const tool = useDrawTool.getState();
    const design = useDesignStore.getState();
    if (tool.mode === 'erase') {
      design.setTask(erasePoints(task, (rx, ry) => (x(rx) - px.x) ** 2 + (y(ry) - px.y) ** 2 <= ERASE_RADIUS ** 2));
      return;
    }
    const target = drawTarget(task);
    const [lo, hi] = valueRange(task);
    const value = target.kind === 'classes' ? target.classes[Math.min(tool.cls, target.classes.length - 1)] : lo + tool.value * (hi - lo);
    design.setTask(addPoints(task, [at], value));
  };
  const hint =
    drawTarget(drawing).kind === 'classes'
      ? 'Click to draw a point of the chosen class, drag to brush more; Erase takes them away'
      : 'Click to draw a point of the chosen value, drag to brush more; Erase takes them away';
  return {
    hint,
    start(px, py, pixel) {
      if (!inside(pixel)) return;
      useDesignStore.getState().beginGesture();
      last.current = pixel;
      apply(pixel, { x: px, y: py });
    },
    move(px, py, pixel) {
      const from = last.current;
      if (!from || !inside(pixel)) return;
      const erasing = useDrawTool.getState().mode === 'erase';
      if (!erasing && (pixel.x - from.x) ** 2 + (pixel.y - from.y) ** 2 < BRUSH_SPACING ** 2) return;
      last.current = pixel;
      apply(pixel, { x: px, y: py });
    },
    end() {
      if (last.current === null) return;
      last.current = null;
      useDesignStore.getState().endGesture();
    },
  };
}

/** Whether the document's task is drawn on (its plane is shown before any run). */
export function useDrawing(): boolean {
  return useDocumentStore((s) => drawableTask(s.setup.task) !== null);
}
