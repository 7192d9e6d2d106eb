/**
 * Importing a table (npm run bench:table): a 100,000-row × 20-column CSV that the bench writes
 * (19 numeric columns on scales from 1 to 10⁴, and a 3-class label) read through parseTable and
 * cardFor, the path File → Import Data takes in its worker and `nn-designer new --data` takes.
 * Each run is a fresh Node process (bundled with esbuild, so no TypeScript loader sits in its
 * memory); the peak is the process's maximum resident set size, and the same process reading a
 * 3-row table gives the baseline beside it. Goal: under 2 s and under 200 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { RandomState } from '../src-shared/rng/random-state';

const ROWS = 100_000;
const COLUMNS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL_SECONDS = 2;
const GOAL_MB = 200;
const root = path.resolve(import.meta.dirname, '..');

/** The table: x1…x19 around a class-dependent mean, each on its own scale, and the label. */
function tableText(rows: number): string {
  const rs = new RandomState(1);
  const header = [...Array.from({ length: COLUMNS - 1 }, (_, j) => `x${j + 1}`), 'label'];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    const k = i % 3;
    const cells: string[] = [];
    for (let j = 0; j < COLUMNS - 1; j++) cells.push(((k + rs.gaussian()) * 10 ** (j % 5)).toFixed(4));
    cells.push(['setosa', 'versicolor', 'virginica'][k]);
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

// The runner: read the file, time parseTable + cardFor, report the peak RSS as the process exits.
const RUNNER = `
import { readFileSync } from 'node:fs';
import { cardFor, parseTable } from ${JSON.stringify(path.join(root, 'src-shared/datasets/table/import.ts'))};
const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const started = performance.now();
const parsed = parseTable(text, 'bench.csv');
const parseMs = performance.now() - started;
const card = cardFor(parsed, 'bench', { testPercent: 20, seed: 42 });
const totalMs = performance.now() - started;
if (!card.ok) throw new Error(card.problems.join('\\n'));
process.on('exit', () => process.stdout.write(JSON.stringify({ parseMs, totalMs, rows: card.table.rows.length, peakKb: process.resourceUsage().maxRSS })));
`;

interface Measured {
  parseMs: number;
  totalMs: number;
  rows: number;
  peakKb: number;
}

const dir = mkdtempSync(path.join(tmpdir(), 'nnd-table-bench-'));
try {
  const runner = path.join(dir, 'runner.mjs');
  await build({ stdin: { contents: RUNNER, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile: runner, logLevel: 'warning' });
  const big = path.join(dir, 'big.csv');
  const small = path.join(dir, 'small.csv');
  writeFileSync(big, tableText(ROWS));
  writeFileSync(small, tableText(3));
  const run = (file: string): Measured => {
    const r = spawnSync(process.execPath, [runner, file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the runner failed (exit ${r.status}):\n${r.stderr}`);
    return JSON.parse(r.stdout) as Measured;
  };
  const baseline = run(small);
  const runs = Array.from({ length: RUNS }, () => run(big));
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const seconds = median(runs.map((r) => r.totalMs)) / 1000;
  const parseSeconds = median(runs.map((r) => r.parseMs)) / 1000;
  const peakMb = median(runs.map((r) => r.peakKb)) / 1024;
  const baseMb = baseline.peakKb / 1024;
  const mb = (statSync(big).size / 2 ** 20).toFixed(1);
  console.log(`Table import: ${ROWS.toLocaleString('en-US')} rows × ${COLUMNS} columns, a ${mb} MB CSV, parseTable + cardFor (20 % test split), median of ${RUNS} runs, Node ${process.version}`);
  console.log(`table-import-time: ${seconds.toFixed(2)} s (parseTable ${parseSeconds.toFixed(2)} s; goal < ${GOAL_SECONDS} s) ${seconds < GOAL_SECONDS ? 'ok' : 'OVER THE GOAL'}`);
  console.log(`table-import-peak-memory: ${peakMb.toFixed(0)} MB (the process's peak RSS; the same process on a 3-row table: ${baseMb.toFixed(0)} MB; goal < ${GOAL_MB} MB) ${peakMb < GOAL_MB ? 'ok' : 'OVER THE GOAL'}`);
  if (seconds >= GOAL_SECONDS || peakMb >= GOAL_MB) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
