/**
 * The lesson being taken, if any: which step is on screen, the learner's answers, the steps
 * passed and what this session's checks found. The step's `lock` and `hide` are read from here
 * by the editor (what may not change) and the panes (what is not shown).
 */
import { create } from 'zustand';
import type { Lesson, LessonControl, LessonStep } from '../../src-shared/lessons/schema';
import type { StepVerdict as Verdict } from '../../src-shared/lessons/check';

export interface LessonProgress {
  /** The step shown last (0-based). */
  index: number;
  /** The option picked for each step's choice, by step id. */
  answers: Record<string, number>;
  /** The steps whose check passed, by id. */
  passed: string[];
}

export interface LessonState {
  lesson: Lesson | null;
  /** Where the lesson came from: the built-in one, or a file's name. */
  source: string | null;
  index: number;
  answers: Record<string, number>;
  passed: string[];
  /** What the check found after the latest training of each step, this session. */
  verdicts: Record<string, Verdict>;
  /** A check that trains is running (in a worker). */
  checking: boolean;
  /** Why the step's setup could not be loaded (the document stays as it was). */
  setupError: string | null;
  /** Progress kept from an earlier visit, offered until taken or dismissed. */
  resumeOffer: LessonProgress | null;

  begin(lesson: Lesson, source: string, offer: LessonProgress | null): void;
  show(index: number, setupError: string | null): void;
  restore(progress: LessonProgress): void;
  dismissOffer(): void;
  answer(stepId: string, option: number): void;
  judged(stepId: string, verdict: Verdict): void;
  forget(stepId: string): void;
  setChecking(checking: boolean): void;
  leave(): void;
}

const idle = { lesson: null, source: null, index: 0, answers: {}, passed: [], verdicts: {}, checking: false, setupError: null, resumeOffer: null };

export const useLessonStore = create<LessonState>()((set, get) => ({
  ...idle,
  begin(lesson, source, offer) {
    set({ ...idle, lesson, source, resumeOffer: offer });
  },
  show(index, setupError) {
    set({ index, setupError, checking: false });
  },
  restore(progress) {
    set({ answers: { ...progress.answers }, passed: [...progress.passed], resumeOffer: null });
  },
  dismissOffer() {
    set({ resumeOffer: null });
  },
  answer(stepId, option) {
    set({ answers: { ...get().answers, [stepId]: option } });
  },
  judged(stepId, verdict) {
    const passed = get().passed;
    set({
      verdicts: { ...get().verdicts, [stepId]: verdict },
      passed: verdict.pass && !passed.includes(stepId) ? [...passed, stepId] : passed,
      checking: false,
    });
  },
  forget(stepId) {
    const { [stepId]: _gone, ...verdicts } = get().verdicts;
    set({ verdicts, checking: false });
  },
  setChecking(checking) {
    set({ checking });
  },
  leave() {
    set(idle);
  },
}));

export function currentStep(s: Pick<LessonState, 'lesson' | 'index'>): LessonStep | null {
  return s.lesson?.steps[s.index] ?? null;
}

/** Whether the step on screen locks (or hides) a control. */
export const isLocked = (s: Pick<LessonState, 'lesson' | 'index'>, control: LessonControl): boolean => currentStep(s)?.lock?.includes(control) ?? false;
export const isHidden = (s: Pick<LessonState, 'lesson' | 'index'>, control: LessonControl): boolean => currentStep(s)?.hide?.includes(control) ?? false;

export const useLocked = (control: LessonControl): boolean => useLessonStore((s) => isLocked(s, control));
export const useHidden = (control: LessonControl): boolean => useLessonStore((s) => isHidden(s, control));
