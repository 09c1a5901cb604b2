/**
 * The contract between the plain-Node core and whatever hosts it (the Electron shell, the
 * `headroom watch` CLI, the browser preview harness). Implemented by app-core.ts.
 */
import type { EventName, HeadroomApi, HeadroomEvents } from '../api/contract.ts';
import type { Notice } from '../model/alerts.ts';
import type { AppState } from '../model/state.ts';
import type { Settings } from '../model/settings.ts';

/** The slice of keytar Headroom uses; injected so tests and demo mode can swap it. */
export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Sends one desktop notification; rejects when it could not be shown. */
export interface NotificationSink {
  notify(n: { title: string; body: string; accountId: string | null }): Promise<void>;
}

/** A conf-compatible store class: electron-store in the app, conf in the CLI and tests. */
export type StoreClass = new (options: Record<string, unknown>) => {
  store: Record<string, unknown>;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  path: string;
};

export interface CoreOptions {
  dataDir: string;
  /** Demo mode: simulated accounts of all four providers on the local simulator, own data. */
  demo?: boolean;
  StoreClass?: StoreClass;
  keychain?: Keychain;
  notifier?: NotificationSink;
  now?: () => number;
  /** Defaults to true; `headroom status` style one-shot hosts pass false. */
  poll?: boolean;
  /** Test-only: every account polls at this interval in ms, below the 10 s minimum (core/test-overrides.ts). */
  pollIntervalMs?: number;
  /** The window's "Try demo data": the host restarts into demo mode (the app relaunches with --demo). */
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
  notices(): Notice[];
  hasAccounts(): boolean;
  start(): Promise<void>;
  /** Stops polling (polls in flight are aborted), flushes alert memory and history, releases the history lock; idempotent. */
  stop(): Promise<void>;
  /** From powerMonitor (or the core's own clock-jump detector). */
  suspend(): void;
  resume(): void;
  /** Ask the window to show an account (tray row, notification click). */
  navigate(payload: HeadroomEvents['navigate']): void;
}
