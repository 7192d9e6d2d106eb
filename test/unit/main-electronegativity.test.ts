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
const scan = runSecurityScan as (options: { offline: boolean; base?: string }) => Promise<Scan>;

const repo = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(tmpdir(), 'nnd-electronegativity-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('Electronegativity over src-main and src-renderer', () => {
  it('finds no unexplained high- or medium-severity issue and parses every file', async () => {
    const result = await scan({ offline: true });
    expect(result.checks).toBeGreaterThan(30);
    expect(result.unparsed).toEqual([]);
    expect(result.unexplained).toEqual([]);
  });

  it('would catch a window that drops the sandbox and isolation (the scan is not a formality)', async () => {
    const base = path.join(temp, 'weak-window');
    for (const folder of ['src-main', 'src-renderer']) cpSync(path.join(repo, folder), path.join(base, folder), { recursive: true });
    const windowFile = path.join(base, 'src-main', 'main', 'window.ts');
    const weakened = readFileSync(windowFile, 'utf8')
      .replace('sandbox: true', 'sandbox: false')
      .replace('contextIsolation: true', 'contextIsolation: false')
      .replace('nodeIntegration: false', 'nodeIntegration: true');
    writeFileSync(windowFile, weakened);
    const result = await scan({ offline: true, base });
    const ids = result.unexplained.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
  });

  it('scans the renderer too: a page that embeds remote content in a webview is caught', async () => {
    const base = path.join(temp, 'weak-page');
    for (const folder of ['src-main', 'src-renderer']) cpSync(path.join(repo, folder), path.join(base, folder), { recursive: true });
    const page = path.join(base, 'src-renderer', 'index.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace('<div id="root"></div>', '<div id="root"></div><webview src="http://example.com/" allowpopups></webview>'));
    const result = await scan({ offline: true, base });
    expect(result.unexplained).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'HTTP_RESOURCES_HTML_CHECK', file: 'src-renderer/index.html' })]));
  });
});

