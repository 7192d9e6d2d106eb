/**
 * One tab stop for a list of buttons (WAI-ARIA's toolbar pattern, "roving tabindex"): Tab reaches
 * the current one and leaves the list in one press; the arrow keys, Home and End move between
 * them, and a letter moves to the next one whose name starts with it (D: Dense, then Dropout).
 */
import { useCallback, useRef, useState } from 'react';

export interface RovingItemProps {
  tabIndex: 0 | -1;
  ref(element: HTMLElement | null): void;
  onFocus(): void;
}

export interface RovingFocus<T extends string> {
  itemProps(id: T): RovingItemProps;
  onKeyDown(e: React.KeyboardEvent): void;
}

const NEXT: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

export function useRovingFocus<T extends string>(ids: readonly T[], nameOf: (id: T) => string): RovingFocus<T> {
  const [current, setCurrent] = useState<T | undefined>(ids[0]);
  const elements = useRef(new Map<T, HTMLElement>());
  const active = current !== undefined && ids.includes(current) ? current : ids[0];

  const move = useCallback(
    (to: T | undefined) => {
      if (to === undefined) return;
      setCurrent(to);
      elements.current.get(to)?.focus();
    },
    [],
  );

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey || ids.length === 0) return;
    const at = Math.max(0, ids.indexOf(active));
    let to: T | undefined;
    if (e.key in NEXT) to = ids[(at + NEXT[e.key] + ids.length) % ids.length];
    else if (e.key === 'Home') to = ids[0];
    else if (e.key === 'End') to = ids[ids.length - 1];
    else if (e.key.length === 1 && /\S/.test(e.key)) {
      const letter = e.key.toLowerCase();
      // The next match after the current one, round to the start: pressing D again goes on to the next D.
      to = [...ids.slice(at + 1), ...ids.slice(0, at + 1)].find((id) => nameOf(id).toLowerCase().startsWith(letter));
    }
    if (to === undefined) return;
    e.preventDefault();
    move(to);
  };

  const itemProps = (id: T): RovingItemProps => ({
    tabIndex: id === active ? 0 : -1,
    ref: (element) => {
      if (element) elements.current.set(id, element);
      else elements.current.delete(id);
    },
    onFocus: () => setCurrent(id),
  });

  return { itemProps, onKeyDown };
}
