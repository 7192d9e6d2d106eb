/** A small drawing of a layered network: one column of neurons per layer, all wired. */
const MAX_DRAWN = 6;

export function NetworkThumbnail({ sizes, width = 200, height = 96 }: { sizes: number[]; width?: number; height?: number }): React.JSX.Element {
  const columns = sizes.map((n) => Math.min(n, MAX_DRAWN));
  const x = (i: number) => (sizes.length === 1 ? width / 2 : 18 + (i * (width - 36)) / (sizes.length - 1));
  // Leave a strip at the bottom for the unit count of layers too big to draw.
  const labelled = sizes.some((n) => n > MAX_DRAWN);
  const top = 8;
  const bottom = height - (labelled ? 18 : 8);
  const y = (count: number, j: number) => (top + bottom) / 2 + (j - (count - 1) / 2) * Math.min(16, (bottom - top) / Math.max(1, count - 1));
  return (
    <svg className="thumbnail" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <g className="thumb-lines">
        {columns.slice(1).map((count, i) =>
          Array.from({ length: columns[i] }, (_, a) =>
            Array.from({ length: count }, (_, b) => <line key={`${i}-${a}-${b}`} x1={x(i)} y1={y(columns[i], a)} x2={x(i + 1)} y2={y(count, b)} />),
          ),
        )}
      </g>
      {columns.map((count, i) =>
        Array.from({ length: count }, (_, j) => (
          <circle key={`${i}-${j}`} className={`neuron ${i === 0 ? 'neuron-input' : i === columns.length - 1 ? 'neuron-output' : 'neuron-dense'}`} cx={x(i)} cy={y(count, j)} r={5} />
        )),
      )}
      {sizes.map((n, i) =>
        n > MAX_DRAWN ? (
          <text key={i} className="thumb-more" x={x(i)} y={height - 4} textAnchor="middle">
            {n} units
          </text>
        ) : null,
      )}
    </svg>
  );
}
