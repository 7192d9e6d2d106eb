/**
 * A lesson file opened through File → Open (both editions): told apart from an experiment by its
 * extension, checked here, and handed to the page as text — a malformed one lists its problems
 * and opens nothing.
 */
import type { OpenedFile } from '../protocol/app-api';
import { parseLesson } from './parse';
import { LESSON_EXTENSION } from './schema';

export const isLessonPath = (filePath: string): boolean => filePath.toLowerCase().endsWith(LESSON_EXTENSION);

export function openedLesson(filePath: string, bytes: Uint8Array | string): OpenedFile {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8').decode(bytes);
  const parsed = parseLesson(text);
  if (!parsed.ok) return { ok: false, filePath, problems: parsed.problems };
  return { ok: true, filePath, text, kind: 'lesson' };
}
