/**
 * The browser edition's Content-Security-Policy travels with the page: dist-web/index.html carries
 * it as a <meta> tag (served from any static host), besides the preview server's header. Checked
 * on a real build of the browser edition.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CSP, WEB_META_CSP } from '../../src-main/main/security';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(path.join(tmpdir(), 'nnd-web-'));
let html = '';
beforeAll(() => {
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.web.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error(`the browser edition did not build:\n${build.stderr}`);
  html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built browser edition’s index.html', () => {
  it('carries the policy in a meta tag before any script', () => {
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"\s*\/?>/);
    const content = meta?.[1].replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    expect(content).toBe(WEB_META_CSP);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });

  it('is the header’s policy less what a meta tag cannot carry (frame-ancestors)', () => {
    const directives = (csp: string) => csp.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(directives(WEB_META_CSP)).toEqual(directives(WEB_CSP));
    expect(WEB_META_CSP).not.toContain('frame-ancestors');
    expect(WEB_META_CSP).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });
});
