import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../../main/core/accounts/types.ts';
import { ProviderError } from '../../../main/core/errors.ts';
import { createPoller, type PollerOptions } from '../../../main/core/poller/poller.ts';
import { backoffMs, BACKOFF_CAP_MS, nextIntervalMs, rateLimitedMs } from '../../../main/core/poller/backoff.ts';
import { getProvider } from '../../../main/core/providers/registry.ts';
import type { Snapshot } from '../../../main/core/providers/types.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../main/core/settings/types.ts';
import type { AppState, PollEvent } from '../../../main/core/state/types.ts';
import { useSimulator } from '../../helpers/simulator.ts';

const box = useSimulator();

function account(id: string, over: Partial<Account> = {}): Account {
  return { id, provider: 'retell', label: id, fields: {}, enabled: true, createdAt: 't', updatedAt: 't', ...over };
}

function snap(current: number, limit: number | null, at = Date.now()): Snapshot {
  return { current, limit, utilization: limit === null ? null : current / limit, sampledAt: at, extras: { provider: 'ultravox', noCap: limit === null } };
}

/** A poller over an in-memory fetch with controllable answers. */
function harness(over: Partial<PollerOptions> & { list?: Account[] } = {}) {
  const list = over.list ?? [account('a')];
  const settings: Settings = { ...DEFAULT_SETTINGS, pollIntervalSec: 10 };
  const polls: PollEvent[] = [];
  const states: AppState[] = [];
  const poller = createPoller({
    accounts: () => list,
    credentials: async () => ({ apiKey: 'k' }),
    settings: () => settings,
    fetch: async () => snap(1, 10),
    random: () => 0,
    isOnline: () => true,
    ...over,
  });
  poller.onPoll((e) => polls.push(e));
  poller.subscribe((s) => states.push(s));
  return { poller, list, settings, polls, states };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await tick();
  }
}

describe('backoff', () => {
  test('interval jitter ±10 %, backoff grows, is capped, has a floor; Retry-After wins', () => {
    assert.equal(nextIntervalMs(30_000, () => 0), 27_000);
    assert.equal(nextIntervalMs(30_000, () => 1), 33_000);
    const max = (n: number) => backoffMs(n, 30_000, () => 1);
    assert.deepEqual([1, 2, 3, 4].map(max), [30_000, 60_000, 120_000, 240_000]);
    assert.equal(max(12), BACKOFF_CAP_MS);
    assert.equal(backoffMs(3, 30_000, () => 0), 5_000);
    assert.equal(rateLimitedMs(90_000, 1, 30_000, () => 1), 90_000);
    assert.equal(rateLimitedMs(undefined, 1, 30_000, () => 1), 30_000);
  });
});

