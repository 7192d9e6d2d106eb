/** Turning validation failures into `FileProblem`s: a JSON path a person can find, and a message. */
import type { z } from './zod';

/** One problem in a file: where (a JSON path such as `design.nodes[2].params.units`) and what. */
export interface FileProblem {
  path: string;
  message: string;
}

/** The path of problems about the file as a whole (not JSON, too large, not an experiment). */
export const WHOLE_FILE = '(file)';

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A file over the size limit, said before it is read (desktop and browser alike). */
export function fileTooLarge(bytes: number, limit: number): FileProblem {
  return { path: WHOLE_FILE, message: `The file is ${megabytes(bytes)}; experiment files can be at most ${megabytes(limit)}.` };
}

export type PathSegment = string | number;

/** `['design', 'nodes', 2, 'params', 'units']` → `design.nodes[2].params.units`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return WHOLE_FILE;
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += /^[A-Za-z_$][\w$]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

export function problem(path: readonly PropertyKey[], message: string): FileProblem {
  return { path: formatPath(path), message };
}

/** Zod issues as file problems, in document order, without repeats (a value can fail two checks). */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): FileProblem[] {
  const seen = new Set<string>();
  const out: FileProblem[] = [];
  for (const issue of issues) {
    const p = problem(issue.path, issue.message);
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** `a` and `b` joined as a person says it: "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
