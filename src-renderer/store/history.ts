/**
 * Undo history as whole snapshots. Snapshots are immutable and share unchanged parts, so keeping
 * a hundred of them costs little and undo can never drift from what was on screen.
 */
export interface History<T> {
  past: T[];
  future: T[];
  /** The state before a gesture (a drag) began: the whole gesture becomes one undo step. */
  gestureStart: T | null;
}

export const HISTORY_LIMIT = 200;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [], gestureStart: null };
}

/** Records `before` as an undo step (the present is about to change to something else). */
export function record<T>(history: History<T>, before: T): History<T> {
  if (history.gestureStart !== null) return history; // the gesture records itself when it ends
  return { past: [...history.past, before].slice(-HISTORY_LIMIT), future: [], gestureStart: null };
}

export function beginGesture<T>(history: History<T>, present: T): History<T> {
  return history.gestureStart !== null ? history : { ...history, gestureStart: present };
}

/** Ends a gesture: one undo step if anything changed, none if it came back where it started. */
export function endGesture<T>(history: History<T>, present: T): History<T> {
  const start = history.gestureStart;
  if (start === null) return history;
  if (start === present) return { ...history, gestureStart: null };
  return { past: [...history.past, start].slice(-HISTORY_LIMIT), future: [], gestureStart: null };
}

export function undo<T>(history: History<T>, present: T): { history: History<T>; present: T } | null {
  const closed = endGesture(history, present);
  const previous = closed.past[closed.past.length - 1];
  if (previous === undefined) return null;
  return { history: { past: closed.past.slice(0, -1), future: [present, ...closed.future], gestureStart: null }, present: previous };
}

export function redo<T>(history: History<T>, present: T): { history: History<T>; present: T } | null {
  const closed = endGesture(history, present);
  const following = closed.future[0];
  if (following === undefined) return null;
  return { history: { past: [...closed.past, present], future: closed.future.slice(1), gestureStart: null }, present: following };
}
