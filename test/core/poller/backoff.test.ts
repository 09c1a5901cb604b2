import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKOFF_CAP_MS, backoffMs, rateLimitedMs } from '../../../main/core/poller/backoff.ts';
import { RETRY_AFTER_CAP_MS } from '../../../main/model/limits.ts';

test('backoff: full jitter between a 5 s floor and interval x 2^(n-1), capped at 10 min', () => {
  const top = (n: number) => backoffMs(n, 30_000, () => 1);
  assert.deepEqual([1, 2, 3, 4, 5].map(top), [30_000, 60_000, 120_000, 240_000, 480_000]);
  assert.equal(top(6), BACKOFF_CAP_MS);
  assert.equal(top(500), BACKOFF_CAP_MS, 'no overflow after many failures');
  assert.equal(backoffMs(3, 30_000, () => 0), 5_000);
  assert.equal(backoffMs(3, 30_000, () => 0.5), 62_500);
  assert.equal(backoffMs(1, 1_000, () => 1), 5_000, 'never below the floor');
});

test('429: Retry-After is a floor (capped at an hour) on top of our own backoff', () => {
  assert.equal(rateLimitedMs(90_000, 1, 30_000, () => 1), 90_000);
  assert.equal(rateLimitedMs(1_000, 1, 30_000, () => 1), 30_000, 'a short Retry-After does not undercut the backoff');
  assert.equal(rateLimitedMs(undefined, 2, 30_000, () => 1), 60_000);
  assert.equal(rateLimitedMs(7 * 86_400_000, 1, 30_000, () => 0), RETRY_AFTER_CAP_MS);
  assert.equal(rateLimitedMs(Number.NaN, 1, 30_000, () => 0), 5_000);
});
