import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Conf from 'conf';
import { API_METHODS } from '../../main/api/contract.ts';
import type { NotifierOptions } from '../../main/core/alerts/notifier.ts';
import { invokeChannel } from '../../main/api/ipc-channels.ts';
import { createCore } from '../../main/core/app-core.ts';
import type { Core, CoreOptions } from '../../main/core/core-types.ts';
import type { StoreClass } from '../../main/core/config/store.ts';
import { MemoryKeychain } from '../../main/core/secrets/keychain.ts';
import { startShell, type ElectronLike, type RunningShell } from '../../main/shell/app-shell.ts';
import { tempDir } from '../helpers/core.ts';
import { createElectronMock, MockBrowserWindow, MockTray, type ElectronMock } from '../mocks/electron.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Booted {
  electron: ElectronMock;
  shell: RunningShell | null;
  env: NodeJS.ProcessEnv;
  core: Core | null;
  /** suspend / resume calls the shell made on the core */
  power: string[];
  notifier: NotifierOptions | null;
  stop: () => Promise<void>;
}

async function boot(opts: { demo?: boolean; gotLock?: boolean; argv?: string[]; platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv; beforeReady?: (electron: ElectronMock) => void } = {}): Promise<Booted> {
  const dir = tempDir();
  dirs.push(dir);
  const electron = createElectronMock(join(dir, 'app'));
  electron.app.gotLock = opts.gotLock ?? true;
  const whenReady = electron.app.whenReady.bind(electron.app);
  electron.app.whenReady = async () => {
    opts.beforeReady?.(electron);
    await whenReady();
  };
  const env = { HEADROOM_DATA_DIR: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'xdg'), HOME: dir, ...opts.env };
  let core: Core | null = null;
  const power: string[] = [];
  let notifier: NotifierOptions | null = null;
  const shell = await startShell(electron as unknown as ElectronLike, {
    env,
    argv: ['electron', '.', ...(opts.argv ?? []), ...(opts.demo ? ['--demo'] : [])],
    platform: opts.platform ?? 'linux',
    execPath: '/usr/bin/electron',
    StoreClass: Conf as unknown as StoreClass,
    loadKeychain: async () => new MemoryKeychain(),
    createNotifier: (o = {}) => {
      notifier = o;
      return { notify: async () => {} };
    },
    createCore: async (o: CoreOptions) => {
      const real = await createCore({ ...o, keychain: o.keychain ?? new MemoryKeychain() });
      core = {
        ...real,
        onSystemSleep: () => (power.push('suspend'), real.onSystemSleep()),
        onSystemWake: () => (power.push('resume'), real.onSystemWake()),
      };
      return core;
    },
    log: () => undefined,
  });
  return { electron, shell, env, core, power, notifier, stop: async () => void (await core?.stop()) };
}

