/**
 * Files dropped onto the window: a table (.csv, .tsv, .txt, or a .json list of rows) opens the
 * import dialog; an experiment file opens as File → Open would, where the platform can open a
 * dropped file (the browser edition).
 */
import { getPlatform } from '../platform';
import { useViewStore } from '../store/view';
import { applyOpenedFile } from './document-actions';
import { importTableFile, TABLE_FILE_NAME } from './table-import';

/** Bytes looked at to tell a JSON table (a list) from an experiment file (an object). */
const SNIFF_BYTES = 512;

async function isTable(file: File): Promise<boolean> {
  if (TABLE_FILE_NAME.test(file.name)) return true;
  if (!/\.json$/i.test(file.name)) return false;
  const head = await file.slice(0, SNIFF_BYTES).text();
  return head.replace(/^\ufeff/, '').trimStart().startsWith('[');
}

async function openDropped(file: File): Promise<void> {
  if (await isTable(file)) return importTableFile(file);
  const platform = getPlatform();
  if (!platform.openDroppedFile) {
    useViewStore.getState().notify({ tone: 'info', text: `To open ${file.name}, use File → Open…. Tables (.csv, .tsv, .json) can be dropped here.` });
    return;
  }
  await applyOpenedFile(await platform.openDroppedFile(file), { guarded: platform.nativeDocumentGuard });
}

/** Listens for dropped files; returns the function that stops listening. */
export function startFileDrop(): () => void {
  const onDragOver = (e: DragEvent): void => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };
  const onDrop = (e: DragEvent): void => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void openDropped(file);
  };
  window.addEventListener('dragover', onDragOver);
  window.addEventListener('drop', onDrop);
  return () => {
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('drop', onDrop);
  };
}
