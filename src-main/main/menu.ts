import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { menuAccelerator } from '../../src-shared/keymap';
import type { MenuCommand } from '../../src-shared/protocol/app-api';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  recentFiles: readonly string[];
  /** The post's experiments (Help menu), as `preset:<id>` commands. */
  presets: readonly { id: string; title: string }[];
  /** Adds reload and developer tools (never in a packaged build). */
  developer: boolean;
}

export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(filePath: string): void;
  clearRecent(): void;
}

/**
 * The application menu as a plain template: a pure function of the platform and the recent files,
 * so it is tested without Electron. Clicks become `MenuCommand`s; main decides which ones need the
 * unsaved-changes guard before the renderer sees them.
 */
export function buildMenuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  // The id is the command, so tests (and Menu.getMenuItemById) can find and click an item; the
  // accelerator comes from the keymap, which the page's shortcuts read too.
  const item = (label: string, command: MenuCommand): MenuItemConstructorOptions => ({
    id: command,
    label,
    accelerator: menuAccelerator(command, mac ? 'mac' : 'other'),
    click: () => actions.command(command),
  });
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  // `&` marks the Alt-key mnemonic on Windows and Linux; macOS has no mnemonics.
  const top = (label: string): string => (mac ? label : `&${label}`);

  const recent: MenuItemConstructorOptions[] = options.recentFiles.length
    ? [
        ...options.recentFiles.map((filePath) => ({ label: recentLabel(filePath, options.recentFiles), click: () => actions.openRecent(filePath) })),
        separator,
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No Recent Files', enabled: false }];

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      item(`About ${options.appName}`, 'help.about'),
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: top('File'),
    submenu: [
      item('New', 'file.new'),
      item('Open…', 'file.open'),
      { label: 'Open Recent', submenu: recent },
      item('Import Data…', 'file.importData'),
      item('Import ONNX Model…', 'file.importOnnx'),
      separator,
      item('Save', 'file.save'),
      item('Save As…', 'file.saveAs'),
      item('Revert to Saved', 'file.revert'),
      separator,
      {
        label: 'Export',
        submenu: [
          item('Python script (NumPy)…', 'file.exportNumpy'),
          item('Python script (PyTorch)…', 'file.exportTorch'),
          item('ONNX model…', 'file.exportOnnx'),
          item('Data as CSV…', 'file.exportData'),
          separator,
          item('Image…', 'file.exportPng'),
        ],
      },
      separator,
      mac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' },
    ],
  };

  // Edit items go to the renderer: on the canvas they act on the graph (with undo); in a text
  // field preload hands them back to Chromium's native editing.
  const editMenu: MenuItemConstructorOptions = {
    label: top('Edit'),
    submenu: [
      item('Undo', 'edit.undo'),
      item('Redo', 'edit.redo'),
      separator,
      item('Cut', 'edit.cut'),
      item('Copy', 'edit.copy'),
      item('Paste', 'edit.paste'),
      item('Duplicate', 'edit.duplicate'),
      item('Delete', 'edit.delete'),
      separator,
      item('Select All', 'edit.selectAll'),
      item('Layer Settings', 'edit.layerSettings'),
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: top('View'),
    submenu: [
      item('Fit Network to Window', 'view.fit'),
      item('Zoom In', 'view.zoomIn'),
      item('Zoom Out', 'view.zoomOut'),
      item('Tidy Layout', 'view.layout'),
      separator,
      item('Show or Hide Visualizations', 'view.toggleViz'),
      item('Switch Light or Dark Theme', 'view.toggleTheme'),
      separator,
      { role: 'togglefullscreen' },
      ...(options.developer ? [separator, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };

  const trainMenu: MenuItemConstructorOptions = {
    label: top('Train'),
    submenu: [
      item('Start or Pause', 'train.toggle'),
      item('Step', 'train.step'),
      item('Reset Weights', 'train.reset'),
    ],
  };

  const helpMenu: MenuItemConstructorOptions = {
    label: top('Help'),
    role: 'help',
    submenu: [
      {
        label: 'The Post’s Experiments',
        submenu: options.presets.map((p) => item(p.title, `preset:${p.id}`)),
      },
      item('Keyboard Shortcuts', 'help.shortcuts'),
      ...(mac ? [] : [separator, item(`About ${options.appName}`, 'help.about')]),
    ],
  };

  return [
    ...(mac ? [appMenu] : []),
    fileMenu,
    editMenu,
    viewMenu,
    trainMenu,
    ...(mac ? [{ role: 'windowMenu' } as const] : []),
    helpMenu,
  ];
}

/** The file name, plus its folder when two recent files share a name. */
function recentLabel(filePath: string, all: readonly string[]): string {
  const name = path.basename(filePath);
  const clash = all.some((other) => other !== filePath && path.basename(other) === name);
  // Escape & so Windows and Linux do not read it as a mnemonic marker.
  return (clash ? `${name} — ${path.dirname(filePath)}` : name).replace(/&/g, '&&');
}
