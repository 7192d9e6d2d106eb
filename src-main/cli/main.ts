/** The `nn-designer` command line: arguments in, one command run, an exit code out. */
import { parseArgs } from 'node:util';
import { MAX_EPOCHS } from '../../src-shared/engine/prepare';
import { APP_VERSION, createExperiment } from '../../src-shared/experiment';
import { getPreset, PRESETS } from '../../src-shared/presets';
import { checkSetup, distinctProblems, problemLine } from '../../src-shared/setup-check';
import { experimentInfo, summarizeDesign } from './describe';
import { mayWrite, readExperiment, readExperimentOrReport, writeExperiment } from './files';
import { importCommand } from './import';
import { newDataCommand } from './new-data';
import { sweepCommand } from './sweep';
import { diffCommand } from './diff';
import { lessonCheckCommand } from './lesson';
import { createOutput, EXIT, problemLines, type ExitCode, type Output } from './output';
import { trainCommand } from './train';
import { exportCommand } from './export';
import { explainCommand } from './explain';

export const USAGE = `nn-designer ${APP_VERSION}: design, train and inspect small neural networks (.nnd files)

Usage:
  nn-designer train FILE [--epochs N] [--seed S] [--out FILE] [--save-settings] [--continue]
      Train the experiment's setup from its seed, print the loss and the predictions,
      and write the experiment with this run added to its runs (to FILE itself unless
      --out; the previous version is kept as FILE.bak). --epochs and --seed apply to this
      run and are recorded in it; --save-settings writes them into the file's settings too.
      --continue goes on with the latest run of the file's design from where it stopped,
      with the settings it was trained with (--epochs: the total to reach), in its place.
  nn-designer validate FILE     Check a file; print every problem with its JSON path
  nn-designer info FILE         Summarise the design, task, training settings and runs
  nn-designer presets           List the built-in experiments
  nn-designer new PRESET FILE   Write a built-in experiment to FILE (--force to overwrite)
  nn-designer new --data TABLE --target COL [--inputs COL,COL…] [--test PERCENT] [--split-seed S]
                  [--drop-invalid-rows] FILE
      Write an experiment on a table of your own (CSV, TSV, semicolon-separated, or a JSON
      list of objects): the columns to learn from (default: all but the target), the one to
      predict (default: the last), numeric columns z-scored, a design fitted to their widths.
      --test holds out a share of the rows (stratified by class); rows with missing or
      unreadable cells are refused, each named, unless --drop-invalid-rows drops them.
  nn-designer import MODEL.onnx FILE
      Write an ONNX model (NN Designer's export, or one made by another tool from the
      operators it reads) to FILE as an experiment whose last run holds the model's weights;
      a model without NN Designer's design gets a task inferred from its shapes, and says so
      (--force to overwrite FILE)
  nn-designer sweep FILE [--set NAME=V1,V2,…]… [--seeds N] [--jobs N] [--until "loss<0.01"] [--csv] [--yes]
      Train over a grid of settings and seeds: each --set is one axis (values, or a range:
      learningRate=1e-3..1:log7), every cell runs once per seed (--seeds, from the file's
      seed on), each run is added to FILE's runs, and a table says what each cell came to
      (with --until, in how many seeds it got there; runs stop once they do). --jobs: how
      many train at once (default: the machine's cores). Ctrl+C keeps the finished runs.
  nn-designer diff A.nnd B.nnd  What changed in design and settings, and what it did to the loss
  nn-designer lesson check FILE|post [--with EXPERIMENT]
      Run every step of a lesson (a .nndlesson file, or post: the built-in one) without a screen
      and say pass or fail for each; --with checks a learner's experiment where a step asks for it
  nn-designer export FILE --to numpy|torch|onnx|csv [--out PATH]
      Write a standalone NumPy script that reproduces the run (numpy), a PyTorch module with
      the last run's weights (torch; the initial weights if untrained), the last run's
      trained network as an ONNX model (onnx), or the task's data as a table (csv).
      PATH defaults to FILE with .py, -torch.py, .onnx or -data.csv.
  nn-designer explain FILE [--sample N] [--out PATH.md|PATH.ipynb]
      Explain the next update of the latest run (the first one if untrained) term by term:
      each neuron's z and a, error term and chain-rule product, each weight's gradient and
      change, the new weights. --sample picks the example (0-based; default: the one training
      takes next; a full batch takes all). Prints the Markdown sheet, or writes it (.md) or a
      Jupyter notebook whose NumPy cells recompute it (.ipynb).

Options:
  --json      Print one JSON document instead of text
  --help, -h  Show this help
  --version   Show the version

Exit codes: 0 ok, 1 invalid input (arguments, file or design), 2 training failed (diverged),
  3 training saturated (outputs pinned, the loss frozen: the learning rate is far too large; the run is saved),
  4 a lesson's check failed`;

