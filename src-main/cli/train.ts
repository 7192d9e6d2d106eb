/** `nn-designer train`: the app's engine, run to the end in this process, printed as the post prints. */
import { prepareTraining } from '../../src-shared/engine/prepare';
import { accuracyLines, epochLine, predictionRows, reportInterval } from '../../src-shared/engine/report';
import { networkOutputs, runStatus, type RunStatus } from '../../src-shared/engine/run-status';
import { appendRun, latestRunOf, runFromTrainer, weightsFor, type Run } from '../../src-shared/experiment';
import type { ExperimentSetup } from '../../src-shared/setup';
import { distinctProblems, problemLine } from '../../src-shared/setup-check';
import { summarizeDesign, summarizeTask, summarizeTraining } from './describe';
import { readExperimentOrReport, writeExperiment } from './files';
import { EXIT, type ExitCode, type Output } from './output';
import { outputActivation } from '../../src-shared/engine/plan-info';
import { classMetrics } from '../../src-shared/engine/metrics';

export interface TrainOptions {
  epochs?: number;
  seed?: number;
  /** Where to write the trained experiment; the input file itself when absent. */
  out?: string;
  /** Write --epochs and --seed into the file's own settings too (otherwise only the run records them). */
  saveSettings?: boolean;
  /** Go on with the latest run of the file's design from where it stopped, with the settings it used (and --epochs). */
  continue?: boolean;
}

/** What the last line says about a finished run. */
function outcomeLine(status: RunStatus): string | null {
  switch (status.kind) {
    case 'converged':
      return `Converged: the loss is below 0.001.`;
    case 'stalled':
      return `Stalled: the loss improved by less than 1% over the last ${status.epochs} epochs.`;
    case 'chance':
      return status.message;
    default:
      return null;
  }
}

