import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoPoints } from '../../../main/core/simulator/demo.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 6, 1);

test("demo history: a bucket's average is the average over the bucket, its max the highest reading in it", () => {
  // Calls rise by one every 2.5 minutes within each hour: 0, 1, … 23.
  const load = (t: number) => Math.floor(((t - T0) % HOUR) / 150_000);
  const points = demoPoints(load, T0, T0 + 3 * HOUR, HOUR);
  assert.deepEqual(points, [0, 1, 2].map((i) => ({ at: T0 + i * HOUR, max: 23, avg: 11.5 })));
});

test('demo history: hours and the minutes the simulator merges into hours agree (no seam between the two)', () => {
  // A 7-minute wave that starts at its top: an hour's first instant (30) is far from its average (~20).
  const load = (t: number) => Math.round(20 + 10 * Math.cos((2 * Math.PI * (t - T0)) / (7 * 60_000)));
  const [hour] = demoPoints(load, T0, T0 + HOUR, HOUR);
  const minutes = demoPoints(load, T0, T0 + HOUR, 60_000);
  const merged = minutes.reduce((sum, p) => sum + p.avg, 0) / minutes.length;
  assert.ok(Math.abs(hour.avg - merged) < 1.5, `hourly ${hour.avg} vs merged minutes ${merged}`);
  assert.equal(hour.max, 30);
});
