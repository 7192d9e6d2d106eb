/** Reading and writing experiment files from the command line, every failure as a problem. */
import { access, readFile, stat } from 'node:fs/promises';
import { LIMITS, parseExperimentBytes, serializeExperimentPieces, WHOLE_FILE, type Experiment, type ParseResult } from '../../src-shared/experiment';
import { leftoverNotes, writeFileAtomic, type FileData } from '../node/atomic-write';
import { problemLines, type Output } from './output';

/** Reads and parses a file; the size is checked before the file is read into memory. */
export async function readExperiment(filePath: string): Promise<ParseResult> {
  let bytes: Uint8Array;
  try {
    const info = await stat(filePath);
    if (info.isDirectory()) return problem(`${filePath} is a folder, not an experiment file`);
    if (info.size > LIMITS.fileBytes) {
      return problem(`expected a file of at most ${LIMITS.fileBytes / 1024 / 1024} MB, got ${(info.size / 1024 / 1024).toFixed(1)} MB`);
    }
    bytes = await readFile(filePath);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return problem(`there is no file ${filePath}`);
    if (err.code === 'EACCES' || err.code === 'EPERM') return problem(`${filePath} cannot be read: permission denied`);
    return problem(`${filePath} cannot be read: ${err.message}`);
  }
  return parseExperimentBytes(bytes);
}

/**
 * Reads a file for a command that needs a valid experiment. An invalid one is reported (its
 * problems on stderr, or in the JSON result) and gives null: the command ends with invalidInput.
 */
export async function readExperimentOrReport(filePath: string, output: Output): Promise<Extract<ParseResult, { ok: true }> | null> {
  const read = await readExperiment(filePath);
  if (read.ok) return read;
  output.note(`${filePath} is not a valid experiment file:`);
  problemLines(read.problems).forEach((l) => output.note(l));
  output.result({ ok: false, file: filePath, problems: read.problems });
  return null;
}

/**
 * Why a command that creates a file (`new`, `import`) may not write `filePath`, or null: an
 * existing file is replaced only with --force, and then kept as `<file>.bak`.
 */
export async function mayWrite(filePath: string, force: boolean): Promise<string | null> {
  const exists = await access(filePath).then(
    () => true,
    () => false,
  );
  return exists && !force ? `${filePath} already exists; add --force to overwrite it (the old file is kept as ${filePath}.bak)` : null;
}

/**
 * Writes atomically, keeping the previous version as `<file>.bak`; says what interrupted saves
 * had left beside it. The text goes to disk a piece at a time, and a file larger than a reader
 * takes is never written: the one on disk stays.
 */
export async function writeExperiment(filePath: string, experiment: Experiment, output: Output): Promise<void> {
  await writeReporting(filePath, serializeExperimentPieces(experiment), output, { backup: true, maxBytes: LIMITS.fileBytes });
}

/** An atomic write that notes (on stderr) the temporary files of interrupted saves it removed or kept. */
export async function writeReporting(filePath: string, data: FileData, output: Output, options: { backup?: boolean; maxBytes?: number } = {}): Promise<void> {
  const leftovers = await writeFileAtomic(filePath, data, options);
  for (const note of leftoverNotes(filePath, leftovers)) output.note(note);
}

function problem(message: string): ParseResult {
  return { ok: false, problems: [{ path: WHOLE_FILE, message }] };
}
