/**
 * Runs over seeds, beside the loss: the median loss per epoch with the lowest-to-highest band,
 * every single run faint behind it, on the loss plot's log scale, and what they came to
 * ("reached loss < 0.01 in 7 of 10 seeds"). It follows the pool as runs finish.
 */
import { area, line, scaleLinear } from 'd3';
import { useMemo } from 'react';
import type { Run } from '../../src-shared/experiment';
import { trainingKey } from '../../src-shared/setup-check';
import { seedBand, type LossPoint } from './seed-band';
import { seedsVerdict } from './seeds-verdict';
import { useDocumentStore } from '../store/document';
import { useSeedsStore } from '../store/seeds';
import { Axes } from './Axes';
import { finiteLossRange, LOSS_FLOOR, lossScale } from './loss-scale';
import { PlotCard } from './PlotCard';

const MARGIN = { left: 52, top: 18, right: 14, bottom: 30 };
const COLOR = '#8a4fdb';
/** Room under the plot for the verdict's two lines. */
const VERDICT_HEIGHT = 34;

export function useHasSeeds(): boolean {
  return useSeedsStore((s) => s.status !== 'idle');
}

export function SeedsCard(props: { width: number; height: number }): React.JSX.Element {
  const runs = useSeedsStore((s) => s.runs);
  const total = useSeedsStore((s) => s.total);
  const firstSeed = useSeedsStore((s) => s.firstSeed);
  const until = useSeedsStore((s) => s.until);
  const status = useSeedsStore((s) => s.status);
  const setupKey = useSeedsStore((s) => s.setupKey);
  const other = useDocumentStore((s) => setupKey !== null && trainingKey(s.setup) !== setupKey);
  const done = useMemo(() => runs.filter((r): r is Run => r !== null), [runs]);
  const v = useMemo(() => (done.length > 0 ? seedsVerdict(done, until) : null), [done, until]);
  const title = `Loss over ${total} seeds (${firstSeed} to ${firstSeed + total - 1})`;
  return (
    <PlotCard id="seeds" title={title}>
      <div className="seeds-card">
        <SeedsPlot runs={done} rule={until?.metric === 'loss' ? until.value : null} width={Math.max(200, props.width)} height={Math.max(90, props.height - VERDICT_HEIGHT)} />
        <div className="seeds-card__verdict" aria-live="polite">
          {v ? (
            <>
              <strong data-testid="seeds-verdict">{v.headline}</strong>
              {status === 'running' ? <span className="muted"> · so far, {done.length} of {total}</span> : null}
              {status === 'cancelled' ? <span className="muted"> · cancelled</span> : null}
              {v.details.length > 0 && <div className="muted">{v.details.join(' · ')}</div>}
            </>
          ) : (
            <span className="muted">Training the first runs…</span>
          )}
          {other && <div className="muted">These runs trained an earlier setup.</div>}
        </div>
      </div>
    </PlotCard>
  );
}

function SeedsPlot(props: { runs: readonly Run[]; rule: number | null; width: number; height: number }): React.JSX.Element {
  const { runs, rule } = props;
  const width = Math.max(60, props.width - MARGIN.left - MARGIN.right);
  const height = Math.max(40, props.height - MARGIN.top - MARGIN.bottom);
  const plot = useMemo(() => {
    const histories = runs.map((r) => r.history);
    const band = seedBand(histories);
    const last = Math.max(1, ...histories.map((h) => h.at(-1)?.epoch ?? 0));
    const x = scaleLinear().domain([0, last]).range([0, width]);
    let range = finiteLossRange(...histories);
    // The stop rule's line stays in view.
    if (rule !== null && rule > 0) range = range ? [Math.min(range[0], rule), Math.max(range[1], rule)] : [rule, rule];
    const [lo, hi] = range ?? [1e-3, 1];
    const y = lossScale(lo, hi, height);
    const path = line<LossPoint>()
      .x((d) => x(d.epoch))
      .y((d) => y(Math.max(LOSS_FLOOR, d.loss)));
    const singles = histories.map((h) => path(h.filter((p) => Number.isFinite(p.loss))) ?? '');
    const fill = band
      ? (area<number>()
          .x((_, i) => x(band.epochs[i]))
          .y0((_, i) => y(Math.max(LOSS_FLOOR, band.min[i])))
          .y1((_, i) => y(Math.max(LOSS_FLOOR, band.max[i])))(band.epochs) ?? '')
      : '';
    const median = band ? (path(band.epochs.map((epoch, i) => ({ epoch, loss: band.median[i] }))) ?? '') : '';
    // Past as many ticks as decades, d3 adds every 2…9 between them: powers of ten only.
    const [bottom, top] = y.domain();
    const decades = Math.max(1, Math.round(Math.log10(top / bottom)));
    return { x, y, singles, fill, median, ticks: Math.min(4, decades) };
  }, [runs, rule, width, height]);

  return (
    <div className="plot-surface">
      <svg
        width={width + MARGIN.left + MARGIN.right}
        height={height + MARGIN.top + MARGIN.bottom}
        role="img"
        aria-label={`Loss per epoch of ${runs.length} runs on a log scale: the median, the range from lowest to highest, and each run`}
        data-runs={runs.length}
      >
        <g transform={`translate(${MARGIN.left}, ${MARGIN.top})`}>
          <Axes x={plot.x} y={plot.y} width={width} height={height} yTicks={plot.ticks} yFormat=".0e" xFormat="~s" xLabel="epoch" />
          {plot.singles.map((d, i) => (
            <path key={i} className="seeds-run" d={d} fill="none" stroke={COLOR} strokeOpacity={0.35} strokeWidth={1} />
          ))}
          {plot.fill && <path className="seeds-band" d={plot.fill} fill={COLOR} fillOpacity={0.16} stroke="none" />}
          {plot.median && <path className="seeds-median" d={plot.median} fill="none" stroke={COLOR} strokeWidth={2} />}
          {rule !== null && rule > 0 && (
            <line className="seeds-rule" x1={0} x2={width} y1={plot.y(rule)} y2={plot.y(rule)} stroke="currentColor" strokeOpacity={0.6} strokeDasharray="3 3" />
          )}
          <text fontSize={9} fill="currentColor" x={width} y={-6} textAnchor="end">
            <tspan fill={COLOR}>━</tspan> median{'\u2003'}
            <tspan fill={COLOR} fillOpacity={0.35}>
              ■
            </tspan>{' '}
            min–max{'\u2003'}
            <tspan fill={COLOR} fillOpacity={0.6}>
              ─
            </tspan>{' '}
            each seed
            {rule !== null && <tspan>{'\u2003'}╌ stop rule</tspan>}
          </text>
        </g>
      </svg>
    </div>
  );
}
