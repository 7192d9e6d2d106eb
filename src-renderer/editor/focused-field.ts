/**
 * The text field being typed in. Number fields commit on blur or Enter (one change, one undo
 * step), so anything that reads the document (Save, Train, main's close prompt) commits it first.
 */

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number']);

export function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA') return true;
  return el.tagName === 'INPUT' && TEXT_INPUT_TYPES.has((el as HTMLInputElement).type);
}

/** Blurs the focused field: React runs its onBlur synchronously, and the stores update synchronously. */
export function commitFocusedField(): void {
  if (typeof document === 'undefined') return;
  const focused = document.activeElement;
  if (focused instanceof HTMLElement && typingInField(focused)) focused.blur();
}
