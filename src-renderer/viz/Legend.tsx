/** A horizontal colour bar with a d3 axis under it. */
import { axisBottom, range, scaleLinear, select } from 'd3';
import { useEffect, useId, useRef } from 'react';

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

  useEffect(() => {
    if (!axis.current) return;
    const x = scaleLinear().domain([lo, hi]).range([0, width - 16]);
    select(axis.current)
      .call(axisBottom(x).ticks(props.ticks ?? 5, props.format).tickSize(4))
      .call((g) => g.select('.domain').remove())
      .call((g) => g.selectAll('text').attr('fill', 'currentColor'))
      .call((g) => g.selectAll('line').attr('stroke', 'currentColor'));
  }, [lo, hi, width, props.ticks, props.format]);

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
      <g transform={`translate(8, ${top})`}>
        <rect width={width - 16} height={10} fill={`url(#${gradientId})`} stroke="currentColor" strokeOpacity={0.3} />
        <g ref={axis} transform="translate(0, 10)" fontSize={9} />
      </g>
    </svg>
  );
}
