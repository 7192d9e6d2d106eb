/**
 * The lint rules that keep each desktop runtime (src-main/main, preload, engine, cli, node) to the
 * imports its process can load: they must fire, or a wrong import only shows in a real Electron.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const project = new ESLint({ cwd: repo });

/** The messages a file with `code` at `file` (repo-relative) gets. */
async function broken(file: string, code: string): Promise<string[]> {
  const [result] = await project.lintText(code, { filePath: path.join(repo, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('runtime folders', () => {
  it('keep the preload to electron and src-shared', async () => {
    expect(await broken('src-main/preload/probe.ts', "import 'node:fs';\n")).toEqual([expect.stringContaining('can require only electron')]);
    expect(await broken('src-main/preload/probe.ts', "import 'react';\n")).toEqual([expect.stringContaining('can require only electron')]);
    expect(await broken('src-main/preload/probe.ts', "import type { IpcMainEvent } from '../main/ipc';\nexport type T = IpcMainEvent;\n")).toEqual([
      expect.stringContaining('src-main/preload may import src-shared only'),
    ]);
    const allowed = "import { ipcRenderer } from 'electron';\nimport { IPC } from '../../src-shared/protocol/ipc-channels';\nexport const x = [ipcRenderer, IPC];\n";
    expect(await broken('src-main/preload/probe.ts', allowed)).toEqual([]);
  });

  it('keep Electron out of the CLI and of node/', async () => {
    expect(await broken('src-main/cli/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([expect.stringContaining('Electron is not there')]);
    expect(await broken('src-main/node/probe.ts', "import type { App } from 'electron';\nexport type T = App;\n")).toEqual([expect.stringContaining('Electron is not there')]);
    expect(await broken('src-main/cli/probe.ts', "import '../main/menu';\n")).toEqual([expect.stringContaining('src-main/cli may import src-shared and src-main/node only')]);
    expect(await broken('src-main/cli/probe.ts', "import { writeFileAtomic } from '../node/atomic-write';\nexport const x = writeFileAtomic;\n")).toEqual([]);
  });

  it('let the engine entry take only types from electron', async () => {
    expect(await broken('src-main/engine/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([expect.stringContaining('only the types of electron')]);
    expect(await broken('src-main/engine/probe.ts', "import type { ParentPort } from 'electron';\nexport type T = ParentPort;\n")).toEqual([]);
    expect(await broken('src-main/engine/probe.ts', "import '../main/files';\n")).toEqual([expect.stringContaining('src-main/engine may import src-shared only')]);
  });

  it('keep main from importing the other runtimes, and the page from the IPC channel names', async () => {
    expect(await broken('src-main/main/probe.ts', "import '../preload/preload';\n")).toEqual([expect.stringContaining('src-main/main may import')]);
    expect(await broken('src-main/main/probe.ts', "import '../engine/engine-process';\n")).toEqual([expect.stringContaining('src-main/main may import')]);
    expect(await broken('src-renderer/platform/probe.ts', "import '../../src-shared/protocol/ipc-channels';\n")).toEqual([expect.stringContaining('IPC channels are between main and preload')]);
  });
});
