/**
 * One keymap for the native menu and the page (src-shared/keymap.ts): every accelerator the menu
 * shows is a keymap binding the menu is said to carry, every such binding is in the menu, and
 * the page's shortcut handler reads the same key as the same command.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate } from '../../src-main/main/menu';
import { inMenu, KEYMAP, keyLabel, menuAccelerator, shortcutLabel, type KeyPlatform } from '../../src-shared/keymap';
import { PRESETS } from '../../src-shared/presets';
import { MENU_COMMANDS, PAGE_COMMANDS } from '../../src-shared/protocol/app-api';

vi.mock('../../src-renderer/platform', () => ({ getPlatform: () => ({}) }));
const { shortcutFor } = await import('../../src-renderer/editor/commands');

const PLATFORMS: { os: NodeJS.Platform; keys: KeyPlatform }[] = [
  { os: 'darwin', keys: 'mac' },
  { os: 'linux', keys: 'other' },
  { os: 'win32', keys: 'other' },
];

const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((i) => [i, ...flatten((i.submenu ?? []) as MenuItemConstructorOptions[])]);

/** The menu's command items and their accelerators on a platform. */
function menuAccelerators(os: NodeJS.Platform): Map<string, string> {
  const template = buildMenuTemplate(
    { platform: os, appName: 'NN Designer', recentFiles: [], presets: PRESETS, developer: false },
    { command: () => {}, openRecent: () => {}, clearRecent: () => {} },
  );
  return new Map(flatten(template).flatMap((i) => (i.id && typeof i.accelerator === 'string' ? [[i.id, i.accelerator]] : [])));
}

/** An Electron accelerator as the key press it stands for (mod: Cmd on macOS, Ctrl elsewhere). */
function pressOf(accelerator: string): { key: string; mod: boolean; shift: boolean } {
  const parts = accelerator.split('+');
  const last = parts.pop() as string;
  const key = last === 'Plus' ? '+' : last.length === 1 ? last.toLowerCase() : last;
  return { key, mod: parts.some((p) => ['CmdOrCtrl', 'Cmd', 'Ctrl', 'Command', 'Control'].includes(p)), shift: parts.includes('Shift') };
}

/** The page's reading of a key press; Node has no Mac navigator, so mod is Ctrl here. */
const pageCommand = (press: { key: string; mod: boolean; shift: boolean }) =>
  shortcutFor({ key: press.key, ctrlKey: press.mod, metaKey: false, shiftKey: press.shift, altKey: false })?.command ?? null;

describe('keymap', () => {
  it('names only commands the app has, and each key press once', () => {
    const known = new Set<string>([...MENU_COMMANDS, ...PAGE_COMMANDS]);
    for (const b of KEYMAP) expect(known.has(b.command), b.command).toBe(true);
    const presses = KEYMAP.map((b) => `${b.mod ? 'mod+' : ''}${b.shift ? 'shift+' : ''}${b.key}`);
    expect(new Set(presses).size).toBe(presses.length);
  });

  it('is where every menu accelerator comes from, on every platform', () => {
    for (const { os, keys } of PLATFORMS) {
      const menu = menuAccelerators(os);
      for (const [command, accelerator] of menu) {
        const press = pressOf(accelerator);
        const binding = KEYMAP.find((b) => b.command === command && b.key === press.key && (b.mod ?? false) === press.mod && (b.shift ?? false) === press.shift);
        expect(binding, `${os}: ${command} ${accelerator}`).toBeDefined();
        expect(binding && inMenu(binding, keys), `${os}: ${command} ${accelerator}`).toBe(true);
      }
      // A binding said to be in the menu is in the menu (or the page would leave it to no one).
      for (const b of KEYMAP.filter((b) => inMenu(b, keys))) {
        expect(menu.get(b.command), `${os}: ${b.command}`).toBe(menuAccelerator(b.command, keys));
        expect(pressOf(menu.get(b.command) ?? '')).toEqual({ key: b.key, mod: b.mod ?? false, shift: b.shift ?? false });
      }
    }
  });

  it('the page reads every binding, and every menu accelerator, as the same command', () => {
    for (const b of KEYMAP) expect(pageCommand({ key: b.key, mod: b.mod ?? false, shift: b.shift ?? false })).toBe(b.command);
    // Letters arrive in either case (Caps Lock, Shift).
    expect(pageCommand({ key: 'S', mod: true, shift: true })).toBe('file.saveAs');
    for (const { os } of PLATFORMS) {
      for (const [command, accelerator] of menuAccelerators(os)) expect(pageCommand(pressOf(accelerator)), `${os}: ${accelerator}`).toBe(command);
    }
  });

  it('edits the selected layer with F2 from the Edit menu, and copies a link in the browser edition only', () => {
    for (const { os, keys } of PLATFORMS) {
      expect(menuAccelerators(os).get('edit.layerSettings'), os).toBe('F2');
      expect(menuAccelerator('edit.layerSettings', keys)).toBe('F2');
      // A link opens the browser edition at its own address: the desktop's menu has no such item.
      expect(menuAccelerators(os).has('file.copyLink'), os).toBe(false);
    }
    const copyLink = KEYMAP.filter((b) => b.command === 'file.copyLink');
    expect(copyLink).toEqual([expect.objectContaining({ key: 'k', mod: true, shift: true, menu: false, edition: 'browser', inFields: true })]);
    expect(shortcutLabel('file.copyLink', 'other')).toBe('Ctrl+Shift+K');
    expect(shortcutLabel('edit.layerSettings', 'mac')).toBe('F2');
  });

  it('keeps the platforms’ usual accelerators', () => {
    expect(menuAccelerator('edit.redo', 'mac')).toBe('Shift+Cmd+Z');
    expect(menuAccelerator('edit.redo', 'other')).toBe('Ctrl+Y');
    expect(menuAccelerator('edit.delete', 'mac')).toBe('Backspace');
    expect(menuAccelerator('edit.delete', 'other')).toBe('Delete');
    expect(menuAccelerator('file.saveAs', 'other')).toBe('CmdOrCtrl+Shift+S');
    expect(menuAccelerator('help.about', 'other')).toBeUndefined();
  });

  it('writes shortcuts the way each platform shows them, for tooltips and a list of shortcuts', () => {
    expect(shortcutLabel('file.saveAs', 'mac')).toBe('⇧⌘S');
    expect(shortcutLabel('file.saveAs', 'other')).toBe('Ctrl+Shift+S');
    expect(shortcutLabel('edit.redo', 'mac')).toBe('⇧⌘Z');
    expect(shortcutLabel('edit.redo', 'other')).toBe('Ctrl+Y');
    expect(shortcutLabel('train.toggle', 'mac')).toBe('⌘↩');
    expect(shortcutLabel('help.about', 'mac')).toBeUndefined();
    // Every binding has a label to list it by, and reads as keys on both platforms.
    for (const b of KEYMAP) {
      expect(b.label.length).toBeGreaterThan(0);
      expect(keyLabel(b, 'mac')).not.toBe('');
      expect(keyLabel(b, 'other')).not.toBe('');
    }
  });
});
