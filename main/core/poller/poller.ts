/**
 * The poller: every enabled account polled on its interval, bounded parallelism across accounts,
 * one request in flight per account, pause, system sleep/wake (with a wall-clock jump detector for
 * desktops whose suspend events never arrive) and offline handling. Its parts, each in its own
 * file: the due timer (one timer for all accounts), each account's state machine (account-entry:
 * backoff, auth stop, Retry-After), the pause clock, the heartbeat, the online watch, and the pure
 * projection of an entry to what the account shows (account-state), which goes into one state store
 * that emits only on real change.
 *
 * Settings and the account list are read on start and on accountsChanged() (the host calls it
 * for account edits and settings changes alike), not on every poll.
 */
import type { Account } from '../../model/account.ts';
import type { Credentials, DetailRow, Snapshot } from '../../model/provider.ts';
import type { Settings } from '../../model/settings.ts';
import { LIMITS } from '../../model/limits.ts';
import { createStateStore } from '../state/store.ts';
import type { AppState, PollEvent } from '../../model/state.ts';
import { AccountEntry, asProviderError, type Next } from './account-entry.ts';
import { accountState } from './account-state.ts';
import { Cadence } from './cadence.ts';
import { DueTimer } from './due-timer.ts';
import { Heartbeat } from './heartbeat.ts';
import { hasNetworkInterface, OnlineWatch } from './online.ts';
import { PauseClock } from './pause-clock.ts';
import { Semaphore } from './semaphore.ts';
import { realTimers, type Timers } from './timers.ts';
import { log } from '../log/logger.ts';

export interface PollerOptions {
  /** Current accounts (config); re-read on accountsChanged(). */
  accounts: () => readonly Account[];
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
  /** The machine sleeps or the screen locks: nothing is polled until systemWake. */
  systemSleep(): void;
  /** After a system resume or unlock (or a wall-clock jump): polls once shortly after. */
  systemWake(): void;
  /** Accounts or settings changed: resync schedules; changed credentials (updatedAt) lift an auth stop. */
  accountsChanged(): void;
  state(): AppState;
  /** Only when something actually changed. */
  subscribe(listener: (state: AppState) => void): () => void;
  /** Every finished poll of a provider, success or failure. */
  onPoll(listener: (e: PollEvent) => void): () => void;
}

const START_JITTER_MS = 250;
const WAKE_DELAY_MS = 2_000;
const WAKE_SPREAD_MS = 3_000;
/**
 * Every other tick falls on a 30 s interval's grid point (and on every 60 s one), sharing its
 * wake-up; staleness (2.5 intervals) is marked at most this late, and a 30 s clock jump still shows.
 */
const TICK_MS = 15_000;
const CLOCK_JUMP_MS = 30_000;
const ONLINE_CHECK_MS = 10_000;

