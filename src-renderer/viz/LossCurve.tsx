/**
 * The loss per epoch on a log scale, with the held-out loss where the task has one (a split's
 * test rows, addition's test pairs) dashed beside it, and for a classifier its accuracy on a
 * second axis (on the test rows too, dashed), following the run; a legend names each line.
 */
import { axisRight, line, scaleLinear, select } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EpochRecord } from '../../src-shared/engine/trainer';
import type { AccuracyPoint } from '../store/training';
import { formatAccuracy, formatLoss } from '../training/status';
import { Axes } from './Axes';
import { finiteLossRange, LOSS_FLOOR, lossScale } from './loss-scale';

/** The top margin holds the legend, one line above the plot, so it never hides a curve. */
const MARGIN = { left: 52, top: 18, right: 20, bottom: 30 };
/** Room for the accuracy axis on the right. */
const ACCURACY_MARGIN = 40;
const ACCURACY_COLOR = '#2e9e44';

/**
 * At most two points per pixel column (the lowest and highest loss in it), so a run of a million
 * epochs draws as fast as one of a hundred and still shows every spike.
 */
export function decimateForPixels(history: readonly EpochRecord[], x: (epoch: number) => number, until = Infinity): EpochRecord[] {
  const out: EpochRecord[] = [];
  let column = NaN;
  let lo: EpochRecord | null = null;
  let hi: EpochRecord | null = null;
  const flush = (): void => {
    if (!lo || !hi) return;
    if (lo === hi) out.push(lo);
    else if (lo.epoch < hi.epoch) out.push(lo, hi);
    else out.push(hi, lo);
  };
  for (const h of history) {
    if (h.epoch > until) break;
    if (!Number.isFinite(h.loss)) continue;
    const c = Math.floor(x(h.epoch));
    if (c !== column) {
      flush();
      column = c;
      lo = hi = h;
    } else {
      if (h.loss < (lo as EpochRecord).loss) lo = h;
      if (h.loss > (hi as EpochRecord).loss) hi = h;
    }
  }
  flush();
  return out;
}

