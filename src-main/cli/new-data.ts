/**
 * `nn-designer new --data TABLE --target COL [--inputs COL,…] [--test PERCENT] FILE`: an
 * experiment on a table of the user's own, with the data card and the design a table starts
 * with (presets/table-setup.ts), which `nn-designer train FILE` then trains.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { cardFor, MAX_TABLE_BYTES, parseTable, TableError, tableTooLarge } from '../../src-shared/datasets/table/import';
import { createExperiment } from '../../src-shared/experiment';
import { tableSetup } from '../../src-shared/presets/table-setup';
import { summarizeDesign, summarizeTask } from './describe';
import { mayWrite, writeExperiment } from './files';
import { EXIT, type ExitCode, type Output } from './output';

export interface NewDataOptions {
  data: string;
  inputs?: string[];
  target?: string;
  testPercent?: number;
  seed?: number;
  dropInvalidRows: boolean;
  force: boolean;
}

export async function newDataCommand(file: string, options: NewDataOptions, output: Output): Promise<ExitCode> {
  const fail = (lines: string[]): ExitCode => {
    for (const l of lines) output.note(l);
    output.result({ ok: false, data: options.data, problems: lines });
    return EXIT.invalidInput;
  };
  const refusal = await mayWrite(file, options.force);
  if (refusal) return fail([`nn-designer: ${refusal}`]);
  let text: string;
  try {
    const info = await stat(options.data);
    if (info.isDirectory()) return fail([`nn-designer: ${options.data} is a folder, not a table`]);
    // Said by its size, before it is read.
    if (info.size > MAX_TABLE_BYTES) {
      return fail([`nn-designer: ${tableTooLarge(options.data, info.size)}`]);
    }
    text = await readFile(options.data, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return fail([`nn-designer: ${err.code === 'ENOENT' ? `there is no file ${options.data}` : `${options.data} cannot be read: ${err.message}`}`]);
  }
  const name = path.basename(options.data).replace(/\.(csv|tsv|txt|json)$/i, '') || 'Table';
  let parsed: ReturnType<typeof parseTable>;
  try {
    parsed = parseTable(text, path.basename(options.data));
  } catch (e) {
    if (e instanceof TableError) return fail([`nn-designer: ${e.message}`]);
    throw e;
  }
  const card = cardFor(parsed, name, { inputs: options.inputs, target: options.target, testPercent: options.testPercent, seed: options.seed, dropInvalidRows: options.dropInvalidRows });
  if (!card.ok) return fail([`${options.data} cannot be used as it is:`, ...card.problems.map((p) => `  ${p}`)]);
  const setup = tableSetup(card.table);
  const experiment = createExperiment(setup, { name, notes: `Imported from ${path.basename(options.data)} (${parsed.format}).` });
  try {
    await writeExperiment(file, experiment, output);
  } catch (e) {
    return fail([`nn-designer: ${file} could not be written: ${(e as Error).message}`]);
  }
  output.line(`Wrote ${file}: ${summarizeTask(setup.task)}`);
  output.line(`  Design: ${summarizeDesign(setup.design).text}`);
  card.notes.forEach((n) => output.line(`  Note: ${n}`));
  output.line(`Train it with: nn-designer train ${file}`);
  output.result({ ok: true, file, data: options.data, format: parsed.format, columns: card.table.columns, rows: card.table.rows.length, dropped: card.dropped, notes: card.notes });
  return EXIT.ok;
}
