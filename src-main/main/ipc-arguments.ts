import { EXPORT_EXTENSIONS, type ExportKind, type ExportRequest } from '../../src-shared/protocol/app-api';
import { NATIVE_EDITS, type NativeEdit } from '../../src-shared/protocol/ipc-channels';
import { unsavedWorkFrom } from '../../src-shared/unsaved-work';
import type { DocumentState } from './recovery';

/**
 * Checks for what the page sends over IPC. The page is trusted code, but a bug (or an injected
 * script) must not reach the file system with a malformed request, so shapes are checked here.
 */
const MAX_TEXT = 64 * 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPath = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length < 4096 && !value.includes('\0');

export function documentStateArgument(value: unknown): DocumentState | null {
  if (!isObject(value)) return null;
  const { filePath, dirty, text, unsaved } = value;
  if (!(filePath === null || isPath(filePath)) || typeof dirty !== 'boolean' || typeof text !== 'string' || text.length > MAX_TEXT) return null;
  // What would be lost only words the question: one that is not what it should be asks as before.
  const work = unsaved === undefined || unsaved === null ? null : unsavedWorkFrom(unsaved);
  return { filePath, dirty, text, ...(work ? { unsaved: work } : {}) };
}

export function saveArguments(text: unknown, options: unknown): { text: string; options: { saveAs: boolean; suggestedName?: string } } | null {
  if (typeof text !== 'string' || text.length > MAX_TEXT || !isObject(options) || typeof options.saveAs !== 'boolean') return null;
  const suggestedName = typeof options.suggestedName === 'string' ? options.suggestedName.slice(0, 200) : undefined;
  return { text, options: { saveAs: options.saveAs, suggestedName } };
}

/** An export: a known kind, text or bytes (structured clone delivers a Uint8Array), a name. */
export function exportArgument(value: unknown): ExportRequest | null {
  if (!isObject(value)) return null;
  const { suggestedName, data, kind } = value;
  if (typeof suggestedName !== 'string' || typeof kind !== 'string' || !Object.hasOwn(EXPORT_EXTENSIONS, kind)) return null;
  const sized = (typeof data === 'string' || data instanceof Uint8Array) && data.length <= MAX_TEXT;
  if (!sized) return null;
  return { suggestedName: suggestedName.slice(0, 200), data, kind: kind as ExportKind };
}

export function pathArgument(value: unknown): string | null {
  return isPath(value) ? value : null;
}

export function nativeEditArgument(value: unknown): NativeEdit | null {
  return (NATIVE_EDITS as readonly unknown[]).includes(value) ? (value as NativeEdit) : null;
}
