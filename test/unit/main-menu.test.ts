import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuOptions } from '../../src-main/main/menu';
import { PRESETS } from '../../src-shared/presets';
import { MENU_COMMANDS, type MenuCommand } from '../../src-shared/protocol/app-api';

function build(overrides: Partial<MenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  const recentOpened: string[] = [];
  let cleared = 0;
  const template = buildMenuTemplate(
    { platform: 'linux', appName: 'NN Designer', recentFiles: [], presets: PRESETS, developer: false, ...overrides },
    { command: (c) => sent.push(c), openRecent: (f) => recentOpened.push(f), clearRecent: () => cleared++ },
  );
  return { template, sent, recentOpened, cleared: () => cleared };
}

const submenu = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const top = (template: MenuItemConstructorOptions[], label: string) => template.find((m) => m.label?.replace('&', '') === label);
/** Every item in the tree, depth first. */
const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => items.flatMap((i) => [i, ...flatten(submenu(i))]);
const byLabel = (template: MenuItemConstructorOptions[], label: string) => flatten(template).find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe('application menu template', () => {
  it('has File, Edit, View, Train and Help on Windows and Linux, with Alt mnemonics', () => {
    const { template } = build();
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Train', '&Help']);
  });

  it('on macOS starts with the app menu, adds Window, and uses no mnemonics', () => {
    const { template, sent } = build({ platform: 'darwin' });
    expect(template.map((m) => m.label ?? m.role)).toEqual(['NN Designer', 'File', 'Edit', 'View', 'Train', 'windowMenu', 'Help']);
    click(byLabel(template, 'About NN Designer'));
    expect(sent).toEqual(['help.about']);
    expect(submenu(top(template, 'File')).some((i) => i.role === 'close')).toBe(true);
    expect(byLabel(template, 'Redo')?.accelerator).toBe('Shift+Cmd+Z');
    expect(byLabel(template, 'Delete')?.accelerator).toBe('Backspace');
  });

  it('uses the platform’s usual accelerators elsewhere', () => {
    const { template } = build({ platform: 'win32' });
    const accel = (label: string) => byLabel(template, label)?.accelerator;
    expect(accel('New')).toBe('CmdOrCtrl+N');
    expect(accel('Open…')).toBe('CmdOrCtrl+O');
    expect(accel('Save')).toBe('CmdOrCtrl+S');
    expect(accel('Save As…')).toBe('CmdOrCtrl+Shift+S');
    expect(accel('Undo')).toBe('CmdOrCtrl+Z');
    expect(accel('Redo')).toBe('Ctrl+Y');
    expect(accel('Delete')).toBe('Delete');
    expect(accel('Select All')).toBe('CmdOrCtrl+A');
    expect(submenu(top(template, 'File')).at(-1)).toMatchObject({ role: 'quit', accelerator: 'Ctrl+Q' });
  });

  it('gives each command item its command as id, once (tests click items by id)', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const ids = flatten(build({ platform }).template)
        .map((i) => i.id)
        .filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toContain('train.toggle');
    }
  });

  it('has no accelerator twice', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const accelerators = flatten(build({ platform }).template)
        .map((i) => i.accelerator)
        .filter(Boolean);
      expect(new Set(accelerators).size).toBe(accelerators.length);
    }
  });

  it('sends every menu command the renderer knows, and nothing else', () => {
    const { template, sent } = build();
    for (const item of flatten(template)) if (item.click) click(item);
    const presetCommands = PRESETS.map((p) => `preset:${p.id}`);
    expect(new Set(sent)).toEqual(new Set([...MENU_COMMANDS, ...presetCommands]));
  });

  it('has File → Export with the NumPy and PyTorch scripts, the ONNX model, the data and images', () => {
    const { template, sent } = build();
    const exportMenu = submenu(byLabel(template, 'Export'));
    expect(submenu(top(template, 'File'))).toContain(byLabel(template, 'Export'));
    expect(exportMenu.filter((i) => i.type !== 'separator').map((i) => [i.label, i.id])).toEqual([
      ['Python script (NumPy)…', 'file.exportNumpy'],
      ['Python script (PyTorch)…', 'file.exportTorch'],
      ['ONNX model…', 'file.exportOnnx'],
      ['Data as CSV…', 'file.exportData'],
      ['Image…', 'file.exportPng'],
    ]);
    exportMenu.filter((i) => i.click).forEach(click);
    expect(sent).toEqual(['file.exportNumpy', 'file.exportTorch', 'file.exportOnnx', 'file.exportData', 'file.exportPng']);
  });

  it('lists the post’s four experiments under Help', () => {
    const { template, sent } = build();
    const experiments = submenu(byLabel(template, 'The Post’s Experiments'));
    expect(experiments.map((i) => i.label)).toEqual(PRESETS.map((p) => p.title));
    click(experiments[2]);
    expect(sent).toEqual(['preset:xor-2-4-1']);
  });

  it('Open Recent lists files by name (with the folder when two share a name) and clears', () => {
    const files = ['/home/a/xor.nnd', '/home/b/xor.nnd', '/home/a/R&D.nnd'];
    const { template, recentOpened, cleared } = build({ recentFiles: files });
    const items = submenu(byLabel(template, 'Open Recent'));
    expect(items.slice(0, 3).map((i) => i.label)).toEqual(['xor.nnd — /home/a', 'xor.nnd — /home/b', 'R&&D.nnd']);
    click(items[1]);
    expect(recentOpened).toEqual(['/home/b/xor.nnd']);
    click(items.at(-1));
    expect(cleared()).toBe(1);

    const empty = submenu(byLabel(build().template, 'Open Recent'));
    expect(empty).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (developer: boolean) => flatten(build({ developer }).template).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
