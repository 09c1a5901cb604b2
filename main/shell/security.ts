/**
 * Secure defaults for every page Headroom shows: locked-down webPreferences, a strict CSP, no
 * remote requests, no permissions, no navigation, no new windows, no webviews.
 */
import type { AppLike, SessionLike, ShellLike, WebContentsLike, WebPreferencesLike } from './electron-types.ts';
import { isAllowedRequest, type RendererTarget } from './renderer-target.ts';

/** Same policy as the meta tag in renderer/index.html; sent as a header too where webRequest sees the load. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferencesLike {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Links the page asks to open go to the user's browser, https only; the app never opens a window. */
export function hardenWebContents(contents: WebContentsLike, shell?: ShellLike): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (shell && /^https:\/\//i.test(url)) {
      shell.openExternal(url).catch((err: unknown) => console.error('headroom: could not open link:', err instanceof Error ? err.message : err));
    }
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Any web contents created later (devtools aside) gets the same treatment. */
export function hardenAllWebContents(app: AppLike, shell?: ShellLike): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
}

export function applySessionSecurity(session: SessionLike, target: RendererTarget): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(target, details.url) }));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
