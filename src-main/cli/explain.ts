/** `nn-designer explain FILE [--sample N] [--out PATH.md|PATH.ipynb]`: the next update, every term of it, as a worked example. */
import path from 'node:path';
import { restoreOf } from '../../src-shared/experiment';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { explainNotebook } from '../../src-shared/explain/notebook';
import { explainMarkdown } from '../../src-shared/explain/sheet';
import { nextExample } from '../../src-shared/explain/next-example';
import { explainUpdate } from '../../src-shared/explain/update';
import { latestRun } from './export';
import { readExperimentOrReport, writeReporting } from './files';
import { EXIT, type ExitCode, type Output } from './output';

/** What --out may end with, and what is written there. */
const FORMATS = { '.md': 'markdown', '.ipynb': 'notebook' } as const;

export async function explainCommand(file: string, options: { sample?: number; out?: string }, output: Output): Promise<ExitCode> {
  const fail = (message: string): ExitCode => {
    output.note(message);
    output.result({ ok: false, file, error: message });
    return EXIT.invalidInput;
  };
  const format = options.out === undefined ? null : FORMATS[path.extname(options.out).toLowerCase() as keyof typeof FORMATS];
  if (format === undefined) return fail(`--out must end in .md (the worked-example sheet) or .ipynb (a Jupyter notebook), got ${options.out}`);
  const read = await readExperimentOrReport(file, output);
  if (!read) return EXIT.invalidInput;
  const experiment = read.experiment;
  const { run, skipped } = latestRun(experiment);
  const restore = run ? restoreOf(run, experiment.setup.design) : undefined;
  if (run && !restore) return fail(`The latest run in ${file} (${run.id}) diverged, so it has no weights to explain an update from: train it again with a smaller learning rate (nn-designer train ${file})`);
  // The next update goes on as the run was trained (its own settings), as train --continue does.
  const setup = run?.settings ? { ...experiment.setup, training: structuredClone(run.settings) } : experiment.setup;
  const prepared = prepareTraining(setup);
  if (!prepared.ok) return fail(`${file} cannot train, so it has no update to explain: ${prepared.problems[0].message} (${prepared.problems[0].fix})`);
  const batch = setup.training.updateMode === 'batch';
  if (batch && options.sample !== undefined) return fail(`${file} trains on the full batch: each update takes every example, so --sample does not apply`);
  // Without --sample: the example training takes next (in order, or in the epoch's shuffled order).
  const count = prepared.dataset.count;
  const next = prepared.plan.chain && !batch ? nextExample(prepared.plan.chain, setup.training, count, restore?.updates ?? 0) : null;
  const sample = options.sample ?? next ?? 0;
  const parameters = restore?.parameters ?? prepared.trainer.network.getParameters();
  const result = explainUpdate(setup, parameters, sample);
  if (!result.ok) return fail(`${file}: ${result.message}`);
  const from = restore && run ? `from ${run.id} after ${restore.epoch} epochs (${restore.updates} updates)` : 'from the initial weights (the file has no run of its design)';
  const title = `${experiment.name}: the next update, ${from}`;
  const notes = skipped ? [skipped] : [];
  if (format === null) {
    if (!output.json) output.line(explainMarkdown(result.explanation, title).trimEnd());
    notes.forEach((n) => output.note(`Note: ${n}`));
    output.result({ ok: true, file, from: run?.id ?? null, sample: batch ? null : sample, next, notes, explanation: result.explanation });
    return EXIT.ok;
  }
  const target = options.out as string;
  const text = format === 'markdown' ? explainMarkdown(result.explanation, title) : explainNotebook(result.explanation, title);
  try {
    await writeReporting(target, text, output);
  } catch (e) {
    return fail(`${target} could not be written: ${(e as Error).message}`);
  }
  output.line(`Wrote ${target}: ${batch ? `the full-batch update over ${count} examples` : `the update on example ${sample} of ${count}`}, ${from}${format === 'notebook' ? ` (a Jupyter notebook; its cells recompute the step with NumPy)` : ''}`);
  notes.forEach((n) => output.line(`  Note: ${n}`));
  output.result({ ok: true, file, out: target, format, from: run?.id ?? null, sample: batch ? null : sample, next, notes });
  return EXIT.ok;
}
