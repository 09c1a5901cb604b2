/**
 * The scheduler: every enabled account polled on its interval, bounded parallelism across accounts,
 * one request in flight per account, backoff on failures, an auth stop, pause, suspend/wake (with
 * a wall-clock jump detector for desktops whose suspend events never arrive) and offline handling.
 * It keeps one state per account and emits the AppState only when something changed.
 */
import type { Account } from '../accounts/types.ts';
import { ProviderError } from '../errors.ts';
import { levelFor } from '../levels.ts';
import type { Credentials, DetailRow, Snapshot } from '../providers/types.ts';
import { MIN_POLL_INTERVAL_SEC, type Settings } from '../settings/types.ts';
import { aggregate } from '../state/aggregate.ts';
import type { AccountState, AccountStatus, AppState, PauseState, PollEvent } from '../state/types.ts';
import { backoffMs, nextIntervalMs, rateLimitedMs } from './backoff.ts';
import { hasNetworkInterface } from './online.ts';
import { Semaphore } from './semaphore.ts';

export interface PollerOptions {
  accounts: () => Account[];
  /** null: the keychain entry is missing. May throw (keychain unavailable). */
  credentials: (id: string) => Promise<Credentials | null>;
  settings: () => Settings;
  fetch: (account: Account, credentials: Credentials, signal: AbortSignal) => Promise<Snapshot>;
  describe?: (account: Account, snapshot: Snapshot) => DetailRow[];
  now?: () => number;
  random?: () => number;
  isOnline?: () => boolean | Promise<boolean>;
  /** A gap this much longer than the housekeeping tick means the machine slept. */
  clockJumpMs?: number;
  /** Housekeeping tick (stale marking, clock jumps, pause expiry). */
  tickMs?: number;
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
  refresh(id?: string): Promise<void>;
  retry(id: string): void;
  pause(minutes: number | null): void;
  resume(): void;
  suspend(): void;
  wake(): void;
  accountsChanged(): void;
  state(): AppState;
  subscribe(listener: (state: AppState) => void): () => void;
  onPoll(listener: (e: PollEvent) => void): () => void;
}

interface Entry {
  account: Account;
  inFlight: Promise<void> | null;
  abort: AbortController | null;
  failures: number;
  authStopped: boolean;
  /** What the last attempt left: status before pause/offline/stale overlays. */
  base: { status: AccountStatus; errorKind?: AccountState['errorKind']; message?: string };
  snapshot?: Snapshot;
  details: DetailRow[];
  lastSuccessAt?: number;
  lastFailureAt?: number;
  nextPollAt?: number;
}

const START_JITTER_MS = 250;
const WAKE_DELAY_MS = 3_000;
const ONLINE_CHECK_MS = 15_000;
const STALE_FACTOR = 2.5;

