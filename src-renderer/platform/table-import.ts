/**
 * Reads a table in a Web Worker of its own (both editions), so a large file never stalls the page:
 * the worker reads the picked or dropped file itself, reports its progress, keeps the parsed rows
 * while the import dialog is open and answers its checks; Cancel (or closing) ends the worker.
 */
import type { CardCheck, ImportChoice, TablePreview, cardOf } from '../../src-shared/datasets/table/preview';

export type TableWorkerRequest = { type: 'read'; file: Blob; fileName: string } | { type: 'check' | 'card'; id: number; choice: ImportChoice };

export type CardResult = ReturnType<typeof cardOf>;

export type TableWorkerReply =
  | { type: 'progress'; share: number }
  | { type: 'read'; preview: TablePreview; choice: ImportChoice }
  | { type: 'failed'; message: string }
  | { type: 'check'; id: number; check: CardCheck }
  | { type: 'card'; id: number; result: CardResult };

export type TableRead = { ok: true; preview: TablePreview; choice: ImportChoice } | { ok: false; message: string } | { ok: false; cancelled: true };

export interface TableImportWorker {
  /** The table's preview and the choices to start with, why it cannot be read, or that it was cancelled. */
  read: Promise<TableRead>;
  check(choice: ImportChoice): Promise<CardCheck | null>;
  /** The data card and rows to import (null once cancelled). */
  card(choice: ImportChoice): Promise<CardResult | null>;
  /** Ends the worker (Cancel, or the dialog closed); pending answers resolve to null. */
  close(): void;
}

export function readTableFile(file: Blob, fileName: string, onProgress: (share: number) => void): TableImportWorker {
  const worker = new Worker(new URL('./table-worker.ts', import.meta.url), { type: 'module', name: 'nn-designer-table-import' });
  let closed = false;
  let nextId = 1;
  const waiting = new Map<number, (reply: TableWorkerReply | null) => void>();
  let settleRead: (read: TableRead) => void = () => {};
  const read = new Promise<TableRead>((resolve) => (settleRead = resolve));
  const close = (): void => {
    if (closed) return;
    closed = true;
    worker.terminate();
    settleRead({ ok: false, cancelled: true });
    for (const answer of waiting.values()) answer(null);
    waiting.clear();
  };
  worker.onmessage = (e: MessageEvent<TableWorkerReply>) => {
    const reply = e.data;
    if (reply.type === 'progress') onProgress(reply.share);
    else if (reply.type === 'read') settleRead({ ok: true, preview: reply.preview, choice: reply.choice });
    else if (reply.type === 'failed') settleRead({ ok: false, message: reply.message });
    else {
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    settleRead({ ok: false, message: `The import stopped: ${e.message || 'its worker failed'}` });
    close();
  };
  const ask = (type: 'check' | 'card', choice: ImportChoice): Promise<TableWorkerReply | null> => {
    if (closed) return Promise.resolve(null);
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ type, id, choice } satisfies TableWorkerRequest);
    });
  };
  worker.postMessage({ type: 'read', file, fileName } satisfies TableWorkerRequest);
  return {
    read,
    check: async (choice) => {
      const reply = await ask('check', choice);
      return reply?.type === 'check' ? reply.check : null;
    },
    card: async (choice) => {
      const reply = await ask('card', choice);
      return reply?.type === 'card' ? reply.result : null;
    },
    close,
  };
}
