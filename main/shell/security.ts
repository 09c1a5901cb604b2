/**
 * Secure defaults for every page Headroom shows: locked-down webPreferences, a strict CSP, no
 * remote requests, no permissions, no navigation, no new windows, no webviews.
 */
import type { AppLike, SessionLike, ShellLike, WebContentsLike, WebPreferencesLike } from './electron-types.ts';
import { log } from '../core/log/logger.ts';
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

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? `${u.protocol}…` : u.origin;
  } catch {
    return 'an invalid URL';
  }
}

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

/**
 * The links the window opens in the user's browser, exactly: today none (the window shows no
 * external link; test/shell/security.test.ts checks the renderer for https:// links that are not
 * listed here). A page that asks for anything else, even over https, is refused and logged.
 */
export const EXTERNAL_LINKS: readonly string[] = [];

export function isAllowedExternalLink(url: string): boolean {
  return EXTERNAL_LINKS.includes(url);
}

/** Links the page asks to open go to the user's browser only if listed; the app never opens a window. */
export function hardenWebContents(contents: WebContentsLike, shell?: ShellLike): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (shell && isAllowedExternalLink(url)) {
      shell.openExternal(url).catch((err: unknown) => log.error('could not open a link', err));
    } else {
      // The origin only: a refused URL's path or query could carry anything.
      log.warn(`refused to open a link to ${originOf(url)}`);
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
