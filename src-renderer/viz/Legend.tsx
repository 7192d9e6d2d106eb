/**
 * A horizontal colour bar with a d3 axis under it. The bar is inset by half the widest tick label
 * on each side, so the end labels ("-40k", "40k") are never cut off by the legend's edge.
 */
import { axisBottom, format as d3format, range, scaleLinear, select } from 'd3';
import { useEffect, useId, useMemo, useRef } from 'react';

/** About how wide a character of the 9 px axis font is. */
const CHAR_WIDTH = 5.6;

/** The axis format: compact SI (40k, 1.5M) once the numbers get long, as asked otherwise. */
export function legendFormat(domain: [number, number], format?: string): string | undefined {
  if (format) return format;
  return Math.max(Math.abs(domain[0]), Math.abs(domain[1])) >= 10_000 ? '~s' : undefined;
}

export function Legend(props: {
  interpolate: (t: number) => string;
  domain: [number, number];
  width?: number;
  /** One line, or a title and lines of explanation. */
  label?: string | string[];
  ticks?: number;
  format?: string;
}): React.JSX.Element {
  const width = props.width ?? 160;
  const height = 30;
  const axis = useRef<SVGGElement>(null);
  const gradientId = useId().replace(/:/g, '');
  const [lo, hi] = props.domain;
  const lines = props.label === undefined ? [] : typeof props.label === 'string' ? [props.label] : props.label;
  const top = lines.length * 12 + 2;
  const ticks = props.ticks ?? 5;
  const format = legendFormat([lo, hi], props.format);
  // The widest tick label decides the inset: half of it must fit beyond each end of the bar.
  const inset = useMemo(() => {
    const scale = scaleLinear().domain([lo, hi]);
    const text = format ? d3format(format) : scale.tickFormat(ticks);
    const widest = Math.max(...scale.ticks(ticks).map((t) => text(t).length), 1);
    return Math.max(8, Math.ceil((widest * CHAR_WIDTH) / 2) + 2);
  }, [lo, hi, ticks, format]);
  const bar = Math.max(20, width - 2 * inset);

  useEffect(() => {
    if (!axis.current) return;
    const x = scaleLinear().domain([lo, hi]).range([0, bar]);
    select(axis.current)
      .call(axisBottom(x).ticks(ticks, format).tickSize(4))
      .call((g) => g.select('.domain').remove())
      .call((g) => g.selectAll('text').attr('fill', 'currentColor'))
      .call((g) => g.selectAll('line').attr('stroke', 'currentColor'));
  }, [lo, hi, bar, ticks, format]);

  const stops = range(0, 1.0001, 0.1);
  return (
    <svg className="legend" width={width} height={height + top} role="img" aria-label={`${lines[0] ?? 'Colour scale'} from ${lo} to ${hi}`}>
      <defs>
        <linearGradient id={gradientId}>
          {stops.map((t) => (
            <stop key={t} offset={`${t * 100}%`} stopColor={props.interpolate(t)} />
          ))}
        </linearGradient>
      </defs>
      {lines.map((line, i) => (
        <text key={i} x={8} y={10 + i * 12} fontSize={10} fill="currentColor" opacity={i === 0 ? 1 : 0.75}>
          {line}
        </text>
      ))}
      <g transform={`translate(${inset}, ${top})`}>
        <rect width={bar} height={10} fill={`url(#${gradientId})`} stroke="currentColor" strokeOpacity={0.3} />
        <g ref={axis} transform="translate(0, 10)" fontSize={9} />
      </g>
    </svg>
  );
}
