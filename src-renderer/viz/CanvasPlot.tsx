/**
 * The layout every heatmap plot shares: a HeatCanvas inside a margin, and an SVG layer over it
 * whose origin is the canvas's corner, for contours, marks, labels and axes. Cells on a canvas,
 * lines and text in SVG: a canvas paints thousands of cells cheaply, SVG keeps lines crisp.
 */
import { useId, type ReactNode } from 'react';
import { HeatCanvas, type HeatCanvasProps } from './HeatCanvas';
import { clamp, usePlotHeight } from './plot-size';

export interface Margin {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Room for the axes of a square plot over the input plane (DecisionBoundary, AdditionMaps). */
export const AXES_MARGIN: Margin = { left: 40, top: 8, right: 10, bottom: 30 };

/** The side of a square plot with axes: `fixed` when given, else as tall as the dock allows. */
export function useSquareSide(fixed: number | undefined, min: number, max: number): number {
  const available = usePlotHeight();
  return fixed ?? clamp(available - AXES_MARGIN.top - AXES_MARGIN.bottom, min, max);
}

export function CanvasPlot(props: {
  width: number;
  height: number;
  margin: Margin;
  heat: Omit<HeatCanvasProps, 'width' | 'height' | 'style'>;
  /** The SVG lets the mouse through to the canvas (for hover readouts on the cells). */
  pointerThrough?: boolean;
  /** Drawn in the canvas's coordinates, over it. */
  children: ReactNode;
}): React.JSX.Element {
  const { width, height, margin } = props;
  const outer = { width: width + margin.left + margin.right, height: height + margin.top + margin.bottom };
  return (
    <div className="plot-surface" style={{ position: 'relative', ...outer }}>
      <HeatCanvas {...props.heat} width={width} height={height} style={{ position: 'absolute', left: margin.left, top: margin.top }} />
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
