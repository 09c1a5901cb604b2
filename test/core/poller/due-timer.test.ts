import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DueTimer } from '../../../main/core/poller/due-timer.ts';
import { fakeClock } from './fake-clock.ts';

test('one timer serves every due time, earliest first, with rounded-up delays', async () => {
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
  assert.deepEqual(fired, [['soon', t0 + 200], ['late', t0 + 13_200]]);
  assert.equal(due.at('soon'), undefined);
  assert.equal(clock.pending(), 0);
  due.set('x', t0 + 30_000);
  due.clear();
  assert.equal(clock.pending(), 0);
});
