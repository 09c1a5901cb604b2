import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DueTimer } from '../../../main/core/poller/due-timer.ts';
import { fakeClock } from './fake-clock.ts';

test('one timer serves every due time, earliest first, each at its time', async () => {
  const clock = fakeClock();
  const fired: Array<[string, number]> = [];
  const due = new DueTimer(clock.timers, clock.now, (key) => fired.push([key, clock.now()]));
  const t0 = clock.now();
  due.set('late', t0 + 12_300);
  due.set('soon', t0 + 120);
  due.set('gone', t0 + 50);
  due.delete('gone');
  assert.equal(clock.pending(), 1, 'a single timer');
  assert.equal(due.at('soon'), t0 + 120);
  await clock.advance(20_000);
  assert.deepEqual(fired, [['soon', t0 + 120], ['late', t0 + 12_300]]);
  assert.equal(due.at('soon'), undefined);
  assert.equal(clock.pending(), 0);
  due.set('x', t0 + 30_000);
  due.clear();
  assert.equal(clock.pending(), 0);
});

test('keys due together, or within a few ms after (a timer may fire early by the loop clock), fire in one wake-up', async () => {
  const clock = fakeClock();
  const fired: Array<[string, number]> = [];
  let wakeUps = 0;
  const timers = { ...clock.timers, setTimeout: ((fn: () => void, ms?: number) => clock.timers.setTimeout(() => (wakeUps++, fn()), ms)) as typeof setTimeout };
  const due = new DueTimer(timers, clock.now, (key) => fired.push([key, clock.now()]));
  const t0 = clock.now();
  for (const key of ['a', 'b', 'c']) due.set(key, t0 + 30_000);
  due.set('d', t0 + 30_010);
  due.set('e', t0 + 31_000);
  await clock.advance(40_000);
  assert.deepEqual(fired, [['a', t0 + 30_000], ['b', t0 + 30_000], ['c', t0 + 30_000], ['d', t0 + 30_000], ['e', t0 + 31_000]]);
  assert.equal(wakeUps, 2);
});
