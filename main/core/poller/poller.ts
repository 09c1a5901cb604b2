/**
 * The scheduler: every enabled account polled on its interval, bounded parallelism across accounts,
 * one request in flight per account, backoff on failures, an auth stop, pause, suspend/wake (with
 * a wall-clock jump detector for desktops whose suspend events never arrive) and offline handling.
 * What each account shows goes into one state store, which emits only on real change.
 *
 * Settings and the account list are read on start and on accountsChanged() (the host calls it
 * for account edits and settings changes alike), not on every poll.
 */
import type { Account } from '../../model/account.ts';
import { ProviderError } from '../../model/errors.ts';
import type { Credentials, DetailRow, Snapshot } from '../../model/provider.ts';
import { MIN_POLL_INTERVAL_SEC, type Settings } from '../../model/settings.ts';
import { createStateStore } from '../state/store.ts';
import type { AppState, PauseState, PollEvent } from '../../model/state.ts';
import { accountState, type AccountRecord } from './account-state.ts';
import { backoffMs, nextIntervalMs, rateLimitedMs, RETRY_AFTER_CAP_MS } from './backoff.ts';
import { DueTimer } from './due-timer.ts';
import { Heartbeat } from './heartbeat.ts';
import { hasNetworkInterface, OnlineWatch } from './online.ts';
import { Semaphore } from './semaphore.ts';
import { later, realTimers, type TimerHandle, type Timers } from './timers.ts';
import { log } from '../log/logger.ts';

export interface PollerOptions {
  /** Current accounts (config); re-read on accountsChanged(). */
  accounts: () => Account[];
  /** null: the keychain entry is missing. May throw (keychain unavailable). */
  credentials: (id: string) => Promise<Credentials | null>;
  /** Re-read on start and on accountsChanged(). */
  settings: () => Settings;
  fetch: (account: Account, credentials: Credentials, signal: AbortSignal) => Promise<Snapshot>;
  describe?: (account: Account, snapshot: Snapshot) => DetailRow[];
  now?: () => number;
  timers?: Timers;
  random?: () => number;
  /** Default: a non-internal network interface is up. */
  isOnline?: () => boolean | Promise<boolean>;
  /** A tick this much later (or earlier) than expected by the wall clock means the machine slept. */
  clockJumpMs?: number;
  /** Housekeeping tick: stale marking, pause expiry, clock-jump detection. */
  tickMs?: number;
  /** How often the network is checked while offline. */
  onlineCheckMs?: number;
  /** Test-only: every account polls at this interval, below the 10 s minimum (see core/test-overrides.ts). */
  intervalOverrideMs?: number;
}

export interface Poller {
  /** First poll of every enabled account right away (with small jitter). */
  start(): void;
  /** Aborts polls in flight and clears timers; resolves when quiet. */
  stop(): Promise<void>;
  /** "Refresh now": joins a poll in flight instead of starting a second; runs once even while paused. */
  refresh(id?: string): Promise<void>;
  /** Polls again after an auth stop. */
  retry(id: string): void;
  /** Pause all; null = until resumed. */
  pause(minutes: number | null): void;
  resume(): void;
  suspend(): void;
  /** After resume or unlock: polls once shortly after. */
  wake(): void;
  /** Accounts or settings changed: resync schedules; changed credentials (updatedAt) lift an auth stop. */
  accountsChanged(): void;
  state(): AppState;
  /** Only when something actually changed. */
  subscribe(listener: (state: AppState) => void): () => void;
  /** Every finished poll of a provider, success or failure. */
  onPoll(listener: (e: PollEvent) => void): () => void;
}

interface Entry extends AccountRecord {
  inFlight: Promise<void> | null;
  abort: AbortController | null;
  failures: number;
  authStopped: boolean;
  /** Retry-After: no scheduled poll before this (epoch ms); a manual refresh may still go. */
  notBefore: number;
  /** Bumped when credentials or enablement change: results of polls started before are dropped. */
  epoch: number;
}

