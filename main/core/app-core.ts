/**
 * createCore: the whole of Headroom without Electron. Composes config, keychain, accounts, poller,
 * history and alerts, and exposes them as the typed API plus events. The Electron shell, the
 * `headroom watch` CLI and the browser preview harness all host this same core.
 */
import type { HeadroomEvents } from '../api/contract.ts';
import type { Notice } from '../model/alerts.ts';
import { createAccountService } from './accounts/service.ts';
import { createAlertEngine } from './alerts/engine.ts';
import { withFixedAccounts } from './config/fixed-accounts.ts';
import { openConfig } from './config/store.ts';
import { createCoreApi } from './core-api.ts';
import type { Core, CoreOptions } from './core-types.ts';
import { explainKeychainError, type Keychain, loadKeytar, MemoryKeychain } from './secrets/keychain.ts';
import type { NotificationSink } from './alerts/notifier.ts';
import { installDemo } from './demo-mode.ts';
import { createMetricsEndpoint, type MetricsEndpoint } from './metrics/endpoint.ts';
import { Emitter } from './events.ts';
import { createForecastService } from './forecast/service.ts';
import { startForecastWatch, type ForecastWatch } from './forecast/watch.ts';
import { backfillAccount, backfillPlan } from './history/backfill.ts';
import { openHistory } from './history/store.ts';
import { demoDataDir } from './paths.ts';
import { createPoller } from './poller/poller.ts';
import { getProvider } from './providers/registry.ts';
import { createSecretStore } from './secrets/secret-store.ts';
import type { Settings } from '../model/settings.ts';
import type { ProviderSimulator } from './simulator/server.ts';
import { logStatusChanges } from './log/account-status-log.ts';
import { log } from './log/logger.ts';

/** Stands in for the keychain when keytar could not load: every call says why. */
function unavailableKeychain(err: unknown): Keychain {
  const fail = async (): Promise<never> => {
    throw explainKeychainError(err);
  };
  return { getPassword: fail, setPassword: fail, deletePassword: fail };
}

async function resolveKeychain(opts: CoreOptions, demo: boolean): Promise<{ keychain: Keychain; problem: string | null }> {
  if (demo) return { keychain: new MemoryKeychain(), problem: null };
  if (opts.keychain) return { keychain: opts.keychain, problem: null };
  try {
    return { keychain: await loadKeytar(), problem: null };
  } catch (err) {
    return { keychain: unavailableKeychain(err), problem: explainKeychainError(err).message };
  }
}

const silentSink: NotificationSink = { notify: async () => {} };

/** How long stop() waits for polls in flight (they were aborted) before it flushes and closes. */
export const STOP_POLLS_WAIT_MS = 1000;

