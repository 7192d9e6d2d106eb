/** Where the command line's words go: lines for people, or one JSON document for scripts. */
import type { FileProblem } from '../../src-shared/experiment/problems';

export const EXIT = {
  ok: 0,
  /** Bad arguments, an unreadable or invalid file, a design that cannot train. */
  invalidInput: 1,
  /** Training ran but failed (the loss became NaN or infinite). */
  trainingFailed: 2,
  /** Training ran and the run was saved, but it saturated: outputs pinned, the loss frozen (a far too large learning rate). */
  trainingSaturated: 3,
  /** A lesson's check did not pass (`lesson check`). */
  checkFailed: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Output {
  readonly json: boolean;
  /** A line for people (suppressed with --json). */
  line(text?: string): void;
  /** A warning or error line for people, on stderr (also suppressed with --json). */
  note(text: string): void;
  /** The machine-readable result (only with --json). */
  result(value: unknown): void;
}

export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  return {
    json,
    line: (text = '') => void (json || stdout.write(`${text}\n`)),
    note: (text) => void (json || stderr.write(`${text}\n`)),
    result: (value) => void (json && stdout.write(`${JSON.stringify(value, null, 2)}\n`)),
  };
}

/** A message found in more places than this is one line naming a few of the others. */
const FOLD_AFTER = 3;

/**
 * `  setup.design.nodes[2].params.units: expected …`, one per line; a message repeated in many
 * places once, with some of the others named (499 repeated ids are one line, not 499).
 */
export function problemLines(problems: readonly FileProblem[], indent = '  '): string[] {
  const byMessage = new Map<string, string[]>();
  for (const p of problems) byMessage.set(p.message, [...(byMessage.get(p.message) ?? []), p.path]);
  return [...byMessage].flatMap(([message, paths]) => {
    if (paths.length <= FOLD_AFTER) return paths.map((path) => `${indent}${path}: ${message}`);
    const [first, ...more] = paths;
    return [`${indent}${first}: ${message} (and ${more.length} more like it: ${more.slice(0, 3).join(', ')}, …)`];
  });
}
