/** A canvas showing a grid of values through a colour table, repainted when the values change. */
import { forwardRef, useLayoutEffect, useRef, type MouseEventHandler } from 'react';
import { fitCanvas, paintGrid } from './heatmap-canvas';
import type { ColorTable } from './scales';

export interface HeatCanvasProps {
  values: ArrayLike<number>;
  offset?: number;
  rows: number;
  cols: number;
  width: number;
  height: number;
  table: ColorTable;
  /** Maps a value to [0, 1] along the colour table. */
  toUnit: (v: number) => number;
  flipY?: boolean;
  smooth?: boolean;
  label: string;
  className?: string;
  style?: React.CSSProperties;
  onMouseMove?: MouseEventHandler<HTMLCanvasElement>;
  onMouseLeave?: MouseEventHandler<HTMLCanvasElement>;
}

export const HeatCanvas = forwardRef<HTMLCanvasElement, HeatCanvasProps>(function HeatCanvas(props, forwarded) {
  const own = useRef<HTMLCanvasElement | null>(null);
  const { values, offset, rows, cols, width, height, table, toUnit, flipY, smooth } = props;

  useLayoutEffect(() => {
    const canvas = own.current;
    if (!canvas || rows <= 0 || cols <= 0) return;
    fitCanvas(canvas, width, height);
    paintGrid(canvas, { values, rows, cols, offset }, table, toUnit, { flipY, smooth });
  }, [values, offset, rows, cols, width, height, table, toUnit, flipY, smooth]);

  return (
    <canvas
      ref={(node) => {
        own.current = node;
        if (typeof forwarded === 'function') forwarded(node);
        else if (forwarded) forwarded.current = node;
      }}
      className={props.className}
      style={{ width, height, display: 'block', ...props.style }}
      data-smooth={smooth ? 'true' : 'false'}
      role="img"
      aria-label={props.label}
      onMouseMove={props.onMouseMove}
      onMouseLeave={props.onMouseLeave}
    />
  );
});
