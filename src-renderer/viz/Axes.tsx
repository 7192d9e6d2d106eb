/** Left and bottom d3 axes for a plot whose scales the caller owns. */
import { axisBottom, axisLeft, select, type AxisScale, type NumberValue } from 'd3';
import { useEffect, useRef } from 'react';

export function Axes(props: {
  x: AxisScale<NumberValue>;
  y: AxisScale<NumberValue>;
  width: number;
  height: number;
  xTicks?: number;
  yTicks?: number;
  xFormat?: string;
  yFormat?: string;
  xLabel?: string;
  yLabel?: string;
  /** How far left of the axis the rotated y label sits: past the widest tick label. */
  yLabelOffset?: number;
}): React.JSX.Element {
  const gx = useRef<SVGGElement>(null);
  const gy = useRef<SVGGElement>(null);
  const { x, y, width, height } = props;

  const { xTicks, yTicks, xFormat, yFormat } = props;
  // Axes are redrawn only when a scale or size changes, not on every frame of training.
  useEffect(() => {
    const style = (g: ReturnType<typeof select<SVGGElement, unknown>>): void => {
      g.selectAll('text').attr('fill', 'currentColor');
      g.selectAll('line, path').attr('stroke', 'currentColor').attr('stroke-opacity', 0.5);
    };
    if (gx.current) style(select(gx.current).call(axisBottom(x).ticks(xTicks ?? 5, xFormat).tickSizeOuter(0)));
    if (gy.current) style(select(gy.current).call(axisLeft(y).ticks(yTicks ?? 5, yFormat).tickSizeOuter(0)));
  }, [x, y, width, height, xTicks, yTicks, xFormat, yFormat]);

  return (
    <g className="axes" fontSize={9}>
      <g ref={gx} transform={`translate(0, ${height})`} />
      <g ref={gy} />
      {props.xLabel && (
        <text x={width} y={height + 26} textAnchor="end" fontSize={10} fill="currentColor">
          {props.xLabel}
        </text>
      )}
      {props.yLabel && (
        <text transform="rotate(-90)" x={0} y={-(props.yLabelOffset ?? 28)} textAnchor="end" fontSize={10} fill="currentColor">
          {props.yLabel}
        </text>
      )}
    </g>
  );
}