const START_JITTER_MS = 250;
const WAKE_DELAY_MS = 2_000;
const WAKE_SPREAD_MS = 3_000;
const TICK_MS = 5_000;
const CLOCK_JUMP_MS = 30_000;
const ONLINE_CHECK_MS = 10_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createPoller(opts: PollerOptions): Poller {
  const now = opts.now ?? Date.now;
  const timers = opts.timers ?? realTimers;
  const random = opts.random ?? Math.random;
  const store = createStateStore();
  const entries = new Map<string, Entry>();
  const pollListeners = new Set<(e: PollEvent) => void>();
  let settings: Settings | null = null;
  const currentSettings = () => (settings ??= opts.settings());
  const slots = new Semaphore(() => currentSettings().parallelism);
  const due = new DueTimer(timers, now, (id) => {
    const e = entries.get(id);
    if (e) void poll(e);
  });
  const heartbeat = new Heartbeat(timers, now, opts.tickMs ?? TICK_MS, opts.clockJumpMs ?? CLOCK_JUMP_MS, (jumped) => (jumped && !suspended ? wake() : housekeeping()));
  const network = new OnlineWatch(timers, opts.isOnline ?? hasNetworkInterface, opts.onlineCheckMs ?? ONLINE_CHECK_MS, goOnline);
  let running = false;
  let synced = false;
  let suspended = false;
  let offline = false;
  let pause: PauseState | null = null;
  let pauseTimer: TimerHandle | null = null;
  /** Bumped by stop(): polls queued or in flight from before are dropped. */
  let generation = 0;

  function intervalMs(a: Account): number {
    if (opts.intervalOverrideMs) return opts.intervalOverrideMs;
    const sec = a.pollIntervalSec ?? currentSettings().pollIntervalSec;
    return Math.max(MIN_POLL_INTERVAL_SEC, Number.isFinite(sec) ? sec : MIN_POLL_INTERVAL_SEC) * 1000;
  }

  const jitter = (spreadMs: number) => Math.round(random() * spreadMs);
  const isCurrent = (e: Entry) => entries.get(e.account.id) === e;

  function publish(e: Entry): void {
    const overlay = { now: now(), paused: pause !== null, offline, intervalMs: intervalMs(e.account), nextPollAt: due.at(e.account.id), alerts: currentSettings().alerts };
    store.put(accountState(e, overlay));
  }

  function publishAll(): void {
    for (const e of entries.values()) publish(e);
  }

  /** May this account be polled now? A manual poll (refresh, retry) also runs while paused or before start. */
  function canPoll(e: Entry, manual: boolean): boolean {
    return !suspended && !offline && (manual || (running && !pause)) && e.account.enabled && !e.authStopped;
  }

  function schedule(e: Entry, delayMs: number): void {
    if (canPoll(e, false)) due.set(e.account.id, Math.max(now() + delayMs, e.notBefore));
    else due.delete(e.account.id);
  }

  function pollAllSoon(minMs: number, spreadMs: number): void {
    for (const e of entries.values()) if (!e.inFlight) schedule(e, minMs + jitter(spreadMs));
    publishAll();
  }

  function quiet(): void {
    due.clear();
    for (const e of entries.values()) e.abort?.abort();
  }

  function emitPoll(event: PollEvent): void {
    for (const listener of pollListeners) {
      try {
        listener(event);
      } catch (err) {
        log.error('a poll listener failed', err);
      }
    }
  }

  function details(e: Entry, snapshot: Snapshot): DetailRow[] {
    try {
      return opts.describe?.(e.account, snapshot) ?? [];
    } catch {
      return [];
    }
  }

  function succeed(e: Entry, snapshot: Snapshot): void {
    e.failures = 0;
    e.notBefore = 0;
    e.snapshot = snapshot;
    e.lastSuccessAt = now();
    e.details = details(e, snapshot);
    e.outcome = { status: 'ok' };
    schedule(e, nextIntervalMs(intervalMs(e.account), random));
    emitPoll({ accountId: e.account.id, at: e.lastSuccessAt, snapshot, lastSuccessAt: e.lastSuccessAt });
  }

  /** The keychain could not be read: the account shows the reason and is tried again with backoff. */
  function credentialsFailed(e: Entry, err: unknown): void {
    e.failures++;
    e.outcome = { status: 'error', message: err instanceof Error ? err.message : String(err) };
    schedule(e, backoffMs(e.failures, intervalMs(e.account), random));
  }

  /** Returns whether it was a network error (then the caller checks whether the machine is offline). */
  function failed(e: Entry, err: unknown): boolean {
    const error = err instanceof ProviderError ? err : new ProviderError('bad-response', `${e.account.label}: ${err instanceof Error ? err.message : String(err)}`);
    e.failures++;
    e.outcome = { status: 'error', errorKind: error.kind, message: error.message };
    if (error.kind === 'auth') {
      e.authStopped = true; // until the credentials change or the user retries
      due.delete(e.account.id);
    } else if (error.kind === 'rate-limited') {
      const retryAfter = error.details.retryAfterMs;
      if (retryAfter !== undefined && Number.isFinite(retryAfter)) e.notBefore = now() + Math.min(RETRY_AFTER_CAP_MS, retryAfter);
      schedule(e, rateLimitedMs(retryAfter, e.failures, intervalMs(e.account), random));
    } else {
      schedule(e, backoffMs(e.failures, intervalMs(e.account), random));
    }
    emitPoll({ accountId: e.account.id, at: now(), error, lastSuccessAt: e.lastSuccessAt });
    return error.kind === 'network';
  }

  async function attempt(e: Entry, manual: boolean): Promise<void> {
    const gen = generation;
    const epoch = e.epoch;
    const live = () => gen === generation && epoch === e.epoch && isCurrent(e) && canPoll(e, manual);
    let networkError = false;
    await slots.acquire();
    try {
      if (!live()) return;
      let credentials: Credentials | null;
      try {
        credentials = await opts.credentials(e.account.id);
      } catch (err) {
        if (live()) credentialsFailed(e, err);
        return;
      }
      if (!live()) return;
      if (!credentials) {
        e.outcome = { status: 'needs-credentials', message: 'Credentials missing from the keychain: edit the account to enter them again' };
        return; // nothing to poll with until the account is edited (accountsChanged)
      }
      e.abort = new AbortController();
      try {
        const snapshot = await opts.fetch(e.account, credentials, e.abort.signal);
        if (live()) succeed(e, snapshot);
      } catch (err) {
        if (live()) networkError = failed(e, err);
      }
    } finally {
      e.abort = null;
      slots.release();
    }
    if (networkError && !(await network.check()) && gen === generation) goOffline();
  }

  /** At most one request in flight per account: a second caller joins the first. */
  function poll(e: Entry, manual = false): Promise<void> {
    if (e.inFlight) return e.inFlight;
    if (!canPoll(e, manual)) return Promise.resolve();
    due.delete(e.account.id);
    const epoch = e.epoch;
    e.inFlight = attempt(e, manual).finally(() => {
      e.inFlight = null;
      if (!isCurrent(e)) return;
      // Credentials or enablement changed meanwhile: that result was dropped, poll afresh.
      if (epoch !== e.epoch && running) schedule(e, jitter(START_JITTER_MS));
      publish(e);
    });
    return e.inFlight;
  }

  function goOffline(): void {
    if (offline) return;
    offline = true;
    quiet();
    store.setOffline(true);
    publishAll();
    network.watch();
  }

  function goOnline(): void {
    network.stop();
    if (!offline) return;
    offline = false;
    store.setOffline(false);
    pollAllSoon(0, START_JITTER_MS);
  }

  const pauseExpired = () => pause?.until != null && now() >= pause.until;

  function housekeeping(): void {
    if (pauseExpired()) return resume();
    publishAll(); // staleness depends on the time
  }

  function wake(): void {
    suspended = false;
    heartbeat.reset();
    if (pauseExpired()) resume(); // the pause ran out while the machine slept
    pollAllSoon(WAKE_DELAY_MS, WAKE_SPREAD_MS);
    if (offline) void network.check().then((up) => up && goOnline());
  }

  /** Timers run on a clock that stops during sleep and cap out at ~24.8 days: the wall clock decides. */
  function armPauseExpiry(): void {
    const left = pause?.until == null ? null : pause.until - now();
    if (left === null) return;
    if (left <= 0) return resume();
    pauseTimer = later(timers, armPauseExpiry, Math.min(left, MAX_TIMER_MS));
  }

  function resume(): void {
    if (pauseTimer) timers.clearTimeout(pauseTimer);
    pauseTimer = null;
    if (!pause) return;
    pause = null;
    store.setPause(null);
    pollAllSoon(0, START_JITTER_MS);
  }

  function newEntry(account: Account): Entry {
    return { account, outcome: { status: 'pending' }, details: [], inFlight: null, abort: null, failures: 0, authStopped: false, notBefore: 0, epoch: 0 };
  }

  function update(e: Entry, account: Account): void {
    const before = e.account;
    e.account = account;
    if (before.updatedAt !== account.updatedAt || before.enabled !== account.enabled) {
      e.authStopped = false;
      e.failures = 0;
      e.notBefore = 0;
      e.epoch++;
      e.abort?.abort();
      if (!e.inFlight) schedule(e, jitter(START_JITTER_MS)); // in flight: poll()'s finally reschedules
      return;
    }
    // A shorter interval (settings) applies now, not after the old one ran out; backoff is kept.
    const at = due.at(account.id);
    if (at !== undefined && e.failures === 0 && at > now() + intervalMs(account) * 1.1) schedule(e, nextIntervalMs(intervalMs(account), random));
  }

  function sync(): void {
    settings = opts.settings();
    const accounts = opts.accounts();
    const ids = new Set(accounts.map((a) => a.id));
    for (const [id, e] of entries) {
      if (ids.has(id)) continue;
      due.delete(id);
      e.abort?.abort();
      entries.delete(id);
      store.remove(id);
    }
    for (const account of accounts) {
      const e = entries.get(account.id);
      if (e) update(e, account);
      else {
        const fresh = newEntry(account);
        entries.set(account.id, fresh);
        schedule(fresh, jitter(START_JITTER_MS));
      }
    }
    synced = true;
    slots.drain(); // parallelism may have changed
    publishAll();
    store.order(accounts.map((a) => a.id));
  }

  const ensureSynced = () => synced || sync();

  return {
    start() {
      if (running) return;
      running = true;
      heartbeat.start();
      sync();
      if (offline) network.watch();
      pollAllSoon(0, START_JITTER_MS);
    },
    async stop() {
      running = false;
      generation++;
      heartbeat.stop();
      network.stop();
      if (pauseTimer) timers.clearTimeout(pauseTimer);
      pauseTimer = null;
      quiet();
      await Promise.allSettled([...entries.values()].map((e) => e.inFlight));
    },
    async refresh(id) {
      ensureSynced();
      if (offline && (await network.check())) goOnline(); // the user asks: look again now
      const targets = id === undefined ? [...entries.values()] : [entries.get(id)].filter((e): e is Entry => e !== undefined);
      await Promise.all(targets.map((e) => poll(e, true)));
    },
    retry(id) {
      const e = entries.get(id);
      if (!e) return;
      e.authStopped = false;
      e.failures = 0;
      void poll(e, true);
    },
    pause(minutes) {
      if (minutes !== null && !(minutes > 0)) return resume();
      pause = { until: minutes === null ? null : now() + minutes * 60_000 };
      if (pauseTimer) timers.clearTimeout(pauseTimer);
      pauseTimer = null;
      if (minutes !== null) armPauseExpiry();
      quiet();
      store.setPause(pause);
      publishAll();
    },
    resume,
    suspend() {
      suspended = true;
      quiet();
      publishAll();
    },
    wake,
    accountsChanged: sync,
    state() {
      ensureSynced();
      return store.state();
    },
    subscribe: (listener) => store.subscribe(listener),
    onPoll(listener) {
      pollListeners.add(listener);
      return () => void pollListeners.delete(listener);
    },
  };
}
