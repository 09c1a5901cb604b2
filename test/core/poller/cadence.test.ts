import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cadence } from '../../../main/core/poller/cadence.ts';

const PHASE = 7_000;
const c = new Cadence(PHASE);

test('regular polls land on phase + k × interval: a poll finished just after a grid point comes back one interval on', () => {
  assert.equal(c.nextPollAt(30_000 * 10 + PHASE + 180, 30_000), 30_000 * 11 + PHASE);
  assert.equal(c.nextPollAt(PHASE - 30_000 * 3 + 2_000, 30_000), PHASE - 30_000 * 2, 'before the phase too');
});

test('a poll off the grid (a refresh) joins it at least half an interval later', () => {
  const grid = 30_000 * 100 + PHASE;
  assert.equal(c.nextPollAt(grid + 14_000, 30_000), grid + 30_000);
  assert.equal(c.nextPollAt(grid + 15_000, 30_000), grid + 30_000, 'exactly half an interval');
  assert.equal(c.nextPollAt(grid + 16_000, 30_000), grid + 60_000);
});

test('intervals that divide each other share grid points, and ticks fall on them', () => {
  const at = 1_733_000_000_123;
  const thirty = c.nextPollAt(at, 30_000);
  const sixty = c.nextPollAt(at, 60_000);
  assert.equal((thirty - PHASE) % 30_000, 0);
  assert.equal((sixty - PHASE) % 60_000, 0);
  assert.equal((sixty - thirty) % 30_000, 0);
  assert.equal((c.nextTickAt(at, 15_000) - PHASE) % 15_000, 0);
});

test('a tick is strictly after the time asked from, even on a grid point', () => {
  const grid = 15_000 * 4 + PHASE;
  assert.equal(c.nextTickAt(grid, 15_000), grid + 15_000);
  assert.equal(c.nextTickAt(grid - 1, 15_000), grid);
});

test('a random phase is within an hour, so installations spread over every interval', () => {
  assert.equal(Cadence.random(() => 0).nextTickAt(-1, 15_000), 0);
  const late = Cadence.random(() => 0.999_999);
  assert.equal(late.nextPollAt(0, 30_000) % 30_000, 3_599_996 % 30_000);
});
