/**
 * The layout every heatmap plot shares (decision boundary, weights, addition maps): a canvas of
 * coloured cells inside a margin, and an SVG layer over it whose origin is the canvas's corner,
 * for contours, marks, labels and axes. Cells on a canvas, lines and text in SVG: a canvas paints
 * thousands of cells cheaply, SVG keeps lines crisp.
 */
import { useId, useLayoutEffect, useRef, type MouseEventHandler, type ReactNode } from 'react';
import { fitCanvas, paintGrid } from './paint-grid';
import { clamp, usePlotSize } from './plot-size';
import type { ColorTable } from './scales';

interface CanvasCommon {
  smooth?: boolean;
  label: string;
  className?: string;
  onMouseMove?: MouseEventHandler<HTMLCanvasElement>;
  onMouseLeave?: MouseEventHandler<HTMLCanvasElement>;
}

/** The cells a heatmap shows and how they are coloured. */
export interface HeatmapCells extends CanvasCommon {
  values: ArrayLike<number>;
  offset?: number;
  rows: number;
  cols: number;
  table: ColorTable;
  /** Maps a value to [0, 1] along the colour table. */
  toUnit: (v: number) => number;
  flipY?: boolean;
}

/** A canvas its owner paints itself (the classes of a k-class boundary); repainted when `paint` changes. */
export interface PaintedCells extends CanvasCommon {
  paint: (canvas: HTMLCanvasElement) => void;
}

/** The cells on a canvas, repainted when the values change. */
function CellCanvas(props: (HeatmapCells | PaintedCells) & { width: number; height: number; style: React.CSSProperties }): React.JSX.Element {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const { width, height, smooth } = props;
  const painted = 'paint' in props ? props.paint : null;
  const cells = 'paint' in props ? null : props;
  const { values, offset, rows, cols, table, toUnit, flipY } = cells ?? {};

  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    if (painted) {
      fitCanvas(canvas, width, height);
      painted(canvas);
      return;
    }
    if (!values || !table || !toUnit || !rows || !cols || rows <= 0 || cols <= 0) return;
    fitCanvas(canvas, width, height);
    paintGrid(canvas, { values, rows, cols, offset }, table, toUnit, { flipY, smooth });
  }, [painted, values, offset, rows, cols, width, height, table, toUnit, flipY, smooth]);

  return (
    <canvas
      ref={ref}
      className={props.className}
      style={{ width, height, display: 'block', ...props.style }}
      data-smooth={smooth ? 'true' : 'false'}
      role="img"
      aria-label={props.label}
      onMouseMove={props.onMouseMove}
      onMouseLeave={props.onMouseLeave}
    />
  );
}

export interface Margin {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Room for the axes of a square plot over the input plane (DecisionBoundary, AdditionMaps). */
export const AXES_MARGIN: Margin = { left: 40, top: 8, right: 10, bottom: 30 };

/** The side of a square plot with axes: `fixed` when given, else as wide as the pane allows (less `beside`). */
export function useSquareSide(fixed: number | undefined, min: number, max: number, beside = 0): number {
  const { width } = usePlotSize();
  return fixed ?? clamp(width - beside - AXES_MARGIN.left - AXES_MARGIN.right - CARD_CHROME, min, max);
}

/** A plot card's padding and border, both sides (viz.css, .plot-card): its content is this much narrower than the pane's. */
export const CARD_CHROME = 18;

export function HeatmapPlot(props: {
  width: number;
  height: number;
  margin: Margin;
  heat: HeatmapCells | PaintedCells;
  /** The SVG lets the mouse through to the canvas (for hover readouts on the cells). */
  pointerThrough?: boolean;
  /** Drawn in the canvas's coordinates, over it. */
  children: ReactNode;
}): React.JSX.Element {
  const { width, height, margin } = props;
  const outer = { width: width + margin.left + margin.right, height: height + margin.top + margin.bottom };
  return (
    <div className="plot-surface" style={{ position: 'relative', ...outer }}>
      <CellCanvas {...props.heat} width={width} height={height} style={{ position: 'absolute', left: margin.left, top: margin.top }} />
      <svg
        width={outer.width}
        height={outer.height}
        style={{ position: 'absolute', left: 0, top: 0, ...(props.pointerThrough ? { pointerEvents: 'none' } : {}) }}
      >
        <g transform={`translate(${margin.left}, ${margin.top})`}>{props.children}</g>
      </svg>
    </div>
  );
}

/** Clips its children to the plot area (contours close along the grid's border outside it). */
export function ClipToPlot(props: { width: number; height: number; children: ReactNode }): React.JSX.Element {
  const clipId = `clip-${useId().replace(/:/g, '')}`;
  return (
    <>
      <defs>
        <clipPath id={clipId}>
          <rect width={props.width} height={props.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>{props.children}</g>
    </>
  );
}
