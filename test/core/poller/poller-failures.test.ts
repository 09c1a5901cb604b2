/** Failures per account on a fake clock: backoff, Retry-After, auth stop and retry, credentials, staleness. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProviderError } from '../../../main/model/errors.ts';
import type { Snapshot } from '../../../main/model/provider.ts';
import { fakePoller, gate, snap } from './fake-poller.ts';

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);
const serverError = () => {
  throw new ProviderError('server', 'a: provider error (HTTP 503)', { status: 503 });
};

describe('poller backoff', () => {
  test('server errors back off exponentially up to the 10 min cap (upper end of the jitter)', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 10 }, random: () => 1 });
    h.ctl.answer = serverError;
    h.poller.start();
    await h.clock.advance(2_000_000);
    assert.deepEqual(gaps(h.calls('a')), [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]);
    const s = h.get('a');
    assert.equal(s.status, 'error');
    assert.equal(s.errorKind, 'server');
    assert.equal(s.message, 'a: provider error (HTTP 503)');
    await h.poller.stop();
  });

  test('full jitter: the lower end is the 5 s floor; success goes back to the interval grid; the snapshot is kept', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 10 }, random: () => 0 });
    h.poller.start();
    await h.clock.advance(100);
    assert.equal(h.get('a').status, 'ok');
    h.ctl.answer = serverError;
    await h.clock.advance(30_000);
    assert.ok(gaps(h.calls('a')).slice(1).every((g) => g === 5_000), `${gaps(h.calls('a'))}`);
    assert.equal(h.get('a').snapshot?.current, 1, 'the last good snapshot is kept through errors');
    h.ctl.answer = () => snap(3, 10, h.clock.now());
    await h.clock.advance(5_000);
    assert.equal(h.get('a').status, 'ok');
    assert.equal(h.get('a').errorKind, undefined);
    const before = h.calls('a').length;
    await h.clock.advance(30_000);
    const after = h.calls('a').slice(before);
    assert.deepEqual(gaps(after), [10_000, 10_000], 'back to the interval');
    assert.ok(after.every((t) => t % 10_000 === 0), `on the grid (random() = 0: phase 0): ${after}`);
    await h.poller.stop();
  });

  test('429 honours Retry-After: no scheduled poll (nor a wake) before it; Refresh now still may', async () => {
    const h = fakePoller({ random: () => 0 });
    h.poller.start();
    await h.clock.advance(100);
    h.ctl.answer = () => {
      throw new ProviderError('rate-limited', 'a: rate limited (HTTP 429)', { status: 429, retryAfterMs: 120_000 });
    };
    await h.clock.advance(30_000);
    const limitedAt = h.calls('a').at(-1)!;
    assert.equal(h.get('a').errorKind, 'rate-limited');
    assert.equal(h.get('a').nextPollAt, limitedAt + 120_000);
    h.poller.systemWake();
    await h.clock.advance(119_000 - (h.clock.now() - limitedAt));
    assert.equal(h.calls('a').at(-1), limitedAt, 'nothing before Retry-After');
    h.ctl.answer = () => snap(2, 10, h.clock.now());
    await h.clock.advance(1_000);
    assert.equal(h.calls('a').at(-1), limitedAt + 120_000);
    assert.equal(h.get('a').status, 'ok');
    h.ctl.answer = () => {
      throw new ProviderError('rate-limited', 'a: rate limited (HTTP 429)', { status: 429, retryAfterMs: 600_000 });
    };
    await h.poller.refresh('a');
    h.ctl.answer = () => snap(4, 10, h.clock.now());
    await h.poller.refresh('a');
    assert.equal(h.get('a').snapshot?.current, 4, 'the user may refresh inside Retry-After');
    await h.poller.stop();
  });

  test('a short Retry-After does not undercut our own backoff; without one, 429 backs off like any failure', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 10 }, random: () => 1 });
    let retryAfterMs: number | undefined = 1_000;
    h.ctl.answer = () => {
      throw new ProviderError('rate-limited', 'a: rate limited', { status: 429, retryAfterMs });
    };
    h.poller.start();
    await h.clock.advance(300);
    assert.equal(h.get('a').nextPollAt, h.calls('a')[0] + 10_000);
    retryAfterMs = undefined;
    await h.clock.advance(10_000);
    assert.equal(h.get('a').nextPollAt, h.calls('a')[1] + 20_000);
    await h.poller.stop();
  });
});

describe('poller auth stop and credentials', () => {
  const authError = () => {
    throw new ProviderError('auth', 'a: credentials rejected (HTTP 401)', { status: 401 });
  };

  test('an auth error stops polling until retry or changed credentials', async () => {
    const h = fakePoller();
    h.ctl.answer = authError;
    h.poller.start();
    await h.clock.advance(300);
    let s = h.get('a');
    assert.deepEqual([s.status, s.errorKind, s.nextPollAt], ['error', 'auth', undefined]);
    await h.clock.advance(3_600_000);
    await h.poller.refresh('a');
    h.poller.accountsChanged(); // nothing about the account changed
    await h.clock.advance(60_000);
    assert.equal(h.calls('a').length, 1, 'stopped: no schedule, no refresh, no resync');
    h.poller.retry('a');
    await h.clock.settle();
    assert.equal(h.calls('a').length, 2, 'retry polls at once');
    assert.equal(h.get('a').errorKind, 'auth', 'and stops again on the same answer');
    h.ctl.answer = () => snap(5, 10, h.clock.now());
    h.list[0] = { ...h.list[0], updatedAt: '2025-01-06T10:00:00Z' }; // credentials edited
    h.poller.accountsChanged();
    await h.clock.advance(300);
    assert.equal(h.calls('a').length, 3);
    s = h.get('a');
    assert.deepEqual([s.status, s.errorKind, s.message], ['ok', undefined, undefined]);
    assert.ok(s.nextPollAt! > h.clock.now(), 'scheduled again');
    await h.poller.stop();
  });

  test('an edit while a poll is in flight drops its result and polls afresh', async () => {
    const h = fakePoller();
    const old = gate<Snapshot>();
    h.ctl.answer = () => old.promise;
    h.poller.start();
    await h.clock.advance(300);
    h.list[0] = { ...h.list[0], updatedAt: '2025-01-06T10:00:00Z' };
    h.poller.accountsChanged();
    old.reject(new ProviderError('auth', 'a: old credentials rejected'));
    h.ctl.answer = () => snap(6, 10, h.clock.now());
    await h.clock.advance(300);
    assert.equal(h.calls('a').length, 2);
    assert.equal(h.get('a').status, 'ok');
    assert.equal(h.get('a').snapshot?.current, 6);
    await h.poller.stop();
  });

  test('missing credentials show needs-credentials and are looked for again after an edit', async () => {
    const h = fakePoller();
    let stored: Record<string, string> | null = null;
    let lookups = 0;
    h.ctl.credentials = async () => {
      lookups++;
      return stored;
    };
    h.poller.start();
    await h.clock.advance(600_000);
    const s = h.get('a');
    assert.equal(s.status, 'needs-credentials');
    assert.match(s.message!, /keychain/);
    assert.equal(s.nextPollAt, undefined);
    assert.deepEqual([lookups, h.calls('a').length, h.polls.length], [1, 0, 0], 'no provider call, no poll event');
    stored = { apiKey: 'k' };
    h.list[0] = { ...h.list[0], updatedAt: '2025-01-06T10:00:00Z' };
    h.poller.accountsChanged();
    await h.clock.advance(300);
    assert.equal(h.get('a').status, 'ok');
    await h.poller.stop();
  });

  test('an unreadable keychain shows its message as the error and is tried again with backoff', async () => {
    const h = fakePoller({ random: () => 0 });
    let lookups = 0;
    h.ctl.credentials = async () => {
      lookups++;
      throw new Error('The keychain is locked: unlock it and try again');
    };
    h.poller.start();
    await h.clock.advance(300);
    const s = h.get('a');
    assert.deepEqual([s.status, s.errorKind, s.message], ['error', undefined, 'The keychain is locked: unlock it and try again']);
    await h.clock.advance(5_000);
    assert.equal(lookups, 2);
    assert.equal(h.calls('a').length, 0);
    await h.poller.stop();
  });
});

describe('poller staleness', () => {
  test('the last snapshot turns stale once older than 2.5 x the interval, and fresh again on success', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 10 } });
    h.poller.start();
    await h.clock.advance(300);
    const okAt = h.get('a').lastSuccessAt!;
    const slow = gate<Snapshot>();
    h.ctl.answer = () => slow.promise; // the next poll hangs
    await h.clock.advanceTo(okAt + 24_000);
    assert.equal(h.get('a').status, 'ok');
    await h.clock.advanceTo(okAt + 30_000);
    const s = h.get('a');
    assert.equal(s.status, 'stale');
    assert.equal(s.snapshot?.current, 1);
    assert.equal(s.level, 'normal', 'the level of the kept snapshot');
    assert.equal(h.poller.state().aggregate.counts.stale, 1);
    assert.equal(h.states.at(-1)!.accounts[0].status, 'stale', 'the change was emitted');
    slow.resolve(snap(2, 10, h.clock.now()));
    await h.clock.settle();
    assert.equal(h.get('a').status, 'ok');
    await h.poller.stop();
  });
});
