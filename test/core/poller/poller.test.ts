/** The scheduler on a fake clock: first poll, intervals on the cadence grid, parallelism, joins, account changes, state. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Snapshot } from '../../../main/model/provider.ts';
import { account, fakePoller, gate, snap } from './fake-poller.ts';

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

describe('poller scheduling', () => {
  test('before start nothing is polled and every account is pending (disabled ones disabled)', async () => {
    const h = fakePoller({ accounts: [account('a'), account('off', { enabled: false })] });
    await h.clock.advance(60_000);
    assert.equal(h.calls('a').length, 0);
    assert.deepEqual(h.poller.state().accounts.map((a) => [a.id, a.status, a.nextPollAt]), [['a', 'pending', undefined], ['off', 'disabled', undefined]]);
  });

  test('first poll right at start, then every interval on the grid; account interval overrides; minimum 10 s', async () => {
    const h = fakePoller({ accounts: [account('a'), account('slow', { pollIntervalSec: 60 }), account('fast', { pollIntervalSec: 2 })] });
    const t0 = h.clock.now(); // 09:00:00, and random() = 0.5 puts the phase at 30 min: the grid is on whole minutes
    h.poller.start();
    assert.equal(h.get('a').status, 'pending');
    assert.ok(h.get('a').nextPollAt! <= t0 + 250, 'first poll due within the start jitter');
    await h.clock.advance(300);
    for (const id of ['a', 'slow', 'fast']) {
      assert.equal(h.calls(id).length, 1, id);
      assert.equal(h.get(id).status, 'ok');
    }
    await h.clock.advance(600_000);
    const later = (id: string) => h.calls(id).slice(1);
    assert.ok(later('a').every((t, i) => t === t0 + (i + 1) * 30_000), `a: ${later('a').map((t) => t - t0)}`);
    assert.ok(later('slow').every((t, i) => t === t0 + (i + 1) * 60_000));
    assert.ok(gaps(later('fast')).every((g) => g === 10_000), 'never more often than every 10 s');
    assert.equal(h.calls('a').length, 21);
    await h.poller.stop();
  });

  test('accounts on one interval poll together on a grid with a random phase: one burst per interval, not one wake-up per account', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `j${i}`);
    const h = fakePoller({ accounts: [...ids.map((id) => account(id)), account('minute', { pollIntervalSec: 60 })], random: Math.random });
    const t0 = h.clock.now();
    h.poller.start();
    await h.clock.advance(300_000);
    for (const id of ids) assert.ok(h.calls(id)[0] - t0 <= 300, 'first poll right away');
    const burst = h.calls('j0').slice(1);
    assert.ok(burst.length === 9 || burst.length === 10, `${burst.length} bursts in 300 s (9 or 10, by the phase)`);
    assert.ok(gaps(burst).every((g) => g === 30_000), `gaps ${gaps(burst)}`);
    for (const id of ids) assert.deepEqual(h.calls(id).slice(1), burst, `${id} polls with the others`);
    for (const t of h.calls('minute').slice(1)) assert.ok(burst.includes(t), 'a 60 s account shares every other burst');
    await h.poller.stop();
  });

  test('bounded parallelism across accounts; a settings change applies on accountsChanged', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const h = fakePoller({ accounts: ids.map((id) => account(id)), settings: { parallelism: 3 } });
    const gates: Array<ReturnType<typeof gate<Snapshot>>> = [];
    h.ctl.answer = () => {
      const g = gate<Snapshot>();
      gates.push(g);
      return g.promise;
    };
    h.poller.start();
    await h.clock.advance(300);
    assert.equal(gates.length, 3, 'three in flight, the rest wait for a slot');
    h.settings.parallelism = 5;
    h.poller.accountsChanged();
    await h.clock.settle();
    assert.equal(gates.length, 5, 'a higher bound lets waiting polls in at once');
    gates[0].resolve(snap(1, 10, h.clock.now()));
    await h.clock.settle();
    assert.equal(gates.length, 6, 'one finished, the next took its slot');
    for (let i = 1; i < 20; i++) {
      gates[i].resolve(snap(1, 10, h.clock.now()));
      await h.clock.settle();
    }
    assert.equal(h.maxInFlight(), 5);
    assert.ok(ids.every((id) => h.calls(id).length === 1 && h.get(id).status === 'ok'));
    await h.poller.stop();
  });

  test('at most one request in flight per account: a slow poll is never overtaken by its schedule', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 10 } });
    const slow = gate<Snapshot>();
    h.ctl.answer = () => slow.promise;
    h.poller.start();
    await h.clock.advance(120_000);
    assert.equal(h.calls('a').length, 1);
    slow.resolve(snap(2, 10, h.clock.now()));
    await h.clock.settle();
    assert.equal(h.get('a').status, 'ok');
    assert.equal(h.get('a').nextPollAt, h.clock.now() + 10_000, 'the next poll is an interval after this one finished');
    await h.poller.stop();
  });

  test('"Refresh now" joins a poll in flight instead of starting a second', async () => {
    const h = fakePoller();
    const first = gate<Snapshot>();
    h.ctl.answer = () => first.promise;
    h.poller.start();
    await h.clock.advance(300);
    let joined = 0;
    const refreshes = [h.poller.refresh('a'), h.poller.refresh(), h.poller.refresh('a')].map((p) => p.then(() => joined++));
    await h.clock.settle();
    assert.equal(joined, 0, 'the refreshes wait for the poll in flight');
    first.resolve(snap(7, 10, h.clock.now()));
    await Promise.all(refreshes);
    assert.equal(h.calls('a').length, 1);
    assert.equal(h.get('a').snapshot?.current, 7);
    h.ctl.answer = () => snap(8, 10, h.clock.now());
    await h.poller.refresh('a');
    assert.equal(h.calls('a').length, 2, 'a refresh with nothing in flight polls at once');
    assert.equal(h.get('a').snapshot?.current, 8);
    await h.poller.stop();
  });

  test('a refresh before start polls once and schedules nothing (one-shot hosts)', async () => {
    const h = fakePoller({ accounts: [account('a'), account('b')] });
    await h.poller.refresh();
    assert.deepEqual([h.calls('a').length, h.calls('b').length], [1, 1]);
    assert.equal(h.get('a').nextPollAt, undefined);
    await h.clock.advance(600_000);
    assert.equal(h.calls('a').length, 1);
    assert.equal(h.clock.pending(), 0, 'no timers left behind');
  });

  test('200 accounts: one cycle polls each exactly once with at most 8 in flight', async () => {
    const list = Array.from({ length: 200 }, (_, i) => account(`n${i}`));
    const h = fakePoller({ accounts: list });
    h.ctl.answer = async (a) => {
      await new Promise((resolve) => setImmediate(resolve));
      return snap(Number(a.id.slice(1)) % 50, 50, h.clock.now());
    };
    h.poller.start();
    await h.clock.advance(1_000);
    assert.ok(list.every((a) => h.calls(a.id).length === 1));
    assert.equal(h.maxInFlight(), 8);
    const s = h.poller.state();
    assert.equal(s.aggregate.counts.ok, 200);
    assert.equal(s.aggregate.worstUtilization, 49 / 50);
    await h.poller.stop();
  });
});

describe('poller account changes', () => {
  test('added accounts are polled soon, removed ones leave the state and their poll is aborted, order follows config', async () => {
    const h = fakePoller({ accounts: [account('a'), account('b')] });
    const aborted: string[] = [];
    h.poller.start();
    await h.clock.advance(300);
    h.ctl.answer = (a, signal) =>
      new Promise<Snapshot>((_, reject) =>
        signal.addEventListener('abort', () => {
          aborted.push(a.id);
          reject(new Error('aborted'));
        }),
      );
    const hanging = h.poller.refresh('b');
    await h.clock.settle();
    h.list.splice(1, 1); // b removed while its refresh hangs
    h.list.unshift(account('c'));
    h.poller.accountsChanged();
    await hanging;
    assert.deepEqual(aborted, ['b']);
    assert.deepEqual(h.poller.state().accounts.map((x) => x.id), ['c', 'a']);
    assert.equal(h.get('c').status, 'pending');
    h.ctl.answer = () => snap(1, 10, h.clock.now());
    await h.clock.advance(300);
    assert.equal(h.calls('c').length, 1);
    assert.equal(h.get('c').status, 'ok');
    await h.poller.stop();
  });

  test('disabling stops polling ("disabled"); enabling polls soon', async () => {
    const h = fakePoller();
    h.poller.start();
    await h.clock.advance(300);
    h.list[0] = { ...h.list[0], enabled: false };
    h.poller.accountsChanged();
    await h.clock.advance(600_000);
    assert.equal(h.calls('a').length, 1);
    assert.equal(h.get('a').status, 'disabled');
    assert.equal(h.get('a').nextPollAt, undefined);
    assert.equal(h.get('a').snapshot?.current, 1, 'the last snapshot is kept');
    h.list[0] = { ...h.list[0], enabled: true };
    h.poller.accountsChanged();
    await h.clock.advance(300);
    assert.equal(h.calls('a').length, 2);
    assert.equal(h.get('a').status, 'ok');
    await h.poller.stop();
  });

  test('a shorter interval applies at once; an unchanged config changes nothing', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 300 } });
    h.poller.start();
    await h.clock.advance(300);
    assert.equal(h.get('a').nextPollAt, Date.UTC(2025, 0, 6, 9, 5), 'on the 5 min grid (phase: random() = 0.5 → 30 min)');
    const emitted = h.states.length;
    h.poller.accountsChanged();
    await h.clock.settle();
    assert.equal(h.states.length, emitted, 'nothing changed, nothing emitted');
    h.settings.pollIntervalSec = 30;
    h.poller.accountsChanged();
    assert.ok(h.get('a').nextPollAt! <= h.clock.now() + 30_000);
    await h.clock.advance(31_000);
    assert.equal(h.calls('a').length, 2);
    await h.poller.stop();
  });
});

describe('poller state', () => {
  test('level by the account thresholds, details from describe, demo flag, aggregate', async () => {
    const h = fakePoller({
      accounts: [account('a'), account('b', { alerts: { warnPct: 5, criticalPct: 10 }, demo: true }), account('free', { label: 'Free' })],
      options: { describe: (a, s) => [{ label: 'Account', value: `${a.label} ${s.current}` }] },
    });
    h.ctl.answer = (a) => (a.id === 'free' ? snap(40, null, h.clock.now()) : snap(a.id === 'a' ? 9 : 1, 10, h.clock.now()));
    h.poller.start();
    await h.clock.advance(300);
    const s = h.poller.state();
    assert.deepEqual(s.accounts.map((a) => [a.id, a.status, a.level, a.demo]), [['a', 'ok', 'high', false], ['b', 'ok', 'critical', true], ['free', 'ok', 'no-cap', false]]);
    assert.deepEqual(h.get('free').details, [{ label: 'Account', value: 'Free 40' }]);
    assert.equal(s.aggregate.worstUtilization, 0.9);
    assert.equal(s.aggregate.worstAccountId, 'a');
    assert.equal(s.aggregate.totalUtilization, 10 / 20, 'the uncapped account is left out');
    assert.equal(s.aggregate.counts.ok, 3);
    assert.equal(h.get('a').lastSuccessAt, h.calls('a')[0], 'the poller clock at the poll (instant fetch)');
    await h.poller.stop();
  });

  test('emits only on change: quiet ticks and no-op resyncs emit nothing; every poll (new lastSuccessAt) does', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 60 } });
    h.poller.start();
    await h.clock.advance(300);
    const afterFirst = h.states.length;
    assert.ok(afterFirst >= 1);
    await h.clock.advance(55_000); // eleven housekeeping ticks, no poll
    h.poller.accountsChanged();
    await h.clock.settle();
    assert.equal(h.states.length, afterFirst);
    await h.clock.advance(10_000); // the second poll: same numbers, new lastSuccessAt and nextPollAt
    assert.equal(h.states.length, afterFirst + 1);
    assert.equal(h.states.at(-1)!.accounts[0].lastSuccessAt, h.calls('a')[1]);
    for (let i = 1; i < h.states.length; i++) assert.notDeepEqual(h.states[i], h.states[i - 1]);
    await h.poller.stop();
  });

  test('every finished poll is reported: success, provider failure, odd failure as bad-response', async () => {
    const h = fakePoller();
    h.poller.start();
    await h.clock.advance(300);
    h.ctl.answer = () => {
      throw new TypeError('cannot read properties of undefined');
    };
    await h.poller.refresh('a');
    assert.equal(h.polls.length, 2);
    assert.equal(h.polls[0].snapshot?.current, 1);
    assert.equal(h.polls[1].error?.kind, 'bad-response');
    assert.match(h.polls[1].error!.message, /^a: cannot read/);
    assert.equal(h.polls[1].lastSuccessAt, h.polls[0].at);
    assert.equal(h.get('a').errorKind, 'bad-response');
    await h.poller.stop();
  });

  test('stop aborts the poll in flight, resolves, and leaves no timers', async () => {
    const h = fakePoller();
    let signal: AbortSignal | undefined;
    h.ctl.answer = (_a, s) => {
      signal = s;
      return new Promise<Snapshot>((_, reject) => s.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    h.poller.start();
    await h.clock.advance(300);
    await h.poller.stop();
    assert.equal(signal?.aborted, true);
    assert.equal(h.clock.pending(), 0);
    await h.clock.advance(3_600_000);
    assert.equal(h.calls('a').length, 1);
  });
});
