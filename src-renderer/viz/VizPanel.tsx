/// <reference types="vite/client" />
/**
 * The live visualizations of the loaded run, from the frame on show (live, or scrubbed back in
 * time), in two panes: the plots column beside the canvas (what the network outputs over its
 * input plane with the focused neuron beside it, its predictions against the post's, the
 * confusion matrix, every hidden node's maps, its weights) and the run pane under the canvas
 * (time travel and the loss, with the accuracy). A plot with nothing to show is left out, so the
 * others get its room.
 */
import { useMemo } from 'react';
import { parametersAreFinite } from '../../src-shared/engine/frame';
import type { Plan } from '../../src-shared/network/compile';
import { kindOf } from '../../src-shared/layers';
import type { LayerInfo } from '../../src-shared/protocol/engine';
import type { ExperimentSetup } from '../../src-shared/setup';
import { downloadBlob } from '../platform/download';
import { useTrainingStore } from '../store/training';
import { useViewStore } from '../store/view';
import { historyCsv } from '../training/csv';
import { AdditionTable } from './AdditionTable';
import { LearnedSum, SumError } from './AdditionMaps';
import { classCountOf } from './classes';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FocusedNeuron, focusedMap } from './FocusedNeuron';
import { planOf, useDisplayedFrame, type DisplayedFrame } from './frame';
import { AXES_MARGIN, CARD_CHROME } from './HeatmapPlot';
import { HiddenUnits, mapName } from './HiddenUnits';
import { Legend } from './Legend';
import { LossCurve } from './LossCurve';
import { PlaneCard, SliceCaption, useDrawing } from './PlaneCard';
import { gridPlane } from './plane';
import { PlotCard } from './PlotCard';
import { clamp, PlotSize, useMeasuredSize } from './plot-size';
import { PredictionsTable, ProbabilityTable } from './PredictionsTable';
import { maxAbs, niceBound, weightInterpolator } from './scales';
import { Scrubber } from './Scrubber';
import { SeedsCard, useHasSeeds } from './SeedsCard';
import { WeightHeatmap } from './WeightHeatmap';
import './viz.css';

/** The boundary's side: at least 300 CSS px, as the issue asks, up to 440 in a wide column. */
const MIN_PLANE = 300;
const MAX_PLANE = 440;
/** The focused neuron's map sits beside the boundary when at least this large; smaller, it takes the boundary's place while focused. */
const MIN_FOCUS = 180;
const CARD_GAP = 10;
/** Runs over seeds: the plot and its verdict, first in the column while there are any (the loss under the canvas is too short for a second plot). */
const SEEDS_HEIGHT = 250;

/**
 * Height the plots column needs besides the plane itself to show the predictions against the
 * post's (XOR's nine lines) on one screen: the boundary card's header, axes, readout and legend,
 * the predictions card, gaps and padding.
 */
const BELOW_PLANE = 340;

/** How the plane plots share the column: as large as its width allows, leaving the predictions room below. */
export function planeLayout(width: number, height: number): { plane: number; focus: number | null } {
  const chrome = AXES_MARGIN.left + AXES_MARGIN.right + CARD_CHROME;
  const plane = clamp(Math.min(width - chrome, height - BELOW_PLANE), MIN_PLANE, MAX_PLANE);
  const left = width - (plane + chrome) - CARD_GAP - chrome;
  if (left >= MIN_FOCUS) return { plane, focus: Math.min(plane, left) };
  // Two at MIN_PLANE and MIN_FOCUS fit when the boundary gives up some of its growth.
  const shared = Math.floor((width - 2 * chrome - CARD_GAP) / 2);
  if (shared >= MIN_PLANE) return { plane: shared, focus: shared };
  return { plane, focus: null };
}

/** Addition's maps: as wide as the column, leaving the test pairs' table (the post's seven sums) room below. */
function additionSize(width: number, height: number): number {
  return clamp(Math.min(width - AXES_MARGIN.left - AXES_MARGIN.right - CARD_CHROME, height - 374), 160, 400);
}

function useRunView() {
  const dataset = useTrainingStore((s) => s.dataset);
  const layers = useTrainingStore((s) => s.layers);
  const maps = useTrainingStore((s) => s.maps);
  const stale = useTrainingStore((s) => s.stale);
  const setup = useTrainingStore((s) => s.loadedSetup);
  const diverged = useTrainingStore((s) => s.engineState === 'diverged');
  const frame = useDisplayedFrame();
  return { dataset, layers, maps, stale, setup, diverged, frame };
}

/** Whether the run panes have anything to show (a loaded design, or a plane to draw on); the shell gives their room to the canvas otherwise. */
export function useHasRun(): boolean {
  const loaded = useTrainingStore((s) => s.dataset !== null && s.layers.length > 0);
  const drawing = useDrawing();
  const seeds = useHasSeeds();
  return loaded || drawing || seeds;
}

