/** A poller on a fake clock over an in-memory fetch whose answers a test sets per account. */
import type { Account } from '../../../main/model/account.ts';
import { createPoller, type PollerOptions } from '../../../main/core/poller/poller.ts';
import type { Credentials, Snapshot } from '../../../main/model/provider.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../main/model/settings.ts';
import type { AccountState, AppState, PollEvent } from '../../../main/model/state.ts';
import { fakeClock } from './fake-clock.ts';

export function account(id: string, over: Partial<Account> = {}): Account {
  return { id, provider: 'ultravox', label: id, fields: {}, enabled: true, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', ...over };
}

export function snap(current: number, limit: number | null, at: number): Snapshot {
  return { current, limit, utilization: limit === null ? null : current / limit, sampledAt: at, extras: { provider: 'ultravox', noCap: limit === null } };
}

/** A promise the test resolves or rejects by hand. */
export function gate<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export type Answer = (account: Account, signal: AbortSignal) => Snapshot | Promise<Snapshot>;

export function fakePoller(opts: { accounts?: Account[]; settings?: Partial<Settings>; random?: () => number; options?: Partial<PollerOptions> } = {}) {
  const clock = fakeClock();
  const list = opts.accounts ?? [account('a')];
  const settings: Settings = { ...DEFAULT_SETTINGS, pollIntervalSec: 30, ...opts.settings };
  /** Fetch start times by account id. */
  const calls = new Map<string, number[]>();
  const polls: PollEvent[] = [];
  const states: AppState[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const ctl = {
    answer: (() => snap(1, 10, clock.now())) as Answer,
    credentials: (async () => ({ apiKey: 'k' })) as (id: string) => Promise<Credentials | null>,
    online: true,
    onlineChecks: 0,
  };
  const poller = createPoller({
    accounts: () => list,
    credentials: (id) => ctl.credentials(id),
    settings: () => settings,
    fetch: async (a, _c, signal) => {
      calls.set(a.id, [...(calls.get(a.id) ?? []), clock.now()]);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await ctl.answer(a, signal);
      } finally {
        inFlight--;
      }
    },
    now: clock.now,
    timers: clock.timers,
    random: opts.random ?? (() => 0.5),
    isOnline: () => {
      ctl.onlineChecks++;
      return ctl.online;
    },
    ...opts.options,
  });
  poller.onPoll((e) => polls.push(e));
  poller.subscribe((s) => states.push(s));
  return {
    clock,
    poller,
    list,
    settings,
    ctl,
    polls,
    states,
    calls: (id: string) => calls.get(id) ?? [],
    maxInFlight: () => maxInFlight,
    get: (id: string): AccountState => {
      const a = poller.state().accounts.find((x) => x.id === id);
      if (!a) throw new Error(`no account ${id} in the state`);
      return a;
    },
  };
}
