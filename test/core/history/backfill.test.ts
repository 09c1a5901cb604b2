import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backfillAccount, backfillPlan } from '../../../main/core/history/backfill.ts';
import { openHistory } from '../../../main/core/history/store.ts';
import { getProvider } from '../../../main/core/providers/registry.ts';
import type { HistoryBucket, ProviderHistoryPoint } from '../../../main/core/providers/types.ts';
import { useSimulator } from '../../helpers/simulator.ts';
import { tmpDataDir } from './fixtures/tmp.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 6, 10, 12, 0, 20);

describe('backfillPlan', () => {
  test('no plan for a gap of ordinary poll spacing', () => {
    assert.equal(backfillPlan(NOW - 30_000, NOW), null);
    assert.equal(backfillPlan(NOW - 110_000, NOW), null);
  });

  test('the bucket follows the gap: minutes up to 6 h, then 5 minutes, then hours', () => {
    assert.deepEqual(backfillPlan(NOW - 10 * MIN, NOW), { start: NOW - 10 * MIN + 40_000, end: NOW - 20_000, bucket: 'minute', bucketMs: MIN });
    assert.equal(backfillPlan(NOW - 6 * HOUR, NOW)?.bucket, 'minute');
    assert.equal(backfillPlan(NOW - 7 * HOUR, NOW)?.bucket, '5min');
    assert.equal(backfillPlan(NOW - 3 * DAY, NOW)?.bucket, '5min');
    assert.equal(backfillPlan(NOW - 4 * DAY, NOW)?.bucket, 'hour');
  });

  test('a new account, or a very long gap, reaches back 30 days at most, in whole buckets', () => {
    const fresh = backfillPlan(null, NOW)!;
    assert.equal(fresh.bucket, 'hour');
    assert.equal(fresh.start, Date.UTC(2025, 5, 10, 13));
    assert.equal(fresh.end, Date.UTC(2025, 6, 10, 12));
    assert.deepEqual(backfillPlan(NOW - 400 * DAY, NOW), fresh);
  });
});

describe('backfillAccount with the Ultravox simulator', () => {
  const box = useSimulator();
  const creds = { apiKey: 'uv_backfill' };

  function fetcherFor(calls: Array<{ bucket: HistoryBucket; start: number; end: number }>) {
    return async (o: { bucket: HistoryBucket; start: number; end: number }): Promise<ProviderHistoryPoint[]> => {
      calls.push(o);
      return getProvider('ultravox').history!(creds, { ...o, baseUrl: box.sim.baseUrls.ultravox });
    };
  }

  test('fills the gap after Headroom was not running, marked as provider data, once', async () => {
    const key = box.sim.addAccount('ultravox', creds, { current: 2, limit: 20 });
    const lastPoll = NOW - 40 * MIN - 5_000;
    const minutes = Array.from({ length: 60 }, (_, i) => ({ at: NOW - 60 * MIN + i * MIN - 20_000, max: 3 + (i % 4), avg: 2 + (i % 4) / 2 }));
    box.sim.setHistory(key, minutes);
    const store = await openHistory({ dataDir: tmpDataDir(), now: () => NOW });
    store.append({ accountId: 'uv', sampledAt: lastPoll, current: 4, limit: 20 });

    const calls: Array<{ bucket: HistoryBucket; start: number; end: number }> = [];
    const written = await backfillAccount(store, 'uv', fetcherFor(calls), 20, NOW);
    assert.deepEqual(calls, [{ bucket: 'minute', start: Date.UTC(2025, 6, 10, 11, 21), end: Date.UTC(2025, 6, 10, 12) }]);
    assert.equal(written, 39, 'one point per whole minute between the last poll and now');
    assert.equal(store.lastSampleAt('uv'), NOW - 20_000);

    const csv = store.exportCsv('uv', NOW - HOUR, NOW).trim().split('\n');
    assert.equal(csv.length, 1 + 1 + 39);
    assert.equal(csv[1], `${new Date(lastPoll).toISOString()},4,20,0.2,raw`);
    const first = minutes.find((m) => m.at === Math.ceil(lastPoll / MIN) * MIN)!;
    assert.equal(csv[2], `${new Date(first.at).toISOString()},${first.avg},20,${first.avg / 20},raw`);

    assert.equal(await backfillAccount(store, 'uv', fetcherFor(calls), 20, NOW + 30_000), 0, 'nothing left to fill');
    assert.equal(calls.length, 1, 'no request for a gap under two minutes');
    await store.close();
  });

  test('a new account gets 30 days of hourly history', async () => {
    const key = box.sim.addAccount('ultravox', { apiKey: 'uv_new' }, { current: 0, limit: null });
    const hours = Array.from({ length: 24 * 40 }, (_, i) => ({ at: Date.UTC(2025, 5, 1) + i * HOUR, max: i % 7, avg: (i % 7) / 2 }));
    box.sim.setHistory(key, hours);
    const store = await openHistory({ dataDir: tmpDataDir(), now: () => NOW });
    const written = await backfillAccount(store, 'new', (o) => getProvider('ultravox').history!({ apiKey: 'uv_new' }, { ...o, baseUrl: box.sim.baseUrls.ultravox }), null, NOW);
    assert.equal(written, 30 * 24 - 1);
    const series = store.query('new', NOW - 30 * DAY, NOW);
    assert.equal(series.resolution, 'hour');
    assert.equal(series.points.length, 30 * 24 - 1);
    assert.ok(series.points.every((p) => p.limit === null));
    const stats = store.stats('new', NOW - 30 * DAY, NOW, { warn: 0.8, critical: 0.95 });
    assert.equal(stats.peak, 6);
    assert.equal(stats.msAboveWarn, 0, 'no cap: no time above a threshold');
    await store.close();
  });

  test('a reader never backfills', async () => {
    const dataDir = tmpDataDir();
    const writer = await openHistory({ dataDir, now: () => NOW });
    const reader = await openHistory({ dataDir, now: () => NOW });
    let asked = false;
    const written = await backfillAccount(reader, 'x', async () => {
      asked = true;
      return [];
    }, 10, NOW);
    assert.equal(written, 0);
    assert.equal(asked, false);
    await reader.close();
    await writer.close();
  });
});
