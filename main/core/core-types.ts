/**
 * The contract between the plain-Node core and whatever hosts it (the Electron shell, the
 * `headroom watch` CLI, the browser preview harness). Implemented by app-core.ts.
 */
import type { EventName, HeadroomApi, HeadroomEvents } from '../api/contract.ts';
import type { Notice } from '../model/alerts.ts';
import type { Forecast } from '../model/forecast.ts';
import type { AppState, PollEvent } from '../model/state.ts';
import type { Settings } from '../model/settings.ts';
import type { NotificationSink } from './alerts/notifier.ts';
import type { StoreClass } from './config/store.ts';
import type { Keychain } from './secrets/keychain.ts';
import type { FixedAccounts } from './config/fixed-accounts.ts';

export interface CoreOptions {
  dataDir: string;
  /** Demo mode: simulated accounts of all four providers on the local simulator, own data. */
  demo?: boolean;
  StoreClass?: StoreClass;
  keychain?: Keychain;
  /**
   * Accounts from elsewhere (`headroom serve --accounts FILE`), used instead of config.json's and
   * never written; their secrets come from `keychain` (a stand-in that resolves references).
   */
  fixedAccounts?: FixedAccounts;
  notifier?: NotificationSink;
  now?: () => number;
  /**
   * How long one provider request may take (default 10 s, the HTTP layer's). The preview harness
   * lengthens it so an account whose provider stops answering stays "stale" while its poll hangs.
   */
  providerTimeoutMs?: number;
  /** Defaults to true; `headroom status` style one-shot hosts pass false. */
  poll?: boolean;
  /** Test-only: every account polls at this interval in ms, below the 10 s minimum (core/test-overrides.ts). */
  pollIntervalMs?: number;
  /** The window's "Try demo data": the host restarts into demo mode (the app relaunches with --demo). */
  /** The app: serve metrics on loopback when Settings say so (headroom serve runs its own server). */
  metricsFromSettings?: boolean;
  onStartDemo?: () => Promise<void>;
}

export interface Core {
  /** Implementations of every window call; hosts validate arguments before calling. */
  api: HeadroomApi;
  on<E extends EventName>(event: E, listener: (payload: HeadroomEvents[E]) => void): () => void;
  state(): AppState;
  settings(): Settings;
  /** Called after every settings change (the shell applies launch-at-login, theme, badge). */
  onSettingsChange(listener: (settings: Settings) => void): () => void;
  /** Everything the window's banners show: pending notices about repaired files, then live problems. */
  notices(): Notice[];
  /** Every finished poll of a provider, success or failure (metrics count the failures by kind). */
  onPoll(listener: (e: PollEvent) => void): () => void;
  /** The account's forecast (history read at most once an hour per account); throws for an unknown id. */
  forecast(accountId: string): Forecast;
  /** Notices kept in the data dir until a person has seen them (repaired files); hosts that print them mark them seen. */
  pendingNotices(): Notice[];
  /** A person has seen these notices: no longer kept for later (this process keeps showing them until it ends). */
  noticesSeen(ids: readonly string[]): void;
  hasAccounts(): boolean;
  start(): Promise<void>;
  /** Stops polling (polls in flight are aborted), flushes alert memory and history, releases the history lock; idempotent. */
  stop(): Promise<void>;
  /** The machine goes to sleep or the screen locks (the shell's powerMonitor): polling rests. */
  onSystemSleep(): void;
  /** The machine woke up or the screen unlocked: polling catches up. (Not "resume after a pause": that is api.resume.) */
  onSystemWake(): void;
  /** Ask the window to show an account (tray row, notification click). */
  navigate(payload: HeadroomEvents['navigate']): void;
}
