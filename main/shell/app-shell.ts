/**
 * The Electron shell, wired: identity, single instance, data dir, secure session and window, the
 * typed IPC, tray, power events, login item, and the core underneath. Takes the electron module as a
 * parameter so tests run it against test/mocks/electron.ts.
 */
import { join } from 'node:path';
import { createNodeNotifierSink } from '../core/alerts/notifier.ts';
import { createCore } from '../core/app-core.ts';
import type { Core, StoreClass } from '../core/core-types.ts';
import { configureDataDir } from './data-dir.ts';
import { E2E_GLOBAL, e2eEnabled, installE2EHooks, recordInstances, type E2EHooks } from './e2e-hooks.ts';
import type { AppLike, BrowserWindowCtor, IpcMainLike, PowerMonitorLike, SessionLike, ShellLike } from './electron-types.ts';
import { forwardCoreEvents } from './events-bridge.ts';
import { registerIpc } from './ipc.ts';
import { hideDockIcon, setAppIdentity } from './lifecycle/identity.ts';
import { demoRelaunchArgs, parseLaunchArgs, type LaunchArgs } from './lifecycle/launch-args.ts';
import { installQuitHandler } from './lifecycle/quit.ts';
import { acquireSingleInstance } from './lifecycle/single-instance.ts';
import { applyLoginItem } from './login-item.ts';
import { wirePower } from './power.ts';
import { isRendererPage, rendererTarget } from './renderer-target.ts';
import { applySessionSecurity, hardenAllWebContents } from './security.ts';
import { createTray } from './tray.ts';
import type { OpenTarget, TrayActions } from './tray-contract.ts';
import { createWindowController, type WindowController } from './windows.ts';

type TrayDeps = Parameters<typeof createTray>[0];

export interface ElectronLike {
  app: AppLike;
  BrowserWindow: BrowserWindowCtor;
  ipcMain: IpcMainLike;
  powerMonitor: PowerMonitorLike;
  session: { defaultSession: SessionLike };
  shell: ShellLike;
  Tray: TrayDeps['Tray'];
  Menu: TrayDeps['Menu'];
  nativeImage: TrayDeps['nativeImage'];
}

export interface ShellOptions {
  env: NodeJS.ProcessEnv;
  argv: string[];
  platform: NodeJS.Platform;
  execPath: string;
  /** electron-store in the app. */
  StoreClass: StoreClass;
  /** Injected by tests; the app uses the real core. */
  createCore?: typeof createCore;
  log?: (message: string) => void;
}

export interface RunningShell {
  core: Core;
  windows: WindowController;
  actions: TrayActions;
}

function log(message: string): void {
  console.error(`headroom: ${message}`);
}

/** Returns null when another instance already runs (it was told to show itself). */
export async function startShell(electron: ElectronLike, opts: ShellOptions): Promise<RunningShell | null> {
  const { app } = electron;
  const say = opts.log ?? log;
  setAppIdentity(app, opts.platform);
  const launch = parseLaunchArgs(opts.argv);
  const demo = launch.demo || opts.env.HEADROOM_DEMO === '1';
  let onSecondLaunch: (args: LaunchArgs) => void = () => undefined;
  if (!acquireSingleInstance(app, (args) => onSecondLaunch(args))) return null;
  const dataDir = configureDataDir(app, opts.env, opts.platform);
  hardenAllWebContents(app, electron.shell);
  await app.whenReady();
  hideDockIcon(app, opts.platform);

  const target = rendererTarget({ appPath: app.getAppPath(), isPackaged: app.isPackaged, env: opts.env });
  applySessionSecurity(electron.session.defaultSession, target);
  const iconPath = join(app.getAppPath(), 'dist', 'assets', 'icon.png');
  let core: Core | null = null;
  const navigate = (accountId: string | null) => core?.navigate({ accountId, view: accountId ? 'account' : 'overview' });
  core = await (opts.createCore ?? createCore)({
    dataDir,
    demo,
    StoreClass: opts.StoreClass,
    notifier: createNodeNotifierSink({ iconPath, onClick: navigate }),
    onStartDemo: async () => {
      app.relaunch({ args: demoRelaunchArgs(opts.argv) });
      app.exit(0);
    },
  });
  const running = core;

  const quit = installQuitHandler(app, { stop: () => running.stop(), log: say });
  const windows = createWindowController({
    BrowserWindow: electron.BrowserWindow,
    target,
    preloadPath: join(app.getAppPath(), 'dist', 'preload.cjs'),
    isQuitting: quit.isQuitting,
    shell: electron.shell,
    icon: iconPath,
  });
  windows.ensure(); // created hidden now, so opening it from the tray is instant
  registerIpc({ ipcMain: electron.ipcMain, api: running.api, trustedSender: () => windows.webContents(), isRendererPage: (url) => isRendererPage(target, url) });
  forwardCoreEvents(running, windows);

  const openWindow = (to?: OpenTarget) => {
    if (to?.accountId || (to?.view && to.view !== 'overview')) running.navigate({ accountId: to.accountId ?? null, view: to.view ?? 'account' });
    else windows.show();
  };
  onSecondLaunch = (args) => openWindow(args.accountId ? { accountId: args.accountId, view: 'account' } : undefined);
  const actions: TrayActions = {
    openWindow,
    refreshNow: () => void running.api.refreshNow().catch((err: unknown) => say(`refresh failed: ${String(err)}`)),
    pause: (minutes) => void running.api.pauseAll(minutes),
    resume: () => void running.api.resume(),
    quit: () => app.quit(),
  };

  const hooks = e2eEnabled(opts.env) ? e2eHooks(dataDir, demo, actions, windows) : null;
  const TrayClass = hooks ? recordInstances(electron.Tray as unknown as new (...a: unknown[]) => { isDestroyed(): boolean }, hooks.trays) : electron.Tray;
  const tray = createTray({ Tray: TrayClass as TrayDeps['Tray'], Menu: electron.Menu, nativeImage: electron.nativeImage, platform: opts.platform, actions });
  const updateTray = () => {
    tray.update(running.state(), running.settings());
    if (hooks) {
      hooks.trayUpdates++;
      hooks.lastTrayState = running.state();
      hooks.lastTraySettings = running.settings();
    }
  };
  const loginItem = { app, platform: opts.platform, env: opts.env, execPath: opts.execPath };
  const setLoginItem = (enabled: boolean) => {
    try {
      applyLoginItem(loginItem, enabled);
    } catch (err) {
      say(`could not update launch at login: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  running.on('state', updateTray);
  running.onSettingsChange((settings) => {
    updateTray();
    setLoginItem(settings.launchAtLogin);
  });
  updateTray();
  wirePower(electron.powerMonitor, running);
  if (running.settings().launchAtLogin) setLoginItem(true);

  await running.start();
  if (launch.accountId) openWindow({ accountId: launch.accountId, view: 'account' });
  else if (!running.hasAccounts()) windows.show(); // first run: nothing to watch yet, show how to add
  return { core: running, windows, actions };
}

function e2eHooks(dataDir: string, demo: boolean, actions: TrayActions, windows: WindowController): E2EHooks {
  const existing = (globalThis as Record<string, unknown>)[E2E_GLOBAL] as E2EHooks | undefined;
  if (existing) return existing;
  return installE2EHooks({ demo, dataDir, trays: [], trayActions: actions, trayUpdates: 0, lastTrayState: null, lastTraySettings: null, windowVisible: () => windows.isVisible() });
}
