/** Reading a lesson file: every problem with its path, nothing opened when there are any. */
import { fromZodIssues, problem, type FileProblem } from '../experiment/problems';
import { getPreset } from '../presets';
import { LessonSchema, type Lesson } from './schema';

export type LessonParse = { ok: true; lesson: Lesson } | { ok: false; problems: FileProblem[] };

export function parseLesson(text: string): LessonParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, problems: [problem([], `the lesson is not valid JSON: ${(e as Error).message}`)] };
  }
  const parsed = LessonSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, problems: fromZodIssues(parsed.error.issues) };
  const problems: FileProblem[] = [];
  const ids = new Set<string>();
  parsed.data.steps.forEach((step, i) => {
    if (ids.has(step.id)) problems.push(problem(['steps', i, 'id'], `expected each step's own id, got ${JSON.stringify(step.id)} twice`));
    ids.add(step.id);
    if (step.from && 'preset' in step.from && step.from.preset !== undefined && !getPreset(step.from.preset)) {
      problems.push(problem(['steps', i, 'from', 'preset'], `expected a built-in experiment, got ${JSON.stringify(step.from.preset)}`));
    }
    const p = step.predict;
    if (p?.kind === 'choice' && !p.options) problems.push(problem(['steps', i, 'predict', 'options'], 'expected the options a choice offers'));
    if (p?.answer !== undefined && (!p.options || p.answer >= p.options.length)) problems.push(problem(['steps', i, 'predict', 'answer'], 'expected the index of one of the options'));
    const c = step.check;
    if (c?.atLeast !== undefined && c.atLeast > (c.seeds ?? 1)) problems.push(problem(['steps', i, 'check', 'atLeast'], `expected at most the ${c.seeds ?? 1} seeds it runs, got ${c.atLeast}`));
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lesson: parsed.data };
}
