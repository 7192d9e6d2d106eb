/**
 * The app's security rules as plain data and pure checks (the Electron wiring is in window.ts),
 * so each rule is unit-tested and the Electronegativity run has one place to look at.
 */

/** The renderer is served from this origin in the packaged app (a privileged custom scheme). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'nnd';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Content-Security-Policy of the built renderer: its own scripts only, no eval, no remote anything.
 * Styles allow 'unsafe-inline' because React Flow and d3 position elements with style attributes.
 */
const PRODUCTION_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'worker-src': "'self' blob:",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

const policy = (directives: Readonly<Record<string, string>>): string =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources}`)
    .join('; ');

/** The desktop renderer's policy (its engine runs in the utility process). */
export const PRODUCTION_CSP = policy(PRODUCTION_DIRECTIVES);

/**
 * The browser edition's policy (vite.web.config.ts sends it as a header): the same, plus
 * 'wasm-unsafe-eval' so the engine's Web Worker can compile its bundled WebAssembly kernel.
 * That allows compiling WebAssembly, not evaluating JS.
 */
const WEB_DIRECTIVES: Readonly<Record<string, string>> = { ...PRODUCTION_DIRECTIVES, 'script-src': "'self' 'wasm-unsafe-eval'" };
export const WEB_CSP = policy(WEB_DIRECTIVES);

/**
 * The same policy as a <meta> tag in dist-web/index.html, so a copy served from any static host
 * keeps it. A meta tag cannot carry frame-ancestors (browsers ignore it there, with a warning).
 */
export const WEB_META_CSP = policy(Object.fromEntries(Object.entries(WEB_DIRECTIVES).filter(([name]) => name !== 'frame-ancestors')));

/** The Vite dev server needs an inline preamble (React Fast Refresh) and a WebSocket for HMR. */
export function developmentCsp(devServerUrl: string): string {
  const { host } = new URL(devServerUrl);
  return policy({ ...PRODUCTION_DIRECTIVES, 'script-src': "'self' 'unsafe-inline'", 'connect-src': `'self' ws://${host}` });
}

/**
 * `scheme://host[:port]` of a URL. WHATWG URLs report the origin of non-special schemes such as
 * app:// as "null", which would make every app:// page look alike, so it is spelled out here.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** Whether a page (or an IPC message's sending frame) at `url` is the app's own renderer. */
export function isTrustedUrl(url: string | undefined | null, trustedOrigin: string): boolean {
  return !!url && originOf(url) === trustedOrigin;
}

/**
 * Links the page may hand to the system browser (through window.open / target=_blank):
 * https only, no credentials in the URL. Everything else opens nowhere.
 */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/** Permissions the renderer may have: the clipboard for copying and pasting layers. Nothing else. */
const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-read', 'clipboard-sanitized-write'];

export function isAllowedPermission(permission: string, requestingUrl: string | undefined, trustedOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.includes(permission) && isTrustedUrl(requestingUrl, trustedOrigin);
}
