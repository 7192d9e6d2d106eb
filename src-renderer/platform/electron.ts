/**
 * The desktop platform: window.nnd (the preload's AppApi) for files, menus and app state, and a
 * MessagePort straight to the engine utility process for training traffic.
 */
import type { EngineRestart } from '../../src-shared/engine/restart-policy';
import { ENGINE_PORT_MESSAGE, type AppApi } from '../../src-shared/protocol/app-api';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import { Listeners } from './listeners';
import type { EngineConnection, Platform } from './types';

const MAX_WAITING = 100;

/** Commands sent before the first port arrives wait here, so an early `load` is not lost. */
function createPortEngine(api: AppApi): EngineConnection {
  const events = new Listeners<EngineEvent>();
  const restarts = new Listeners<EngineRestart>();
  let port: MessagePort | null = null;
  let waiting: EngineCommand[] = [];

  window.addEventListener('message', (e: MessageEvent) => {
    if (e.source !== window || e.data !== ENGINE_PORT_MESSAGE || !e.ports[0]) return;
    port?.close();
    port = e.ports[0];
    port.onmessage = (m: MessageEvent<EngineEvent>) => events.emit(m.data);
    port.start();
    for (const command of waiting) port.postMessage(command);
    waiting = [];
  });
  /** The old port is dead; commands wait for the new one, which preload posts next. */
  const dropPort = (info: EngineRestart): void => {
    port?.close();
    port = null;
    waiting = [];
    restarts.emit(info);
  };
  api.onEngineRestarted(dropPort);
  api.connectEngine();

  return {
    post(command) {
      if (port) port.postMessage(command);
      else if (waiting.length < MAX_WAITING) waiting.push(command);
    },
    onEvent: (listener) => events.add(listener),
    onRestart: (listener) => restarts.add(listener),
    restart() {
      dropPort({ reason: 'The training engine was restarted.', gaveUp: false });
      api.restartEngine();
    },
  };
}

export function createElectronPlatform(api: AppApi): Platform {
  return {
    kind: 'desktop',
    engine: createPortEngine(api),
    nativeDocumentGuard: true,
    menuHandlesShortcuts: true,
    openFile: () => api.openFile(),
    saveFile: (text, options) => api.saveFile(text, options),
    exportFile: (request) => api.exportFile(request),
    recentFiles: () => api.recentFiles(),
    openRecent: (filePath) => api.openRecent(filePath),
    setDocumentState: (state) => api.setDocumentState(state),
    onFlushRequest: (handler) => api.onFlushRequest(handler),
    confirmDiscardChanges: () => api.confirmDiscardChanges(),
    takeRecovery: () => api.takeRecovery(),
    // Main hands its copy over once per launch and keeps it only while the page reports unsaved work.
    discardRecovery: async () => {},
    onMenuCommand: (listener) => api.onMenuCommand(listener),
    onFileOpened: (listener) => api.onFileOpened(listener),
  };
}