/** The plots column beside the canvas. */
export function VizPanel(): React.JSX.Element {
  const { dataset, layers, maps, stale, setup, diverged, frame } = useRunView();
  const [size, measure] = useMeasuredSize({ width: 480, height: 600 });
  const focus = useViewStore((s) => s.focusNeuron);
  const drawing = useDrawing();
  const seeds = useHasSeeds();
  const run = dataset && frame && layers.length > 0 ? { dataset, frame } : null;

  if (!run && !drawing && !seeds) {
    return (
      <section aria-label="Visualizations" className="viz-panel viz-panel--empty" ref={measure}>
        <p className="muted">Press Train (or Step) to load the design: its decision boundary, predictions and weights will appear here and move as it learns.</p>
      </section>
    );
  }

  // A diverged run's last weights may still be finite (1e158) but mean nothing: draw none of them.
  const drawable = run !== null && parametersAreFinite(run.frame.parameters) && !(diverged && run.frame.live);
  const addition = run?.dataset.display === 'addition';
  // Two inputs: the plane; more: the slice the engine drew (engine/slice.ts).
  const grid = drawable ? run?.frame.grid : undefined;
  const classes = run ? classCountOf(run.dataset) : null;
  const multiClass = classes !== null && run !== null && run.dataset.outputSize > 1;
  const { plane, focus: focusSize } = planeLayout(size.width, size.height);
  const focused = grid && !addition ? focusedMap(maps, focus) : null;
  const focusedInPlace = focused !== null && focusSize === null;
  const gridOnPlane = run && grid ? gridPlane(run.dataset, grid.domain, grid.slice?.axes ?? [0, 1]) : undefined;

  // One tree whether or not a run is loaded: a drawing's plane stays mounted while its run starts over.
  return (
    <section aria-label="Visualizations" className="viz-panel" ref={measure}>
      {stale && run && (
        <p className="viz-panel__stale" role="status">
          The design has changed since this run was loaded: Train starts a new run.
        </p>
      )}
      <PlotSize.Provider value={size}>
        <div className="viz-panel__cards">
          {seeds && <SeedsCard width={size.width - CARD_CHROME} height={SEEDS_HEIGHT} />}
          {run && !drawable && (
            <div className="viz-panel__diverged" role="status">
              Training diverged in epoch {run.frame.epoch}: the loss overflowed, so the weights are not meaningful numbers and nothing
              is drawn. Drag the time slider back to watch the run on its way there.
            </div>
          )}
          {(grid || drawing) && !addition && (
            <PlotCard id="boundary" title={focusedInPlace && focused && grid ? `Neuron ${focused.unit + 1} of ${mapName(setup, focused.map)}` : 'Decision boundary'}>
              {focusedInPlace && focused && grid ? (
                <FocusedNeuron grid={grid} focused={focused} setup={setup} size={plane} plane={gridOnPlane} />
              ) : (
                <PlaneCard
                  grid={grid}
                  dataset={run?.dataset ?? null}
                  setup={run ? setup : null}
                  parameters={drawable ? (run?.frame.parameters ?? null) : null}
                  size={plane}
                  classes={classes ?? Math.max(2, run?.dataset.outputSize ?? 2)}
                />
              )}
            </PlotCard>
          )}
          {!run && <p className="muted viz-panel__hint">Draw points of two classes or more: the network trains on them as you draw.</p>}
          {grid && !addition && focused && !focusedInPlace && focusSize !== null && (
            <PlotCard id="focused-neuron" title="Focused neuron">
              <FocusedNeuron grid={grid} focused={focused} setup={setup} size={focusSize} plane={gridOnPlane} />
            </PlotCard>
          )}
          {run && grid && addition && (
            <PlotCard id="learned-sum" title="Learned sum">
              <LearnedSum grid={grid} testPairs={run.frame.predictions.map((p) => p.inputs)} size={additionSize(size.width, size.height)} />
            </PlotCard>
          )}
          {run && drawable && addition && (
            <PlotCard id="test-pairs" title="Test pairs">
              <AdditionTable frame={run.frame} setup={setup} />
            </PlotCard>
          )}
          {run && drawable && !addition && (
            <PlotCard id="predictions" title="Predictions">
              {multiClass ? <ProbabilityTable frame={run.frame} dataset={run.dataset} /> : <PredictionsCard frame={run.frame} setup={setup} />}
            </PlotCard>
          )}
          {run && drawable && run.frame.metrics && classes !== null && (
            <PlotCard id="confusion" title="Confusion matrix">
              <ConfusionMatrix training={run.frame.metrics} test={run.frame.testMetrics} classNames={run.dataset.classNames} />
            </PlotCard>
          )}
          {grid && addition && (
            <PlotCard id="sum-error" title="Error against a + b">
              <SumError grid={grid} size={additionSize(size.width, size.height)} />
            </PlotCard>
          )}
          {run && grid && maps.length > 0 && (
            <PlotCard id="hidden-units" title="Hidden units">
              {grid.slice && <SliceCaption dataset={run.dataset} slice={grid.slice} />}
              <HiddenUnits grid={grid} maps={maps} setup={setup} />
            </PlotCard>
          )}
          {run && drawable && (
            <PlotCard id="weights" title="Weights">
              <Weights frame={run.frame} layers={layers} setup={setup} />
            </PlotCard>
          )}
        </div>
      </PlotSize.Provider>
    </section>
  );
}

