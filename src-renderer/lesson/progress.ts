/**
 * How far a learner got in a lesson, kept between sessions (localStorage, by the lesson's
 * title): the step they were on, their answers to its predictions and the steps they passed.
 * Whatever is stored is checked against the lesson before it is believed.
 */
import type { Lesson } from '../../src-shared/lessons/schema';
import type { LessonProgress } from '../store/lesson';

export type { LessonProgress };

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const progressKey = (lesson: Pick<Lesson, 'title'>): string => `nnd-lesson-progress:${lesson.title}`;

export const noProgress = (): LessonProgress => ({ index: 0, answers: {}, passed: [] });

/** The stored progress made to fit the lesson (steps it no longer has are dropped); null when there is none worth offering. */
export function readProgress(storage: Store | undefined, lesson: Lesson): LessonProgress | null {
  let raw: unknown;
  try {
    const text = storage?.getItem(progressKey(lesson));
    if (!text) return null;
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const steps = new Map(lesson.steps.map((s) => [s.id, s]));
  const index = typeof r.index === 'number' && Number.isInteger(r.index) && r.index >= 0 && r.index < lesson.steps.length ? r.index : 0;
  const answers: Record<string, number> = {};
  if (typeof r.answers === 'object' && r.answers !== null) {
    for (const [id, value] of Object.entries(r.answers as Record<string, unknown>)) {
      const options = steps.get(id)?.predict?.options?.length ?? 0;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < options) answers[id] = value;
    }
  }
  const passed = Array.isArray(r.passed) ? [...new Set(r.passed.filter((id): id is string => typeof id === 'string' && steps.has(id)))] : [];
  if (index === 0 && passed.length === 0 && Object.keys(answers).length === 0) return null;
  return { index, answers, passed };
}

export function writeProgress(storage: Store | undefined, lesson: Lesson, progress: LessonProgress): void {
  try {
    storage?.setItem(progressKey(lesson), JSON.stringify(progress));
  } catch {
    // Storage full or refused: the lesson goes on; only resuming it later is lost.
  }
}

export function clearProgress(storage: Store | undefined, lesson: Lesson): void {
  try {
    storage?.removeItem(progressKey(lesson));
  } catch {
    // As above.
  }
}
