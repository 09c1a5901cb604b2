import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AppLike, SessionLike, ShellLike, WebContentsLike } from '../../main/shell/electron-types.ts';
import { rendererTarget } from '../../main/shell/renderer-target.ts';
import { applySessionSecurity, CONTENT_SECURITY_POLICY, EXTERNAL_LINKS, hardenAllWebContents, hardenWebContents, isAllowedExternalLink } from '../../main/shell/security.ts';
import { createElectronMock, MockSession, MockWebContents } from '../mocks/electron.ts';

const root = join(import.meta.dirname, '..', '..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? sourcesUnder(join(dir, n)) : [join(dir, n)]));
}
const target = rendererTarget({ appPath: '/opt/headroom', isPackaged: true, env: {} });

function recordingShell(): ShellLike & { opened: string[] } {
  const opened: string[] = [];
  return { opened, openExternal: async (url) => void opened.push(url) };
}

describe('web contents hardening', () => {
  test('navigation, redirects and webviews are prevented', () => {
    const wc = new MockWebContents();
    hardenWebContents(wc as unknown as WebContentsLike);
    assert.equal(wc.tryEvent('will-navigate', 'https://evil.example/'), true);
    assert.equal(wc.tryEvent('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(wc.tryEvent('will-redirect', 'https://evil.example/'), true);
    assert.equal(wc.tryEvent('will-attach-webview'), true);
  });

  test('window.open never opens a window, and the browser gets only the links the window has (none today)', () => {
    const wc = new MockWebContents();
    const shell = recordingShell();
    hardenWebContents(wc as unknown as WebContentsLike, shell);
    for (const url of ['https://docs.retellai.com/', 'https://evil.example/?q=1', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url']) {
      assert.deepEqual(wc.windowOpenHandler!({ url }), { action: 'deny' }, url);
      assert.equal(isAllowedExternalLink(url), false, url);
    }
    assert.deepEqual(shell.opened, [], 'any https URL used to be opened');
  });

  test('every external link in the renderer is in the allow-list (adding a link means listing it)', () => {
    const files = [join(root, 'renderer', 'index.html'), ...sourcesUnder(join(root, 'renderer', 'src'))];
    const links = files.flatMap((f) => readFileSync(f, 'utf8').match(/\bhttps?:\/\/[^\s'"`)<>]+/g) ?? []);
    assert.deepEqual(links.filter((l) => !EXTERNAL_LINKS.includes(l)), []);
    assert.ok(files.length > 5, 'the scan sees the renderer sources');
  });

  test('every web contents created later is hardened too', () => {
    const { app } = createElectronMock();
    hardenAllWebContents(app as unknown as AppLike);
    const wc = new MockWebContents();
    app.emit('web-contents-created', {}, wc);
    assert.equal(wc.tryEvent('will-navigate'), true);
    assert.deepEqual(wc.windowOpenHandler!({ url: 'https://x.example/' }), { action: 'deny' });
  });
});

describe('session security', () => {
  function session(): MockSession {
    const s = new MockSession();
    applySessionSecurity(s as unknown as SessionLike, target);
    return s;
  }

  test('every permission request is denied and every check fails', () => {
    const s = session();
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      s.permissionRequest!(null, permission, (g) => (granted = g));
      assert.equal(granted, false, permission);
      assert.equal(s.permissionCheck!(null, permission), false, permission);
    }
  });

  test('only the app page and its own files load; anything remote or elsewhere on disk is cancelled', () => {
    const s = session();
    const cancelled = (url: string) => {
      let cancel: boolean | undefined;
      s.beforeRequest!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    assert.equal(cancelled('file:///opt/headroom/dist/renderer/index.html'), false);
    assert.equal(cancelled('file:///opt/headroom/dist/renderer/app.js'), false);
    assert.equal(cancelled('data:image/png;base64,AAAA'), false);
    assert.equal(cancelled('https://cdn.example.com/lib.js'), true);
    assert.equal(cancelled('http://127.0.0.1:8080/'), true);
    assert.equal(cancelled('file:///etc/passwd'), true);
    assert.equal(cancelled('file:///opt/headroom/dist/renderer-evil/x.js'), true);
  });

  test('every response carries the CSP header, other headers kept', () => {
    const s = session();
    let headers: Record<string, string[]> | undefined;
    s.headersReceived!({ url: 'file:///opt/headroom/dist/renderer/index.html', responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    assert.deepEqual(headers, { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  test('the CSP is strict, and the meta tag in the page says the same (bar frame-ancestors, which a meta tag cannot carry)', () => {
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|https?:|\*/);
    const html = readFileSync(join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(meta, 'the page has a CSP meta tag');
    const directives = (policy: string) => policy.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('frame-ancestors')).sort();
    assert.deepEqual(directives(meta), directives(CONTENT_SECURITY_POLICY));
  });
});
