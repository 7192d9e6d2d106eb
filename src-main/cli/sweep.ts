/**
 * `nn-designer sweep FILE --seeds N --set NAME=V1,V2,… [--jobs N] [--until "loss<0.01"]`: the
 * experiment trained over a grid of settings and seeds, each run added to the file's runs (in the
 * grid's order, whatever order they finish in), and a table of what each cell came to. With
 * several jobs the runs train in worker threads (tinypool), each as the process itself would.
 */
import { availableParallelism } from 'node:os';
import { appendRun, type Experiment, type Run } from '../../src-shared/experiment';
import { MAX_SWEEP_RUNS, parseAxis, sweepCells, sweepRuns, type SweepAxis, type SweepRunSpec } from '../../src-shared/sweep/grid';
import { failedRun, trainSweepRun } from '../../src-shared/sweep/run';
import { summarizeCell, verdict, type CellSummary } from '../../src-shared/sweep/summary';
import { parseStopRule, type StopRule } from '../../src-shared/sweep/until';
import type { ExperimentSetup } from '../../src-shared/setup';
import { readExperimentOrReport, writeExperiment } from './files';
import { EXIT, type ExitCode, type Output } from './output';

export interface SweepOptions {
  sets: string[];
  seeds: number;
  jobs?: number;
  until?: string;
  csv: boolean;
  /** Start a sweep of more than CONFIRM_RUNS runs without asking. */
  yes: boolean;
  /** The built worker (out/cli/sweep-worker.mjs); without it, runs train here, one at a time. */
  worker?: URL;
  /** Where the progress bar goes (a terminal); none when output is piped or --json. */
  progress?: NodeJS.WriteStream | null;
  /** Stops the sweep (Ctrl+C): what has finished is kept. */
  signal?: AbortSignal;
}

/** Past this many runs a sweep says how long it would take and waits for --yes. */
export const CONFIRM_RUNS = 1000;

export async function sweepCommand(file: string, options: SweepOptions, output: Output): Promise<ExitCode> {
  const fail = (message: string): ExitCode => {
    output.note(`nn-designer: ${message}`);
    output.result({ ok: false, file, error: message });
    return EXIT.invalidInput;
  };
  const read = await readExperimentOrReport(file, output);
  if (!read) return EXIT.invalidInput;
  const experiment = read.experiment;
  const axes: SweepAxis[] = [];
  for (const spec of options.sets) {
    const axis = parseAxis(spec, experiment.setup);
    if ('error' in axis) return fail(axis.error);
    if (axes.some((a) => a.name === axis.name)) return fail(`--set ${axis.name} is given twice`);
    axes.push(axis);
  }
  let until: StopRule | null = null;
  if (options.until !== undefined) {
    const rule = parseStopRule(options.until);
    if ('error' in rule) return fail(rule.error);
    until = rule;
  }
  const cells = sweepCells(experiment.setup, axes);
  const specs = sweepRuns(cells, options.seeds);
  if (specs.length > MAX_SWEEP_RUNS) return fail(`the sweep is ${specs.length.toLocaleString('en-US')} runs; a file keeps up to ${MAX_SWEEP_RUNS.toLocaleString('en-US')}. Use fewer values or seeds.`);
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), specs.length, options.worker ? 64 : 1));
  if (specs.length > CONFIRM_RUNS && !options.yes) {
    const started = performance.now();
    trainSweepRun(specs[0].setup, until, new Date());
    const seconds = ((performance.now() - started) / 1000) * (specs.length / jobs);
    return fail(`the sweep is ${specs.length.toLocaleString('en-US')} runs, about ${duration(seconds)} with ${jobs} job${jobs === 1 ? '' : 's'} (from one run of its first cell). Add --yes to start it.`);
  }
  if ((options.jobs ?? 1) > 1 && !options.worker) output.note('This command line trains one run at a time (--jobs needs the nn-designer package).');

  const runs = await trainAll(specs, until, jobs, options);
  const done = runs.filter((r): r is Run => r !== null);
  // The grid's order, whatever order they finished in; one save for the lot.
  let saved = experiment.runs;
  let notice: string | null = null;
  const ids: (string | null)[] = [];
  for (const run of runs) {
    if (!run) {
      ids.push(null);
      continue;
    }
    const appended = appendRun(saved, run);
    saved = appended.runs;
    notice = appended.notice ?? notice;
    ids.push(saved[saved.length - 1].id);
  }
  const updated: Experiment = { ...experiment, runs: saved };
  try {
    if (done.length > 0) await writeExperiment(file, updated, output);
  } catch (e) {
    return fail(`the sweep ran, but ${file} could not be written: ${(e as Error).message}`);
  }

  const summaries = cells.map((_, c) => summarizeCell(runs.filter((r, k): r is Run => r !== null && specs[k].cell === c), until));
  const cancelled = done.length < specs.length;
  printTable(output, axes, cells.map((c) => c.values), summaries, until, options);
  output.line(`${done.length} of ${specs.length} runs${cancelled ? ' (cancelled: the finished ones are kept)' : ''} added to ${file}.`);
  if (notice) output.note(notice);
  output.result({
    ok: true,
    file,
    axes: axes.map((a) => ({ name: a.name, values: a.values })),
    seeds: options.seeds,
    until: until?.text ?? null,
    cancelled,
    cells: cells.map((c, i) => ({ values: Object.fromEntries(axes.map((a, j) => [a.name, c.values[j]])), ...summaries[i], runs: specs.flatMap((s, k) => (s.cell === i && ids[k] ? [ids[k]] : [])) })),
  });
  return EXIT.ok;
}