export function createPoller(opts: PollerOptions): Poller {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const isOnline = opts.isOnline ?? hasNetworkInterface;
  const tickMs = opts.tickMs ?? 5_000;
  const clockJumpMs = opts.clockJumpMs ?? 30_000;
  const entries = new Map<string, Entry>();
  const stateListeners = new Set<(s: AppState) => void>();
  const pollListeners = new Set<(e: PollEvent) => void>();
  const slots = new Semaphore(() => opts.settings().parallelism);
  let running = false;
  let suspended = false;
  let offline = false;
  let pause: PauseState | null = null;
  let pauseTimer: NodeJS.Timeout | null = null;
  let onlineTimer: NodeJS.Timeout | null = null;
  let tickTimer: NodeJS.Timeout | null = null;
  let lastTick = now();
  let current: AppState = build();
  let lastJson = JSON.stringify(current);
  let emitQueued = false;

  const intervalMs = (a: Account) => Math.max(MIN_POLL_INTERVAL_SEC, a.pollIntervalSec ?? opts.settings().pollIntervalSec) * 1000;

  function overlayStatus(e: Entry): AccountStatus {
    if (!e.account.enabled) return 'disabled';
    if (pause) return 'paused';
    if (offline) return 'offline';
    if (e.base.status === 'ok' && e.lastSuccessAt !== undefined && now() - e.lastSuccessAt > STALE_FACTOR * intervalMs(e.account)) return 'stale';
    return e.base.status;
  }

  function accountState(e: Entry): AccountState {
    const a = e.account;
    const alerts = { ...opts.settings().alerts, ...a.alerts };
    const status = overlayStatus(e);
    return {
      id: a.id,
      label: a.label,
      provider: a.provider,
      demo: a.demo ?? false,
      status,
      ...(e.base.errorKind ? { errorKind: e.base.errorKind } : {}),
      ...(e.base.message ? { message: e.base.message } : {}),
      ...(e.snapshot ? { snapshot: e.snapshot } : {}),
      level: levelFor(e.snapshot?.utilization, alerts),
      details: e.details,
      ...(e.lastSuccessAt !== undefined ? { lastSuccessAt: e.lastSuccessAt } : {}),
      ...(e.nextPollAt !== undefined && status !== 'paused' && status !== 'disabled' ? { nextPollAt: e.nextPollAt } : {}),
    };
  }

  function build(): AppState {
    const accounts = [...entries.values()].map(accountState);
    return { accounts, aggregate: aggregate(accounts), pause, offline };
  }

  /** Coalesces the changes of one turn of the event loop into at most one emit. */
  function changed(): void {
    if (emitQueued) return;
    emitQueued = true;
    queueMicrotask(() => {
      emitQueued = false;
      const next = build();
      const json = JSON.stringify(next);
      if (json === lastJson) return;
      current = next;
      lastJson = json;
      for (const l of stateListeners) l(next);
    });
  }

  /**
   * One timer for all accounts, armed for the earliest due poll, its delay rounded up (to 100 ms,
   * or whole seconds beyond 5 s): Node keeps a timer list per distinct delay until that delay has
   * passed, so jittered delays per account would pile up lists.
   */
  let wakeTimer: NodeJS.Timeout | null = null;
  let wakeAt = Infinity;

  function arm(): void {
    let earliest = Infinity;
    for (const e of entries.values()) if (e.nextPollAt !== undefined && e.nextPollAt < earliest) earliest = e.nextPollAt;
    if (earliest === wakeAt) return;
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTimer = null;
    wakeAt = earliest;
    if (earliest === Infinity) return;
    const delay = Math.max(0, earliest - now());
    wakeTimer = setTimeout(fireDue, delay <= 5_000 ? Math.ceil(delay / 100) * 100 : Math.ceil(delay / 1_000) * 1_000);
    wakeTimer.unref?.();
  }

  function fireDue(): void {
    wakeTimer = null;
    wakeAt = Infinity;
    const t = now();
    for (const e of entries.values()) {
      if (e.nextPollAt === undefined || e.nextPollAt > t) continue;
      e.nextPollAt = undefined;
      void poll(e);
    }
    arm();
  }

  function clearTimer(e: Entry): void {
    if (e.nextPollAt === undefined) return;
    e.nextPollAt = undefined;
    arm();
  }

  /** May this account be polled now (also by an explicit refresh before start, e.g. `headroom status`)? */
  const canPoll = (e: Entry, manual = false) => !suspended && !offline && (manual || !pause) && e.account.enabled && !e.authStopped;
  const canSchedule = (e: Entry) => running && canPoll(e);

  function schedule(e: Entry, delayMs: number): void {
    e.nextPollAt = canSchedule(e) ? now() + delayMs : undefined;
    arm();
  }

  function emitPoll(event: PollEvent): void {
    for (const l of pollListeners) {
      try {
        l(event);
      } catch (err) {
        console.error('headroom: a poll listener failed:', err instanceof Error ? err.message : err);
      }
    }
  }

  function succeed(e: Entry, snapshot: Snapshot): void {
    e.failures = 0;
    e.snapshot = snapshot;
    e.lastSuccessAt = snapshot.sampledAt;
    e.details = opts.describe?.(e.account, snapshot) ?? [];
    e.base = { status: 'ok' };
    emitPoll({ accountId: e.account.id, at: now(), snapshot, lastSuccessAt: e.lastSuccessAt });
    schedule(e, nextIntervalMs(intervalMs(e.account), random));
  }

  async function fail(e: Entry, err: unknown): Promise<void> {
    e.failures++;
    e.lastFailureAt = now();
    const message = err instanceof Error ? err.message : String(err);
    if (!(err instanceof ProviderError)) {
      e.base = { status: 'error', message };
      return schedule(e, backoffMs(e.failures, intervalMs(e.account), random));
    }
    e.base = { status: 'error', errorKind: err.kind, message };
    emitPoll({ accountId: e.account.id, at: now(), error: err, lastSuccessAt: e.lastSuccessAt });
    if (err.kind === 'auth') {
      e.authStopped = true; // until the credentials change or the user retries
      return clearTimer(e);
    }
    if (err.kind === 'network' && !(await isOnline())) return goOffline();
    const wait = err.kind === 'rate-limited' ? rateLimitedMs(err.details.retryAfterMs, e.failures, intervalMs(e.account), random) : backoffMs(e.failures, intervalMs(e.account), random);
    schedule(e, wait);
  }

  async function attempt(e: Entry, manual: boolean): Promise<void> {
    await slots.acquire();
    try {
      if (!canPoll(e, manual) || entries.get(e.account.id) !== e) return;
      const credentials = await opts.credentials(e.account.id);
      if (!credentials) {
        e.base = { status: 'needs-credentials', message: 'Credentials missing from the keychain: edit the account to enter them again' };
        return;
      }
      e.abort = new AbortController();
      const snapshot = await opts.fetch(e.account, credentials, e.abort.signal);
      if (entries.get(e.account.id) === e && canPoll(e, manual)) succeed(e, snapshot);
    } catch (err) {
      if (entries.get(e.account.id) === e && canPoll(e, manual)) await fail(e, err);
    } finally {
      e.abort = null;
      slots.release();
    }
  }

  /**
   * At most one request in flight per account: a second caller joins the first. A manual poll
   * ("Refresh now") also runs while paused, once; pause still holds back the schedule.
   */
  function poll(e: Entry, manual = false): Promise<void> {
    if (e.inFlight) return e.inFlight;
    if (!canPoll(e, manual)) return Promise.resolve();
    clearTimer(e);
    e.inFlight = attempt(e, manual).finally(() => {
      e.inFlight = null;
      changed();
    });
    changed();
    return e.inFlight;
  }

  function pollAllSoon(maxDelayMs: number): void {
    for (const e of entries.values()) e.nextPollAt = canSchedule(e) ? now() + Math.round(random() * maxDelayMs) : undefined;
    arm();
    changed();
  }

  function stopAll(): void {
    for (const e of entries.values()) {
      e.nextPollAt = undefined;
      e.abort?.abort();
    }
    arm();
  }

  function goOffline(): void {
    if (offline) return;
    offline = true;
    stopAll();
    changed();
    const check = async () => {
      onlineTimer = null;
      if (await isOnline()) return goOnline();
      onlineTimer = setTimeout(check, ONLINE_CHECK_MS);
      onlineTimer.unref?.();
    };
    onlineTimer = setTimeout(check, ONLINE_CHECK_MS);
    onlineTimer.unref?.();
  }

  function goOnline(): void {
    if (onlineTimer) clearTimeout(onlineTimer);
    onlineTimer = null;
    if (!offline) return;
    offline = false;
    pollAllSoon(START_JITTER_MS);
  }

  /** Housekeeping: stale marking (state is time-dependent), pause expiry, and the clock-jump detector. */
  function tick(): void {
    const t = now();
    const gap = t - lastTick;
    lastTick = t;
    if (pause?.until != null && t >= pause.until) return resume();
    if (gap > tickMs + clockJumpMs && !suspended) {
      pollAllSoon(WAKE_DELAY_MS); // the machine slept without telling us: behave as after a wake
      return;
    }
    changed();
  }

  function sync(): void {
    const accounts = opts.accounts();
    const ids = new Set(accounts.map((a) => a.id));
    for (const [id, e] of entries) {
      if (ids.has(id)) continue;
      clearTimer(e);
      e.abort?.abort();
      entries.delete(id);
    }
    for (const account of accounts) {
      const e = entries.get(account.id);
      if (!e) {
        const fresh: Entry = { account, inFlight: null, abort: null, failures: 0, authStopped: false, base: { status: 'pending' }, details: [] };
        entries.set(account.id, fresh);
        if (running) schedule(fresh, Math.round(random() * START_JITTER_MS));
        continue;
      }
      const before = e.account;
      e.account = account;
      if (before.updatedAt !== account.updatedAt) {
        e.authStopped = false;
        e.failures = 0;
        if (!account.enabled) {
          clearTimer(e);
          e.abort?.abort();
        } else if (!e.inFlight) schedule(e, 0);
      }
    }
    changed();
  }

  return {
    start() {
      if (running) return;
      running = true;
      lastTick = now();
      tickTimer = setInterval(tick, tickMs);
      tickTimer.unref?.();
      sync();
      pollAllSoon(START_JITTER_MS);
    },
    async stop() {
      running = false;
      if (tickTimer) clearInterval(tickTimer);
      if (pauseTimer) clearTimeout(pauseTimer);
      if (onlineTimer) clearTimeout(onlineTimer);
      stopAll();
      await Promise.allSettled([...entries.values()].map((e) => e.inFlight));
    },
    async refresh(id) {
      if (!running) sync(); // a one-shot host never started the schedule
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
      pause = { until: minutes === null ? null : now() + minutes * 60_000 };
      stopAll();
      if (pauseTimer) clearTimeout(pauseTimer);
      pauseTimer = null;
      if (pause.until !== null) {
        pauseTimer = setTimeout(() => this.resume(), pause.until - now());
        pauseTimer.unref?.();
      }
      changed();
    },
    resume,
    suspend() {
      suspended = true;
      stopAll();
      changed();
    },
    wake() {
      suspended = false;
      lastTick = now();
      pollAllSoon(WAKE_DELAY_MS);
    },
    accountsChanged: sync,
    state: () => (emitQueued ? build() : current),
    subscribe(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    onPoll(listener) {
      pollListeners.add(listener);
      return () => void pollListeners.delete(listener);
    },
  };

  function resume(): void {
    if (pauseTimer) clearTimeout(pauseTimer);
    pauseTimer = null;
    if (!pause) return;
    pause = null;
    pollAllSoon(START_JITTER_MS);
  }
}
