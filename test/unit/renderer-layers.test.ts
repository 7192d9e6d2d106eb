/**
 * The lint rules that keep the renderer's layers pointing one way and the code free of import
 * cycles: they must fire, on type-only and bare side-effect imports too, or they guard nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import noImportCycle from '../../eslint-rules/no-import-cycle.js';

const repo = path.resolve(import.meta.dirname, '../..');
const project = new ESLint({ cwd: repo });

/** The rules a file with `code` at `file` (repo-relative) breaks. */
async function brokenRules(file: string, code: string): Promise<string[]> {
  const [result] = await project.lintText(code, { filePath: path.join(repo, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('renderer layers', () => {
  it('reject a bare side-effect import of a later layer', async () => {
    const broken = await brokenRules('src-renderer/store/probe.ts', "import '../editor/Canvas';\n");
    expect(broken.some((m) => m.startsWith('import-x/no-restricted-paths') && m.includes('store may not import from editor'))).toBe(true);
  });

  it('reject a type-only import of a later layer', async () => {
    const broken = await brokenRules('src-renderer/platform/probe.ts', "import type { TrainingState } from '../store/training';\nexport type T = TrainingState;\n");
    expect(broken.some((m) => m.includes('platform may not import from store'))).toBe(true);
  });

  it('reject the page importing main, and the shared core importing the page', async () => {
    expect((await brokenRules('src-renderer/editor/probe.ts', "import '../../src-main/main/menu';\n")).some((m) => m.includes('preload API'))).toBe(true);
    expect((await brokenRules('src-shared/probe.ts', "import '../src-renderer/store/view';\n")).some((m) => m.includes('src-shared is the pure core'))).toBe(true);
  });

  it('allow imports of earlier layers', async () => {
    const code = "import { useDesignStore } from '../store/design';\nimport { getPlatform } from '../platform';\nexport const x = [useDesignStore, getPlatform];\n";
    expect(await brokenRules('src-renderer/editor/probe.ts', code)).toEqual([]);
  });
});

describe('import cycles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnd-cycle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cycles = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { local: { rules: { 'no-import-cycle': noImportCycle } } }, rules: { 'local/no-import-cycle': 'error' } }],
  });

  it('are found through type-only imports, with the chain named', async () => {
    writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = { b?: B };\n");
    writeFileSync(path.join(dir, 'b.ts'), "import { c } from './c';\nexport type B = typeof c;\n");
    writeFileSync(path.join(dir, 'c.ts'), "import type { A } from './a';\nexport const c: A = {};\n");
    const [result] = await cycles.lintFiles(['a.ts']);
    expect(result.messages.map((m) => m.message)).toEqual(['Import cycle: a.ts → b.ts → c.ts → a.ts. Move the shared part to a module both can import.']);
  });

  it('leave imports that go one way alone', async () => {
    writeFileSync(path.join(dir, 'd.ts'), "import type { A } from './a';\nexport type D = A;\n");
    writeFileSync(path.join(dir, 'e.ts'), "import type { D } from './d';\nexport type E = D;\n");
    const [result] = await cycles.lintFiles(['e.ts']);
    expect(result.messages).toEqual([]);
  });
});
