/**
 * Focus for a dialog while it is open (focus-trap): it starts on the dialog's first control (or
 * the one named), Tab and Shift+Tab go round the dialog and never into the dimmed page behind,
 * Escape closes it, and on closing focus goes back where it was. A dialog opened over another
 * (unsaved changes over the start screen) takes over until it closes: only the top one answers
 * Tab and Escape.
 */
import { createFocusTrap } from 'focus-trap';
import { useEffect, useRef, type RefObject } from 'react';

export interface ModalFocusOptions {
  /** The control focused first; without it, the dialog's first one. */
  initialFocus?: () => HTMLElement | null;
  /** Escape was pressed in this dialog (the top one). */
  onEscape(): void;
  /** Other places Tab reaches while the dialog is open (the notices over the start screen). */
  alsoReachable?: () => (HTMLElement | null)[];
  /** Where focus goes on closing, given where it was before (the page itself, when nothing had it); null: back there. */
  returnTo?: (before: Element) => HTMLElement | null;
}

export function useModalFocus(dialog: RefObject<HTMLElement | null>, open: boolean, options: ModalFocusOptions): void {
  // The latest options, so the trap is made once per opening, not on every render.
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    const element = dialog.current;
    if (!open || !element) return;
    const extra = (latest.current.alsoReachable?.() ?? []).filter((e): e is HTMLElement => e !== null);
    const trap = createFocusTrap([element, ...extra], {
      initialFocus: () => latest.current.initialFocus?.() ?? undefined,
      fallbackFocus: element,
      escapeDeactivates: () => {
        latest.current.onEscape();
        // The dialog closes through its state; the trap ends when it unmounts.
        return false;
      },
      // The backdrop closes the start screen on a click, and notices over it stay clickable.
      allowOutsideClick: true,
      setReturnFocus: (before) => latest.current.returnTo?.(before) ?? before,
    });
    trap.activate();
    return () => {
      trap.deactivate();
    };
  }, [dialog, open]);
}
