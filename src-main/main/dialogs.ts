import path from 'node:path';
import { dialog, type BrowserWindow, type FileFilter, type MessageBoxOptions } from 'electron';
import { discardQuestion } from '../../src-shared/unsaved-work';
import type { FileDialogs, SaveChoice } from './files';

const FILTERS: FileFilter[] = [
  { name: 'NN Designer experiments', extensions: ['nnd'] },
  { name: 'All files', extensions: ['*'] },
];
/** Open also takes lessons (saving writes experiments only). */
const OPEN_FILTERS: FileFilter[] = [{ name: 'NN Designer experiments and lessons', extensions: ['nnd', 'nndlesson'] }, ...FILTERS];

/** A question as a sheet of the window; the index of the button chosen. */
async function ask(window: BrowserWindow, question: Omit<MessageBoxOptions, 'noLink'>): Promise<number> {
  // noLink: on Windows, keep every choice a plain button rather than a command link.
  const { response } = await dialog.showMessageBox(window, { ...question, noLink: true });
  return response;
}

/** The native dialogs, as sheets of the document window. */
export function electronDialogs(window: BrowserWindow): FileDialogs {
  return {
    async chooseFileToOpen() {
      const result = await dialog.showOpenDialog(window, { title: 'Open Experiment', properties: ['openFile'], filters: OPEN_FILTERS });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSavePath(suggestedPath) {
      const result = await dialog.showSaveDialog(window, {
        title: 'Save Experiment',
        defaultPath: suggestedPath,
        filters: FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async askToSaveChanges(documentName, work) {
      const choices: SaveChoice[] = ['save', 'discard', 'cancel'];
      // The page's question in the page's words: what would be lost, and Save first.
      const { message, detail } = discardQuestion(documentName, work);
      const response = await ask(window, { type: 'warning', buttons: ['Save', 'Don’t Save', 'Cancel'], defaultId: 0, cancelId: 2, message, detail });
      return choices[response] ?? 'cancel';
    },
    async confirmRevert(documentName) {
      const response = await ask(window, {
        type: 'warning',
        buttons: ['Revert', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `Revert ${documentName} to the saved version?`,
        detail: 'Your unsaved changes will be lost.',
      });
      return response === 0;
    },
    confirmOverwrite: (filePath) => confirmReplace(window, filePath),
    tellAboutLeftovers: (notes) => tellAboutLeftovers(window, notes),
  };
}

/** After a save: the temporary files interrupted saves had left beside the file, removed or kept. */
export async function tellAboutLeftovers(window: BrowserWindow, notes: string[]): Promise<void> {
  await ask(window, {
    type: 'info',
    buttons: ['OK'],
    message: 'An earlier save of this file was interrupted.',
    detail: notes.join('\n\n'),
  });
}

/** The Save dialog checked the name as typed; the extension added after it names an existing file. */
export async function confirmReplace(window: BrowserWindow, filePath: string): Promise<boolean> {
  const response = await ask(window, {
    type: 'warning',
    buttons: ['Replace', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `“${path.basename(filePath)}” already exists. Do you want to replace it?`,
    detail: `A file with the same name already exists in ${path.dirname(filePath)}. Replacing it will overwrite its contents.`,
  });
  return response === 0;
}

/** The page crashed again right after a reload: let the user choose instead of looping. */
export async function askToReloadAfterCrashes(window: BrowserWindow): Promise<boolean> {
  const response = await ask(window, {
    type: 'error',
    buttons: ['Reload', 'Quit'],
    defaultId: 0,
    cancelId: 1,
    message: 'The NN Designer window keeps crashing.',
    detail: 'Your unsaved work is kept and will be offered when the window reloads.',
  });
  return response === 0;
}
