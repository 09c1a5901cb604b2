/**
 * The Electron shell, wired: identity, single instance, data dir, secure session and window, the
 * typed IPC, tray, power events, login item, and the core underneath. Takes the electron module as a
 * parameter so tests run it against test/mocks/electron.ts.
 */
import { join } from 'node:path';
import { log as appLog, openLog } from '../core/log/logger.ts';
import { VERSION } from '../core/version.ts';
import type { Core } from '../core/core-types.ts';
import type { Keychain } from '../core/secrets/keychain.ts';
import type { StoreClass } from '../core/config/store.ts';
import type { createNodeNotifierSink } from '../core/alerts/notifier.ts';
import type { createCore } from '../core/app-core.ts';
import { trayActions, windowOpener } from './actions.ts';
import { bootCore } from './core-boot.ts';
import { configureDataDir } from './data-dir.ts';
import { E2E_GLOBAL, e2eEnabled, installE2EHooks, type E2EHooks } from './e2e-hooks.ts';
import type { AppLike, BrowserWindowCtor, IpcMainLike, PowerMonitorLike, SessionLike, ShellLike } from './electron-types.ts';
import { forwardCoreEvents } from './events-bridge.ts';
import { registerIpc } from './ipc.ts';
import { hideDockIcon, setAppIdentity } from './lifecycle/identity.ts';
import { parseLaunchArgs, type LaunchArgs } from './lifecycle/launch-args.ts';
import { installQuitHandler } from './lifecycle/quit.ts';
import { acquireSingleInstance } from './lifecycle/single-instance.ts';
import { wirePower } from './power.ts';
import { isRendererPage, rendererTarget } from './renderer-target.ts';
import { applySessionSecurity, hardenAllWebContents } from './security.ts';
import { wireLoginItem } from './settings-effects.ts';
import type { OpenTarget, TrayActions, TrayHandle } from './tray-contract.ts';
import { wireTray, type TrayElectron } from './tray-wiring.ts';
import { createWindowController, type WindowController } from './windows.ts';

export interface ElectronLike extends TrayElectron {
  app: AppLike;
  BrowserWindow: BrowserWindowCtor;
  ipcMain: IpcMainLike;
  powerMonitor: PowerMonitorLike;
  session: { defaultSession: SessionLike };
  shell: ShellLike;
}

export interface ShellOptions {
  env: NodeJS.ProcessEnv;
  argv: string[];
  platform: NodeJS.Platform;
  execPath: string;
  /** electron-store in the app. */
  StoreClass: StoreClass;
  /** Injected by tests; the app uses the real core, keytar and node-notifier. */
  createCore?: typeof createCore;
  loadKeychain?: () => Promise<Keychain>;
  createNotifier?: typeof createNodeNotifierSink;
  log?: (message: string) => void;
}

export interface RunningShell {
  core: Core;
  windows: WindowController;
  actions: TrayActions;
  tray: TrayHandle;
}

function log(message: string): void {
  appLog.warn(message);
}

/** Returns null when another instance already runs (it was told to show itself). */
export async function startShell(electron: ElectronLike, opts: ShellOptions): Promise<RunningShell | null> {
  const { app } = electron;
  const say = opts.log ?? log;
  setAppIdentity(app, opts.platform);
  const launch = parseLaunchArgs(opts.argv);
  const demo = launch.demo || opts.env.HEADROOM_DEMO === '1';
  // A launch that arrives while this one is still starting is acted on once the window exists.
  let earlyLaunch: LaunchArgs | null = null;
  let onSecondLaunch: (args: LaunchArgs) => void = (args) => {
    earlyLaunch = args;
  };
  if (!acquireSingleInstance(app, (args) => onSecondLaunch(args))) return null;
  const dataDir = configureDataDir(app, opts.env, opts.platform);
  const logFile = openLog({ dataDir, name: 'app' });
  appLog.info(`Headroom ${VERSION} started (pid ${process.pid}${demo ? ', demo' : ''}), log ${logFile}`);
  hardenAllWebContents(app, electron.shell);
  await app.whenReady();
  hideDockIcon(app, opts.platform);

  const target = rendererTarget({ appPath: app.getAppPath(), isPackaged: app.isPackaged, env: opts.env });
  applySessionSecurity(electron.session.defaultSession, target);
  const iconPath = join(app.getAppPath(), 'dist', 'assets', 'icon.png');
  let openWindow: (to?: OpenTarget) => void = () => undefined;
  const core = await bootCore({
    app,
    dataDir,
    demo,
    argv: opts.argv,
    StoreClass: opts.StoreClass,
    iconPath,
    onNotificationClick: (accountId) => openWindow(accountId ? { accountId, view: 'account' } : undefined),
    log: say,
    createCore: opts.createCore,
    loadKeychain: opts.loadKeychain,
    createNotifier: opts.createNotifier,
  });

  const quit = installQuitHandler(app, { stop: () => core.stop(), log: say });
  const windows = createWindowController({
    BrowserWindow: electron.BrowserWindow,
    target,
    preloadPath: join(app.getAppPath(), 'dist', 'preload.cjs'),
    isQuitting: quit.isQuitting,
    shell: electron.shell,
    icon: iconPath,
    activateApp: opts.platform === 'darwin' ? () => app.focus({ steal: true }) : undefined,
  });
  windows.ensure(); // created hidden now, so opening it from the tray is instant
  registerIpc({ ipcMain: electron.ipcMain, api: core.api, trustedSender: () => windows.webContents(), isRendererPage: (url) => isRendererPage(target, url) });
  forwardCoreEvents(core, windows);

  openWindow = windowOpener(core, windows);
  onSecondLaunch = (args) => openWindow(args.accountId ? { accountId: args.accountId, view: 'account' } : undefined);
  const actions = trayActions(core, openWindow, () => app.quit(), say);

  const hooks = e2eEnabled(opts.env) ? e2eHooks(dataDir, demo, actions, windows) : null;
  const trayWiring = wireTray({ electron, core, platform: opts.platform, actions, hooks });
  app.on('will-quit', () => {
    trayWiring.dispose(); // no redraw (a late state event, a settled burst) reaches the destroyed tray
    trayWiring.tray.destroy(); // Windows leaves a ghost icon behind otherwise
  });
  wireLoginItem(core, { app, platform: opts.platform, env: opts.env, execPath: opts.execPath }, say);
  wirePower(electron.powerMonitor, core);

  await core.start();
  // Registered only now: macOS may report an activation while the app is still launching.
  app.on('activate', () => windows.show());
  if (launch.accountId) openWindow({ accountId: launch.accountId, view: 'account' });
  else if (!core.hasAccounts()) windows.show(); // first run: nothing to watch yet, show how to add
  const early = earlyLaunch as LaunchArgs | null; // set from a callback: not visible to narrowing
  if (early) onSecondLaunch(early);
  return { core, windows, actions, tray: trayWiring.tray };
}

function e2eHooks(dataDir: string, demo: boolean, actions: TrayActions, windows: WindowController): E2EHooks {
  const existing = (globalThis as Record<string, unknown>)[E2E_GLOBAL] as E2EHooks | undefined;
  if (existing) return existing;
  return installE2EHooks({ demo, dataDir, trays: [], trayActions: actions, trayUpdates: 0, lastTrayState: null, lastTraySettings: null, windowVisible: () => windows.isVisible() });
}