describe('the Electron shell (mocked electron)', () => {
  test('a second instance quits at once and starts nothing', async () => {
    const { electron, shell } = await boot({ gotLock: false });
    assert.equal(shell, null);
    assert.deepEqual(electron.app.callsOf('quit'), [[]]);
    assert.equal(MockBrowserWindow.instances.length, 0);
    assert.equal(MockTray.instances.length, 0);
  });

  test('first run: identity, data dir, a hidden secure window that opens because there is no account', async () => {
    const { electron, shell, env, stop } = await boot();
    try {
      assert.ok(shell);
      assert.deepEqual(electron.app.callsOf('setName'), [['Headroom']]);
      assert.equal(electron.app.paths.get('userData'), env.HEADROOM_DATA_DIR);
      const [win] = MockBrowserWindow.instances;
      assert.equal(win.options.show, false);
      const prefs = win.options.webPreferences as Record<string, unknown>;
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.webSecurity, true);
      assert.match(String(prefs.preload), /dist[/\\]preload\.cjs$/);
      assert.match(String(win.callsOf('loadFile')[0][0]), /dist[/\\]renderer[/\\]index\.html$/);
      assert.equal(win.visible, true, 'first run shows the window');
      assert.equal(MockTray.instances.length, 1, 'a tray exists');
    } finally {
      await stop();
    }
  });

  test('demo mode starts hidden (accounts exist); closing hides; the tray action opens; quit stops the core', async () => {
    const { electron, shell, stop } = await boot({ demo: true });
    try {
      const [win] = MockBrowserWindow.instances;
      assert.equal(win.visible, false);
      shell!.actions.openWindow();
      assert.equal(win.visible, true);
      assert.equal(win.userClose(), false, 'close is turned into hide');
      assert.equal(win.visible, false);
      electron.app.quit();
      assert.equal(electron.app.callsOf('quitted').length, 0, 'the first quit waits for the core to stop');
      for (let i = 0; i < 500 && electron.app.callsOf('quitted').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(electron.app.callsOf('quitted').length >= 1, 'quit completes after the core stopped');
    } finally {
      await stop();
    }
  });

  test('navigation, new windows, webviews and permissions are refused; remote requests cancelled; CSP header set', async () => {
    const { electron, stop } = await boot();
    try {
      const wc = MockBrowserWindow.instances[0].webContents;
      assert.equal(wc.tryEvent('will-navigate'), true);
      assert.equal(wc.tryEvent('will-redirect'), true);
      assert.equal(wc.tryEvent('will-attach-webview'), true);
      assert.deepEqual(wc.windowOpenHandler!({ url: 'https://evil.example/' }), { action: 'deny' });
      const s = electron.session.defaultSession;
      let granted: boolean | null = null;
      s.permissionRequest!(null, 'notifications', (g) => (granted = g));
      assert.equal(granted, false);
      let cancelled: boolean | undefined;
      s.beforeRequest!({ url: 'https://example.com/x.js' }, (r) => (cancelled = r.cancel));
      assert.equal(cancelled, true);
      let headers: Record<string, string[]> | undefined;
      s.headersReceived!({ url: 'file:///x', responseHeaders: {} }, (r) => (headers = r.responseHeaders));
      assert.match(headers!['Content-Security-Policy'][0], /default-src 'none'.*script-src 'self'/);
    } finally {
      await stop();
    }
  });

  test('IPC: every method registered; wrong sender refused; malformed call rejected and nothing changes; good call answered', async () => {
    const { electron, stop } = await boot();
    try {
      const ipc = electron.ipcMain;
      assert.deepEqual([...ipc.handlers.keys()].sort(), API_METHODS.map(invokeChannel).sort());
      const win = MockBrowserWindow.instances[0];
      const page = String(win.callsOf('loadFile')[0][0]);
      const pageUrl = new URL(`file://${page}`).href;
      const stranger = await ipc.invoke(invokeChannel('getSettings'), { id: 999 }, pageUrl);
      assert.equal((stranger as { ok: boolean; error: { code: string } }).error.code, 'forbidden');
      const otherPage = await ipc.invoke(invokeChannel('getSettings'), win.webContents, 'https://evil.example/');
      assert.equal((otherPage as { error: { code: string } }).error.code, 'forbidden');
      const bad = await ipc.invoke(invokeChannel('updateSettings'), win.webContents, pageUrl, { pollIntervalSec: 1 });
      assert.equal((bad as { error: { code: string } }).error.code, 'invalid-argument');
      const good = (await ipc.invoke(invokeChannel('getSettings'), win.webContents, pageUrl)) as { ok: boolean; value: { pollIntervalSec: number } };
      assert.equal(good.ok, true);
      assert.equal(good.value.pollIntervalSec, 30, 'the rejected call changed nothing');
    } finally {
      await stop();
    }
  });

  test('state reaches the window and the tray; power events reach the core; launch at login writes the autostart entry', async () => {
    const { electron, env, core, power, stop } = await boot({ demo: true });
    try {
      const win = MockBrowserWindow.instances[0];
      await new Promise<void>((resolve) => {
        const off = core!.on('state', (s) => {
          if (s.accounts.some((a) => a.status === 'ok')) {
            off();
            resolve();
          }
        });
      });
      const stateSends = () => win.webContents.callsOf('send').filter(([channel]) => channel === 'headroom:event:state').length;
      assert.equal(stateSends(), 0, 'the hidden window is not woken by state changes');
      win.show(); // as the tray's click does
      for (let i = 0; i < 500 && stateSends() === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(stateSends() >= 1, 'shown, it gets the latest state');
      assert.ok(MockTray.instances[0].callsOf('setToolTip').length >= 1);
      for (const event of ['suspend', 'resume', 'lock-screen', 'unlock-screen']) electron.powerMonitor.emit(event);
      assert.deepEqual(power, ['suspend', 'resume', 'suspend', 'resume']);
      await core!.api.updateSettings({ launchAtLogin: true });
      const autostart = join(env.XDG_CONFIG_HOME!, 'autostart', 'ai.headroom.app.desktop');
      assert.ok(existsSync(autostart), 'autostart entry written');
      assert.match(readFileSync(autostart, 'utf8'), /Exec=/);
      await core!.api.updateSettings({ launchAtLogin: false });
      assert.ok(!existsSync(autostart), 'autostart entry removed');
    } finally {
      await stop();
    }
  });

  test('a second launch shows the window; --account opens it on that account', async () => {
    const { electron, stop } = await boot({ demo: true });
    try {
      const win = MockBrowserWindow.instances[0];
      electron.app.emit('second-instance', {}, ['electron', '.', '--account', 'demo-retell-production'], '/');
      assert.equal(win.visible, true);
      let nav: unknown[] | undefined;
      for (let i = 0; i < 500 && !nav; i++) {
        await new Promise((r) => setTimeout(r, 10));
        nav = win.webContents.callsOf('send').find(([channel]) => channel === 'headroom:event:navigate');
      }
      assert.deepEqual(nav?.[1], { accountId: 'demo-retell-production', view: 'account' });
    } finally {
      await stop();
    }
  });
  test('HEADROOM_DEMO=1 means demo mode, like --demo', async () => {
    const { core, stop } = await boot({ env: { HEADROOM_DEMO: '1' } });
    try {
      assert.equal(core!.hasAccounts(), true);
      assert.equal(MockBrowserWindow.instances[0].visible, false, 'demo accounts exist, so the window stays hidden');
    } finally {
      await stop();
    }
  });

  test('macOS: no Dock icon, showing the window brings the app forward, opening it again from Finder shows the window', async () => {
    const { electron, shell, stop } = await boot({ demo: true, platform: 'darwin' });
    try {
      assert.equal(electron.app.dock.hidden, true);
      assert.deepEqual(electron.app.callsOf('setAppUserModelId'), []);
      const [win] = MockBrowserWindow.instances;
      electron.app.emit('activate');
      assert.equal(win.visible, true);
      assert.deepEqual(electron.app.callsOf('focus'), [[{ steal: true }]]);
      win.userClose();
      shell!.actions.openWindow();
      assert.equal(win.visible, true);
    } finally {
      await stop();
    }
  });

  test('Windows: the AppUserModelId is set; Linux: neither app id nor Dock', async () => {
    const win32 = await boot({ demo: true, platform: 'win32' });
    try {
      assert.deepEqual(win32.electron.app.callsOf('setAppUserModelId'), [['ai.headroom.app']]);
      assert.equal(win32.electron.app.dock.hidden, false);
    } finally {
      await win32.stop();
    }
  });

  test('a notification click opens the window on its account; a click without one shows the overview', async () => {
    const { notifier, stop } = await boot({ demo: true });
    try {
      const [win] = MockBrowserWindow.instances;
      notifier!.onClick!(null);
      assert.equal(win.visible, true);
      win.userClose();
      notifier!.onClick!('demo-retell-production');
      assert.equal(win.visible, true);
      let nav: unknown[] | undefined;
      for (let i = 0; i < 500 && !nav; i++) {
        await new Promise((r) => setTimeout(r, 10));
        nav = win.webContents.callsOf('send').find(([channel]) => channel === 'headroom:event:navigate');
      }
      assert.deepEqual(nav?.[1], { accountId: 'demo-retell-production', view: 'account' });
    } finally {
      await stop();
    }
  });

  test('once Quit was chosen the window really closes, and the last window closing does not quit', async () => {
    const { electron, stop } = await boot();
    try {
      const [win] = MockBrowserWindow.instances;
      electron.app.emit('window-all-closed');
      assert.deepEqual(electron.app.callsOf('quit'), []);
      electron.app.quit();
      assert.equal(win.userClose(), true, 'closing is no longer turned into hide');
    } finally {
      await stop();
    }
  });
  test('a second launch that arrives while the first is still starting is acted on once it has started', async () => {
    const { stop } = await boot({
      demo: true,
      beforeReady: (electron) => electron.app.emit('second-instance', {}, ['electron', '.'], '/'),
    });
    try {
      assert.equal(MockBrowserWindow.instances[0].visible, true);
    } finally {
      await stop();
    }
  });

  test('the tray icon is removed when the app quits, and nothing draws on it afterwards', async () => {
    const { electron, core, stop } = await boot({ demo: true });
    try {
      const tray = MockTray.instances[0];
      assert.equal(tray.destroyed, false);
      electron.app.emit('will-quit');
      assert.equal(tray.destroyed, true);
      const drawn = tray.calls.length;
      // Each would redraw the tray while it was wired: the pause at once or after the settle window.
      await core!.api.pauseAll(30);
      await core!.api.updateSettings({ badgeMode: 'total' });
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(tray.calls.length, drawn);
    } finally {
      await stop();
    }
  });
});
