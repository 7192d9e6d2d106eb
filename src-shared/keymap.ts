/**
 * Every keyboard shortcut, once. The desktop's native menu takes its accelerators from here and
 * the page its shortcuts (the browser edition has no menu, so the page handles them all), so the
 * two cannot drift apart; a list of shortcuts can be drawn from the same table.
 */
import type { AppCommand } from './protocol/app-api';

export type KeyPlatform = 'mac' | 'other';
/** The desktop app or the browser edition (a link to a design is the browser edition's). */
export type Edition = 'desktop' | 'browser';

export interface KeyBinding {
  command: AppCommand;
  /** `KeyboardEvent.key`: a lower-case letter, a digit, a symbol ('=', '+', '-', '?'), ' ' for Space, or a named key ('Enter'). */
  key: string;
  /** Cmd on macOS, Ctrl elsewhere. */
  mod?: boolean;
  shift?: boolean;
  /** What the shortcut does, for a list of shortcuts. */
  label: string;
  /**
   * Whether the native menu carries it as its item's accelerator: everywhere (true), on one
   * platform only, or nowhere (the page alone handles it). Where the menu carries it, the page
   * leaves it to the menu, so nothing runs twice.
   */
  menu: boolean | KeyPlatform;
  /** Works while typing in a field (file and train commands); edit keys then belong to the field. */
  inFields?: boolean;
  /** Only in this edition (elsewhere it is neither handled nor listed). */
  edition?: Edition;
}

export const KEYMAP: readonly KeyBinding[] = [
  { command: 'file.new', key: 'n', mod: true, label: 'New design', menu: true, inFields: true },
  { command: 'file.open', key: 'o', mod: true, label: 'Open a file', menu: true, inFields: true },
  { command: 'file.save', key: 's', mod: true, label: 'Save', menu: true, inFields: true },
  { command: 'file.saveAs', key: 's', mod: true, shift: true, label: 'Save as a new file', menu: true, inFields: true },
  { command: 'file.exportPng', key: 'e', mod: true, shift: true, label: 'Export a plot as an image', menu: true, inFields: true },
  { command: 'file.copyLink', key: 'k', mod: true, shift: true, label: 'Copy a link that opens this design', menu: false, inFields: true, edition: 'browser' },
  { command: 'edit.undo', key: 'z', mod: true, label: 'Undo', menu: true },
  // Each platform's usual Redo is the menu's; the other one works too.
  { command: 'edit.redo', key: 'z', mod: true, shift: true, label: 'Redo', menu: 'mac' },
  { command: 'edit.redo', key: 'y', mod: true, label: 'Redo', menu: 'other' },
  { command: 'edit.cut', key: 'x', mod: true, label: 'Cut the selected layers', menu: true },
  { command: 'edit.copy', key: 'c', mod: true, label: 'Copy the selected layers', menu: true },
  { command: 'edit.paste', key: 'v', mod: true, label: 'Paste layers', menu: true },
  { command: 'edit.duplicate', key: 'd', mod: true, label: 'Duplicate the selected layers', menu: true },
  { command: 'edit.delete', key: 'Delete', label: 'Delete the selection', menu: 'other' },
  { command: 'edit.delete', key: 'Backspace', label: 'Delete the selection', menu: 'mac' },
  { command: 'edit.selectAll', key: 'a', mod: true, label: 'Select everything', menu: true },
  { command: 'edit.layerSettings', key: 'F2', label: 'Edit the selected layer’s settings (Enter goes back)', menu: true },
  { command: 'view.fit', key: '0', mod: true, label: 'Fit the network to the window', menu: true },
  { command: 'view.zoomIn', key: '=', mod: true, label: 'Zoom in', menu: false },
  // The numeric keypad's +, and layouts where + needs no Shift: a menu item has one accelerator.
  { command: 'view.zoomIn', key: '+', mod: true, label: 'Zoom in', menu: false },
  { command: 'view.zoomOut', key: '-', mod: true, label: 'Zoom out', menu: true },
  { command: 'view.layout', key: 'l', mod: true, label: 'Line the layers up left to right', menu: true },
  { command: 'view.toggleTheme', key: 'l', mod: true, shift: true, label: 'Switch between the light and dark theme', menu: true },
  { command: 'view.toggleViz', key: 'j', mod: true, label: 'Show or hide the visualizations', menu: true },
  { command: 'train.toggle', key: 'Enter', mod: true, label: 'Train, or pause training', menu: true, inFields: true },
  { command: 'train.step', key: 'Enter', mod: true, shift: true, label: 'Step: one update', menu: true, inFields: true },
  { command: 'train.reset', key: 'r', mod: true, shift: true, label: 'Reset the weights', menu: true, inFields: true },
  // Space trains wherever it types or picks nothing: a text box and a list keep it; buttons and
  // layers answer Enter.
  { command: 'train.toggle', key: ' ', label: 'Train, or pause training', menu: false },
  { command: 'help.shortcuts', key: '?', label: 'List the keyboard shortcuts', menu: false },
];