/** The pane under the canvas: time travel and the loss (with the accuracy for a classifier). */
export function RunPanel(): React.JSX.Element | null {
  const { dataset, layers, frame } = useRunView();
  const [size, measure] = useMeasuredSize({ width: 480, height: 200 });
  if (!dataset || !frame || layers.length === 0) return null;
  return (
    <section aria-label="Loss and time travel" className="viz-panel viz-panel--run" ref={measure}>
      <Scrubber />
      <LossCard
        marker={frame.live ? null : frame.epoch}
        width={size.width - CARD_CHROME}
        height={size.height - 52}
        classifier={dataset.kind === 'classification'}
        testLabel={dataset.heldOut ? 'test rows' : 'test pairs'}
      />
    </section>
  );
}

/** Weight heatmaps of every layer with weights, on one colour scale. */
function Weights(props: { frame: DisplayedFrame; layers: LayerInfo[]; setup: ExperimentSetup | null }): React.JSX.Element {
  const { frame, layers, setup } = props;
  const bound = useMemo(() => niceBound(maxAbs(...frame.parameters.flatMap((p) => [p.W, p.b]))), [frame.parameters]);
  const names = layerNames(layers, setup);
  const prefixes = useMemo(() => weightPrefixes(planOf(setup), layers), [setup, layers]);
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
            rowPrefix={prefixes[i].rows}
            colPrefix={prefixes[i].cols}
          />
        ))}
      </div>
      <Legend interpolate={weightInterpolator} domain={[-bound, bound]} width={190} label={['weight', 'red: negative, blue: positive']} />
    </div>
  );
}

/**
 * Names for a layer's weight rows and columns: x1, x2 for the inputs, h1.3 for the third neuron
 * of the first hidden layer with weights, y for the output; "in" where a layer reads a merge.
 * Kinds that keep their input's neurons (Activation, Dropout) pass them through.
 */
export function weightPrefixes(plan: Plan | null, layers: readonly LayerInfo[]): { rows: string; cols: string }[] {
  const index = new Map(layers.map((l, i) => [l.nodeId, i]));
  const colsOf = (i: number): string => (i === layers.length - 1 ? 'y' : `h${i + 1}.`);
  return layers.map((layer, i) => {
    let rows = i === 0 ? 'x' : `h${i}.`;
    if (plan) {
      const steps = plan.steps;
      const inputs = steps.find((s) => s.id === layer.nodeId)?.inputs ?? [];
      let source = inputs.length === 1 ? steps[inputs[0]] : null;
      while (source && kindOf(source.type).keepsNeurons && source.inputs.length === 1) source = steps[source.inputs[0]];
      if (!source) rows = 'in';
      else if (source.type === 'input') rows = 'x';
      else if (index.has(source.id)) rows = colsOf(index.get(source.id) as number);
      else rows = 'in';
    }
    return { rows, cols: colsOf(i) };
  });
}

function LossCard(props: { marker: number | null; width: number; height: number; classifier: boolean; testLabel: string }): React.JSX.Element {
  const history = useTrainingStore((s) => s.history);
  const version = useTrainingStore((s) => s.historyVersion);
  const test = useTrainingStore((s) => s.testHistory);
  const accuracy = useTrainingStore((s) => s.accuracyHistory);
  const testAccuracy = useTrainingStore((s) => s.testAccuracyHistory);
  const epochs = useTrainingStore((s) => s.progress?.epochs ?? s.loadedSetup?.training.epochs ?? 1);
  const name = useTrainingStore((s) => s.dataset?.name ?? 'run');
  const exportCsv = (): void => downloadBlob(new Blob([historyCsv(history, test)], { type: 'text/csv' }), `${name.toLowerCase()}-loss-history.csv`);
  return (
    <PlotCard
      id="loss"
      title={props.classifier ? 'Loss (log scale) and accuracy' : 'Loss (log scale)'}
      actions={
        <button type="button" onClick={exportCsv} disabled={history.length === 0} title="Save the loss history as CSV">
          CSV
        </button>
      }
    >
      <LossCurve
        history={history}
        version={version}
        test={test}
        testLabel={props.testLabel}
        accuracy={props.classifier ? accuracy : undefined}
        testAccuracy={props.classifier ? testAccuracy : undefined}
        epochs={epochs}
        marker={props.marker}
        width={Math.max(200, props.width)}
        height={Math.max(110, props.height)}
      />
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
    if (node?.label?.trim()) return node.label.trim();
    return i === layers.length - 1 ? 'Output' : `Hidden ${i + 1}`;
  });
}

