/**
 * ONNX import off the page's main thread, in both editions: the worker reads the picked file
 * itself (the page never holds its bytes) and sends back the design and weights, or why not.
 */
import { importOnnx } from '../../src-shared/export/onnx-import';
import type { OnnxImportResult } from './onnx-import';

const scope = self as unknown as { onmessage: ((e: MessageEvent<Blob>) => void) | null; postMessage(message: OnnxImportResult, transfer: Transferable[]): void };

scope.onmessage = (e) => {
  void (async () => {
    let result: OnnxImportResult;
    try {
      result = { ok: true, imported: importOnnx(new Uint8Array(await e.data.arrayBuffer())) };
    } catch (error) {
      result = { ok: false, message: (error as Error).message };
    }
    // The weights move to the page instead of being copied.
    const transfer = result.ok ? result.imported.parameters.flatMap((p) => [p.W.buffer, p.b.buffer]) : [];
    scope.postMessage(result, transfer);
  })();
};