export function LossCurve(props: {
  history: readonly EpochRecord[];
  /** Changes whenever `history` grows (it is appended in place). */
  version: number;
  test: readonly EpochRecord[];
  epochs: number;
  /** While scrubbing: the epoch shown; the curve after it is faded. */
  marker: number | null;
  /** What the held-out loss is measured on ("test rows", "test pairs"). */
  testLabel?: string;
  /** A classifier's accuracy per snapshot, drawn on a 0–100% axis at the right. */
  accuracy?: readonly AccuracyPoint[];
  /** Its accuracy on the test rows, on the same axis. */
  testAccuracy?: readonly AccuracyPoint[];
  width: number;
  height: number;
}): React.JSX.Element {
  const { history, version, test, epochs, marker } = props;
  const accuracy = props.accuracy && props.accuracy.length > 0 ? props.accuracy : null;
  const testAccuracy = accuracy && props.testAccuracy && props.testAccuracy.length > 0 ? props.testAccuracy : null;
  const right = accuracy ? ACCURACY_MARGIN : MARGIN.right;
  const width = Math.max(60, props.width - MARGIN.left - right);
  // Room for the readout line under the plot.
  const height = Math.max(50, props.height - 20 - MARGIN.top - MARGIN.bottom);
  const [hover, setHover] = useState<EpochRecord | null>(null);
  const accuracyAxis = useRef<SVGGElement>(null);

  const plot = useMemo(() => {
    const lastEpoch = history.length > 0 ? history[history.length - 1].epoch : 0;
    const x = scaleLinear()
      .domain([0, Math.max(1, epochs, lastEpoch + 1)])
      .range([0, width]);
    const [lo, hi] = finiteLossRange(history, test) ?? [1e-3, 1];
    const y = lossScale(lo, hi, height);
    const path = line<EpochRecord>()
      .x((d) => x(d.epoch))
      .y((d) => y(Math.max(LOSS_FLOOR, d.loss)));
    const points = decimateForPixels(history, x);
    const shown = marker === null ? [] : decimateForPixels(history, x, marker);
    const a = scaleLinear().domain([0, 1]).range([height, 0]);
    const accuracyLine = line<AccuracyPoint>()
      .x((d) => x(d.epoch))
      .y((d) => a(d.accuracy));
    const accuracyPath = accuracy ? (accuracyLine(accuracy) ?? '') : '';
    const testAccuracyPath = testAccuracy ? (accuracyLine(testAccuracy) ?? '') : '';
    const testPoints = test.filter((t) => Number.isFinite(t.loss));
    return { x, y, a, train: path(points) ?? '', upToMarker: path(shown) ?? '', test: path(testPoints) ?? '', testCount: testPoints.length, accuracy: accuracyPath, testAccuracy: testAccuracyPath, points };
    // `version` stands for the in-place growth of `history`.
  }, [history, version, test, epochs, marker, width, height, accuracy, testAccuracy]);

  useEffect(() => {
    if (!accuracyAxis.current) return;
    select(accuracyAxis.current)
      .call(axisRight(plot.a).ticks(4, '.0%').tickSizeOuter(0))
      .call((g) => g.selectAll('text').attr('fill', ACCURACY_COLOR))
      .call((g) => g.selectAll('line, path').attr('stroke', ACCURACY_COLOR).attr('stroke-opacity', 0.6));
  }, [plot.a, accuracy !== null]);
  const lastAccuracy = accuracy?.at(-1)?.accuracy ?? null;
  const lastTestAccuracy = testAccuracy?.at(-1)?.accuracy ?? null;
  const lastTest = test.at(-1)?.loss ?? null;
  const legend: { key: string; mark: string; color: string; text: string }[] = [
    { key: 'train', mark: '━', color: '#1a62c7', text: 'train' },
    ...(plot.test ? [{ key: 'test', mark: '╍', color: '#e8710a', text: props.testLabel ?? 'test pairs' }] : []),
    ...(accuracy ? [{ key: 'accuracy', mark: '━', color: ACCURACY_COLOR, text: 'accuracy' }] : []),
    ...(plot.testAccuracy ? [{ key: 'test-accuracy', mark: '╍', color: ACCURACY_COLOR, text: 'test accuracy' }] : []),
  ];

  const onMove = (e: React.MouseEvent<SVGRectElement>): void => {
    const box = e.currentTarget.getBoundingClientRect();
    const epoch = plot.x.invert(e.clientX - box.left);
    let best: EpochRecord | null = null;
    for (const p of plot.points) if (!best || Math.abs(p.epoch - epoch) < Math.abs(best.epoch - epoch)) best = p;
    setHover(best);
  };

  return (
    <div className="loss-curve">
      <div className="plot-surface">
        <svg
          width={width + MARGIN.left + right}
          height={height + MARGIN.top + MARGIN.bottom}
          role="img"
          aria-label={`Loss per epoch on a log scale${accuracy ? ', with the accuracy on the right axis' : ''}`}
        >
          <g transform={`translate(${MARGIN.left}, ${MARGIN.top})`}>
            <Axes x={plot.x} y={plot.y} width={width} height={height} yTicks={4} yFormat=".0e" xFormat="~s" xLabel="epoch" />
            <path className="loss-line" d={plot.train} fill="none" stroke="#1a62c7" strokeWidth={1.5} strokeOpacity={marker === null ? 1 : 0.3} />
            {marker !== null && <path d={plot.upToMarker} fill="none" stroke="#1a62c7" strokeWidth={1.75} />}
            {plot.test && (
              <path className="test-loss-line" d={plot.test} fill="none" stroke="#e8710a" strokeWidth={1.5} strokeDasharray="4 2" data-points={plot.testCount} />
            )}
            {accuracy && (
              <>
                <path className="accuracy-line" d={plot.accuracy} fill="none" stroke={ACCURACY_COLOR} strokeWidth={1.5} strokeOpacity={marker === null ? 0.9 : 0.35} />
                {plot.testAccuracy && (
                  <path
                    className="test-accuracy-line"
                    d={plot.testAccuracy}
                    fill="none"
                    stroke={ACCURACY_COLOR}
                    strokeWidth={1.5}
                    strokeDasharray="4 2"
                    strokeOpacity={marker === null ? 0.9 : 0.35}
                  />
                )}
                <g ref={accuracyAxis} transform={`translate(${width}, 0)`} fontSize={9} />
              </>
            )}
            {marker !== null && <line x1={plot.x(marker)} x2={plot.x(marker)} y1={0} y2={height} stroke="currentColor" strokeDasharray="2 2" />}
            {hover && <circle cx={plot.x(hover.epoch)} cy={plot.y(Math.max(LOSS_FLOOR, hover.loss))} r={3} fill="#1a62c7" />}
            <text className="loss-legend" fontSize={9} fill="currentColor" x={width} y={-6} textAnchor="end">
              {legend.map((item, i) => (
                <tspan key={item.key} data-legend={item.key}>
                  <tspan fill={item.color}>{i > 0 ? '\u2003' : ''}{item.mark}</tspan> {item.text}
                </tspan>
              ))}
            </text>
            <rect width={width} height={height} fill="transparent" onMouseMove={onMove} onMouseLeave={() => setHover(null)} />
          </g>
        </svg>
      </div>
      <div className="loss-curve__readout" data-export-skip aria-live="polite">
        {hover ? (
          <>
            epoch {hover.epoch}: <span className="mono">{formatLoss(hover.loss)}</span>
          </>
        ) : lastAccuracy !== null ? (
          <span>
            accuracy <span className="mono" data-testid="loss-accuracy">{formatAccuracy(lastAccuracy)}</span>
            {lastTestAccuracy !== null && (
              <>
                {' '}
                · test <span className="mono" data-testid="loss-test-accuracy">{formatAccuracy(lastTestAccuracy)}</span>
              </>
            )}
            {props.testLabel && lastTest !== null && (
              <>
                {' '}
                · test loss <span className="mono" data-testid="loss-test">{formatLoss(lastTest)}</span>
              </>
            )}{' '}
            <span className="muted">· hover the curve to read it</span>
          </span>
        ) : (
          <span className="muted">Hover the curve to read it</span>
        )}
      </div>
    </div>
  );
}

