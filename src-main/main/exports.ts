/**
 * Exports from the document window (File → Export): ask where, then write the NumPy script or the
 * ONNX model atomically. The dialog is injected, so this runs (and is tested) without Electron.
 */
import path from 'node:path';
import { EXPORT_EXTENSIONS, type ExportKind, type ExportRequest } from '../../src-shared/protocol/app-api';
import { leftoverNotes, writeFileAtomic } from '../node/atomic-write';
import { withExtension } from './save-path';

/** The Save dialog for one kind of export; `suggestedPath` is a file name or a full path. */
export type ChooseExportPath = (kind: ExportKind, suggestedPath: string) => Promise<string | null>;

export interface ExportTarget {
  choosePath: ChooseExportPath;
  /** The open document's file, if saved: the export is suggested beside it. */
  documentPath: string | null;
  /** Asked when the extension had to be added and that file exists (the dialog did not check it). */
  confirmOverwrite(filePath: string): Promise<boolean>;
  /** What the write found of interrupted earlier saves (see atomic-write.ts). */
  tellAboutLeftovers?(notes: string[]): Promise<void>;
}

/** Writes an export where the user chooses; null when the dialog was cancelled. */
export async function exportToFile(request: ExportRequest, target: ExportTarget): Promise<{ filePath: string } | null> {
  const extension = EXPORT_EXTENSIONS[request.kind];
  const name = exportFileName(request.suggestedName, extension);
  const suggested = target.documentPath ? path.join(path.dirname(target.documentPath), name) : name;
  const chosen = await target.choosePath(request.kind, suggested);
  if (!chosen) return null;
  // A name typed without an extension gets the export's; one typed with another is respected.
  const filePath = await withExtension(chosen, extension, target.confirmOverwrite);
  if (!filePath) return null;
  const leftovers = await writeFileAtomic(filePath, request.data);
  const notes = leftoverNotes(filePath, leftovers);
  if (notes.length) await target.tellAboutLeftovers?.(notes);
  return { filePath };
}

/** The document's name with the export's extension; characters no file system accepts become dashes. */
export function exportFileName(suggestedName: string, extension: string): string {
  const base = suggestedName.replace(/[\\/:*?"<>|]+/g, '-').trim() || 'Untitled';
  return base.toLowerCase().endsWith(extension) ? base : base + extension;
}
