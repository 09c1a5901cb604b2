import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHistory, rangeBounds, type HistoryStore } from '../../../main/core/history/store.ts';
import { parseSegmentName } from '../../../main/core/history/segments.ts';
import { bucketsOf, statsBySecond, type Sample } from './fixtures/reference.ts';
import { bytesUnder, fakeClock, seeded, tmpDataDir } from './fixtures/tmp.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 2, 1);
const THRESHOLDS = { warn: 0.8, critical: 0.95 };

function appendAll(store: HistoryStore, accountId: string, samples: Sample[]): void {
  for (const s of samples) store.append({ accountId, sampledAt: s.t, current: s.current, limit: s.limit });
}

function assertClose(actual: number | null, expected: number | null, what: string, tolerance = 1e-4): void {
  assert.ok(actual !== null && expected !== null, `${what}: ${actual} vs ${expected}`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

function assertBuckets(points: Array<{ t: number; current: number; min: number; max: number; limit: number | null }>, expected: ReturnType<typeof bucketsOf>, what: string): void {
  assert.equal(points.length, expected.length, `${what}: bucket count`);
  points.forEach((p, i) => {
    const e = expected[i];
    assert.equal(p.t, e.t, `${what}: bucket ${i} start`);
    assert.equal(p.min, e.min, `${what}: bucket ${i} min`);
    assert.equal(p.max, e.max, `${what}: bucket ${i} max`);
    assert.equal(p.limit, e.limit, `${what}: bucket ${i} limit`);
    assertClose(p.current, e.avg, `${what}: bucket ${i} avg`, 1e-3);
  });
}

describe('history store over simulated months', () => {
  test('appends, rolls up and prunes over 120 days of 60 s polling with a fake clock', async () => {
    const dataDir = tmpDataDir();
    const clock = fakeClock(T0);
    const store = await openHistory({ dataDir, now: clock.now });
    const random = seeded(1);
    const samples: Sample[] = [];
    for (let t = T0; t < T0 + 120 * DAY; t += MIN) {
      clock.set(t);
      const s = { t, current: Math.floor(random() * 60), limit: t < T0 + 60 * DAY ? 50 : 80 };
      samples.push(s);
      store.append({ accountId: 'acct', sampledAt: s.t, current: s.current, limit: s.limit });
      if (t % HOUR === 0) store.maintain();
    }
    const now = clock.now();
    store.maintain();

    const segs = readdirSync(join(dataDir, 'history', 'acct')).map((n) => parseSegmentName(n)!);
    const oldest = (tier: string) => Math.min(...segs.filter((s) => s.tier === tier).map((s) => s.start));
    assert.ok(oldest('raw') >= now - 3 * DAY, 'raw files older than 48 h are gone');
    assert.ok(oldest('5min') >= now - 91 * DAY, '5-minute files older than 90 days are gone');
    assert.equal(oldest('hour'), T0, 'hourly files are all kept (2 years)');

    const old = store.query('acct', T0 + 10 * DAY, T0 + 11 * DAY);
    assert.equal(old.resolution, 'hour');
    assertBuckets(old.points, bucketsOf(samples, HOUR, T0 + 10 * DAY, T0 + 11 * DAY), 'day 10, hourly');

    const monthAgo = now - (now % HOUR) - 40 * DAY;
    const month = store.query('acct', monthAgo, monthAgo + DAY);
    assert.equal(month.resolution, '5min');
    assertBuckets(month.points, bucketsOf(samples, 5 * MIN, monthAgo, monthAgo + DAY), '40 days ago, 5-minute');

    const recent = store.query('acct', now - HOUR, now + 1);
    assert.equal(recent.resolution, 'raw');
    assert.deepEqual(
      recent.points.map((p) => [p.t, p.current, p.limit]),
      samples.filter((s) => s.t >= now - HOUR).map((s) => [s.t, s.current, s.limit]),
    );
    assert.equal(store.lastSampleAt('acct'), samples[samples.length - 1].t);
    assert.deepEqual(store.warnings, []);
    await store.close();

    const reopened = await openHistory({ dataDir, now: () => now });
    assert.equal(reopened.lastSampleAt('acct'), samples[samples.length - 1].t, 'lastSampleAt survives a restart');
    assertBuckets(reopened.query('acct', T0 + 10 * DAY, T0 + 11 * DAY).points, bucketsOf(samples, HOUR, T0 + 10 * DAY, T0 + 11 * DAY), 'after reopen');
    await reopened.close();
  });

  test('retention is configurable and bounds the files of every tier', async () => {
    const dataDir = tmpDataDir();
    const clock = fakeClock(T0);
    const store = await openHistory({ dataDir, now: clock.now, retention: { rawMs: 2 * HOUR, fiveMinMs: DAY, hourMs: 3 * DAY } });
    for (let t = T0; t < T0 + 40 * DAY; t += 5 * MIN) {
      clock.set(t);
      store.append({ accountId: 'acct', sampledAt: t, current: 3, limit: 10 });
      if (t % HOUR === 0) store.maintain();
    }
    store.maintain();
    const now = clock.now();
    const segs = readdirSync(join(dataDir, 'history', 'acct')).map((n) => parseSegmentName(n)!);
    for (const s of segs) {
      const keep = { raw: 2 * HOUR, '5min': DAY, hour: 3 * DAY }[s.tier];
      assert.ok(s.end > now - keep, `${s.name} is within its retention`);
    }
    assert.equal(store.query('acct', T0, T0 + 10 * DAY).points.length, 0, 'data past every retention is gone');
    assert.ok(store.query('acct', now - 2 * DAY, now).points.length > 0);
    await store.close();
  });
});

describe('queries and stats against a brute-force reference', () => {
  /** 8 hours of irregular polling (20–40 s) with gaps, a limit change and a stretch without a cap. */
  function irregular(seed: number): Sample[] {
    const random = seeded(seed);
    const samples: Sample[] = [];
    let t = T0;
    while (t < T0 + 8 * HOUR) {
      const limit = t < T0 + 3 * HOUR ? 20 : t < T0 + 5 * HOUR ? 30 : t < T0 + 6 * HOUR ? null : 25;
      samples.push({ t, current: Math.floor(random() * 32), limit });
      t += random() < 0.01 ? (15 + Math.floor(random() * 25)) * MIN : (20 + Math.floor(random() * 21)) * 1000;
    }
    return samples;
  }

  test('raw ranges: points and stats match second-by-second', async () => {
    const dataDir = tmpDataDir();
    const samples = irregular(2);
    const now = T0 + 8 * HOUR;
    const store = await openHistory({ dataDir, now: () => now });
    appendAll(store, 'acct', samples);
    store.maintain();
    const random = seeded(3);
    for (let k = 0; k < 25; k++) {
      const start = T0 + Math.floor(random() * 7 * 3600) * 1000;
      const end = start + Math.floor(1 + random() * (now - start) / 1000) * 1000;
      const series = store.query('acct', start, end, 100_000);
      const inRange = samples.filter((s) => s.t >= start && s.t < end);
      if (inRange.length) {
        assert.equal(series.resolution, 'raw');
        assert.deepEqual(series.points.map((p) => [p.t, p.current, p.limit]), inRange.map((s) => [s.t, s.current, s.limit]));
      }
      const got = store.stats('acct', start, end, THRESHOLDS);
      const want = statsBySecond(samples, start, end, THRESHOLDS);
      assert.equal(got.peak, want.peak, `peak of [${start}, ${end})`);
      assert.equal(got.p95, want.p95, `p95 of [${start}, ${end})`);
      assert.equal(got.msAboveWarn, want.msAboveWarn, 'time at or above warn');
      assert.equal(got.msAboveCritical, want.msAboveCritical, 'time at or above critical');
      if (want.average === null) assert.equal(got.average, null);
      else assertClose(got.average, want.average, 'average', 1e-9);
    }
    await store.close();
  });

  test('5-minute buckets match the reference, whether rolled up or computed on the fly', async () => {
    const samples = irregular(4);
    const now = T0 + 8 * HOUR;
    const expected = bucketsOf(samples, 5 * MIN, T0, now);
    for (const maintained of [false, true]) {
      const store = await openHistory({ dataDir: tmpDataDir(), now: () => now });
      appendAll(store, 'acct', samples);
      if (maintained) store.maintain();
      const series = store.query('acct', T0, now, 200);
      assert.equal(series.resolution, '5min');
      assertBuckets(series.points, expected, maintained ? 'rolled up' : 'on the fly');
      await store.close();
    }
  });

  test('rollups owed at start run just after open: the same series before (on the fly) and after, then stored', async () => {
    const dataDir = tmpDataDir();
    const samples = irregular(4);
    const now = T0 + 8 * HOUR;
    const first = await openHistory({ dataDir, now: () => now });
    appendAll(first, 'acct', samples);
    await first.close(); // closed before its first maintenance: nothing rolled up yet
    const fiveMinFiles = () => readdirSync(join(dataDir, 'history', 'acct')).filter((n) => parseSegmentName(n)?.tier === '5min');
    assert.deepEqual(fiveMinFiles(), []);
    const store = await openHistory({ dataDir, now: () => now });
    const expected = bucketsOf(samples, 5 * MIN, T0, now);
    assertBuckets(store.query('acct', T0, now, 200).points, expected, 'right after open');
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(fiveMinFiles().length > 0, 'rolled up on the next turn');
    assertBuckets(store.query('acct', T0, now, 200).points, expected, 'after the rollup');
    await store.close();
  });

  test('stats from 5-minute buckets equal the raw truth when each bucket holds one value', async () => {
    const random = seeded(5);
    const samples: Sample[] = [];
    for (let t = T0; t < T0 + 6 * DAY; t += 30_000) {
      if (t % (5 * MIN) === 0) samples.push({ t, current: Math.floor(random() * 11), limit: 10 });
      else samples.push({ ...samples[samples.length - 1], t });
    }
    const now = T0 + 6 * DAY;
    const store = await openHistory({ dataDir: tmpDataDir(), now: () => now });
    appendAll(store, 'acct', samples);
    store.maintain();
    const start = T0 + DAY;
    const end = T0 + 3 * DAY;
    const got = store.stats('acct', start, end, THRESHOLDS);
    const want = statsBySecond(samples, start, end, THRESHOLDS);
    assert.equal(got.peak, want.peak);
    assert.equal(got.p95, want.p95);
    assert.equal(got.msAboveWarn, want.msAboveWarn);
    assert.equal(got.msAboveCritical, want.msAboveCritical);
    assertClose(got.average, want.average, 'average', 1e-6);
    await store.close();
  });

  test('the resolution follows the span and a series never exceeds maxPoints', async () => {
    const dataDir = tmpDataDir();
    const clock = fakeClock(T0);
    const store = await openHistory({ dataDir, now: clock.now });
    const samples: Sample[] = [];
    for (let t = T0; t <= T0 + 35 * DAY; t += 30_000) samples.push({ t, current: (t / 30_000) % 40, limit: 40 });
    for (const s of samples) {
      clock.set(s.t);
      store.append({ accountId: 'acct', sampledAt: s.t, current: s.current, limit: s.limit });
      if (s.t % DAY === 0) store.maintain();
    }
    const now = clock.now();
    const expect = { '1h': ['raw', 120], '24h': ['5min', 288], '7d': ['hour', 168], '30d': ['hour', 720] } as const;
    for (const range of ['1h', '24h', '7d', '30d'] as const) {
      const { start, end } = rangeBounds(range, now);
      const series = store.query('acct', start, end);
      assert.equal(series.resolution, expect[range][0], `${range} resolution`);
      assert.ok(Math.abs(series.points.length - expect[range][1]) <= 1, `${range}: ${series.points.length} points`);
    }
    assert.equal(store.query('acct', now - DAY, now, 50).resolution, 'hour', 'a coarser tier when the finer one has too many points');
    const few = store.query('acct', now - 30 * DAY, now, 100);
    assert.equal(few.resolution, 'hour');
    assert.ok(few.points.length <= 100 && few.points.length >= 50, `${few.points.length} points for maxPoints 100`);
    assert.equal(Math.min(...few.points.map((p) => p.min)), 0, 'downsampling keeps the minimum');
    assert.equal(Math.max(...few.points.map((p) => p.max)), 39, 'downsampling keeps the maximum');
    assert.deepEqual(store.query('acct', now, now - 1).points, [], 'an empty range has no points');
    await store.close();
  });
});

describe('export, removal, provider points', () => {
  test('CSV has the header, UTC ISO times, an empty utilization without a cap, and each row\'s resolution', async () => {
    const now = T0 + 3 * DAY;
    const store = await openHistory({ dataDir: tmpDataDir(), now: () => now });
    store.appendProvider('acct', [{ at: T0, max: 6, avg: 4.5 }, { at: T0 + 5 * MIN, max: 3, avg: 2 }], 5 * MIN, 10);
    store.append({ accountId: 'acct', sampledAt: now - 60_000, current: 7, limit: 10 });
    store.append({ accountId: 'acct', sampledAt: now - 30_000, current: 3, limit: null });
    const csv = store.exportCsv('acct', T0, now);
    assert.equal(
      csv,
      [
        'time,current,limit,utilization,resolution',
        '2025-03-01T00:00:00.000Z,4.5,10,0.45,5min',
        '2025-03-01T00:05:00.000Z,2,10,0.2,5min',
        '2025-03-03T23:59:00.000Z,7,10,0.7,raw',
        '2025-03-03T23:59:30.000Z,3,,,raw',
        '',
      ].join('\n'),
    );
    assert.equal(store.exportCsv('other', T0, now), 'time,current,limit,utilization,resolution\n');
    await store.close();
  });

  test('provider points are written once, complete buckets only, never over polled data', async () => {
    const now = T0 + 2 * HOUR + 90_000;
    const store = await openHistory({ dataDir: tmpDataDir(), now: () => now });
    store.append({ accountId: 'acct', sampledAt: T0 + 3 * MIN + 10_000, current: 9, limit: 20 });
    const points = Array.from({ length: 30 }, (_, i) => ({ at: T0 + i * 5 * MIN, max: i + 1, avg: i }));
    const written = store.appendProvider('acct', points, 5 * MIN, 20);
    assert.equal(written, 23, 'buckets 1..23: bucket 0 holds a poll sample, bucket 24 is still running');
    assert.equal(store.appendProvider('acct', points, 5 * MIN, 20), 0, 'a second backfill adds nothing');
    assert.equal(store.lastSampleAt('acct'), T0 + 24 * 5 * MIN);
    const series = store.query('acct', T0, now);
    assert.equal(series.points.length, 24);
    assert.deepEqual(series.points[0], { t: T0 + 3 * MIN + 10_000, current: 9, min: 9, max: 9, limit: 20 });
    assert.deepEqual(series.points[5], { t: T0 + 5 * 5 * MIN, current: 5, min: 5, max: 6, limit: 20 });
    await store.close();
  });

  test('rollups from the records the writer kept equal rollups read back from disk, byte for byte', async () => {
    const samples = (t: number) => Math.round(40 + 30 * Math.sin(t / 7_200_000) + (t % 7) / 3); // fractional averages
    const kept = tmpDataDir();
    const reread = tmpDataDir();
    const clock = fakeClock(T0);
    const a = await openHistory({ dataDir: kept, now: clock.now });
    let b = await openHistory({ dataDir: reread, now: clock.now });
    for (let t = T0; t < T0 + 2 * DAY; t += 30_000) {
      clock.set(t);
      for (const store of [a, b]) store.append({ accountId: 'acct', sampledAt: t, current: samples(t), limit: 100 });
      if (t % MIN === 0) a.maintain();
      if (t % HOUR === 0) {
        await b.close(); // a fresh store knows nothing in memory: its rollups read the files
        b = await openHistory({ dataDir: reread, now: clock.now });
        b.maintain();
      }
    }
    clock.set(T0 + 2 * DAY + 5 * MIN);
    a.maintain();
    await b.close();
    b = await openHistory({ dataDir: reread, now: clock.now });
    b.maintain();
    const files = (d: string) => readdirSync(join(d, 'history', 'acct')).sort();
    assert.deepEqual(files(kept), files(reread));
    for (const name of files(kept)) assert.ok(readFileSync(join(kept, 'history', 'acct', name)).equals(readFileSync(join(reread, 'history', 'acct', name))), name);
    await a.close();
    await b.close();
  });

  test('provider history that arrives after a maintenance found nothing to roll up is rolled up at the next', async () => {
    let now = T0 + 5 * HOUR + 30_000;
    const dataDir = tmpDataDir();
    const store = await openHistory({ dataDir, now: () => now });
    store.append({ accountId: 'acct', sampledAt: now, current: 1, limit: 20 });
    store.maintain(); // no complete hour yet: nothing to write, and not looked at again this hour
    const points = Array.from({ length: 36 }, (_, i) => ({ at: T0 + i * 5 * MIN, max: 4, avg: 3 }));
    assert.equal(store.appendProvider('acct', points, 5 * MIN, 20), 36);
    now += MIN;
    store.maintain();
    const hours = readdirSync(join(dataDir, 'history', 'acct')).filter((n) => parseSegmentName(n)?.tier === 'hour');
    assert.equal(hours.length, 1, 'the backfilled hours were rolled up');
    const series = store.query('acct', T0, T0 + 3 * HOUR, 3);
    assert.deepEqual(series.points.map((p) => [p.t, p.current]), [[T0, 3], [T0 + HOUR, 3], [T0 + 2 * HOUR, 3]]);
    assert.equal(series.resolution, 'hour');
    await store.close();
  });

  test('remove deletes an account\'s history and nothing else', async () => {
    const dataDir = tmpDataDir();
    const store = await openHistory({ dataDir, now: () => T0 + HOUR });
    store.append({ accountId: 'a', sampledAt: T0, current: 1, limit: 5 });
    store.append({ accountId: 'b', sampledAt: T0, current: 2, limit: 5 });
    store.remove('a');
    assert.equal(store.lastSampleAt('a'), null);
    assert.equal(store.query('a', T0 - HOUR, T0 + HOUR).points.length, 0);
    assert.equal(store.lastSampleAt('b'), T0);
    store.append({ accountId: 'a', sampledAt: T0 + MIN, current: 4, limit: 5 });
    assert.equal(store.query('a', T0 - HOUR, T0 + HOUR).points.length, 1, 'a removed account can start over');
    await store.close();
  });

  test('account ids are kept inside the history folder and malformed samples are refused', async () => {
    const dataDir = tmpDataDir();
    const store = await openHistory({ dataDir, now: () => T0 + HOUR });
    store.append({ accountId: '../../escape', sampledAt: T0, current: 1, limit: 5 });
    store.append({ accountId: 'acct', sampledAt: T0, current: -1, limit: 5 });
    store.append({ accountId: 'acct', sampledAt: Number.NaN, current: 1, limit: 5 });
    assert.deepEqual(readdirSync(dataDir), ['history']);
    assert.equal(store.lastSampleAt('../../escape'), T0);
    assert.equal(store.lastSampleAt('acct'), null);
    assert.equal(store.warnings.length, 1, 'one warning for malformed samples of acct');
    await store.close();
  });

  test('disk use of a year at 30 s polling stays under 5 MB', async () => {
    const dataDir = tmpDataDir();
    const clock = fakeClock(T0);
    const store = await openHistory({ dataDir, now: clock.now });
    // 2 days of raw samples at the end, the rest as the 5-minute buckets the rollup would leave
    const yearEnd = T0 + 365 * DAY;
    const buckets = [];
    for (let t = T0; t < yearEnd - 2 * DAY; t += 5 * MIN) buckets.push({ at: t, max: 9, avg: 5 });
    clock.set(yearEnd - 2 * DAY);
    store.appendProvider('acct', buckets, 5 * MIN, 10);
    for (let t = yearEnd - 2 * DAY; t < yearEnd; t += 30_000) {
      clock.set(t);
      store.append({ accountId: 'acct', sampledAt: t, current: 5, limit: 10 });
    }
    store.maintain();
    const bytes = bytesUnder(join(dataDir, 'history'));
    assert.ok(bytes < 5_000_000, `${bytes} bytes`);
    await store.close();
  });
});
