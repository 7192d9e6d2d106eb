/** Imports an ONNX model in a Web Worker of its own, so a large or hostile file never stalls the page. */
import type { ImportedModel } from '../../src-shared/export/onnx-import';

export type OnnxImportResult = { ok: true; imported: ImportedModel } | { ok: false; message: string };

export function importOnnxFile(file: Blob): Promise<OnnxImportResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./onnx-worker.ts', import.meta.url), { type: 'module', name: 'nn-designer-onnx-import' });
    const done = (result: OnnxImportResult): void => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (e: MessageEvent<OnnxImportResult>) => done(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      done({ ok: false, message: `The import stopped: ${e.message || 'its worker failed'}` });
    };
    worker.postMessage(file);
  });
}
