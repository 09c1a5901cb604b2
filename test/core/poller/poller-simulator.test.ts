/** The poller on real time and real HTTP against the provider simulator on 127.0.0.1. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../../main/model/account.ts';
import { createPoller, type PollerOptions } from '../../../main/core/poller/poller.ts';
import { getProvider, PROVIDER_IDS } from '../../../main/core/providers/registry.ts';
import type { Credentials, ProviderId } from '../../../main/model/provider.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../main/model/settings.ts';
import type { PollEvent } from '../../../main/model/state.ts';
import { closedPort, useSimulator } from '../../helpers/simulator.ts';

const box = useSimulator();
let seq = 0;

function credentialsFor(provider: ProviderId): Credentials {
  seq++;
  return provider === 'vobiz' ? { authId: `MA_P${seq}`, authToken: `tok_${seq}` } : { apiKey: `key_${provider}_${seq}` };
}

interface SimAccount {
  account: Account;
  key: string;
  credentials: Credentials;
}

function simAccount(provider: ProviderId, current: number, limit: number | null): SimAccount {
  const credentials = credentialsFor(provider);
  const key = box.sim.addAccount(provider, credentials, { current, limit });
  const id = `acct-${seq}`;
  const account: Account = { id, provider, label: id, fields: {}, baseUrl: box.sim.baseUrls[provider], enabled: true, createdAt: 't', updatedAt: 't' };
  return { account, key, credentials };
}

function realPoller(list: SimAccount[], over: Partial<Settings> = {}, options: Partial<PollerOptions> = {}) {
  const settings: Settings = { ...DEFAULT_SETTINGS, pollIntervalSec: 3600, ...over };
  const creds = new Map(list.map((s) => [s.account.id, s.credentials]));
  const accounts = list.map((s) => s.account);
  const perAccount = new Map<string, number>();
  let inFlight = 0;
  const counters = { maxInFlight: 0, maxPerAccount: 0 };
  const polls: PollEvent[] = [];
  const poller = createPoller({
    accounts: () => accounts,
    credentials: async (id) => creds.get(id) ?? null,
    settings: () => settings,
    fetch: async (a, c, signal) => {
      counters.maxInFlight = Math.max(counters.maxInFlight, ++inFlight);
      perAccount.set(a.id, (perAccount.get(a.id) ?? 0) + 1);
      counters.maxPerAccount = Math.max(counters.maxPerAccount, perAccount.get(a.id)!);
      try {
        return await getProvider(a.provider).fetch(c, { baseUrl: a.baseUrl, signal, accountLabel: a.label });
      } finally {
        inFlight--;
        perAccount.set(a.id, perAccount.get(a.id)! - 1);
      }
    },
    describe: (a, s) => getProvider(a.provider).describe(s),
    isOnline: () => true,
    ...options,
  });
  poller.onPoll((e) => polls.push(e));
  return { poller, accounts, creds, counters, polls, get: (id: string) => poller.state().accounts.find((a) => a.id === id)! };
}

async function until(what: string, predicate: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('poller against the simulator', () => {
  test('200 accounts on the four providers: every one polled once, at most 8 in flight, one per account', async () => {
    box.sim.setLatency(20);
    const list = Array.from({ length: 200 }, (_, i) => simAccount(PROVIDER_IDS[i % 4], i % 40, 50));
    const h = realPoller(list);
    const seen = new Set<string>();
    h.poller.onPoll((e) => seen.add(e.accountId));
    h.poller.start();
    await until('a result for every account', () => seen.size === 200);
    await h.poller.stop();
    box.sim.setLatency(0);
    assert.equal(h.counters.maxInFlight, 8);
    assert.equal(h.counters.maxPerAccount, 1);
    assert.equal(h.polls.length, 200, 'each exactly once in the cycle');
    assert.ok(h.polls.every((e) => e.snapshot), h.polls.find((e) => e.error)?.error?.message);
    for (const s of list) {
      // Vobiz asks /auth/me alongside its concurrency call: two requests, still one poll.
      assert.ok(box.sim.stats(s.key).maxInFlight <= (s.account.provider === 'vobiz' ? 2 : 1));
    }
    const state = h.poller.state();
    assert.equal(state.aggregate.counts.ok, 200);
    assert.equal(state.aggregate.worstUtilization, 39 / 50);
    assert.ok(state.accounts.find((a) => a.provider === 'vobiz')!.details.length > 0, 'details from describe');
  });

  test('never two requests in flight for one account, whatever asks: schedule, refresh, refresh all', async () => {
    box.sim.setLatency(60);
    const list = Array.from({ length: 6 }, (_, i) => simAccount('ultravox', i, 10));
    const h = realPoller(list, { parallelism: 8 });
    h.poller.start();
    await Promise.all([h.poller.refresh(), h.poller.refresh(list[0].account.id), h.poller.refresh(), h.poller.refresh(list[0].account.id)]);
    await h.poller.stop();
    box.sim.setLatency(0);
    for (const s of list) assert.deepEqual(box.sim.stats(s.key), { requests: 1, inFlight: 0, maxInFlight: 1 });
  });

  test('real failures: 503 backs off, 429 Retry-After is honoured, 401 stops until retried', async () => {
    const s = simAccount('retell', 3, 10);
    const h = realPoller([s], { pollIntervalSec: 30 });
    const id = s.account.id;
    h.poller.start();
    await until('first poll', () => h.get(id).status === 'ok');
    box.sim.fail(s.key, { kind: 'status', status: 503 });
    await h.poller.refresh(id);
    assert.deepEqual([h.get(id).status, h.get(id).errorKind], ['error', 'server']);
    assert.equal(h.get(id).snapshot?.current, 3);
    const backoff = h.get(id).nextPollAt! - Date.now();
    assert.ok(backoff > 3_000 && backoff <= 30_000, `backoff ${backoff}`);
    box.sim.fail(s.key, { kind: 'status', status: 429, retryAfter: '120' });
    await h.poller.refresh(id);
    assert.equal(h.get(id).errorKind, 'rate-limited');
    assert.ok(h.get(id).nextPollAt! - Date.now() > 115_000, 'Retry-After: 120 s');
    box.sim.fail(s.key, null);
    h.creds.set(id, { apiKey: 'wrong' });
    await h.poller.refresh(id);
    assert.deepEqual([h.get(id).status, h.get(id).errorKind, h.get(id).nextPollAt], ['error', 'auth', undefined]);
    h.creds.set(id, s.credentials);
    h.poller.retry(id);
    await until('recovered after retry', () => h.get(id).status === 'ok');
    await h.poller.stop();
  });

  test('connection refused while the machine is offline: every account offline', async () => {
    const port = await closedPort();
    const dead = simAccount('puretalk', 1, 10);
    dead.account.baseUrl = `http://127.0.0.1:${port}/puretalk/api`;
    const alive = simAccount('ultravox', 1, 10);
    let online = true;
    const h = realPoller([dead, alive], {}, { isOnline: () => online });
    h.poller.start();
    await until('both polled', () => h.polls.length === 2);
    assert.deepEqual([h.get(dead.account.id).errorKind, h.get(alive.account.id).status], ['network', 'ok']);
    online = false;
    await h.poller.refresh(dead.account.id);
    assert.equal(h.poller.state().offline, true);
    assert.deepEqual(h.poller.state().accounts.map((a) => a.status), ['offline', 'offline']);
    await h.poller.stop();
  });
});
