/**
 * Table import off the page's main thread: reads the file, parses it (progress as it goes), and
 * keeps the parsed table to answer the import dialog's checks and, on Import, its data card.
 */
import { parseTable, TableError, type ParsedTable } from '../../src-shared/datasets/table/import';
import { cardOf, checkChoice, defaultChoice, tableNameOf, tablePreview } from '../../src-shared/datasets/table/preview';
import type { TableWorkerReply, TableWorkerRequest } from './table-import';

const scope = self as unknown as { onmessage: ((e: MessageEvent<TableWorkerRequest>) => void) | null; postMessage(message: TableWorkerReply): void };

let parsed: ParsedTable | null = null;
let name = 'Table';

/** Progress is sent when it has moved by a percent, not for every few rows. */
function progressReporter(): (share: number) => void {
  let last = -1;
  return (share) => {
    if (share - last < 0.01 && share < 1) return;
    last = share;
    scope.postMessage({ type: 'progress', share });
  };
}

scope.onmessage = (e) => {
  const request = e.data;
  if (request.type === 'read') {
    void (async () => {
      try {
        const text = await request.file.text();
        parsed = parseTable(text, request.fileName, progressReporter());
        name = tableNameOf(request.fileName);
        scope.postMessage({ type: 'read', preview: tablePreview(parsed, request.fileName), choice: defaultChoice(parsed) });
      } catch (error) {
        scope.postMessage({ type: 'failed', message: error instanceof TableError ? error.message : `${request.fileName} could not be read: ${(error as Error).message}` });
      }
    })();
    return;
  }
  if (!parsed) return;
  if (request.type === 'check') scope.postMessage({ type: 'check', id: request.id, check: checkChoice(parsed, name, request.choice) });
  else scope.postMessage({ type: 'card', id: request.id, result: cardOf(parsed, name, request.choice) });
};