export function createPoller(opts: PollerOptions): Poller {
  const now = opts.now ?? Date.now;
  const timers = opts.timers ?? realTimers;
  const random = opts.random ?? Math.random;
  const store = createStateStore();
  const entries = new Map<string, AccountEntry>();
  const pollListeners = new Set<(e: PollEvent) => void>();
  let settings: Settings | null = null;
  const currentSettings = () => (settings ??= opts.settings());
  const slots = new Semaphore(() => currentSettings().parallelism);
  const cadence = Cadence.random(random); // where regular polls and ticks land
  const due = new DueTimer(timers, now, (id) => {
    const e = entries.get(id);
    if (e) void poll(e);
  });
  const heartbeat = new Heartbeat(timers, now, opts.tickMs ?? TICK_MS, cadence, opts.clockJumpMs ?? CLOCK_JUMP_MS, (jumped) => (jumped && !asleep ? systemWake() : tick()));
  const network = new OnlineWatch(timers, opts.isOnline ?? hasNetworkInterface, opts.onlineCheckMs ?? ONLINE_CHECK_MS, goOnline);
  const pause = new PauseClock(timers, now, () => {
    store.setPause(null);
    pollAllSoon(0, START_JITTER_MS);
  });
  let running = false;
  let synced = false;
  let asleep = false;
  let offline = false;
  /** Bumped by stop(): polls queued or in flight from before are dropped. */
  let generation = 0;

  function intervalMs(a: Account): number {
    if (opts.intervalOverrideMs) return opts.intervalOverrideMs;
    const sec = a.pollIntervalSec ?? currentSettings().pollIntervalSec;
    return Math.max(LIMITS.minPollIntervalSec, Number.isFinite(sec) ? sec : LIMITS.minPollIntervalSec) * 1000;
  }

  const jitter = (spreadMs: number) => Math.round(random() * spreadMs);
  const isCurrent = (e: AccountEntry) => entries.get(e.account.id) === e;

  function publish(e: AccountEntry): void {
    const overlay = { now: now(), paused: pause.state !== null, offline, intervalMs: intervalMs(e.account), nextPollAt: due.at(e.account.id), alerts: currentSettings().alerts };
    store.put(accountState(e, overlay));
  }

  function publishAll(): void {
    for (const e of entries.values()) publish(e);
  }

  /** May this account be polled now? A manual poll (refresh, retry) also runs while paused or before start. */
  function canPoll(e: AccountEntry, manual: boolean): boolean {
    return !asleep && !offline && (manual || (running && !pause.state)) && e.account.enabled && !e.authStopped;
  }

  function schedule(e: AccountEntry, delayMs: number): void {
    if (canPoll(e, false)) due.set(e.account.id, Math.max(now() + delayMs, e.notBefore));
    else due.delete(e.account.id);
  }

  function follow(e: AccountEntry, next: Next): void {
    if (next === 'stopped') due.delete(e.account.id);
    else schedule(e, next.inMs);
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

  function details(e: AccountEntry, snapshot: Snapshot): DetailRow[] {
    try {
      return opts.describe?.(e.account, snapshot) ?? [];
    } catch {
      return [];
    }
  }

  /** startedAt: when the poll was asked for, before any wait for a slot, so a slow answer keeps its grid point. */
  function succeed(e: AccountEntry, snapshot: Snapshot, startedAt: number): void {
    const at = now();
    const interval = intervalMs(e.account);
    const next = cadence.nextPollAt(startedAt, interval);
    follow(e, e.succeeded(snapshot, details(e, snapshot), at, next > at ? next : cadence.nextTickAt(at, interval)));
    emitPoll({ accountId: e.account.id, at, snapshot, lastSuccessAt: at });
  }

  /** Returns whether it was a network error (then the caller checks whether the machine is offline). */
  function fail(e: AccountEntry, err: unknown): boolean {
    const error = asProviderError(err, e.account);
    const at = now();
    follow(e, e.failed(error, at, intervalMs(e.account), random));
    emitPoll({ accountId: e.account.id, at, error, lastSuccessAt: e.lastSuccessAt });
    return error.kind === 'network';
  }

  async function attempt(e: AccountEntry, manual: boolean): Promise<void> {
    const startedAt = now();
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
        if (live()) follow(e, e.credentialsUnreadable(err, intervalMs(e.account), random));
        return;
      }
      if (!live()) return;
      if (!credentials) return follow(e, e.credentialsMissing());
      e.abort = new AbortController();
      try {
        const snapshot = await opts.fetch(e.account, credentials, e.abort.signal);
        if (live()) succeed(e, snapshot, startedAt);
      } catch (err) {
        if (live()) networkError = fail(e, err);
      }
    } finally {
      e.abort = null;
      slots.release();
    }
    if (networkError && !(await network.check()) && gen === generation) goOffline();
  }

  /** At most one request in flight per account: a second caller joins the first. */
  function poll(e: AccountEntry, manual = false): Promise<void> {
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

  /** The heartbeat: a pause may have run out, and staleness depends on the time. */
  function tick(): void {
    pause.check(); // ending a pause republishes through its onEnd
    publishAll();
  }

  function systemWake(): void {
    asleep = false;
    heartbeat.reset();
    pause.check(); // the pause may have run out while the machine slept
    pollAllSoon(WAKE_DELAY_MS, WAKE_SPREAD_MS);
    if (offline) void network.check().then((up) => up && goOnline());
  }

  function update(e: AccountEntry, account: Account): void {
    if (e.replace(account)) {
      if (!e.inFlight) schedule(e, jitter(START_JITTER_MS)); // in flight: poll()'s finally reschedules
      return;
    }
    // A shorter interval (settings) applies now, not after the old one ran out; backoff is kept.
    const at = due.at(account.id);
    const t = now();
    const next = cadence.nextPollAt(t, intervalMs(account));
    if (at !== undefined && e.failures === 0 && at > next) schedule(e, next - t);
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
        const fresh = new AccountEntry(account);
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
      pause.disarm();
      quiet();
      await Promise.allSettled([...entries.values()].map((e) => e.inFlight));
    },
    async refresh(id) {
      ensureSynced();
      if (offline && (await network.check())) goOnline(); // the user asks: look again now
      const targets = id === undefined ? [...entries.values()] : [entries.get(id)].filter((e): e is AccountEntry => e !== undefined);
      await Promise.all(targets.map((e) => poll(e, true)));
    },
    retry(id) {
      const e = entries.get(id);
      if (!e) return;
      e.retry();
      void poll(e, true);
    },
    pause(minutes) {
      if (minutes !== null && !(minutes > 0)) return pause.end();
      pause.start(minutes);
      quiet();
      store.setPause(pause.state);
      publishAll();
    },
    resume: () => pause.end(),
    systemSleep() {
      asleep = true;
      quiet();
      publishAll();
    },
    systemWake,
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
