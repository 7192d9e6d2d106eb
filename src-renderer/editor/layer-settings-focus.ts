/**
 * Edit Layer Settings (F2): from wherever focus is (the palette, a layer on the canvas), to the
 * selected layer's first setting in the inspector, its text selected to type over. Enter (a
 * value committed) or Escape there goes back to where F2 was pressed, so someone adding layers
 * from the keyboard carries on from the palette.
 */
import { useDesignStore } from '../store/design';
import { useViewStore } from '../store/view';

/** The inspector's first setting of the selected layer (units, rate…), else its name. */
function firstSetting(): HTMLElement | null {
  const settings = document.querySelector('[data-testid="inspector-layer"]');
  if (!settings) return null;
  return settings.querySelector<HTMLElement>('input[data-testid^="inspector-"], select[data-testid^="inspector-"]') ?? settings.querySelector<HTMLElement>('input');
}

export function editSelectedLayer(): void {
  const count = useDesignStore.getState().selection.nodeIds.length;
  const field = count === 1 ? firstSetting() : null;
  if (!field) {
    useViewStore.getState().notify({
      tone: 'info',
      text:
        count > 1
          ? 'Select one layer to edit its settings.'
          : 'Select a layer first: Tab to it on the canvas and press Enter, or add one from the layer list.',
    });
    return;
  }
  const from = document.activeElement;
  field.focus();
  if (field instanceof HTMLInputElement) field.select();
  if (!(from instanceof HTMLElement) || from === document.body || from === field) return;

  // Enter or Escape lets the box go (fields.tsx blurs it); only then does focus go back.
  let leaving = false;
  const onKeyDown = (e: KeyboardEvent): void => {
    leaving = e.key === 'Enter' || e.key === 'Escape';
  };
  const onFocusOut = (e: FocusEvent): void => {
    field.removeEventListener('keydown', onKeyDown);
    field.removeEventListener('focusout', onFocusOut);
    // Tab or a click took focus somewhere: it stays there.
    if (!leaving || e.relatedTarget !== null) return;
    // The blur lands first; go back once nothing else took focus.
    setTimeout(() => {
      if ((document.activeElement === document.body || document.activeElement === null) && from.isConnected) from.focus();
    });
  };
  field.addEventListener('keydown', onKeyDown);
  field.addEventListener('focusout', onFocusOut);
}
