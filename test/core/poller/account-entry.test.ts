import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Account } from '../../../main/model/account.ts';
import { ProviderError } from '../../../main/model/errors.ts';
import type { Snapshot } from '../../../main/model/provider.ts';
import { AccountEntry, asProviderError } from '../../../main/core/poller/account-entry.ts';
import { BACKOFF_CAP_MS } from '../../../main/core/poller/backoff.ts';
import { RETRY_AFTER_CAP_MS } from '../../../main/model/limits.ts';

const account: Account = { id: 'a', provider: 'retell', label: 'prod', fields: {}, enabled: true, createdAt: 't0', updatedAt: 't0' };
const snapshot: Snapshot = { current: 3, limit: 10, utilization: 0.3, sampledAt: 1, extras: { provider: 'retell', inBurst: false } };
const INTERVAL = 30_000;
const mid = () => 0.5;

test('a success clears failures and Retry-After and schedules the given regular poll', () => {
  const e = new AccountEntry(account);
  e.failed(new ProviderError('server', 'down'), 0, INTERVAL, mid);
  e.failed(new ProviderError('rate-limited', 'slow down', { retryAfterMs: 60_000 }), 0, INTERVAL, mid);
  assert.equal(e.failures, 2);
  const next = e.succeeded(snapshot, [], 5_000, 30_000);
  assert.deepEqual([e.failures, e.notBefore, e.outcome.status, e.lastSuccessAt], [0, 0, 'ok', 5_000]);
  assert.deepEqual(next, { inMs: 25_000 });
});

test('auth stops until the account changes or the user retries; other errors back off', () => {
  const e = new AccountEntry(account);
  assert.equal(e.failed(new ProviderError('auth', 'rejected'), 0, INTERVAL, mid), 'stopped');
  assert.equal(e.authStopped, true);
  e.retry();
  assert.deepEqual([e.authStopped, e.failures], [false, 0]);
  const first = e.failed(new ProviderError('network', 'refused'), 0, INTERVAL, () => 1);
  const second = e.failed(new ProviderError('network', 'refused'), 0, INTERVAL, () => 1);
  assert.ok(first !== 'stopped' && second !== 'stopped' && second.inMs > first.inMs && second.inMs <= BACKOFF_CAP_MS);
});

test('Retry-After sets a floor for scheduled polls, capped at an hour', () => {
  const e = new AccountEntry(account);
  e.failed(new ProviderError('rate-limited', '429', { retryAfterMs: 10 * 365 * 86_400_000 }), 1_000, INTERVAL, mid);
  assert.equal(e.notBefore, 1_000 + RETRY_AFTER_CAP_MS);
});

test('replace: only new credentials (updatedAt) or enablement reset the machine and drop the poll in flight', () => {
  const e = new AccountEntry(account);
  e.failed(new ProviderError('auth', 'rejected'), 0, INTERVAL, mid);
  e.abort = new AbortController();
  const inFlight = e.abort;
  assert.equal(e.replace({ ...account, label: 'renamed' }), false, 'a rename keeps the auth stop');
  assert.equal(e.authStopped, true);
  assert.equal(e.replace({ ...account, updatedAt: 't1' }), true);
  assert.deepEqual([e.authStopped, e.failures, e.epoch, inFlight.signal.aborted], [false, 0, 1, true]);
});

test('missing or unreadable credentials say so; thrown non-provider errors become bad-response naming the account', () => {
  const e = new AccountEntry(account);
  assert.equal(e.credentialsMissing(), 'stopped');
  assert.equal(e.outcome.status, 'needs-credentials');
  assert.notEqual(e.credentialsUnreadable(new Error('keyring locked'), INTERVAL, mid), 'stopped');
  assert.deepEqual(e.outcome, { status: 'error', message: 'keyring locked' });
  const err = asProviderError(new TypeError('x is undefined'), account);
  assert.deepEqual([err.kind, err.message], ['bad-response', 'prod: x is undefined']);
});