/** A symbol typed without Cmd or Ctrl ('?'): Shift is part of typing it on most layouts, so it does not count. */
const typedSymbol = (b: KeyBinding): boolean => !b.mod && b.key.length === 1 && !/[a-z0-9 ]/.test(b.key);

export const platformOf = (mac: boolean): KeyPlatform => (mac ? 'mac' : 'other');

/** Whether the native menu carries this binding on this platform. */
export function inMenu(binding: KeyBinding, platform: KeyPlatform): boolean {
  return binding.menu === true || binding.menu === platform;
}

/** The binding a key press means, or null; `mod` is Cmd on macOS, Ctrl elsewhere. */
export function bindingFor(event: { key: string; mod: boolean; shift: boolean; alt: boolean }): KeyBinding | null {
  if (event.alt) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return KEYMAP.find((b) => b.key === key && (b.mod ?? false) === event.mod && (typedSymbol(b) || (b.shift ?? false) === event.shift)) ?? null;
}

const ELECTRON_KEYS: Record<string, string> = { '+': 'Plus' };

/**
 * The menu item's accelerator for a command on a platform, in Electron's syntax; undefined when
 * the menu carries no shortcut for it. Bindings for one platform name its key (Cmd, Ctrl), in
 * the order that platform writes them (macOS: Shift before Cmd).
 */
export function menuAccelerator(command: AppCommand, platform: KeyPlatform): string | undefined {
  const binding = KEYMAP.find((b) => b.command === command && inMenu(b, platform));
  if (!binding) return undefined;
  const key = ELECTRON_KEYS[binding.key] ?? (binding.key.length === 1 ? binding.key.toUpperCase() : binding.key);
  const shift = binding.shift ? ['Shift'] : [];
  if (!binding.mod) return [...shift, key].join('+');
  if (binding.menu === 'mac') return [...shift, 'Cmd', key].join('+');
  if (binding.menu === 'other') return ['Ctrl', ...shift, key].join('+');
  return ['CmdOrCtrl', ...shift, key].join('+');
}

const MAC_KEYS: Record<string, string> = { Enter: '↩', Delete: '⌦', Backspace: '⌫' };
const KEY_NAMES: Record<string, string> = { ' ': 'Space' };

/** A binding as people read it: ⇧⌘S on macOS, Ctrl+Shift+S elsewhere. */
export function keyLabel(binding: KeyBinding, platform: KeyPlatform): string {
  const key = KEY_NAMES[binding.key] ?? (binding.key.length === 1 ? binding.key.toUpperCase() : binding.key);
  if (platform === 'mac') return `${binding.shift ? '⇧' : ''}${binding.mod ? '⌘' : ''}${MAC_KEYS[key] ?? key}`;
  return [...(binding.mod ? ['Ctrl'] : []), ...(binding.shift ? ['Shift'] : []), key].join('+');
}

/** A command's shortcut as people read it (the one the menu shows, where it has one), or undefined. */
export function shortcutLabel(command: AppCommand, platform: KeyPlatform): string | undefined {
  const bindings = KEYMAP.filter((b) => b.command === command);
  const shown = bindings.find((b) => inMenu(b, platform)) ?? bindings[0];
  return shown && keyLabel(shown, platform);
}
