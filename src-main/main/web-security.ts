import { promises as fs } from 'node:fs';
import { protocol, session, shell, type WebContents } from 'electron';
import { contentTypeOf, resolveAppFile } from './app-protocol';
import { APP_SCHEME, PRODUCTION_CSP, developmentCsp, isAllowedPermission, isSafeExternalUrl, isTrustedUrl } from './security';

/** Must run before `app` is ready: app:// behaves like https (secure context, fetch, storage). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the built renderer from `root` as app://nnd/…, each response with the strict CSP.
 * A custom scheme instead of file:// keeps the page from reading other local files and gives it
 * a real origin that IPC sender checks can rely on.
 */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(file);
      return new Response(new Uint8Array(body), {
        headers: {
          'content-type': contentTypeOf(file),
          'content-security-policy': PRODUCTION_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** In development the page comes from the Vite dev server; the CSP arrives as a response header. */
export function applyDevelopmentCsp(devServerUrl: string): void {
  const policy = developmentCsp(devServerUrl);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

/** Only the clipboard, only for the app's own page; every other permission is refused. */
export function restrictPermissions(trustedOrigin: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isAllowedPermission(permission, details.requestingUrl, trustedOrigin)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isAllowedPermission(permission, requestingOrigin, trustedOrigin));
}

/**
 * Every web contents (the window, and anything it might try to open): no new windows (https links
 * go to the system browser), no navigation away from the app, no <webview>.
 */
export function hardenWebContents(contents: WebContents, trustedOrigin: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stayInApp = (event: { preventDefault(): void }, url: string): void => {
    if (!isTrustedUrl(url, trustedOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
