import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveAppFile } from '../../src-main/main/app-protocol';
import { documentStateArgument, nativeEditArgument, pathArgument, saveArguments } from '../../src-main/main/ipc-arguments';
import { fileFromArgv } from '../../src-main/main/open-args';
import { APP_ORIGIN, PRODUCTION_CSP, WEB_CSP, developmentCsp, isAllowedPermission, isSafeExternalUrl, isTrustedUrl, originOf } from '../../src-main/main/security';

describe('content security policy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  it('lets the built renderer run only its own scripts, with no eval and no remote sources', () => {
    const d = directives(PRODUCTION_CSP);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(PRODUCTION_CSP).not.toMatch(/'unsafe-eval'|https?:|\*/);
  });
  it('in the browser edition also lets the engine’s worker compile WebAssembly, and nothing else', () => {
    const web = directives(WEB_CSP);
    expect(web.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(new Map([...web].filter(([k]) => k !== 'script-src'))).toEqual(new Map([...directives(PRODUCTION_CSP)].filter(([k]) => k !== 'script-src')));
    expect(WEB_CSP).not.toMatch(/'unsafe-eval'|https?:|\*/);
  });
  it('in development allows only the dev server’s own WebSocket besides', () => {
    const d = directives(developmentCsp('http://localhost:5173/'));
    expect(d.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(developmentCsp('http://localhost:5173/')).not.toMatch(/'unsafe-eval'/);
  });
});

describe('trusted senders and pages', () => {
  it('spells out app:// origins (WHATWG gives "null" for them)', () => {
    expect(new URL('app://nnd/index.html').origin).toBe('null');
    expect(originOf('app://nnd/index.html')).toBe(APP_ORIGIN);
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('not a url')).toBeNull();
  });
  it('trusts only the app’s own origin', () => {
    expect(isTrustedUrl('app://nnd/index.html', APP_ORIGIN)).toBe(true);
    expect(isTrustedUrl('app://evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl('https://nnd/index.html', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl('file:///work/out/renderer/index.html', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl('', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl(undefined, APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
  it('grants the clipboard to the app page and nothing else to anyone', () => {
    expect(isAllowedPermission('clipboard-sanitized-write', 'app://nnd/index.html', APP_ORIGIN)).toBe(true);
    expect(isAllowedPermission('clipboard-read', 'app://nnd', APP_ORIGIN)).toBe(true);
    expect(isAllowedPermission('clipboard-read', 'https://example.com', APP_ORIGIN)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'hid', 'serial']) {
      expect(isAllowedPermission(p, 'app://nnd/index.html', APP_ORIGIN)).toBe(false);
    }
  });
  it('hands only plain https links to the system browser', () => {
    expect(isSafeExternalUrl('https://github.com/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com/')).toBe(false);
    expect(isSafeExternalUrl('smb://server/share')).toBe(false);
  });
});

describe('app:// file resolution', () => {
  const root = path.resolve('/opt/nnd/out/renderer');
  it('serves index.html for the root and files below the renderer folder', () => {
    expect(resolveAppFile(root, 'app://nnd/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://nnd/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://nnd/assets/index-abc.js?x=1#y')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(root, 'app://nnd/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });
  it('refuses other hosts and any way out of the folder', () => {
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'app://nnd/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd')); // URL parsing removes the dots
    expect(resolveAppFile(root, 'app://nnd/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'app://nnd/assets/..%2f..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://nnd/..%5c..%5cwindows')).toBe(process.platform === 'win32' ? null : path.join(root, '..\\..\\windows'));
    expect(resolveAppFile(root, 'app://nnd/a%00b')).toBeNull();
    expect(resolveAppFile(root, 'app://nnd/%E0%A4%A')).toBeNull();
  });
  it('names content types so nosniff can hold', () => {
    expect(contentTypeOf('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeOf('/x/a.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('/x/blob.bin')).toBe('application/octet-stream');
  });
});

describe('IPC arguments', () => {
  it('accepts well-formed document states and refuses anything else', () => {
    expect(documentStateArgument({ filePath: null, dirty: true, text: '{}' })).toEqual({ filePath: null, dirty: true, text: '{}' });
    expect(documentStateArgument({ filePath: '/a.nnd', dirty: false, text: '', extra: 1 })).toEqual({ filePath: '/a.nnd', dirty: false, text: '' });
    expect(documentStateArgument({ filePath: 3, dirty: true, text: '' })).toBeNull();
    expect(documentStateArgument({ filePath: null, dirty: 'yes', text: '' })).toBeNull();
    expect(documentStateArgument({ filePath: 'a\0b', dirty: true, text: '' })).toBeNull();
    expect(documentStateArgument(null)).toBeNull();
    expect(documentStateArgument([])).toBeNull();
  });
  it('checks save requests, file paths and native edits', () => {
    expect(saveArguments('{}', { saveAs: true, suggestedName: 'x'.repeat(500) })?.options.suggestedName).toHaveLength(200);
    expect(saveArguments('{}', { saveAs: 'no' })).toBeNull();
    expect(saveArguments(42, { saveAs: false })).toBeNull();
    expect(pathArgument('/x.nnd')).toBe('/x.nnd');
    expect(pathArgument('')).toBeNull();
    expect(pathArgument({})).toBeNull();
    expect(nativeEditArgument('paste')).toBe('paste');
    expect(nativeEditArgument('openDevTools')).toBeNull();
    expect(nativeEditArgument('constructor')).toBeNull();
  });
});

describe('files named on the command line', () => {
  it('takes the .nnd argument, resolved against the working directory, ignoring switches and the app path', () => {
    const cwd = path.resolve('/home/me/work');
    expect(fileFromArgv(['/usr/bin/nn-designer', 'xor.nnd'], cwd)).toBe(path.join(cwd, 'xor.nnd'));
    expect(fileFromArgv(['electron', '.', '--no-sandbox', '/data/AND.NND'], cwd)).toBe(path.resolve('/data/AND.NND'));
    expect(fileFromArgv(['electron', 'out/main/index.js', '--allow-file-access-from-files', '--flag=a.nnd'], cwd)).toBeNull();
    expect(fileFromArgv(['x.nnd'], cwd)).toBeNull(); // argv[0] is the executable
    expect(fileFromArgv(['app', 'a.nnd', 'b.nnd'], cwd)).toBe(path.join(cwd, 'b.nnd'));
  });

  it('takes the file:// URIs Linux file managers pass (Exec=… %U), percent-escapes decoded', () => {
    const file = path.resolve('/home/ada/My Nets/xor 2.nnd');
    expect(fileFromArgv(['nn-designer-desktop', pathToFileURL(file).href], '/tmp')).toBe(file);
    expect(fileFromArgv(['nn-designer-desktop', 'file:///data/AND.NND'], '/tmp')).toBe(path.resolve('/data/AND.NND'));
    // Other schemes, and file URIs that are not plain local paths, name no file.
    expect(fileFromArgv(['nn-designer-desktop', 'https://example.com/x.nnd'], '/tmp')).toBeNull();
    if (process.platform !== 'win32') expect(fileFromArgv(['nn-designer-desktop', 'file://otherhost/x.nnd'], '/tmp')).toBeNull();
  });
});
