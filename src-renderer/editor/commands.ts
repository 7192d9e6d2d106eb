/**
 * One command set for the native menu, the header's buttons and the keyboard: each command runs
 * the same action whichever way it was given.
 */
import { bindingFor, inMenu, platformOf, shortcutLabel as keyLabelFor, type KeyBinding } from '../../src-shared/keymap';
import type { AppCommand } from '../../src-shared/protocol/app-api';
import { getPlatform } from '../platform';
import { useDesignStore } from '../store/design';
import { useTrainingStore } from '../store/training';
import { useViewStore } from '../store/view';
import { fitView, tidyLayout, zoomIn, zoomOut } from './canvas-control';
import { copyShareLink } from './copy-link';
import { importOnnxModel, newDocument, openDocument, openPreset, saveDocument } from './document-actions';
import { exportDataTable, exportNumpyScript, exportOnnxModel, exportTorchScript } from './export-actions';
import { commitFocusedField, typingInField } from './focused-field';
import { editSelectedLayer } from './layer-settings-focus';
import { pickTableToImport, tableImportOpen } from './table-import';

export interface CommandSource {
  /** The native menu (main already settled unsaved changes before replacing commands). */
  fromMenu?: boolean;
}

export function runCommand(command: AppCommand, source: CommandSource = {}): void {
  // Save, Train… read the stores: a value still being typed must count (a command that arrives
  // while a field has focus, Ctrl+S or a menu accelerator, would otherwise miss it).
  if (/^(file|train)\./.test(command)) commitFocusedField();
  const design = useDesignStore.getState();
  const view = useViewStore.getState();
  const training = useTrainingStore.getState();
  const guarded = source.fromMenu === true && getPlatform().nativeDocumentGuard;
  if (command.startsWith('preset:')) {
    void openPreset(command.slice('preset:'.length), { guarded });
    return;
  }
  switch (command) {
    case 'file.new':
      return void newDocument({ guarded });
    case 'file.open':
      return void openDocument();
    case 'file.save':
      return void saveDocument(false);
    case 'file.saveAs':
      return void saveDocument(true);
    case 'file.revert':
      // The desktop reverts in main (it rereads the file); a browser has no file to go back to.
      view.notify({ tone: 'info', text: 'Revert rereads the file from disk: open it again to go back to the saved version.' });
      return;
    case 'file.copyLink':
      return void copyShareLink();
    case 'file.exportPng':
      view.notify({ tone: 'info', text: 'Each plot has its own PNG and SVG export buttons under Visualizations.' });
      return;
    case 'file.exportNumpy':
      return void exportNumpyScript();
    case 'file.exportOnnx':
      return void exportOnnxModel();
    case 'file.exportTorch':
      return void exportTorchScript();
    case 'file.exportData':
      return void exportDataTable();
    case 'file.importOnnx':
      // The page asks about unsaved work itself, once the model has been read.
      return void importOnnxModel();
    case 'file.importData':
      // Likewise once the table is read and its card chosen.
      return void pickTableToImport();
    case 'edit.undo':
      return design.undo();
    case 'edit.redo':
      return design.redo();
    case 'edit.cut':
      return design.cutSelection();
    case 'edit.copy':
      return design.copySelection();
    case 'edit.paste':
      return design.paste();
    case 'edit.duplicate':
      return design.duplicateSelection();
    case 'edit.delete':
      return design.deleteSelection();
    case 'edit.selectAll':
      return design.selectAll();
    case 'edit.layerSettings':
      return editSelectedLayer();
    case 'view.fit':
      return fitView();
    case 'view.zoomIn':
      return zoomIn();
    case 'view.zoomOut':
      return zoomOut();
    case 'view.layout':
      return tidyLayout();
    case 'view.toggleTheme':
      return view.toggleTheme();
    case 'view.toggleViz':
      return view.toggleViz();
    case 'train.toggle':
      return training.engineState === 'training' ? training.pause() : training.train();
    case 'train.step':
      return training.step();
    case 'train.reset':
      return training.reset();
    case 'help.shortcuts':
      return view.setShortcutsOpen(true);
    case 'help.about':
      return view.setAboutOpen(true);
  }
}

// Keyboard -----------------------------------------------------------------------------------

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const PLATFORM = platformOf(isMac);

/** The shortcut an event means (from the keymap, which the native menu reads too), or null. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): KeyBinding | null {
  return bindingFor({ key: e.key, mod: isMac ? e.metaKey : e.ctrlKey, shift: e.shiftKey, alt: e.altKey });
}

/** A command's shortcut as this platform writes it (⇧⌘S, Ctrl+Shift+S), for tooltips. */
export function shortcutLabel(command: AppCommand): string | undefined {
  return keyLabelFor(command, PLATFORM);
}

/** Whether a dialog is open: it owns Tab, Escape, Space and plain keys (the start screen lets Cmd or Ctrl shortcuts through). */
function dialogOpen(withModifier: boolean): boolean {
  const view = useViewStore.getState();
  return view.discardPrompt !== null || view.problemReport !== null || view.shortcutsOpen || view.aboutOpen || tableImportOpen() || (view.galleryOpen && !withModifier);
}

/**
 * Where Space keeps its own meaning: typing in a text box, opening a list (a select), and in an
 * open menu. Everywhere else (buttons, layers on the canvas, sliders, the page) it trains or
 * pauses; those answer Enter or arrow keys.
 */
function spaceIsTheControls(target: EventTarget | null): boolean {
  if (typingInField(target)) return true;
  return target instanceof Element && target.closest('select, [role="menu"], [role="listbox"]') !== null;
}

/** Listens for the desktop-style shortcuts; returns the function that stops listening. */
export function startShortcuts(): () => void {
  const platform = getPlatform();
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented) return;
    const shortcut = shortcutFor(e);
    if (!shortcut || shortcut.key === ' ') return;
    if (shortcut.edition && shortcut.edition !== platform.kind) return;
    // Holding Ctrl+Z keeps undoing; holding Ctrl+S must not save twenty times.
    if (e.repeat && /^(file|train)\./.test(shortcut.command)) return;
    if (platform.menuHandlesShortcuts && inMenu(shortcut, PLATFORM)) return;
    if (typingInField(e.target) && !shortcut.inFields) return;
    if (dialogOpen(shortcut.mod === true)) return;
    e.preventDefault();
    runCommand(shortcut.command);
  };
  // Space is taken before the focused control sees it (in the capture phase): a focused button
  // would press itself, a layer select itself and the canvas start panning.
  const onSpace = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || shortcutFor(e)?.key !== ' ') return;
    if (spaceIsTheControls(e.target) || dialogOpen(false)) return;
    e.preventDefault();
    e.stopPropagation();
    // A held Space is one press: its repeats are swallowed, or a focused button would press on release.
    if (!e.repeat) runCommand('train.toggle');
  };
  window.addEventListener('keydown', onSpace, true);
  window.addEventListener('keydown', onKeyDown);
  return () => {
    window.removeEventListener('keydown', onSpace, true);
    window.removeEventListener('keydown', onKeyDown);
  };
}
