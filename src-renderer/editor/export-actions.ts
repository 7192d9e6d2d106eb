/**
 * File → Export from the app: the design as a NumPy script (works untrained: the script trains
 * itself with the same seeds), as a PyTorch module with the current weights, and the current run's
 * trained network as an ONNX model, and the task's data as a CSV table. Each ends in a notice that says what happened, or why nothing
 * was exported and what to do about it.
 */
import { APP_VERSION } from '../../src-shared/experiment';
import { exportDataCsv } from '../../src-shared/export/csv';
import { exportNumpy } from '../../src-shared/export/numpy';
import { exportOnnx, onnxInputsLine } from '../../src-shared/export/onnx';
import { exportTorch } from '../../src-shared/export/torch';
import { prepareTraining } from '../../src-shared/engine/prepare';
import type { ExportKind } from '../../src-shared/protocol/app-api';
import { getPlatform } from '../platform';
import { useDesignStore } from '../store/design';
import { fittingRun, useDocumentStore, weightsOf } from '../store/document';
import { useViewStore } from '../store/view';

export const TRAIN_FIRST = 'Train the network first, then export it as ONNX.';

const notify = (tone: 'info' | 'warning' | 'error', text: string): void => void useViewStore.getState().notify({ tone, text });

/** A problem's message or fix as a sentence: they are written without the final period. */
const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

/** The first problem that stops an export, as "what is wrong. How to fix it.", or null. */
function blockingProblem(): string | null {
  const { problems, trainingProblems } = useDesignStore.getState();
  const [first, ...rest] = [...problems, ...trainingProblems];
  if (!first) return null;
  const more = rest.length > 0 ? ` ${rest.length} more problem${rest.length === 1 ? ' is' : 's are'} listed under Problems.` : '';
  return `${sentence(first.message)} ${sentence(first.fix)}${more}`;
}

/** Hands the data to the platform; the file written, or null when cancelled or it failed (said in a notice). */
async function write(kind: ExportKind, data: string | Uint8Array, what: string, nameSuffix = ''): Promise<string | null> {
  try {
    const saved = await getPlatform().exportFile({ suggestedName: useDocumentStore.getState().title + nameSuffix, data, kind });
    return saved?.filePath ?? null;
  } catch (e) {
    notify('error', `The ${what} was not exported: ${(e as Error).message}`);
    return null;
  }
}

export async function exportNumpyScript(): Promise<void> {
  const problem = blockingProblem();
  if (problem) return notify('error', `Cannot export a Python script yet: ${problem}`);
  const { setup, title: documentName } = useDocumentStore.getState();
  let exported: ReturnType<typeof exportNumpy>;
  try {
    exported = exportNumpy(setup, documentName, APP_VERSION);
  } catch (e) {
    return notify('error', `Cannot export a Python script: ${(e as Error).message}`);
  }
  const filePath = await write('numpy', exported.script, 'Python script');
  if (!filePath) return;
  const notes = exported.notes.length > 0 ? ` Note: ${exported.notes.join(' ')}` : ' It prints the same losses and predictions as training here.';
  notify(exported.notes.length > 0 ? 'warning' : 'info', `Exported ${filePath} (run it with: python3 ${shellWord(baseName(filePath))}).${notes}`);
}

export async function exportOnnxModel(): Promise<void> {
  const problem = blockingProblem();
  if (problem) return notify('error', `Cannot export an ONNX model yet: ${problem}`);
  const doc = useDocumentStore.getState();
  const run = fittingRun(doc);
  // A run that does not fit the setup any more was trained before the design changed.
  if (!run) return notify('warning', doc.run ? `The design changed since the last run. ${TRAIN_FIRST}` : TRAIN_FIRST);
  const weights = weightsOf(run);
  if (!weights) return notify('warning', `The run diverged, so its weights are not numbers. Reset, then ${TRAIN_FIRST.charAt(0).toLowerCase()}${TRAIN_FIRST.slice(1)}`);
  let bytes: Uint8Array;
  try {
    bytes = exportOnnx(doc.setup, [...weights], APP_VERSION);
  } catch (e) {
    return notify('error', `Cannot export an ONNX model: ${(e as Error).message}`);
  }
  const filePath = await write('onnx', bytes, 'ONNX model');
  const expects = onnxInputsLine(doc.setup);
  if (filePath) notify('info', `Exported ${filePath}: the network as trained to epoch ${run.epoch.toLocaleString('en-US')}, in float32.${expects ? ` ${expects}` : ''}`);
}

export async function exportTorchScript(): Promise<void> {
  const problem = blockingProblem();
  if (problem) return notify('error', `Cannot export a PyTorch script yet: ${problem}`);
  const doc = useDocumentStore.getState();
  const { setup, title: documentName } = doc;
  // The current run's weights when there are some; else the weights training would start from.
  const run = fittingRun(doc);
  const weights = run && weightsOf(run);
  if (run && !weights) {
    return notify('warning', 'The run diverged, so its weights are not numbers. Reset to export the initial weights, or train again with a smaller learning rate.');
  }
  let exported: ReturnType<typeof exportTorch>;
  try {
    if (run && weights) {
      exported = exportTorch(setup, [...weights], { title: documentName, appVersion: APP_VERSION, trained: true, epoch: run.epoch });
    } else {
      // No kernel: one network for its initial weights, on the page's thread.
      const prepared = prepareTraining(setup, { wasm: false });
      if (!prepared.ok) throw new Error(prepared.problems[0].message);
      exported = exportTorch(setup, prepared.trainer.network.getParameters(), { title: documentName, appVersion: APP_VERSION, trained: false });
      if (doc.run) exported.notes.unshift('The design changed since the last run, so its weights do not fit any more.');
    }
  } catch (e) {
    return notify('error', `Cannot export a PyTorch script: ${(e as Error).message}`);
  }
  const filePath = await write('torch', exported.script, 'PyTorch script', '-torch');
  if (!filePath) return;
  const notes = exported.notes.length > 0 ? ` Note: ${exported.notes.join(' ')}` : ' It prints the same predictions as the app.';
  notify(exported.notes.length > 0 ? 'warning' : 'info', `Exported ${filePath} (needs PyTorch; run it with: python3 ${shellWord(baseName(filePath))}).${notes}`);
}

/** The task's rows as a CSV table: what the network trains on (and tests with), whatever the design. */
export async function exportDataTable(): Promise<void> {
  const { setup } = useDocumentStore.getState();
  let csv: ReturnType<typeof exportDataCsv>;
  try {
    csv = exportDataCsv(setup.task);
  } catch (e) {
    return notify('error', `Cannot export the data: ${(e as Error).message}`);
  }
  if (csv.rows === 0) return notify('warning', 'There are no rows to export yet: draw some points first.');
  const filePath = await write('csv', csv.text, 'data', '-data');
  if (filePath) notify('info', `Exported ${filePath}: ${csv.rows.toLocaleString('en-US')} rows.`);
}

/** A file name as one shell word: quoted when it has spaces, brackets and the like. */
function shellWord(name: string): string {
  return /^[\w.+-]+$/.test(name) ? name : `"${name.replace(/(["\\$`])/g, '\\$1')}"`;
}

function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() ?? filePath;
}
