/**
 * One Dense layer's weights as a matrix: a row per input (plus the bias row), a column per
 * neuron, blue for positive and red for negative on a scale centred on 0. Hover reads a value.
 */
import { useCallback, useMemo, useState } from 'react';
import type { LayerParameters } from '../../src-shared/engine/network';
import type { LayerInfo } from '../../src-shared/protocol/engine';
import { CARD_CHROME, HeatmapPlot } from './HeatmapPlot';
import { usePlotSize } from './plot-size';
import { weightTable } from './tables';

const MARGIN = { left: 34, top: 16, right: 14, bottom: 4 };

/** Cells as large as fit `height` and `width` (and at most 320 px across), between 6 and 26 pixels. */
export function cellSize(rows: number, cols: number, height: number, width = 320): number {
  return Math.max(6, Math.min(26, Math.floor(height / rows), Math.floor(Math.min(320, width) / cols)));
}

export function WeightHeatmap(props: {
  layer: LayerInfo;
  params: LayerParameters;
  /** Symmetric colour bound shared by all layers, so colours compare across layers. */
  bound: number;
  title: string;
  /** Names of the inputs of this layer, such as x1, x2 or h1.3. */
  rowPrefix: string;
  colPrefix: string;
}): React.JSX.Element {
  const { layer, params, bound } = props;
  const rows = layer.inSize + 1;
  const cols = layer.outSize;
  // A layer's matrix stays under about 220 pixels tall; the plots column scrolls past it.
  const cell = cellSize(rows, cols, 220, usePlotSize().width - CARD_CHROME - MARGIN.left - MARGIN.right);
  const width = cols * cell;
  const height = rows * cell;
  const [hover, setHover] = useState<{ row: number; col: number } | null>(null);

  const values = useMemo(() => {
    const v = new Float64Array(rows * cols);
    v.set(params.W.subarray(0, layer.inSize * cols));
    v.set(params.b.subarray(0, cols), layer.inSize * cols);
    return v;
  }, [params, rows, cols, layer.inSize]);
  const toUnit = useCallback((v: number) => (v + bound) / (2 * bound), [bound]);

  const rowName = (r: number): string => (r === layer.inSize ? 'bias' : `${props.rowPrefix}${r + 1}`);
  const colName = (c: number): string => `${props.colPrefix}${c + 1}`;
  // Column labels ("h1.12") are wider than row labels are tall: about 5.5 pixels a character.
  const colEvery = Math.ceil((colName(cols - 1).length * 5.5 + 4) / cell);
  const rowEvery = Math.ceil(11 / cell);
  const hovered = hover ? values[hover.row * cols + hover.col] : null;

  return (
    <figure className="weight-heatmap" data-layer={layer.nodeId}>
      <figcaption data-export-text>{props.title}</figcaption>
      <HeatmapPlot
        width={width}
        height={height}
        margin={MARGIN}
        pointerThrough
        heat={{
          values,
          rows,
          cols,
          table: weightTable(),
          toUnit,
          label: `Weights into ${props.title}: ${layer.inSize} inputs and a bias by ${cols} neurons`,
          onMouseMove: (e) => {
            const box = e.currentTarget.getBoundingClientRect();
            const col = Math.floor(((e.clientX - box.left) / box.width) * cols);
            const row = Math.floor(((e.clientY - box.top) / box.height) * rows);
            if (row >= 0 && row < rows && col >= 0 && col < cols) setHover({ row, col });
          },
          onMouseLeave: () => setHover(null),
        }}
      >
        <g fontSize={9} fill="currentColor">
          {Array.from({ length: cols }, (_, c) =>
            c % colEvery === 0 ? (
              <text key={c} x={(c + 0.5) * cell} y={-4} textAnchor="middle">
                {colName(c)}
              </text>
            ) : null,
          )}
          {Array.from({ length: rows }, (_, r) =>
            r % rowEvery === 0 || r === rows - 1 ? (
              <text key={r} x={-4} y={(r + 0.5) * cell} dy="0.35em" textAnchor="end">
                {rowName(r)}
              </text>
            ) : null,
          )}
          {/* The bias row is a different kind of parameter: set it apart. */}
          <line x1={0} x2={width} y1={layer.inSize * cell} y2={layer.inSize * cell} stroke="currentColor" strokeWidth={1.5} />
          <rect width={width} height={height} fill="none" stroke="currentColor" strokeOpacity={0.35} />
          {hover && <rect x={hover.col * cell} y={hover.row * cell} width={cell} height={cell} fill="none" stroke="currentColor" strokeWidth={2} />}
        </g>
      </HeatmapPlot>
      <div className="weight-heatmap__readout" data-export-skip aria-live="polite">
        {hover && hovered !== null ? (
          <>
            {hover.row === layer.inSize ? `b[${colName(hover.col)}]` : `w[${rowName(hover.row)} → ${colName(hover.col)}]`} ={' '}
            <span className="mono">{formatWeight(hovered)}</span>
          </>
        ) : (
          <span className="muted">Hover a cell for its value</span>
        )}
      </div>
    </figure>
  );
}

/** The shortest text that reads back as the same float64: exact enough to compare with NumPy. */
export const formatWeight = (v: number): string => String(v);