const OPTIONS = {
  epochs: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  'save-settings': { type: 'boolean' },
  continue: { type: 'boolean' },
  data: { type: 'string' },
  inputs: { type: 'string' },
  target: { type: 'string' },
  test: { type: 'string' },
  'split-seed': { type: 'string' },
  'drop-invalid-rows': { type: 'boolean' },
  set: { type: 'string', multiple: true },
  seeds: { type: 'string' },
  jobs: { type: 'string' },
  until: { type: 'string' },
  csv: { type: 'boolean' },
  yes: { type: 'boolean' },
  with: { type: 'string' },
  to: { type: 'string' },
  sample: { type: 'string' },
  json: { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Positional arguments each command takes. */
const ARITY: Record<string, string[]> = { lesson: ['check', 'FILE'], diff: ['A', 'B'], sweep: ['FILE'], train: ['FILE'], validate: ['FILE'], info: ['FILE'], presets: [], new: ['PRESET', 'FILE'], import: ['MODEL', 'FILE'], export: ['FILE'], explain: ['FILE'] };

/** What the process running the command line gives it beyond the arguments. */
export interface CliContext {
  /** The sweep's worker (out/cli/sweep-worker.mjs), where there is one to start. */
  sweepWorker?: URL;
  /** Aborted on Ctrl+C: a sweep keeps what has finished. */
  signal?: AbortSignal;
  /** A terminal to draw progress on. */
  progress?: NodeJS.WriteStream | null;
}

export async function runCli(argv: string[], stdout?: NodeJS.WritableStream, stderr?: NodeJS.WritableStream, context: CliContext = {}): Promise<ExitCode> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (e) {
    return usageError(createOutput(argv.includes('--json'), stdout, stderr), (e as Error).message);
  }
  const { values, positionals } = parsed;
  const output = createOutput(values.json ?? false, stdout, stderr);
  if (values.version) {
    output.line(APP_VERSION);
    output.result({ version: APP_VERSION });
    return EXIT.ok;
  }
  const [command, ...args] = positionals;
  if (values.help || command === 'help') {
    output.line(USAGE);
    output.result({ usage: USAGE });
    return EXIT.ok;
  }
  if (!command) return usageError(output, 'no command given');
  // `new --data TABLE FILE` names no preset.
  const expected = command === 'new' && values.data !== undefined ? ['FILE'] : ARITY[command];
  if (!expected) return usageError(output, `unknown command "${command}"`);
  if (args.length !== expected.length) {
    return usageError(output, `${command} takes ${expected.length ? expected.join(' ') : 'no arguments'}, got ${args.length ? args.join(' ') : 'none'}`);
  }
  if (command !== 'train' && (values.epochs !== undefined || values.seed !== undefined || values['save-settings'] !== undefined || values.continue !== undefined)) {
    return usageError(output, '--epochs, --seed, --save-settings and --continue only apply to train');
  }
  if (values.continue && values.seed !== undefined) return usageError(output, '--continue goes on with the run\'s own seed; --seed starts a new run');
  if (command !== 'train' && command !== 'export' && command !== 'explain' && values.out !== undefined) return usageError(output, '--out only applies to train, export and explain');
  if (command !== 'explain' && values.sample !== undefined) return usageError(output, '--sample only applies to explain');
  if (command !== 'export' && values.to !== undefined) return usageError(output, '--to only applies to export');
  if (command !== 'lesson' && values.with !== undefined) return usageError(output, '--with only applies to lesson check');
  if (command !== 'sweep' && [values.set, values.seeds, values.jobs, values.until, values.csv, values.yes].some((v) => v !== undefined)) {
    return usageError(output, '--set, --seeds, --jobs, --until, --csv and --yes only apply to sweep');
  }
  const tableOptions = [values.inputs, values.target, values.test, values['split-seed'], values['drop-invalid-rows']];
  if ((command !== 'new' || values.data === undefined) && (values.data !== undefined || tableOptions.some((v) => v !== undefined))) {
    return usageError(output, '--data, --inputs, --target, --test, --split-seed and --drop-invalid-rows only apply to new --data');
  }

  switch (command) {
    case 'train': {
      const epochs = wholeArgument(values.epochs, 'epochs', 1, MAX_EPOCHS);
      const seed = wholeArgument(values.seed, 'seed', 0, 0xffffffff);
      if (typeof epochs === 'string') return usageError(output, epochs);
      if (typeof seed === 'string') return usageError(output, seed);
      return trainCommand(args[0], { epochs, seed, out: values.out, saveSettings: values['save-settings'] ?? false, continue: values.continue ?? false }, output);
    }
    case 'sweep': {
      const seeds = wholeArgument(values.seeds, 'seeds', 1, 100);
      const jobs = wholeArgument(values.jobs, 'jobs', 1, 64);
      if (typeof seeds === 'string') return usageError(output, seeds);
      if (typeof jobs === 'string') return usageError(output, jobs);
      if ((values.set ?? []).length === 0 && seeds === undefined) return usageError(output, 'sweep needs --set NAME=V1,V2,… or --seeds N');
      return sweepCommand(
        args[0],
        { sets: values.set ?? [], seeds: seeds ?? 1, jobs, until: values.until, csv: values.csv ?? false, yes: values.yes ?? false, worker: context.sweepWorker, signal: context.signal, progress: values.json ? null : (context.progress ?? null) },
        output,
      );
    }
    case 'diff':
      return diffCommand(args[0], args[1], output);
    case 'lesson':
      if (args[0] !== 'check') return usageError(output, `lesson takes check FILE|post, got "${args[0]}"`);
      return lessonCheckCommand(args[1], values.with, output);
    case 'validate':
      return validateCommand(args[0], output);
    case 'info':
      return infoCommand(args[0], output);
    case 'presets':
      return presetsCommand(output);
    case 'export': {
      const to = values.to;
      if (to !== 'numpy' && to !== 'onnx' && to !== 'torch' && to !== 'csv') return usageError(output, `export needs --to numpy, --to torch, --to onnx or --to csv${to ? `, got "${to}"` : ''}`);
      return exportCommand(args[0], to, values.out, output);
    }
    case 'explain': {
      const sample = wholeArgument(values.sample, 'sample', 0, 0x7fffffff);
      if (typeof sample === 'string') return usageError(output, sample);
      return explainCommand(args[0], { sample, out: values.out }, output);
    }
    case 'import':
      return importCommand(args[0], args[1], values.force ?? false, output);
    default: {
      if (values.data === undefined) return newCommand(args[0], args[1], values.force ?? false, output);
      const test = values.test === undefined ? undefined : Number(values.test);
      if (test !== undefined && !(Number.isFinite(test) && test >= 0 && test <= 90)) return usageError(output, `--test expects a percentage from 0 to 90, got "${values.test}"`);
      const seed = wholeArgument(values['split-seed'], 'split-seed', 0, 0xffffffff);
      if (typeof seed === 'string') return usageError(output, seed);
      const list = values.inputs?.split(',').map((s) => s.trim()).filter(Boolean);
      return newDataCommand(args[0], { data: values.data, inputs: list, target: values.target, testPercent: test, seed, dropInvalidRows: values['drop-invalid-rows'] ?? false, force: values.force ?? false }, output);
    }
  }
}

function usageError(output: Output, message: string): ExitCode {
  output.note(`nn-designer: ${message}`);
  output.note('Run "nn-designer --help" for usage.');
  output.result({ ok: false, error: message });
  return EXIT.invalidInput;
}

/** A whole-number option, or the message saying why it is not one. */
function wholeArgument(text: string | undefined, name: string, min: number, max: number): number | undefined | string {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) return `--${name} expects a whole number from ${min} to ${max}, got "${text}"`;
  return value;
}