/** Every run, in spec order; null for one cancelled before it finished. A run whose engine fails is tried once more, then kept as failed. */
async function trainAll(specs: readonly SweepRunSpec[], until: StopRule | null, jobs: number, options: SweepOptions): Promise<(Run | null)[]> {
  const results: (Run | null)[] = specs.map(() => null);
  let finished = 0;
  const started = performance.now();
  const tick = (): void => {
    finished++;
    if (options.progress) options.progress.write(`\r${progressLine(finished, specs.length, (performance.now() - started) / 1000)}`);
  };
  const stopped = (): boolean => options.signal?.aborted === true;
  if (jobs === 1 || !options.worker) {
    for (let k = 0; k < specs.length && !stopped(); k++) {
      results[k] = trainHere(specs[k].setup, until);
      tick();
      // Let Ctrl+C land between runs.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    // Loaded only here: the desktop's command line (bundled into main) never starts a pool.
    const { default: Tinypool } = await import('tinypool');
    const pool = new Tinypool({ filename: options.worker.href, minThreads: jobs, maxThreads: jobs, isolateWorkers: false });
    const onAbort = (): void => void pool.cancelPendingTasks();
    options.signal?.addEventListener('abort', onAbort);
    try {
      await Promise.all(
        specs.map(async (spec, k) => {
          const task = { setup: spec.setup, until, createdAt: new Date().toISOString() };
          for (let attempt = 0; attempt < 2 && results[k] === null && !stopped(); attempt++) {
            try {
              results[k] = (await pool.run(task)) as Run;
            } catch (e) {
              if (stopped()) return;
              if (attempt === 1) results[k] = failedRun(spec.setup, `its engine failed twice: ${(e as Error).message}`, new Date());
            }
          }
          if (results[k]) tick();
        }),
      );
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      await pool.destroy();
    }
  }
  if (options.progress) options.progress.write('\n');
  return results;
}

function trainHere(setup: ExperimentSetup, until: StopRule | null): Run {
  try {
    return trainSweepRun(setup, until, new Date());
  } catch (e) {
    return failedRun(setup, `it failed: ${(e as Error).message}`, new Date());
  }
}

function progressLine(done: number, total: number, seconds: number): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  const left = done > 0 ? (seconds / done) * (total - done) : 0;
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} runs${done < total ? `, about ${duration(left)} left` : ''}   `;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(Math.abs(v) < 1 ? 6 : 4) : v.toExponential(3));

function printTable(output: Output, axes: readonly SweepAxis[], values: readonly (string | number)[][], summaries: readonly CellSummary[], until: StopRule | null, options: SweepOptions): void {
  const head = [...axes.map((a) => a.name), 'runs', ...(until ? [until.text] : []), 'loss (median)', 'loss min–max', 'accuracy (median)', 'diverged', 'failed'];
  const rows = summaries.map((s, i) => [
    ...values[i].map(String),
    String(s.runs),
    ...(until ? [`${s.reached} of ${s.runs}`] : []),
    s.finalLoss ? fmt(s.finalLoss.median) : '—',
    s.finalLoss ? `${fmt(s.finalLoss.min)}–${fmt(s.finalLoss.max)}` : '—',
    s.accuracy ? `${(s.accuracy.median * 100).toFixed(1)}%` : '—',
    String(s.diverged),
    String(s.failed),
  ]);
  if (options.csv) {
    const quote = (c: string): string => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    for (const r of [head, ...rows]) output.line(r.map(quote).join(','));
    return;
  }
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]): string => r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  output.line(line(head));
  rows.forEach((r) => output.line(line(r)));
  if (until && summaries.length > 0) summaries.forEach((s, i) => output.line(`  ${values[i].join(', ') || 'the file’s settings'}: ${verdict(s, until, options.seeds)}`));
}
