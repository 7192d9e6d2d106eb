/** One-line summaries of a design, a task, a training configuration and runs, for `info` and `train`. */
import { describeTask, type TaskSpec } from '../../src-shared/datasets';
import type { TrainingConfig } from '../../src-shared/engine/config';
import { REGULARIZATION_LABELS } from '../../src-shared/engine/regularization';
import { runFit, type Experiment, type Run } from '../../src-shared/experiment';
import { kindOf } from '../../src-shared/layers';
import { compileDesign } from '../../src-shared/network/compile';
import type { Design } from '../../src-shared/network/design';
import { checkSetup, distinctProblems, problemLine } from '../../src-shared/setup-check';

export interface DesignSummary {
  ok: boolean;
  /** `2 → 4 sigmoid → 1 sigmoid`, or why it does not compile. */
  text: string;
  parameters: number;
  problems: string[];
}

export function summarizeDesign(design: Design): DesignSummary {
  const compiled = compileDesign(design);
  if (!compiled.ok) return { ok: false, text: 'does not compile yet', parameters: 0, problems: distinctProblems(compiled.problems).map(problemLine) };
  const { plan } = compiled;
  const { chain } = plan;
  if (chain) {
    const layers = chain.layers.map((l) => `${l.units} ${l.activation}`);
    return { ok: true, text: `${[String(chain.inputSize), ...layers].join(' → ')}, loss ${chain.loss}`, parameters: plan.parameterCount, problems: [] };
  }
  // A graph: each layer in the order it runs, with its kind (from the registry), width and inputs.
  const steps = plan.steps.map((s) => {
    const settings = Object.entries(s.params)
      .filter(([key]) => key !== 'units' && key !== 'loss')
      .map(([, v]) => String(v));
    const from = s.inputs.length > 1 ? ` ← ${s.inputs.map((i) => plan.steps[i].id).join(' + ')}` : '';
    return `${s.id}: ${kindOf(s.type).label} ${[String(s.width), ...settings].join(' ')}${from}`;
  });
  return { ok: true, text: `${steps.join('; ')}; loss ${plan.loss}`, parameters: plan.parameterCount, problems: [] };
}

export function summarizeTask(task: TaskSpec): string {
  return describeTask(task);
}

const MODE_TEXT: Record<TrainingConfig['updateMode'], string> = {
  sample: 'per-sample updates in order',
  shuffle: 'per-sample updates, shuffled each epoch',
  minibatch: 'mini-batches',
  batch: 'full-batch updates',
};

export function summarizeTraining(t: TrainingConfig): string {
  const mode = t.updateMode === 'minibatch' ? `mini-batches of ${t.batchSize}` : MODE_TEXT[t.updateMode];
  const batched = t.updateMode === 'batch' || t.updateMode === 'minibatch' ? `, ${t.reduction} of gradients` : '';
  const reg = t.regularization ? `, ${REGULARIZATION_LABELS[t.regularization.type]} regularisation ${t.regularization.rate} on the weights (not in the loss)` : '';
  return `${t.epochs} epochs, ${mode}${batched}, ${t.optimizer.type}, learning rate ${t.learningRate}${reg}, init ${t.init.scheme} × ${t.init.scale}, seed ${t.seed}`;
}

/** `run.id`: status, epochs, seed, loss… and, for a run of another design than `design`, why it is not this design's. */
export function summarizeRun(run: Run, design: Design): string {
  const finalLoss = run.finalLoss ?? run.history[run.history.length - 1]?.loss;
  const loss = finalLoss !== undefined ? `, loss ${finalLoss.toFixed(6)}` : '';
  const accuracy = run.accuracy !== undefined ? `, ${(run.accuracy * 100).toFixed(1)}% right` : '';
  const fit = run.parameters.length > 0 ? runFit(run, design) : null;
  const weights = run.summary ? ', summary only' : !fit ? ', no weights kept' : fit.fits ? '' : `; not this design's run: ${fit.reason}`;
  const diverged = run.divergedAt ? ` at epoch ${run.divergedAt.epoch}` : '';
  const outcome = run.outcome && run.outcome !== 'diverged' ? ` (${run.outcome})` : '';
  const seed = run.settings ? `, seed ${run.settings.seed}` : '';
  return `${run.id}: ${run.status}${outcome}${diverged}, ${run.epoch} epochs${seed}${loss}${accuracy}${weights} (${run.createdAt})`;
}

/** A table's data card, one line a column: `species: target, categorical (setosa, versicolor, virginica)`. */
export function dataCard(task: TaskSpec): { columns: string[]; split: string | null } | null {
  if (task.dataset !== 'table' && task.dataset !== 'drawn') return null;
  const columns = task.columns.map((c) => {
    const how = c.type === 'numeric' ? `numeric, ${{ none: 'unscaled', zscore: 'z-score', minmax: 'min–max' }[c.scaler ?? 'zscore']}` : `categorical (${(c.categories ?? []).join(', ')})`;
    return `${c.name}: ${c.role}, ${how}`;
  });
  const split = task.split && task.split.testPercent > 0 ? `${task.split.testPercent}% of the rows held out for testing (stratified by class, seed ${task.split.seed})` : null;
  return { columns, split };
}

/** The `info` command's facts, for people and for --json. */
export function experimentInfo(filePath: string, experiment: Experiment): Record<string, unknown> {
  const design = summarizeDesign(experiment.setup.design);
  return {
    file: filePath,
    name: experiment.name,
    format: `${experiment.format} v${experiment.version}`,
    writtenBy: `${experiment.app.name} ${experiment.app.version}`,
    notes: experiment.notes,
    design: {
      layers: experiment.setup.design.nodes.length,
      summary: design.text,
      parameters: design.parameters,
      // What `train` would say: the design for its task, its size against the budget, the settings.
      problems: distinctProblems(checkSetup(experiment.setup).problems).map(problemLine),
    },
    task: summarizeTask(experiment.setup.task),
    ...(dataCard(experiment.setup.task) ? { dataCard: dataCard(experiment.setup.task) } : {}),
    training: summarizeTraining(experiment.setup.training),
    runs: experiment.runs.map((r) => {
      const fit = r.parameters.length > 0 ? runFit(r, experiment.setup.design) : null;
      return {
        id: r.id,
        status: r.status,
        epoch: r.epoch,
        updates: r.updates,
        createdAt: r.createdAt,
        /** Whether its weights belong to the file's design (false: trained on an earlier design, or no weights). */
        ofThisDesign: fit?.fits ?? false,
        summary: summarizeRun(r, experiment.setup.design),
      };
    }),
  };
}
