/** src-main/main/exports.ts: File → Export's dialog and write, on real temporary folders. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFileName, exportToFile, type ChooseExportPath } from '../../src-main/main/exports';
import { exportArgument } from '../../src-main/main/ipc-arguments';
import { exportOnnx } from '../../src-shared/export/onnx';
import { exportNumpy } from '../../src-shared/export/numpy';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { getPreset } from '../../src-shared/presets';
import type { ExportKind } from '../../src-shared/protocol/app-api';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-exports-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A Save dialog that answers from a queue and remembers what it was asked. */
function scriptedDialog(...answers: (string | null)[]) {
  const asked: [ExportKind, string][] = [];
  const choosePath: ChooseExportPath = async (kind, suggested) => {
    asked.push([kind, suggested]);
    if (answers.length === 0) throw new Error('unexpected dialog');
    return answers.shift() ?? null;
  };
  return { choosePath, asked };
}

/** For exports that must not ask whether to replace a file. */
const noQuestion = async (filePath: string): Promise<boolean> => {
  throw new Error(`unexpected overwrite question for ${filePath}`);
};

const xor = getPreset('xor-2-4-1')!.setup;

describe('exportToFile', () => {
  it('writes nothing when the dialog is cancelled', async () => {
    const dialog = scriptedDialog(null);
    const result = await exportToFile({ suggestedName: 'XOR', data: exportNumpy(xor, 'XOR').script, kind: 'numpy' }, { choosePath: dialog.choosePath, documentPath: null, confirmOverwrite: noQuestion });
    expect(result).toBeNull();
    expect(dialog.asked).toEqual([['numpy', 'XOR.py']]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes an ONNX model’s bytes exactly, and a script’s text exactly', async () => {
    const prepared = prepareTraining({ ...xor, training: { ...xor.training, epochs: 50 } });
    if (!prepared.ok) throw new Error(prepared.problems[0].message);
    prepared.trainer.runToEnd();
    const model = exportOnnx(xor, prepared.trainer.network.getParameters());
    const onnxPath = path.join(dir, 'xor.onnx');
    const dialog = scriptedDialog(onnxPath);
    expect(await exportToFile({ suggestedName: 'XOR', data: model, kind: 'onnx' }, { choosePath: dialog.choosePath, documentPath: null, confirmOverwrite: noQuestion })).toEqual({ filePath: onnxPath });
    expect(Buffer.compare(readFileSync(onnxPath), Buffer.from(model))).toBe(0);

    const script = exportNumpy(xor, 'XOR → “script”').script; // non-ASCII survives as UTF-8
    const scriptPath = path.join(dir, 'xor.py');
    await exportToFile({ suggestedName: 'XOR', data: script, kind: 'numpy' }, { choosePath: scriptedDialog(scriptPath).choosePath, documentPath: null, confirmOverwrite: noQuestion });
    expect(readFileSync(scriptPath, 'utf8')).toBe(script);
    expect(readdirSync(dir).sort()).toEqual(['xor.onnx', 'xor.py']); // no temporary files left behind
  });

  it('suggests the file beside the open document, adds a missing extension, and replaces an old export', async () => {
    const documentPath = path.join(dir, 'experiments', 'xor.nnd');
    const dialog = scriptedDialog(path.join(dir, 'net'), path.join(dir, 'net.onnx'));
    await exportToFile({ suggestedName: 'My: XOR?', data: Uint8Array.of(1, 2, 3), kind: 'onnx' }, { choosePath: dialog.choosePath, documentPath, confirmOverwrite: noQuestion });
    expect(dialog.asked[0]).toEqual(['onnx', path.join(dir, 'experiments', 'My- XOR-.onnx')]);
    expect([...readFileSync(path.join(dir, 'net.onnx'))]).toEqual([1, 2, 3]);
    writeFileSync(path.join(dir, 'keep.txt'), 'untouched');
    await exportToFile({ suggestedName: 'XOR', data: Uint8Array.of(9), kind: 'onnx' }, { choosePath: dialog.choosePath, documentPath, confirmOverwrite: noQuestion });
    expect([...readFileSync(path.join(dir, 'net.onnx'))]).toEqual([9]);
    expect(readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe('untouched');
  });

  it('asks before replacing a file whose extension was added after the dialog; Cancel writes nothing', async () => {
    // The Save dialog checked "xor" (free); "xor.py", which the export would write, exists.
    const existing = path.join(dir, 'xor.py');
    writeFileSync(existing, 'my own script');
    const asked: string[] = [];
    const answers = [false, true];
    const confirmOverwrite = async (filePath: string): Promise<boolean> => (asked.push(filePath), answers.shift() ?? false);
    const request = { suggestedName: 'XOR', data: 'print(1)\n', kind: 'numpy' as const };
    expect(await exportToFile(request, { choosePath: scriptedDialog(path.join(dir, 'xor')).choosePath, documentPath: null, confirmOverwrite })).toBeNull();
    expect(asked).toEqual([existing]);
    expect(readFileSync(existing, 'utf8')).toBe('my own script');
    expect(readdirSync(dir)).toEqual(['xor.py']);
    expect(await exportToFile(request, { choosePath: scriptedDialog(path.join(dir, 'xor')).choosePath, documentPath: null, confirmOverwrite })).toEqual({ filePath: existing });
    expect(readFileSync(existing, 'utf8')).toBe('print(1)\n');
  });

  it('names files after the document', () => {
    expect(exportFileName('XOR 2-4-1', '.py')).toBe('XOR 2-4-1.py');
    expect(exportFileName('model.onnx', '.onnx')).toBe('model.onnx');
    expect(exportFileName('  ', '.py')).toBe('Untitled.py');
    expect(exportFileName('a/b\\c', '.py')).toBe('a-b-c.py');
  });
});

describe('exportArgument (what main accepts over IPC)', () => {
  it('takes text or bytes of a known kind, and nothing else', () => {
    expect(exportArgument({ suggestedName: 'x', data: 'print(1)', kind: 'numpy' })).toEqual({ suggestedName: 'x', data: 'print(1)', kind: 'numpy' });
    expect(exportArgument({ suggestedName: 'x', data: Uint8Array.of(1), kind: 'onnx' })?.data).toEqual(Uint8Array.of(1));
    expect(exportArgument({ suggestedName: 'x'.repeat(500), data: '', kind: 'numpy' })?.suggestedName).toHaveLength(200);
    for (const bad of [
      null,
      'numpy',
      { suggestedName: 'x', data: 'a', kind: 'toString' },
      { suggestedName: 'x', data: 'a', kind: 'exe' },
      { suggestedName: 'x', data: [1, 2], kind: 'onnx' },
      { suggestedName: 'x', data: new Float64Array(2), kind: 'onnx' },
      { suggestedName: 3, data: 'a', kind: 'numpy' },
    ]) {
      expect(exportArgument(bad)).toBeNull();
    }
  });
});
