import { BrowserWindow } from 'electron';
import type { AppInfo } from '../../src-shared/protocol/app-api';
import { appInfoArgument } from '../../src-shared/protocol/ipc-channels';

export interface WindowOptions {
  preload: string;
  url: string;
  info: AppInfo;
  icon?: string;
}

/** The document window: sandboxed, context-isolated, no Node in the page, shown once painted. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: options.info.name,
    icon: options.icon,
    backgroundColor: '#1e1e24',
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would otherwise try to open links in new windows (denied anyway, see web-security.ts).
      disableBlinkFeatures: 'Auxclick',
      additionalArguments: [appInfoArgument(options.info)],
    },
  });
  // The title is the document's (set by main), not the page's <title>.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