export async function trainCommand(file: string, options: TrainOptions, output: Output): Promise<ExitCode> {
  const read = await readExperimentOrReport(file, output);
  if (!read) return EXIT.invalidInput;
  const experiment = read.experiment;
  const setup: ExperimentSetup = structuredClone(experiment.setup);
  let continued: Run | null = null;
  if (options.continue) {
    const at = latestRunOf(experiment.runs, setup.design);
    continued = at >= 0 ? experiment.runs[at] : null;
    const why = !continued ? `${file} has no run of its design to continue` : continued.parameters.length === 0 ? `${continued.id}, the latest run of this design, kept no weights (it diverged)` : null;
    if (why) {
      output.note(`${why}: train it from its seed instead (nn-designer train ${file})`);
      output.result({ ok: false, file, error: why });
      return EXIT.invalidInput;
    }
    // The run goes on as it was trained: its own settings and seed, so its numbers continue exactly.
    if (continued?.settings) setup.training = structuredClone(continued.settings);
  }
  if (options.epochs !== undefined) setup.training.epochs = options.epochs;
  if (options.seed !== undefined) setup.training.seed = options.seed;

  const prepared = prepareTraining(setup);
  if (!prepared.ok) {
    const problems = distinctProblems(prepared.problems);
    output.note(`${file} cannot be trained yet:`);
    problems.forEach((p) => output.note(`  ${problemLine(p)}`));
    output.result({ ok: false, file, designProblems: problems });
    return EXIT.invalidInput;
  }
  const { trainer, dataset } = prepared;
  if (continued) {
    // The file's arrays, not copies: the trainer copies them into its own (large runs: memory).
    const weights = weightsFor(continued, setup.design);
    if (!weights) throw new Error(`${continued.id} does not fit the design`);
    trainer.restore(weights, continued.epoch, continued.history, continued.updates);
    const id = continued.id;
    continued = { ...continued, parameters: [] };
    experiment.runs = experiment.runs.map((r) => (r.id === id ? (continued as Run) : r));
    if (trainer.done) {
      const why = `${continued.id} has already trained ${continued.epoch} of ${setup.training.epochs} epochs`;
      output.note(`${why}: give more with --epochs (nn-designer train ${file} --continue --epochs ${setup.training.epochs * 2})`);
      output.result({ ok: false, file, error: why });
      return EXIT.invalidInput;
    }
  }
  output.line(`${continued ? `Continuing ${continued.id} of` : 'Training'} "${experiment.name}": ${summarizeDesign(setup.design).text}`);
  output.line(`on ${summarizeTask(setup.task)}; ${summarizeTraining(setup.training)}${continued ? `; from epoch ${trainer.epoch}` : ''}`);
  output.line();

  const every = reportInterval(setup.training.epochs);
  const progress: { epoch: number; loss: number }[] = [];
  const started = performance.now();
  while (!trainer.done) {
    trainer.runEpochs(1);
    const last = trainer.history[trainer.history.length - 1];
    if (last && last.epoch === trainer.epoch - 1 && last.epoch % every === 0) {
      progress.push({ ...last });
      output.line(epochLine(last.epoch, last.loss));
    }
  }
  const seconds = (performance.now() - started) / 1000;

  if (trainer.status === 'diverged' && trainer.divergedAt) {
    const { epoch, update } = trainer.divergedAt;
    const message = `Training diverged at epoch ${epoch} (update ${update}): the loss became NaN or infinite. Try a smaller learning rate than ${setup.training.learningRate}. Nothing was written.`;
    output.note(message);
    output.result({ ok: false, file, diverged: { epoch, update, learningRate: setup.training.learningRate }, message, progress });
    return EXIT.trainingFailed;
  }

  const rows = predictionRows(dataset, (x, n) => trainer.network.predict(x, n));
  output.line();
  rows.forEach((r) => output.line(r.text));
  accuracyLines(dataset, (x, n) => trainer.network.predict(x, n)).forEach((l) => output.line(l));
  const status = runStatus({
    state: trainer.status,
    history: trainer.history,
    epochs: setup.training.epochs,
    outputs: { activation: outputActivation(trainer.plan), values: networkOutputs(rows, dataset.display) },
    training: setup.training,
    samples: dataset.count,
    metrics: classMetrics(dataset, (x, n) => trainer.network.predict(x, n), dataset.count),
  });

  // The run records the settings it used; the file's own settings change only when asked. A
  // continued run takes the place of the one it continues.
  const replaces = continued?.id;
  const { runs, notice } = appendRun(experiment.runs, runFromTrainer(trainer, setup.design, { createdAt: continued ? new Date(continued.createdAt) : undefined, shareWeights: true }), { replaces });
  const run = replaces ? (runs.find((r) => r.id === replaces) as Run) : runs[runs.length - 1];
  const out = options.out ?? file;
  try {
    await writeExperiment(out, { ...experiment, setup: options.saveSettings ? setup : experiment.setup, runs }, output);
  } catch (e) {
    output.note(`Trained, but ${out} could not be written: ${(e as Error).message}`);
    output.result({ ok: false, file, out, message: (e as Error).message });
    return EXIT.invalidInput;
  }
  const finalLoss = trainer.history[trainer.history.length - 1]?.loss ?? null;
  const lossText = finalLoss?.toFixed(6) ?? 'n/a';
  const saturated = status.kind === 'saturated';
  output.line();
  if (saturated) {
    output.line(`Saturated after ${trainer.epoch} epochs in ${seconds.toFixed(2)} s (final loss ${lossText}). Wrote ${out} (${run.id}, marked saturated)`);
    output.note(status.message);
  } else {
    const right = run.accuracy !== undefined ? `, accuracy ${(run.accuracy * 100).toFixed(1)}%` : '';
    output.line(`Trained ${trainer.epoch} epochs in ${seconds.toFixed(2)} s, final loss ${lossText}${right}. Wrote ${out} (${run.id})`);
    if (run.testLoss !== undefined) output.line(`Test loss: ${run.testLoss.toFixed(6)} on the ${trainer.data.heldOut?.count ?? 0} test rows.`);
    const line = outcomeLine(status);
    if (line) output.line(line);
  }
  if (notice) output.note(notice);
  output.result({
    ok: !saturated,
    file,
    out,
    epochs: trainer.epoch,
    updates: trainer.updates,
    finalLoss,
    /** Share of the training samples classified right (0–1), for classification tasks. */
    ...(run.accuracy !== undefined ? { accuracy: run.accuracy } : {}),
    /** On the rows the split holds out (tasks with a split). */
    ...(run.testLoss !== undefined ? { testLoss: run.testLoss } : {}),
    ...(run.testAccuracy !== undefined ? { testAccuracy: run.testAccuracy } : {}),
    seconds,
    status,
    progress,
    predictions: rows,
    run: { id: run.id, status: run.status, outcome: run.outcome, epoch: run.epoch, createdAt: run.createdAt, settings: run.settings, accuracy: run.accuracy },
    runs: runs.length,
    notice,
  });
  return saturated ? EXIT.trainingSaturated : EXIT.ok;
}
