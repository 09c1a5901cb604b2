import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type { BrowserWindowCtor } from '../../main/shell/electron-types.ts';
import { rendererTarget } from '../../main/shell/renderer-target.ts';
import { createWindowController, WINDOW_SIZE } from '../../main/shell/windows.ts';
import { MockBrowserWindow } from '../mocks/electron.ts';

const target = rendererTarget({ appPath: '/opt/headroom', isPackaged: true, env: {} });

function controller(opts: { quitting?: () => boolean; activateApp?: () => void } = {}) {
  return createWindowController({
    BrowserWindow: MockBrowserWindow as unknown as BrowserWindowCtor,
    target,
    preloadPath: '/opt/headroom/dist/preload.cjs',
    isQuitting: opts.quitting ?? (() => false),
    activateApp: opts.activateApp,
  });
}

const loaded = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the window controller', () => {
  beforeEach(() => {
    MockBrowserWindow.instances = [];
  });

  test('creates one hidden window with locked-down webPreferences and loads the built page', () => {
    const windows = controller();
    const win = windows.ensure() as unknown as MockBrowserWindow;
    assert.equal(windows.ensure(), win, 'ensure reuses the window');
    assert.equal(MockBrowserWindow.instances.length, 1);
    assert.equal(win.options.show, false);
    assert.equal(win.options.width, WINDOW_SIZE.width);
    assert.deepEqual(win.options.webPreferences, {
      preload: '/opt/headroom/dist/preload.cjs',
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
    });
    assert.deepEqual(win.callsOf('loadFile'), [['/opt/headroom/dist/renderer/index.html']]);
    assert.equal(windows.isVisible(), false);
  });

  test('the window itself refuses navigation and new windows', () => {
    const win = controller().ensure() as unknown as MockBrowserWindow;
    assert.equal(win.webContents.tryEvent('will-navigate', 'https://evil.example/'), true);
    assert.deepEqual(win.webContents.windowOpenHandler!({ url: 'https://evil.example/' }), { action: 'deny' });
  });

  test('show restores, shows, activates the app and focuses; closing only hides it', () => {
    let activated = 0;
    const windows = controller({ activateApp: () => activated++ });
    const win = windows.ensure() as unknown as MockBrowserWindow;
    win.minimized = true;
    windows.show();
    assert.equal(win.minimized, false);
    assert.equal(windows.isVisible(), true);
    assert.equal(activated, 1);
    assert.deepEqual(win.calls.map((c) => c.method).filter((m) => m !== 'loadFile'), ['show', 'focus']);
    assert.equal(win.userClose(), false, 'close is prevented');
    assert.equal(win.destroyed, false);
    assert.equal(windows.isVisible(), false);
  });

  test('once quitting, close really closes; a later show builds a new window', () => {
    let quitting = false;
    const windows = controller({ quitting: () => quitting });
    const first = windows.ensure() as unknown as MockBrowserWindow;
    quitting = true;
    assert.equal(first.userClose(), true);
    assert.equal(windows.webContents(), null, 'no trusted sender once the window is gone');
    assert.equal(windows.isVisible(), false);
    windows.show();
    assert.equal(MockBrowserWindow.instances.length, 2);
    assert.notEqual(windows.webContents(), first.webContents);
  });

  test('messages wait for the page to load (latest per channel), then go straight through', async () => {
    const windows = controller();
    const win = windows.ensure() as unknown as MockBrowserWindow;
    windows.send('headroom:event:state', { n: 1 });
    windows.send('headroom:event:state', { n: 2 });
    windows.send('headroom:event:navigate', { accountId: 'a' });
    assert.deepEqual(win.webContents.callsOf('send'), []);
    await loaded();
    assert.deepEqual(win.webContents.callsOf('send'), [
      ['headroom:event:state', { n: 2 }],
      ['headroom:event:navigate', { accountId: 'a' }],
    ]);
    windows.send('headroom:event:state', { n: 3 });
    assert.deepEqual(win.webContents.callsOf('send').at(-1), ['headroom:event:state', { n: 3 }]);
  });

  test('a development URL target is loaded with loadURL', () => {
    const windows = createWindowController({
      BrowserWindow: MockBrowserWindow as unknown as BrowserWindowCtor,
      target: rendererTarget({ appPath: '/src', isPackaged: false, env: { HEADROOM_DEV_RENDERER_URL: 'http://127.0.0.1:5173/' } }),
      preloadPath: '/src/dist/preload.cjs',
      isQuitting: () => false,
    });
    const win = windows.ensure() as unknown as MockBrowserWindow;
    assert.deepEqual(win.callsOf('loadURL'), [['http://127.0.0.1:5173/']]);
  });
});
