/** `nn-designer import MODEL.onnx FILE.nnd`: an ONNX model as an experiment whose last run holds its weights. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { importedExperiment, importOnnx, MAX_ONNX_BYTES, type ImportedModel } from '../../src-shared/export/onnx-import';
import { mayWrite, writeExperiment } from './files';
import { EXIT, type ExitCode, type Output } from './output';

export async function importCommand(model: string, file: string, force: boolean, output: Output): Promise<ExitCode> {
  const fail = (message: string): ExitCode => {
    output.note(`nn-designer: ${message}`);
    output.result({ ok: false, model, error: message });
    return EXIT.invalidInput;
  };
  const refusal = await mayWrite(file, force);
  if (refusal) return fail(refusal);
  let bytes: Uint8Array;
  try {
    // The size first: a file too large to import is never read into memory.
    const info = await stat(model);
    if (info.isDirectory()) return fail(`${model} is a folder, not an ONNX model`);
    if (info.size > MAX_ONNX_BYTES) return fail(`${model} is ${(info.size / 2 ** 20).toFixed(0)} MB; NN Designer imports models of up to ${MAX_ONNX_BYTES / 2 ** 20} MB`);
    bytes = new Uint8Array(await readFile(model));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return fail(`there is no file ${model}`);
    if (err.code === 'EACCES' || err.code === 'EPERM') return fail(`${model} cannot be read: permission denied`);
    return fail(`${model} cannot be read: ${err.message}`);
  }
  let imported: ImportedModel;
  try {
    imported = importOnnx(bytes);
  } catch (e) {
    return fail(`${model} could not be imported: ${(e as Error).message}`);
  }
  const experiment = importedExperiment(imported, { name: path.basename(model).replace(/\.onnx$/i, ''), source: path.basename(model), createdAt: new Date() });
  try {
    // Written a piece at a time, and never larger than a reader takes.
    await writeExperiment(file, experiment, output);
  } catch (e) {
    return fail(`${file} could not be written: ${(e as Error).message}`);
  }
  const layers = imported.setup.design.nodes.length;
  const weights = imported.parameters.reduce((n, p) => n + p.W.length + p.b.length, 0);
  output.line(`Wrote ${file}: ${path.basename(model)} as ${layers} layers with ${weights} weights and biases; its last run holds the model's weights.`);
  imported.notes.forEach((n) => output.line(`  ${n}`));
  output.result({ ok: true, model, file, layers, parameters: weights, task: imported.setup.task, notes: imported.notes });
  return EXIT.ok;
}
