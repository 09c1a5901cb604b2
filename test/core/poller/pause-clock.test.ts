import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PauseClock } from '../../../main/core/poller/pause-clock.ts';
import { fakeClock } from './fake-clock.ts';

test('a timed pause ends by its timer, once; an indefinite one only by end()', async () => {
  const clock = fakeClock(0);
  let ended = 0;
  const pause = new PauseClock(clock.timers, clock.now, () => ended++);
  pause.start(15);
  assert.deepEqual(pause.state, { until: 15 * 60_000 });
  await clock.advance(15 * 60_000 - 1);
  assert.equal(ended, 0);
  await clock.advance(1);
  assert.deepEqual([ended, pause.state], [1, null]);
  pause.start(null);
  await clock.advance(365 * 86_400_000);
  assert.equal(pause.check(), true);
  pause.end();
  pause.end();
  assert.equal(ended, 2, 'ending twice ends once');
});

test('after a sleep (timers stood still), check() ends a pause whose time has passed by the wall clock', () => {
  const clock = fakeClock(0);
  let ended = 0;
  const pause = new PauseClock(clock.timers, clock.now, () => ended++);
  pause.start(60);
  clock.sleep(59 * 60_000);
  assert.equal(pause.check(), true);
  clock.sleep(2 * 60_000);
  assert.equal(pause.check(), false);
  assert.equal(ended, 1);
});
