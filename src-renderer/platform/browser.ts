/**
 * The browser edition's platform: the engine in a Web Worker, files through the file picker and
 * downloads, recent files and an autosave copy in localStorage. No native menu: the page's own
 * buttons and shortcuts do everything.
 */
import { parseExperiment, parseExperimentBytes, serializeExperiment } from '../../src-shared/experiment';
import { fileTooLarge, WHOLE_FILE } from '../../src-shared/experiment/problems';
import { FILE_EXTENSION, LIMITS } from '../../src-shared/experiment/schema';
import { isLessonPath, openedLesson } from '../../src-shared/lessons/open';
import { LESSON_EXTENSION } from '../../src-shared/lessons/schema';
import { EXPORT_EXTENSIONS, type DocumentReport, type ExportKind, type MenuCommand, type OpenedFile } from '../../src-shared/protocol/app-api';
import { EngineHost, type EngineProcess } from '../../src-shared/engine/engine-host';
import { workloadNote, type EngineRestart } from '../../src-shared/engine/restart-policy';
import { isEdited } from '../../src-shared/unsaved-work';
import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import { downloadBlob, fileNameFor } from './download';
import { Listeners } from './listeners';
import type { EngineConnection, Platform, Recovery } from './types';

const RECENT_KEY = 'nnd.recent';
const AUTOSAVE_KEY = 'nnd.autosave';
/** Copies offered back to the user, newest first, until restored or discarded. */
const RECOVERY_KEY = 'nnd.recovery';
const MAX_RECOVERIES = 3;
/** The autosave this tab wrote last (session storage lives as long as the tab): after a reload it is the page's own work. */
const OWN_AUTOSAVE_KEY = 'nnd.autosaved-at';
const MAX_RECENT = 8;
/** localStorage holds about 5 MB per site: big trained files are not worth evicting the rest for. */
const MAX_STORED_CHARS = 1_000_000;
const AUTOSAVE_DELAY_MS = 1000;
const MAX_WAITING = 100;
function createWorkerEngine(): EngineConnection {
  const events = new Listeners<EngineEvent>();
  const restarts = new Listeners<EngineRestart>();
  let worker: Worker | null = null;
  /** Commands sent between a crash and the new worker (the page loads its run again at once); none after giving up. */
  let waiting: EngineCommand[] | null = null;
  let reportWorkload: ((key: string) => void) | null = null;

  /** Every command reaches the engine here, so the host learns what it starts on (for the same-design rule). */
  const send = (target: Worker, command: EngineCommand): void => {
    const note = workloadNote(command);
    if (note) reportWorkload?.(note.key);
    target.postMessage(command);
  };

  // The desktop's host and restart policy, with a Web Worker for the process.
  const host = new EngineHost<Worker>({
    spawn: () => {
      const spawned = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'nn-designer-engine' });
      let exited: ((how: string) => void) | null = null;
      spawned.onerror = (e) => {
        e.preventDefault();
        spawned.terminate();
        exited?.(e.message ? `an error in its worker: ${e.message}` : 'an error in its worker');
      };
      const process: EngineProcess = {
        pid: undefined,
        kill: () => spawned.terminate(),
        onExit: (listener) => void (exited = listener),
        onWorkload: (listener) => void (reportWorkload = listener),
      };
      return { process, rendererPort: spawned };
    },
    deliverPort: (next) => {
      worker = next;
      next.onmessage = (e: MessageEvent<EngineEvent>) => events.emit(e.data);
      for (const command of waiting ?? []) send(next, command);
      waiting = null;
    },
    notifyRestart: (info) => {
      // The old worker is dead either way; a new one follows unless the host gave up.
      worker = null;
      waiting = info.gaveUp ? null : [];
      restarts.emit(info);
    },
  });
  host.start();

  return {
    post(command: EngineCommand) {
      if (worker) send(worker, command);
      else if (waiting && waiting.length < MAX_WAITING) waiting.push(command);
    },
    onEvent: (listener) => events.add(listener),
    onRestart: (listener) => restarts.add(listener),
    restart() {
      host.start();
      restarts.emit({ reason: 'The training engine was restarted.', gaveUp: false });
    },
  };
}

/** Reads and checks a file's text (or bytes) the way main does on the desktop. */
export function openedFromText(filePath: string, text: string | Uint8Array): OpenedFile {
  if (isLessonPath(filePath)) return openedLesson(filePath, text);
  const parsed = typeof text === 'string' ? parseExperiment(text) : parseExperimentBytes(text);
  if (!parsed.ok) return { ok: false, filePath, problems: parsed.problems };
  return {
    ok: true,
    filePath,
    text: serializeExperiment(parsed.experiment),
    ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}),
  };
}

