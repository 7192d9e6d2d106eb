import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import type { ExportKind } from '../../src-shared/protocol/app-api';
import type { ChooseExportPath } from './exports';

const DIALOGS: Record<ExportKind, { title: string; filters: FileFilter[] }> = {
  numpy: { title: 'Export Python Script (NumPy)', filters: [{ name: 'Python scripts', extensions: ['py'] }] },
  onnx: { title: 'Export ONNX Model', filters: [{ name: 'ONNX models', extensions: ['onnx'] }] },
  torch: { title: 'Export Python Script (PyTorch)', filters: [{ name: 'Python scripts', extensions: ['py'] }] },
  csv: { title: 'Export Data as CSV', filters: [{ name: 'CSV tables', extensions: ['csv'] }] },
};

/** The export Save dialog, as a sheet of the document window. */
export function electronExportDialog(window: BrowserWindow): ChooseExportPath {
  return async (kind, suggestedPath) => {
    const { title, filters } = DIALOGS[kind];
    const result = await dialog.showSaveDialog(window, {
      title,
      defaultPath: suggestedPath,
      filters: [...filters, { name: 'All files', extensions: ['*'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
