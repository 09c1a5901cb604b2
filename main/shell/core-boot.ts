/**
 * Creates the core for the app: the real keychain (keytar; when it can't load the core is given
 * none and reports the problem itself), desktop notifications whose click opens the window on that
 * account, and "Try demo data" as a relaunch with --demo.
 */
import { createNodeNotifierSink, type NotificationSink } from '../core/alerts/notifier.ts';
import { createCore } from '../core/app-core.ts';
import type { Core } from '../core/core-types.ts';
import { type Keychain, loadKeytar } from '../core/secrets/keychain.ts';
import type { StoreClass } from '../core/config/store.ts';
import type { AppLike } from './electron-types.ts';
import { demoRelaunchArgs } from './lifecycle/launch-args.ts';

export interface CoreBootDeps {
  app: Pick<AppLike, 'relaunch' | 'quit'>;
  dataDir: string;
  demo: boolean;
  argv: readonly string[];
  StoreClass: StoreClass;
  iconPath: string;
  /** A notification was clicked: show that account (null: the overview). */
  onNotificationClick: (accountId: string | null) => void;
  log: (message: string) => void;
  createCore?: typeof createCore;
  loadKeychain?: () => Promise<Keychain>;
  createNotifier?: typeof createNodeNotifierSink;
}

/** Demo mode keeps an in-memory keychain in the core, so keytar is not even loaded. */
async function appKeychain(deps: CoreBootDeps): Promise<Keychain | undefined> {
  if (deps.demo) return undefined;
  try {
    return await (deps.loadKeychain ?? loadKeytar)();
  } catch (err) {
    deps.log(`keychain unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export async function bootCore(deps: CoreBootDeps): Promise<Core> {
  const keychain = await appKeychain(deps);
  const notifier: NotificationSink = (deps.createNotifier ?? createNodeNotifierSink)({ iconPath: deps.iconPath, onClick: deps.onNotificationClick });
  return (deps.createCore ?? createCore)({
    dataDir: deps.dataDir,
    demo: deps.demo,
    StoreClass: deps.StoreClass,
    ...(keychain ? { keychain } : {}),
    notifier,
    metricsFromSettings: true,
    onStartDemo: async () => {
      // The new instance starts once this one has exited, so it gets the single-instance lock;
      // quit (not exit) lets the core stop cleanly first.
      deps.app.relaunch({ args: demoRelaunchArgs(deps.argv) });
      deps.app.quit();
    },
  });
}