/** Waits for the promise, but no longer than ms (the timer never holds the process). */
async function withinMs(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const now = opts.now ?? Date.now;
  const demo = opts.demo ?? false;
  const dataDir = demo ? demoDataDir(opts.dataDir) : opts.dataDir;
  const events = new Emitter<HeadroomEvents>();
  const settingsListeners = new Emitter<{ settings: Settings }>();
  let started = false;
  let stopped = false;
  let stopping: Promise<void> | null = null;

  // Loaded in demo mode only, like the metrics server (see metrics/endpoint.ts).
  const sim: ProviderSimulator | null = demo ? await (await import('./simulator/server.ts')).startProviderSimulator() : null;
  // watch: accounts the CLI adds or edits while the app runs reach the poller.
  const dataConfig = openConfig({ dataDir, StoreClass: opts.StoreClass, watch: opts.poll !== false });
  const config = opts.fixedAccounts ? withFixedAccounts(dataConfig, opts.fixedAccounts) : dataConfig;
  const { keychain, problem: keychainProblem } = await resolveKeychain(opts, demo);
  const secrets = createSecretStore(keychain);
  const history = await openHistory({ dataDir, now });
  const alerts = createAlertEngine({ dataDir, sink: opts.notifier ?? silentSink, settings: () => config.settings().alerts, now });
  const accounts = createAccountService({
    config,
    secrets,
    probe: (provider, credentials, baseUrl) => getProvider(provider).fetch(credentials, { baseUrl }),
    now,
    snoozedUntil: (id) => alerts.snoozedUntil(id),
  });
  if (sim) await installDemo({ sim, config, secrets, history, now: now() });

  const poller = createPoller({
    accounts: () => accounts.all(),
    credentials: (id) => accounts.credentials(id),
    settings: () => config.settings(),
    // Readings are stamped by the core's clock, the one lastSuccessAt and the history's rollups use.
    fetch: (account, credentials, signal) => getProvider(account.provider).fetch(credentials, { baseUrl: account.baseUrl, signal, accountLabel: account.label, now, timeoutMs: opts.providerTimeoutMs }),
    describe: (account, snapshot) => getProvider(account.provider).describe(snapshot),
    now,
    intervalOverrideMs: opts.pollIntervalMs,
  });

  const forecasts = createForecastService({ history, snapshot: (id) => poller.state().accounts.find((a) => a.id === id)?.snapshot, now });
  const forecastDays = () => config.settings().alerts.forecastDays;
  let forecastWatch: ForecastWatch | null = null;

  // Created after the core object exists (the server reads its state); see start().
  let metricsEndpoint: MetricsEndpoint | null = null;

  // Pending notices this process has shown: no longer kept for later, still on screen until it ends.
  const shownHere = new Map<string, Notice>();
  function noticesSeen(ids: readonly string[]): void {
    for (const n of config.notices()) if (ids.includes(n.id)) shownHere.set(n.id, n);
    config.noticesSeen(ids);
  }

  /** Pending notices (a repaired config or alert memory: see notices/pending.ts), then live problems. */
  function notices(): Notice[] {
    const pending = config.notices();
    const list: Notice[] = [...pending, ...[...shownHere.values()].filter((n) => !pending.some((p) => p.id === n.id))];
    if (keychainProblem) list.push({ id: 'keychain', level: 'error', message: keychainProblem });
    if (history.readOnlyReason) list.push({ id: 'history-read-only', level: 'warn', message: history.readOnlyReason });
    history.warnings.forEach((message, i) => list.push({ id: `history-${i}`, level: 'warn', message }));
    const metricsProblem = metricsEndpoint?.problem();
    if (metricsProblem) list.push({ id: 'metrics', level: 'warn', message: `Metrics are not served: ${metricsProblem}` });
    const delivery = alerts.deliveryProblem();
    if (delivery) list.push({ id: 'notifications', level: 'warn', message: `Notifications can't be shown: ${delivery}` });
    return list;
  }
  let lastNotices = JSON.stringify(notices());
  function checkNotices(): void {
    const current = notices();
    const json = JSON.stringify(current);
    if (json === lastNotices) return;
    lastNotices = json;
    events.emit('notices', current);
  }

  /**
   * The limit backfilled buckets are written with. A provider's history tells calls only, so they
   * get the account's current limit; before its first poll that is not known yet, so the first poll
   * is awaited (joined when in flight). Written with no limit, the backfilled days would show no
   * limit line up to the first live sample: a seam in the chart, and "no cap" where there is one.
   */
  async function limitForBackfill(id: string): Promise<number | null> {
    const snapshot = () => poller.state().accounts.find((a) => a.id === id)?.snapshot;
    if (!snapshot() && started) await poller.refresh(id);
    return snapshot()?.limit ?? null;
  }

  async function backfill(id: string): Promise<void> {
    const account = accounts.get(id);
    const adapter = account && getProvider(account.provider);
    if (!account?.enabled || !adapter?.history || history.mode !== 'writer') return;
    const since = history.lastSampleAt(id);
    const plan = backfillPlan(since, now());
    if (!plan) return;
    try {
      const credentials = await accounts.credentials(id);
      if (!credentials) return;
      const limit = await limitForBackfill(id);
      await backfillAccount(history, id, (o) => adapter.history!(credentials, { ...o, baseUrl: account.baseUrl, accountLabel: account.label }), limit, now(), since);
    } catch (err) {
      // Backfill is best effort: the live poll reports real problems with the account.
      if (!stopped) log.warn(`history backfill for '${account.label}' failed`, err);
    }
  }

  poller.onPoll((e) => {
    if (e.snapshot) history.append({ accountId: e.accountId, sampledAt: e.snapshot.sampledAt, current: e.snapshot.current, limit: e.snapshot.limit });
    const account = accounts.get(e.accountId);
    if (!account || opts.poll === false) return; // one-shot hosts (headroom status) don't alert
    alerts
      .observe(e, account)
      .catch((err: unknown) => log.error('alert evaluation failed', err));
  });
  poller.subscribe((state) => events.emit('state', state));
  poller.subscribe(logStatusChanges());
  config.onChange(() => {
    poller.accountsChanged();
    checkNotices(); // another process (the CLI) may have repaired a file or shown a notice
  });
  alerts.onAlert((alert) => {
    events.emit('alert', alert);
    checkNotices(); // a failed delivery (or the first success after one) changes the notices
  });

  const api = createCoreApi({
    accounts,
    config,
    poller,
    history,
    alerts,
    forecasts,
    now,
    notices,
    credentialsChanged: (id) => void backfill(id),
    noticesSeen: (ids) => {
      noticesSeen(ids);
      checkNotices();
    },
    settingsChanged: (settings) => {
      if (settings.alerts.forecastDays !== null) void forecastWatch?.check();
      void metricsEndpoint?.apply(settings.metrics);
      settingsListeners.emit('settings', settings);
    },
    startDemo: async () => {
      if (demo) return;
      if (!opts.onStartDemo) throw new Error('demo mode is not available here');
      await opts.onStartDemo();
    },
  });

  const core: Core = {
    api,
    on: (event, listener) => events.on(event, listener),
    state: () => poller.state(),
    settings: () => config.settings(),
    onSettingsChange: (listener) => settingsListeners.on('settings', listener),
    notices,
    onPoll: (listener) => poller.onPoll(listener),
    forecast: (id) => forecasts.get(id),
    pendingNotices: () => config.notices(),
    noticesSeen,
    hasAccounts: () => accounts.all().length > 0,
    async start() {
      if (started || opts.poll === false) return;
      started = true;
      poller.start();
      for (const account of accounts.all()) void backfill(account.id);
      forecastWatch = startForecastWatch({ accounts: () => accounts.all(), forecasts, alerts, forecastDays }, (err) => {
        if (!stopped) console.error(`headroom: forecast check failed: ${err instanceof Error ? err.message : String(err)}`);
      });
      if (opts.metricsFromSettings) {
        metricsEndpoint = createMetricsEndpoint(core, checkNotices);
        await metricsEndpoint.apply(config.settings().metrics);
      }
    },
    stop() {
      stopped = true;
      stopping ??= (async () => {
        await forecastWatch?.stop();
        await metricsEndpoint?.close();
        // A poll stuck in a keychain call can't be aborted: its result is dropped anyway, so it
        // doesn't get to hold up flushing alert memory and releasing the history lock.
        await withinMs(poller.stop(), STOP_POLLS_WAIT_MS);
        await alerts.flush();
        await history.close();
        config.close();
        await sim?.close();
      })();
      return stopping;
    },
    onSystemSleep: () => poller.systemSleep(),
    onSystemWake: () => poller.systemWake(),
    navigate: (payload) => events.emit('navigate', payload),
  };
  return core;
}
