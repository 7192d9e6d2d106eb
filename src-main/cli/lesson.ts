/** `nn-designer lesson check FILE|post [--with EXPERIMENT]`: every step of a lesson run headless, pass or fail. */
import { readFile, stat } from 'node:fs/promises';
import { checkLesson } from '../../src-shared/lessons/check';
import { parseLesson } from '../../src-shared/lessons/parse';
import { POST_LESSON } from '../../src-shared/lessons/post';
import type { Lesson } from '../../src-shared/lessons/schema';
import { readExperimentOrReport } from './files';
import { EXIT, problemLines, type ExitCode, type Output } from './output';

/** Most bytes a lesson file may have: text and steps, no data of its own beyond a setup or two. */
const MAX_LESSON_BYTES = 16 * 1024 * 1024;

export async function lessonCheckCommand(file: string, learnerFile: string | undefined, output: Output): Promise<ExitCode> {
  let lesson: Lesson;
  if (file === 'post') lesson = POST_LESSON;
  else {
    let text: string;
    try {
      // Its size first: a file far too large is never read into memory.
      const { size } = await stat(file);
      if (size > MAX_LESSON_BYTES) throw new Error(`it is ${(size / 2 ** 20).toFixed(0)} MB; a lesson may have up to ${MAX_LESSON_BYTES / 2 ** 20} MB`);
      text = (await readFile(file)).toString('utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      output.note(`nn-designer: ${err.code === 'ENOENT' ? `there is no file ${file}` : `${file} cannot be read: ${err.message}`}`);
      output.result({ ok: false, file, error: err.message });
      return EXIT.invalidInput;
    }
    const parsed = parseLesson(text);
    if (!parsed.ok) {
      output.note(`${file} is not a valid lesson:`);
      problemLines(parsed.problems).forEach((l) => output.note(l));
      output.result({ ok: false, file, problems: parsed.problems });
      return EXIT.invalidInput;
    }
    lesson = parsed.lesson;
  }
  let learner = null;
  if (learnerFile !== undefined) {
    const read = await readExperimentOrReport(learnerFile, output);
    if (!read) return EXIT.invalidInput;
    learner = read.experiment.setup;
  }
  output.line(`${lesson.title}${file === 'post' ? ' (the built-in lesson)' : ''}`);
  const results = checkLesson(lesson, learner);
  results.forEach((r, i) => output.line(`  ${i + 1}. ${r.title}: ${r.pass ? 'pass' : 'FAIL'} (${r.detail})`));
  const passed = results.filter((r) => r.pass).length;
  output.line(`${passed} of ${results.length} steps pass.`);
  output.result({ ok: passed === results.length, file, title: lesson.title, steps: results });
  return passed === results.length ? EXIT.ok : EXIT.checkFailed;
}
