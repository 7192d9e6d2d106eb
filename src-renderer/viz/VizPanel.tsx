/// <reference types="vite/client" />
/**
 * The live visualizations of the loaded run: what the network outputs over its input plane, what
 * its hidden neurons see, its weights, its loss and its predictions, all from the frame on show
 * (live, or scrubbed back in time).
 */
import { useMemo } from 'react';
import { nodeName } from '../../src-shared/network/compile';
import type { LayerInfo } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';
import { useTrainingStore } from '../store/training';
import { historyCsv } from '../training/csv';
import { parametersAreFinite } from '../../src-shared/engine/frame';
import { AdditionTable } from './AdditionTable';
import { LearnedSum, SumError } from './AdditionMaps';
import { DecisionBoundary } from './DecisionBoundary';
import { downloadBlob } from '../platform/download';
import { useDisplayedFrame, type DisplayedFrame } from './frame';
import { HiddenUnits } from './HiddenUnits';
import { Legend } from './Legend';
import { LossCurve } from './LossCurve';
import { PlotCard } from './PlotCard';
import { PlotHeight, useMeasuredPlotHeight } from './plot-size';
import { PredictionsTable } from './PredictionsTable';
import { maxAbs, niceBound, weightInterpolator } from './scales';
import { Scrubber } from './Scrubber';
import { classInterpolator } from './tables';
import { WeightHeatmap } from './WeightHeatmap';
import './viz.css';

export function VizPanel(): React.JSX.Element {
  const dataset = useTrainingStore((s) => s.dataset);
  const layers = useTrainingStore((s) => s.layers);
  const stale = useTrainingStore((s) => s.stale);
  const setup = useTrainingStore((s) => s.loadedSetup);
  const diverged = useTrainingStore((s) => s.engineState === 'diverged');
  const frame = useDisplayedFrame();
  const [plotHeight, measureCards] = useMeasuredPlotHeight();

  if (!dataset || !frame || layers.length === 0) {
    return (
      <section aria-label="Visualizations" className="viz-panel viz-panel--empty">
        <p className="muted">Press Train (or Step) to load the design: its weights, decision boundary and loss will appear here and move as it learns.</p>
      </section>
    );
  }

  const names = layerNames(layers, setup);
  // A diverged run's last weights may still be finite (1e158) but mean nothing: draw none of them.
  const drawable = parametersAreFinite(frame.parameters) && !(diverged && frame.live);
  const addition = dataset.display === 'addition';
  const grid = drawable && dataset.inputSize === 2 ? frame.grid : undefined;

  return (
    <section aria-label="Visualizations" className="viz-panel">
      <div className="viz-panel__toolbar">
        <Scrubber />
        {stale && (
          <span className="viz-panel__stale" role="status">
            The design has changed since this run was loaded: Train starts a new run.
          </span>
        )}
      </div>
      <PlotHeight.Provider value={plotHeight}>
        <div className="viz-panel__cards" ref={measureCards}>
          {!drawable && (
            <div className="viz-panel__diverged" role="status">
              Training diverged in epoch {frame.epoch}: the loss overflowed, so the weights are not meaningful numbers and nothing
              is drawn. Drag the time slider back to watch the run on its way there.
            </div>
          )}
          {grid && !addition && (
            <PlotCard id="boundary" title="Decision boundary">
              <DecisionBoundary grid={grid} dataset={dataset} />
              <Legend interpolate={classInterpolator} domain={[0, 1]} width={170} label={['network output', 'orange: class 0, blue: class 1', 'dashed: 0.5, the boundary']} />
            </PlotCard>
          )}
          {grid && addition && (
            <>
              <PlotCard id="learned-sum" title="Learned sum">
                <LearnedSum grid={grid} testPairs={frame.predictions.map((p) => p.inputs)} />
              </PlotCard>
              <PlotCard id="sum-error" title="Error against a + b">
                <SumError grid={grid} />
              </PlotCard>
            </>
          )}
          {drawable && addition && (
            <PlotCard id="test-pairs" title="Test pairs">
              <AdditionTable frame={frame} setup={setup} />
            </PlotCard>
          )}
          {grid && (
            <PlotCard id="hidden-units" title="Hidden units">
              <HiddenUnits grid={grid} layers={layers} names={names} />
            </PlotCard>
          )}
          {drawable && (
            <PlotCard id="weights" title="Weights">
              <Weights frame={frame} layers={layers} names={names} />
            </PlotCard>
          )}
          <LossCard marker={frame.live ? null : frame.epoch} />
          {drawable && !addition && (
            <PlotCard id="predictions" title="Predictions">
              <PredictionsCard frame={frame} setup={setup} />
            </PlotCard>
          )}
        </div>
      </PlotHeight.Provider>
    </section>
  );
}

function Weights(props: { frame: DisplayedFrame; layers: LayerInfo[]; names: string[] }): React.JSX.Element {
  const { frame, layers, names } = props;
  const bound = useMemo(() => niceBound(maxAbs(...frame.parameters.flatMap((p) => [p.W, p.b]))), [frame.parameters]);
  return (
    <div className="weights">
      <div className="weights__layers">
        {layers.map((layer, i) => (
          <WeightHeatmap
            key={layer.nodeId}
            layer={layer}
            params={frame.parameters[i]}
            bound={bound}
            title={`${names[i]} · ${layer.inSize}×${layer.outSize} + bias`}
            rowPrefix={i === 0 ? 'x' : `h${i}.`}
            colPrefix={i === layers.length - 1 ? 'y' : `h${i + 1}.`}
          />
        ))}
      </div>
      <Legend interpolate={weightInterpolator} domain={[-bound, bound]} width={170} label={['weight', 'red: negative, blue: positive']} />
    </div>
  );
}

function LossCard(props: { marker: number | null }): React.JSX.Element {
  const history = useTrainingStore((s) => s.history);
  const version = useTrainingStore((s) => s.historyVersion);
  const test = useTrainingStore((s) => s.testHistory);
  const epochs = useTrainingStore((s) => s.progress?.epochs ?? s.loadedSetup?.training.epochs ?? 1);
  const name = useTrainingStore((s) => s.dataset?.name ?? 'run');
  const exportCsv = (): void => downloadBlob(new Blob([historyCsv(history, test)], { type: 'text/csv' }), `${name.toLowerCase()}-loss-history.csv`);
  return (
    <PlotCard
      id="loss"
      title="Loss (log scale)"
      actions={
        <button type="button" onClick={exportCsv} disabled={history.length === 0} title="Save the loss history as CSV">
          CSV
        </button>
      }
    >
      <LossCurve history={history} version={version} test={test} epochs={epochs} marker={props.marker} />
    </PlotCard>
  );
}

function PredictionsCard(props: { frame: DisplayedFrame; setup: ExperimentSetup | null }): React.JSX.Element {
  const history = useTrainingStore((s) => s.history);
  const version = useTrainingStore((s) => s.historyVersion);
  const epochs = props.setup?.training.epochs ?? 1;
  return <PredictionsTable frame={props.frame} history={history} historyVersion={version} epochs={epochs} setup={props.setup} />;
}

/** "Hidden 1", "Output", or the label the user gave the node. */
export function layerNames(layers: readonly LayerInfo[], setup: ExperimentSetup | null): string[] {
  return layers.map((layer, i) => {
    const node = setup?.design.nodes.find((n) => n.id === layer.nodeId);
    if (node?.label?.trim()) return nodeName(node);
    return i === layers.length - 1 ? 'Output' : `Hidden ${i + 1}`;
  });
}