/** A picked or dropped file: its size is checked before it is read (a huge one would not even fit in a string). */
async function openedFromFile(file: Blob, name: string): Promise<OpenedFile> {
  if (file.size > LIMITS.fileBytes) return { ok: false, filePath: name, problems: [fileTooLarge(file.size, LIMITS.fileBytes)] };
  return openedFromText(name, new Uint8Array(await file.arrayBuffer()));
}

/** The route the preview server offers the file `npm start -- file.nnd` named (scripts/web-open-file.ts). */
const OPEN_FILE_ROUTE = '__open/';

/** `?open=<name>`: the file named on the command line, fetched from the preview server. */
async function openedFromCommandLine(name: string): Promise<OpenedFile> {
  const fail = (message: string): OpenedFile => ({ ok: false, filePath: name, problems: [{ path: WHOLE_FILE, message }] });
  try {
    const download = new AbortController();
    const response = await fetch(new URL(OPEN_FILE_ROUTE + encodeURIComponent(name), document.baseURI), { cache: 'no-store', signal: download.signal });
    const size = Number(response.headers.get('Content-Length'));
    if (response.ok && size > LIMITS.fileBytes) {
      download.abort(); // said by its length, never fetched
      return { ok: false, filePath: name, problems: [fileTooLarge(size, LIMITS.fileBytes)] };
    }
    if (!response.ok) return fail(`The file named on the command line could not be read (${(await response.text()) || `HTTP ${response.status}`}).`);
    return await openedFromFile(await response.blob(), name);
  } catch (e) {
    return fail(`The file named on the command line could not be read (${(e as Error).message}).`);
  }
}

function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = `.nnd,${LESSON_EXTENSION},.json,application/json`;
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

const MIME_TYPES: Record<ExportKind, string> = { numpy: 'text/x-python', onnx: 'application/octet-stream', torch: 'text/x-python', csv: 'text/csv' };

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

function ownAutosave(): string | null {
  try {
    return sessionStorage.getItem(OWN_AUTOSAVE_KEY);
  } catch {
    return null;
  }
}

function rememberOwnAutosave(savedAt: string | null): void {
  try {
    if (savedAt === null) sessionStorage.removeItem(OWN_AUTOSAVE_KEY);
    else sessionStorage.setItem(OWN_AUTOSAVE_KEY, savedAt);
  } catch {
    // not remembered: after a reload the copy is offered like any other
  }
}

function remember(name: string, text: string): void {
  const recent = (readJson<StoredFile[]>(RECENT_KEY) ?? []).filter((f) => f.name !== name);
  if (text.length <= MAX_STORED_CHARS) recent.unshift({ name, text });
  writeJson(RECENT_KEY, recent.slice(0, MAX_RECENT));
}

export function createBrowserPlatform(): Platform {
  const fileOpened = new Listeners<OpenedFile>();
  // Files opened before the page listens (the command line's, fetched at start) wait here.
  const unheard: OpenedFile[] = [];
  const announce = (opened: OpenedFile): void => {
    if (fileOpened.size === 0) unheard.push(opened);
    else fileOpened.emit(opened);
  };
  let autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  let latest: DocumentReport | null = null;
  let leftoverTaken = false;

  const writeAutosave = (): void => {
    autosaveTimer = undefined;
    if (!latest) return;
    if (!latest.dirty || latest.text.length > MAX_STORED_CHARS) {
      localStorage.removeItem(AUTOSAVE_KEY);
      rememberOwnAutosave(null);
      return;
    }
    const recovery: Recovery = { text: latest.text, filePath: latest.filePath, savedAt: new Date().toISOString(), edited: latest.unsaved ? isEdited(latest.unsaved) : true };
    if (writeJson(AUTOSAVE_KEY, recovery)) rememberOwnAutosave(recovery.savedAt);
  };

  const named = new URLSearchParams(window.location.search).get('open');
  if (named) {
    // Once: a reload (or a link shared from here) does not open it again over later work.
    window.history.replaceState(null, '', window.location.pathname + window.location.hash);
    void openedFromCommandLine(named).then(announce);
  }
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
      const opened = await openedFromFile(file, file.name);
      if (opened.ok) remember(file.name, opened.text);
      return opened;
    },
    async openDroppedFile(file) {
      const opened = await openedFromFile(file, file.name);
      if (opened.ok) remember(file.name, opened.text);
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
        // Written by this tab before a reload (another tab's would carry another time).
        if (left.savedAt === ownAutosave()) return { ...left, thisPage: true };
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
    onFileOpened: (listener) => {
      const remove = fileOpened.add(listener);
      for (const opened of unheard.splice(0)) listener(opened);
      return remove;
    },
  };
}
