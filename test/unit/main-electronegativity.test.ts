import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { runSecurityScan } from '../../scripts/electronegativity.mjs';

interface Finding {
  id: string;
  file: string;
  severity: string;
  explanation: string | null;
}
interface Scan {
  findings: Finding[];
  unexplained: Finding[];
  unparsed: unknown[];
  checks: number;
}
const scan = runSecurityScan as (options: { offline: boolean; input?: string }) => Promise<Scan>;

const srcMain = path.resolve(import.meta.dirname, '../../src-main');
const temp = mkdtempSync(path.join(tmpdir(), 'nnd-electronegativity-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('Electronegativity over src-main', () => {
  it('finds no unexplained high- or medium-severity issue and parses every file', async () => {
    const result = await scan({ offline: true });
    expect(result.checks).toBeGreaterThan(30);
    expect(result.unparsed).toEqual([]);
    expect(result.unexplained).toEqual([]);
  });

  it('would catch a window that drops the sandbox and isolation (the scan is not a formality)', async () => {
    const copy = path.join(temp, 'src-main');
    cpSync(srcMain, copy, { recursive: true });
    const windowFile = path.join(copy, 'main', 'window.ts');
    const weakened = readFileSync(windowFile, 'utf8')
      .replace('sandbox: true', 'sandbox: false')
      .replace('contextIsolation: true', 'contextIsolation: false')
      .replace('nodeIntegration: false', 'nodeIntegration: true');
    writeFileSync(windowFile, weakened);
    const result = await scan({ offline: true, input: copy });
    const ids = result.unexplained.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
  });
});
