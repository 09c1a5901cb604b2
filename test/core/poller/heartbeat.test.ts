import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cadence } from '../../../main/core/poller/cadence.ts';
import { Heartbeat } from '../../../main/core/poller/heartbeat.ts';
import { fakeClock } from './fake-clock.ts';

const TICK = 15_000;
const PHASE = 4_000;

function beating(lagMs = 0) {
  const clock = fakeClock(Date.UTC(2025, 0, 6, 9, 0, 7, 300));
  const ticks: Array<[number, boolean]> = [];
  // lagMs: the wall clock reads this much behind the timers, as when a timer fires by a loop clock that ran ahead
  const now = () => clock.now() - lagMs;
  const beat = new Heartbeat(clock.timers, now, TICK, new Cadence(PHASE), 30_000, (jumped) => ticks.push([now(), jumped]));
  return { clock, ticks, beat };
}

test('ticks land on the cadence grid, whatever the time it started', async () => {
  const { clock, ticks, beat } = beating();
  beat.start();
  await clock.advance(60_000);
  assert.equal(ticks.length, 4);
  for (const [t, jumped] of ticks) {
    assert.equal((t - PHASE) % TICK, 0, `tick at ${t}`);
    assert.equal(jumped, false);
  }
  beat.stop();
});

test('a timer that fires a little before its time ticks once, not again a moment later', async () => {
  const { clock, ticks, beat } = beating(2);
  beat.start();
  await clock.advance(60_000);
  assert.equal(ticks.length, 4);
  assert.deepEqual(ticks.slice(1).map(([t], i) => t - ticks[i][0]), [TICK, TICK, TICK]);
  beat.stop();
});

test('a wall-clock jump either way is reported once, and the ticks after it are on the grid again', async () => {
  for (const jump of [3_600_000, -3_600_000]) {
    const { clock, ticks, beat } = beating();
    beat.start();
    await clock.advance(TICK);
    clock.sleep(jump);
    await clock.advance(2 * TICK);
    assert.deepEqual(ticks.map(([, j]) => j), [false, true, false], `jump ${jump}`);
    const [last] = ticks.at(-1)!;
    assert.equal((last - PHASE) % TICK, 0, `jump ${jump}: back on the grid`);
    beat.stop();
  }
});