describe('poller', () => {
  test('first poll right at start; state ok with level and aggregate; emits only on change', async () => {
    const h = harness({ list: [account('a'), account('b', { alerts: { warnPct: 5, criticalPct: 50 } })] });
    h.poller.start();
    await until(() => h.polls.length === 2);
    await tick();
    const s = h.poller.state();
    assert.deepEqual(s.accounts.map((a) => [a.id, a.status, a.level]), [['a', 'ok'], ['b', 'ok']].map(([id, st], i) => [id, st, i === 0 ? 'ok' : 'warn']));
    assert.equal(s.aggregate.worstUtilization, 0.1);
    assert.equal(s.aggregate.counts.ok, 2);
    const emitted = h.states.length;
    h.poller.accountsChanged(); // nothing changed
    await tick();
    assert.equal(h.states.length, emitted);
    await h.poller.stop();
  });

  test('bounded parallelism and one request in flight per account (real simulator)', async () => {
    box.sim.setLatency(40);
    const keys = Array.from({ length: 24 }, (_, i) => box.sim.addAccount('ultravox', { apiKey: `par_${i}` }, { current: i, limit: 50 }));
    const list = keys.map((_, i) => account(`p${i}`, { provider: 'ultravox' }));
    let inFlight = 0;
    let maxInFlight = 0;
    const h = harness({
      list,
      credentials: async (id) => ({ apiKey: `par_${id.slice(1)}` }),
      fetch: async (a, c, signal) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await getProvider('ultravox').fetch(c, { baseUrl: box.sim.baseUrls.ultravox, signal });
        } finally {
          inFlight--;
        }
      },
    });
    h.settings.parallelism = 4;
    h.poller.start();
    await Promise.all([h.poller.refresh(), h.poller.refresh('p0'), h.poller.refresh('p0')]);
    await until(() => h.polls.length >= 24);
    assert.ok(maxInFlight <= 4, `max in flight ${maxInFlight}`);
    for (const key of keys) assert.equal(box.sim.stats(key).maxInFlight, 1);
    assert.equal(box.sim.stats(keys[0]).requests, 1, 'refresh joined the poll in flight');
    await h.poller.stop();
    box.sim.setLatency(0);
  });

  test('server errors back off and keep the last snapshot; 429 honours Retry-After; auth stops until retry', async () => {
    let answer: () => Promise<Snapshot> = async () => snap(5, 10);
    const h = harness({ fetch: () => answer() });
    h.poller.start();
    await until(() => h.polls.length === 1);
    answer = async () => {
      throw new ProviderError('server', 'a: provider error (HTTP 503)', { status: 503 });
    };
    await h.poller.refresh('a');
    let s = h.poller.state().accounts[0];
    assert.equal(s.status, 'error');
    assert.equal(s.errorKind, 'server');
    assert.equal(s.snapshot?.current, 5, 'last good snapshot kept');
    assert.ok(s.nextPollAt! - Date.now() >= 4_000, 'backed off');
    answer = async () => {
      throw new ProviderError('rate-limited', 'a: rate limited', { status: 429, retryAfterMs: 120_000 });
    };
    await h.poller.refresh('a');
    s = h.poller.state().accounts[0];
    assert.ok(s.nextPollAt! - Date.now() > 110_000, 'Retry-After honoured');
    answer = async () => {
      throw new ProviderError('auth', 'a: credentials rejected (HTTP 401)', { status: 401 });
    };
    await h.poller.refresh('a');
    s = h.poller.state().accounts[0];
    assert.equal(s.errorKind, 'auth');
    assert.equal(s.nextPollAt, undefined, 'polling stopped');
    const before = h.polls.length;
    await h.poller.refresh('a');
    assert.equal(h.polls.length, before, 'refresh does not poll an auth-stopped account');
    answer = async () => snap(6, 10);
    h.poller.retry('a');
    await until(() => h.poller.state().accounts[0].status === 'ok');
    await h.poller.stop();
  });

  test('credentials changing (updatedAt) lifts an auth stop; missing credentials show needs-credentials', async () => {
    let creds: Record<string, string> | null = null;
    const h = harness({ credentials: async () => creds, fetch: async () => { throw new ProviderError('auth', 'rejected'); } });
    h.poller.start();
    await until(() => h.poller.state().accounts[0].status === 'needs-credentials');
    creds = { apiKey: 'x' };
    h.list[0] = { ...h.list[0], updatedAt: 't2' };
    h.poller.accountsChanged();
    await until(() => h.poller.state().accounts[0].errorKind === 'auth');
    await h.poller.stop();
  });

  test('stale after 2.5 x the interval', async () => {
    let now = Date.now();
    const h = harness({ now: () => now, fetch: async () => snap(1, 10, now), tickMs: 10 });
    h.poller.start();
    await until(() => h.poller.state().accounts[0].status === 'ok');
    now += 26_000; // interval 10 s
    await until(() => h.poller.state().accounts[0].status === 'stale');
    await h.poller.stop();
  });

  test('offline: every account shows offline, polling resumes when the network is back', async () => {
    let online = true;
    let fail = false;
    const h = harness({
      list: [account('a'), account('b')],
      isOnline: () => online,
      fetch: async () => {
        if (fail) throw new ProviderError('network', 'a: network unreachable');
        return snap(1, 10);
      },
    });
    h.poller.start();
    await until(() => h.polls.length === 2);
    fail = true;
    online = false;
    await h.poller.refresh('a');
    await tick();
    const s = h.poller.state();
    assert.equal(s.offline, true);
    assert.deepEqual(s.accounts.map((a) => a.status), ['offline', 'offline']);
    await h.poller.stop();
  });

  test('pause all and resume; disabled accounts are not polled; suspend stops, wake polls again', async () => {
    const h = harness({ list: [account('a'), account('off', { enabled: false })] });
    h.poller.start();
    await until(() => h.polls.length === 1);
    h.poller.pause(15);
    await tick();
    let s = h.poller.state();
    assert.ok(s.pause && s.pause.until! > Date.now() + 14 * 60_000);
    assert.deepEqual(s.accounts.map((a) => a.status), ['paused', 'disabled']);
    await tick(50);
    assert.equal(h.polls.length, 1, 'nothing scheduled while paused');
    await h.poller.refresh();
    assert.equal(h.polls.length, 2, '"Refresh now" polls once even while paused');
    assert.equal(h.poller.state().accounts[0].status, 'paused');
    assert.equal(h.poller.state().accounts[0].nextPollAt, undefined, 'and schedules nothing after it');
    h.poller.resume();
    await until(() => h.polls.length === 3);
    h.poller.suspend();
    await h.poller.refresh();
    assert.equal(h.polls.length, 3, 'nothing polled while suspended');
    s = h.poller.state();
    assert.equal(s.accounts[1].status, 'disabled');
    await h.poller.stop();
  });

  test('a wall-clock jump (sleep without events) triggers a poll soon after', async () => {
    let now = Date.now();
    const h = harness({ now: () => now, tickMs: 10, clockJumpMs: 1000, fetch: async () => snap(1, 10, now) });
    h.poller.start();
    await until(() => h.polls.length === 1);
    now += 3_600_000;
    await until(() => h.poller.state().accounts[0].nextPollAt! <= now + 3_000 + 10);
    await h.poller.stop();
  });
});
