/**
 * The browser edition's platform: the engine in a Web Worker, files through the file picker and
 * downloads, recent files and an autosave copy in localStorage. No native menu: the page's own
 * buttons and shortcuts do everything.
 */
import { parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { FILE_EXTENSION } from '../../src-shared/experiment/schema';
import { EXPORT_EXTENSIONS, type ExportKind, type MenuCommand, type OpenedFile } from '../../src-shared/protocol/app-api';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import { downloadBlob, fileNameFor } from './download';
import { Listeners } from './listeners';
import type { EngineConnection, Platform, Recovery } from './types';

const RECENT_KEY = 'nnd.recent';
const AUTOSAVE_KEY = 'nnd.autosave';
/** Copies offered back to the user, newest first, until restored or discarded. */
const RECOVERY_KEY = 'nnd.recovery';
const MAX_RECOVERIES = 3;
const MAX_RECENT = 8;
/** localStorage holds about 5 MB per site: big trained files are not worth evicting the rest for. */
const MAX_STORED_CHARS = 1_000_000;
const AUTOSAVE_DELAY_MS = 1000;
/** A second crash within this long after a restart is not retried automatically. */
const CRASH_LOOP_MS = 5000;

function createWorkerEngine(): EngineConnection {
  const events = new Listeners<EngineEvent>();
  const restarts = new Listeners<{ reason: string; gaveUp: boolean }>();
  let worker: Worker | null = null;
  let startedAt = 0;

  const start = (): void => {
    worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'nn-designer-engine' });
    startedAt = Date.now();
    worker.onmessage = (e: MessageEvent<EngineEvent>) => events.emit(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      worker?.terminate();
      worker = null;
      const gaveUp = Date.now() - startedAt < CRASH_LOOP_MS;
      if (!gaveUp) start();
      restarts.emit({ reason: `The training engine stopped unexpectedly (${e.message || 'an error in its worker'}).`, gaveUp });
    };
  };
  start();

  return {
    post(command: EngineCommand) {
      worker?.postMessage(command);
    },
    onEvent: (listener) => events.add(listener),
    onRestart: (listener) => restarts.add(listener),
    restart() {
      worker?.terminate();
      start();
      restarts.emit({ reason: 'The training engine was restarted.', gaveUp: false });
    },
  };
}

/** Reads and checks a file's text the way main does on the desktop. */
export function openedFromText(filePath: string, text: string): OpenedFile {
  const parsed = parseExperiment(text);
  if (!parsed.ok) return { ok: false, filePath, problems: parsed.problems };
  return {
    ok: true,
    filePath,
    text: serializeExperiment(parsed.experiment),
    ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}),
  };
}

function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.nnd,.json,application/json';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}

const MIME_TYPES: Record<ExportKind, string> = { numpy: 'text/x-python', onnx: 'application/octet-stream', torch: 'text/x-python' };

interface StoredFile {
  name: string;
  text: string;
}

function readJson<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/** False when it could not be written. */
function writeJson(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    // Quota exceeded or storage disabled: remembering is a convenience, never a requirement.
    return false;
  }
}

function remember(name: string, text: string): void {
  const recent = (readJson<StoredFile[]>(RECENT_KEY) ?? []).filter((f) => f.name !== name);
  if (text.length <= MAX_STORED_CHARS) recent.unshift({ name, text });
  writeJson(RECENT_KEY, recent.slice(0, MAX_RECENT));
}

export function createBrowserPlatform(): Platform {
  const fileOpened = new Listeners<OpenedFile>();
  let autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  let latest: { filePath: string | null; dirty: boolean; text: string } | null = null;
  let leftoverTaken = false;

  const writeAutosave = (): void => {
    autosaveTimer = undefined;
    if (!latest) return;
    if (!latest.dirty || latest.text.length > MAX_STORED_CHARS) {
      localStorage.removeItem(AUTOSAVE_KEY);
      return;
    }
    const recovery: Recovery = { text: latest.text, filePath: latest.filePath, savedAt: new Date().toISOString() };
    writeJson(AUTOSAVE_KEY, recovery);
  };

  // Dropping a file onto the window opens it, as it would on the desktop.
  window.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  window.addEventListener('drop', (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void file.text().then((text) => {
      const opened = openedFromText(file.name, text);
      if (opened.ok) remember(file.name, text);
      fileOpened.emit(opened);
    });
  });
  window.addEventListener('pagehide', () => {
    if (autosaveTimer !== undefined) {
      clearTimeout(autosaveTimer);
      writeAutosave();
    }
  });

  return {
    kind: 'browser',
    engine: createWorkerEngine(),
    nativeDocumentGuard: false,
    menuHandlesShortcuts: false,
    async openFile() {
      const file = await pickFile();
      if (!file) return null;
      const text = await file.text();
      const opened = openedFromText(file.name, text);
      if (opened.ok) remember(file.name, text);
      return opened;
    },
    async saveFile(text, options) {
      const name = fileNameFor(options.suggestedName, FILE_EXTENSION);
      downloadBlob(new Blob([text], { type: 'application/json' }), name);
      remember(name, text);
      return { filePath: name };
    },
    async exportFile({ suggestedName, data, kind }) {
      const name = fileNameFor(suggestedName, EXPORT_EXTENSIONS[kind]);
      // A copy: Blob takes only bytes on a plain ArrayBuffer, and the type of ours cannot promise that.
      downloadBlob(new Blob([typeof data === 'string' ? data : data.slice()], { type: MIME_TYPES[kind] }), name);
      return { filePath: name };
    },
    async recentFiles() {
      return (readJson<StoredFile[]>(RECENT_KEY) ?? []).map((f) => f.name);
    },
    async openRecent(name) {
      const file = (readJson<StoredFile[]>(RECENT_KEY) ?? []).find((f) => f.name === name);
      if (!file) return { ok: false, filePath: name, problems: [{ path: '(file)', message: 'This file is no longer in the recent list.' }] };
      return openedFromText(name, file.text);
    },
    setDocumentState(state) {
      latest = state;
      if (autosaveTimer === undefined) autosaveTimer = setTimeout(writeAutosave, AUTOSAVE_DELAY_MS);
    },
    onFlushRequest() {
      return () => {}; // nothing outside the page decides about its unsaved work
    },
    async confirmDiscardChanges() {
      return true; // the page asks itself (nativeDocumentGuard is false)
    },
    async takeRecovery() {
      // The last session's copy moves to the offered ones (this session autosaves in its place);
      // once per page, so this session's own autosave is never offered back to it.
      const left = leftoverTaken ? null : readJson<Recovery>(AUTOSAVE_KEY);
      leftoverTaken = true;
      const offered = (readJson<Recovery[]>(RECOVERY_KEY) ?? []).filter((r) => r && typeof r.text === 'string');
      if (left && typeof left.text === 'string') {
        offered.unshift(left);
        // Never the only copy gone: the autosave goes only once the move is written.
        if (writeJson(RECOVERY_KEY, offered.slice(0, MAX_RECOVERIES))) localStorage.removeItem(AUTOSAVE_KEY);
      }
      return offered[0] ?? null;
    },
    async discardRecovery(recovery) {
      const offered = readJson<Recovery[]>(RECOVERY_KEY) ?? [];
      writeJson(RECOVERY_KEY, offered.filter((r) => r.savedAt !== recovery.savedAt || r.text !== recovery.text));
    },
    onMenuCommand(_listener: (command: MenuCommand) => void) {
      return () => {}; // no native menu in a browser
    },
    onFileOpened: (listener) => fileOpened.add(listener),
  };
}