async function validateCommand(file: string, output: Output): Promise<ExitCode> {
  const read = await readExperiment(file);
  if (!read.ok) {
    output.line(`${file}: invalid, ${read.problems.length} problem${read.problems.length === 1 ? '' : 's'}:`);
    problemLines(read.problems).forEach((l) => output.line(l));
    output.result({ ok: false, file, problems: read.problems });
    return EXIT.invalidInput;
  }
  // What `train` would say: the design for its task, its size against the budget, the settings.
  const problems = distinctProblems(checkSetup(read.experiment.setup).problems);
  output.line(`${file}: valid NN Designer experiment (format version ${read.experiment.version})`);
  if (read.warnings.length > 0) {
    output.line('Warnings:');
    problemLines(read.warnings).forEach((l) => output.line(l));
  }
  if (problems.length > 0) {
    output.line(`It opens, but cannot train until ${problems.length === 1 ? 'this is' : `these ${problems.length} are`} fixed:`);
    problems.forEach((p) => output.line(`  ${problemLine(p)}`));
  }
  output.result({ ok: problems.length === 0, valid: true, file, warnings: read.warnings, designProblems: problems });
  return problems.length > 0 ? EXIT.invalidInput : EXIT.ok;
}

async function infoCommand(file: string, output: Output): Promise<ExitCode> {
  const read = await readExperimentOrReport(file, output);
  if (!read) return EXIT.invalidInput;
  const info = experimentInfo(file, read.experiment);
  const design = info.design as { summary: string; parameters: number; layers: number; problems: string[] };
  const runs = info.runs as { summary: string }[];
  output.line(`${info.name as string}  (${file})`);
  output.line(`  Format:   ${info.format as string}, written by ${info.writtenBy as string}`);
  output.line(`  Design:   ${design.summary}${design.parameters ? `, ${design.parameters} parameters` : ''} (${design.layers} nodes on the canvas)`);
  design.problems.forEach((p) => output.line(`            ${p}`));
  output.line(`  Task:     ${info.task as string}`);
  const card = info.dataCard as { columns: string[]; split: string | null } | undefined;
  if (card) {
    output.line('  Data card:');
    card.columns.forEach((c) => output.line(`            ${c}`));
    if (card.split) output.line(`            ${card.split}`);
  }
  output.line(`  Training: ${info.training as string}`);
  output.line(`  Runs:     ${runs.length === 0 ? 'none' : runs.length}`);
  runs.forEach((r) => output.line(`    ${r.summary}`));
  if (read.experiment.notes) output.line(`  Notes:    ${read.experiment.notes.split('\n')[0]}`);
  output.result({ ok: true, ...info, warnings: read.warnings });
  return EXIT.ok;
}

function presetsCommand(output: Output): ExitCode {
  for (const p of PRESETS) {
    output.line(`${p.id.padEnd(20)} ${p.title}`);
    output.line(`${''.padEnd(20)} ${p.summary}`);
  }
  output.result(PRESETS.map((p) => ({ id: p.id, title: p.title, summary: p.summary, design: summarizeDesign(p.setup.design).text })));
  return EXIT.ok;
}

async function newCommand(presetId: string, file: string, force: boolean, output: Output): Promise<ExitCode> {
  const preset = getPreset(presetId);
  if (!preset) return usageError(output, `no preset "${presetId}"; choose one of ${PRESETS.map((p) => p.id).join(', ')}`);
  const refusal = await mayWrite(file, force);
  if (refusal) return usageError(output, refusal);
  try {
    await writeExperiment(file, createExperiment(preset.setup, { name: preset.title, notes: preset.summary }), output);
  } catch (e) {
    return usageError(output, `${file} could not be written: ${(e as Error).message}`);
  }
  output.line(`Wrote ${file}: ${preset.title}`);
  output.result({ ok: true, file, preset: preset.id });
  return EXIT.ok;
}
