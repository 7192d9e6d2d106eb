/** `nn-designer export FILE --to numpy|torch|onnx|csv [--out PATH]`: the exporters, from the command line. */
import path from 'node:path';
import { APP_VERSION, latestRunOf, restoreOf, runDataProblem, runFit, type Experiment } from '../../src-shared/experiment';
import { exportDataCsv } from '../../src-shared/export/csv';
import { exportNumpy } from '../../src-shared/export/numpy';
import { exportOnnx, onnxInputsLine } from '../../src-shared/export/onnx';
import { exportTorch } from '../../src-shared/export/torch';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { EXPORT_EXTENSIONS, type ExportKind } from '../../src-shared/protocol/app-api';
import { readExperimentOrReport, writeReporting } from './files';
import { EXIT, type ExitCode, type Output } from './output';

/**
 * The latest run of the file's design (the one the app shows), and what was passed over to find
 * it: newer runs of an earlier design are never exported as this design's.
 */
export function latestRun(experiment: Experiment): { run: Experiment['runs'][number] | undefined; skipped: string | null } {
  const { runs, setup } = experiment;
  const at = latestRunOf(runs, setup.design);
  const newer = runs.slice(at + 1).filter((r) => !r.summary && r.parameters.length > 0);
  const last = newer.at(-1);
  const fit = last ? runFit(last, setup.design) : null;
  const skipped = last && fit && !fit.fits ? `${last.id}, the latest run, is not this design's (${fit.reason})${at >= 0 ? `; exported ${runs[at].id}` : ''}` : null;
  return { run: at >= 0 ? runs[at] : undefined, skipped };
}

/** Whether the run's weights no longer fit the table's encoding (said, with what to do). */
function refusedForData(run: Experiment['runs'][number], experiment: Experiment, file: string, output: Output): boolean {
  const problem = runDataProblem(run, experiment.setup);
  if (!problem) return false;
  output.note(`${file}: ${problem} (nn-designer train ${file}).`);
  output.result({ ok: false, file, error: problem });
  return true;
}

export async function exportCommand(file: string, to: ExportKind, out: string | undefined, output: Output): Promise<ExitCode> {
  const read = await readExperimentOrReport(file, output);
  if (!read) return EXIT.invalidInput;
  const experiment = read.experiment;
  const suffix = to === 'torch' ? '-torch' : to === 'csv' ? '-data' : '';
  const target = out ?? path.join(path.dirname(file), path.basename(file, path.extname(file)) + suffix + EXPORT_EXTENSIONS[to]);
  let data: string | Uint8Array;
  const notes: string[] = [];
  let rows = 0;
  /** A table's model: what it takes and gives, in the table's units. */
  let expects: string | null = null;
  try {
    if (to === 'csv') {
      const csv = exportDataCsv(experiment.setup.task);
      data = csv.text;
      rows = csv.rows;
    } else if (to === 'numpy') {
      const exported = exportNumpy(experiment.setup, experiment.name, APP_VERSION);
      data = exported.script;
      notes.push(...exported.notes);
    } else if (to === 'torch') {
      // The latest run's weights; a file with no run of its design gets the weights training would start from.
      const { run, skipped } = latestRun(experiment);
      if (skipped) notes.push(skipped);
      const restore = run ? restoreOf(run, experiment.setup.design) : undefined;
      if (run && !restore) {
        output.note(`The latest run in ${file} (${run.id}) diverged, so it has no weights to export: train it again with a smaller learning rate (nn-designer train ${file})`);
        output.result({ ok: false, file, error: 'the last run diverged' });
        return EXIT.invalidInput;
      }
      if (run && refusedForData(run, experiment, file, output)) return EXIT.invalidInput;
      const options = { title: experiment.name, appVersion: APP_VERSION };
      let exported: ReturnType<typeof exportTorch>;
      if (restore) exported = exportTorch(experiment.setup, restore.parameters, { ...options, trained: true, epoch: restore.epoch });
      else {
        const prepared = prepareTraining(experiment.setup);
        if (!prepared.ok) throw new Error(`${prepared.problems[0].message} (${prepared.problems[0].fix})`);
        exported = exportTorch(experiment.setup, prepared.trainer.network.getParameters(), { ...options, trained: false });
      }
      data = exported.script;
      notes.push(...exported.notes);
    } else {
      const { run, skipped } = latestRun(experiment);
      if (skipped) notes.push(skipped);
      const restore = run ? restoreOf(run, experiment.setup.design) : undefined;
      if (!restore) {
        const why = skipped ? `: ${skipped}` : '';
        output.note(`${file} has no trained weights of its design to export${why}. Train it first (nn-designer train ${file})`);
        output.result({ ok: false, file, error: 'no trained weights', ...(skipped ? { skipped } : {}) });
        return EXIT.invalidInput;
      }
      if (run && refusedForData(run, experiment, file, output)) return EXIT.invalidInput;
      data = exportOnnx(experiment.setup, restore.parameters, APP_VERSION);
      expects = onnxInputsLine(experiment.setup);
    }
  } catch (e) {
    output.note(`${file} cannot be exported: ${(e as Error).message}`);
    output.result({ ok: false, file, error: (e as Error).message });
    return EXIT.invalidInput;
  }
  try {
    await writeReporting(target, data, output);
  } catch (e) {
    output.note(`${target} could not be written: ${(e as Error).message}`);
    output.result({ ok: false, file, error: (e as Error).message });
    return EXIT.invalidInput;
  }
  const run =
    to === 'numpy' ? ` (run it with: python3 ${target})` : to === 'torch' ? ` (needs PyTorch; run it with: python3 ${target})` : to === 'csv' ? ` (${rows.toLocaleString('en-US')} rows)` : '';
  output.line(`Wrote ${target}${run}`);
  if (expects) output.line(`  ${expects}`);
  notes.forEach((n) => output.line(`  Note: ${n}`));
  output.result({ ok: true, file, format: to, out: target, notes, ...(to === 'csv' ? { rows } : {}), ...(expects ? { expects } : {}) });
  return EXIT.ok;
}
