import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeForecast, MIN_HOURS_PER_DAY } from '../../../main/core/forecast/forecast.ts';
import { createForecastService, forecastFromHistory } from '../../../main/core/forecast/service.ts';
import { theilSen } from '../../../main/core/forecast/theil-sen.ts';
import { openHistory } from '../../../main/core/history/store.ts';
import { describeForecast, type Forecast } from '../../../main/model/forecast.ts';
import type { HistoryPoint } from '../../../main/model/history.ts';
import type { Snapshot } from '../../../main/model/provider.ts';
import { seeded, tmpDataDir } from '../history/fixtures/tmp.ts';
import { DAY, HOUR, planOf, writeDailyPeaks, type DayPlan, type WriteOptions } from './fixtures/histories.ts';

/** Tuesday 10 March 2026, noon UTC. */
const NOW = Date.UTC(2026, 2, 10, 12);

/** The forecast of a synthetic history written into a real store in a temp dir and read back. */
async function forecastOf(days: DayPlan[], opts: Partial<WriteOptions> & { snapshot?: Snapshot } = {}): Promise<Forecast> {
  const dir = tmpDataDir();
  await writeDailyPeaks(dir, 'acct', days, { now: NOW, ...opts });
  const store = await openHistory({ dataDir: dir, now: () => NOW, readOnly: true });
  try {
    return forecastFromHistory(store, 'acct', NOW, opts.snapshot);
  } finally {
    await store.close();
  }
}

function retell(limit: number, remainingPurchase: number): Snapshot {
  return { current: 10, limit, utilization: 10 / limit, sampledAt: NOW, extras: { provider: 'retell', base: 20, purchased: limit - 20, purchaseLimit: limit - 20 + remainingPurchase, remainingPurchase, inBurst: false } };
}

/** Peaks that rise by exactly one call a day: 35 yesterday, so the line stands at 36 today. */
const rising = (n = 28) => planOf(n, (k) => 36 - k);

describe('forecast from a real history store', () => {
  for (const via of ['poll', 'backfill'] as const) {
    test(`steadily rising (${via === 'poll' ? 'poll samples rolled up' : 'Ultravox hourly backfill'}): 7 a week, limit 50 in 14 days`, async () => {
      const f = await forecastOf(rising(), { via });
      assert.equal(f.reason, 'rising');
      assert.equal(f.peakDaily, 35);
      assert.equal(f.limit, 50);
      assert.equal(f.trendPerWeek, 7);
      assert.equal(f.daysToLimit, 14, '(50 - 36) / 1 a day');
      assert.equal(f.days, 28);
      assert.equal(f.projectedPeak, 64, '36 + 28 days');
      assert.equal(f.purchase, null, 'Vobiz, Puretalk, Ultravox: nothing said about buying more');
    });

    test(`flat (${via}): no forecast, "flat"`, async () => {
      const rnd = seeded(7);
      const f = await forecastOf(planOf(28, () => 30 + Math.round(rnd() * 6 - 3)), { via });
      assert.equal(f.reason, 'flat');
      assert.equal(f.daysToLimit, null);
      assert.ok(Math.abs(f.trendPerWeek!) <= 1, `trend ${f.trendPerWeek}`);
      assert.ok(f.peakDaily! >= 27 && f.peakDaily! <= 33);
    });
  }

  test('rising with one huge spike: Theil–Sen gives the same answer as without it (least squares would not)', async () => {
    const clean = await forecastOf(rising());
    // Eight days ago (just before this week) one day peaked at 400, eight times the limit.
    const spiked = await forecastOf(planOf(28, (k) => (k === 8 ? 400 : 36 - k)));
    assert.equal(spiked.reason, 'rising');
    assert.equal(spiked.trendPerWeek, clean.trendPerWeek);
    assert.equal(spiked.daysToLimit, clean.daysToLimit);
    assert.equal(spiked.daysToLimit, 14);
    assert.equal(spiked.peakDaily, 35, 'not this week');
    // The same points through an ordinary least-squares line: the spike bends it.
    const pts = planOf(28, (k) => (k === 8 ? 400 : 36 - k)).map((d, i) => ({ x: i, y: d.peak }));
    const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
    const my = pts.reduce((s, p) => s + p.y, 0) / pts.length;
    const ols = pts.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    assert.ok(Math.abs(ols - 1) > 0.4, `least squares slope ${ols.toFixed(2)} a day, not 1`);
    assert.equal(theilSen(pts)!.slope, 1);
  });

  test('falling: no forecast, "falling" with a negative trend', async () => {
    const f = await forecastOf(planOf(28, (k) => 20 + k, () => 60));
    assert.equal(f.reason, 'falling');
    assert.equal(f.trendPerWeek, -7);
    assert.equal(f.daysToLimit, null);
    assert.equal(f.peakDaily, 26, 'the highest of the last 7 days');
  });

  test('too short: 5 days is "not enough history", whatever the trend', async () => {
    const f = await forecastOf(rising(5));
    assert.equal(f.reason, 'not-enough-history');
    assert.equal(f.days, 5);
    assert.equal(f.daysToLimit, null);
    assert.equal(f.trendPerWeek, null);
    assert.equal(f.peakDaily, 35);
  });

  test('7 days of a steady rise are enough', async () => {
    const f = await forecastOf(rising(7));
    assert.equal(f.reason, 'rising');
    assert.equal(f.daysToLimit, 14);
  });

  test('uncapped: never a forecast', async () => {
    const f = await forecastOf(planOf(28, (k) => 36 - k, () => null));
    assert.equal(f.reason, 'no-cap');
    assert.equal(f.limit, null);
    assert.equal(f.daysToLimit, null);
    assert.equal(f.trendPerWeek, null);
    assert.equal(f.purchase, null);
    // An account capped in the past but uncapped now (live snapshot): no forecast either.
    const now = await forecastOf(rising(), { snapshot: { current: 3, limit: null, utilization: null, sampledAt: NOW, extras: { provider: 'ultravox', noCap: true } } });
    assert.equal(now.reason, 'no-cap');
  });

  test('a limit raised mid-series: days are counted to the current limit', async () => {
    // Limit 40 until two weeks ago, 60 since; peaks rise one a day throughout.
    const plan = planOf(28, (k) => 36 - k, (k) => (k > 14 ? 40 : 60));
    for (const via of ['poll', 'backfill'] as const) {
      const f = await forecastOf(plan, { via });
      assert.equal(f.limit, 60, via);
      assert.equal(f.reason, 'rising');
      assert.equal(f.daysToLimit, 24, '(60 - 36) a day at a time; against the old 40 it would be 4');
    }
    // The live snapshot's limit wins over the history's (raised again a minute ago).
    const live = await forecastOf(plan, { snapshot: retell(70, 0) });
    assert.equal(live.limit, 70);
    assert.equal(live.daysToLimit, 34);
  });

  test('a peak at the limit this week: "at-limit", no days', async () => {
    const f = await forecastOf(planOf(28, (k) => (k === 2 ? 50 : 30)));
    assert.equal(f.reason, 'at-limit');
    assert.equal(f.daysToLimit, null);
    assert.equal(f.peakDaily, 50);
  });

  test('a step up that levelled off is not a trend', async () => {
    const f = await forecastOf(planOf(28, (k) => (k > 18 ? 20 : 32)));
    assert.equal(f.reason, 'flat');
  });

  test('rising slowly: the limit beyond the horizon is no forecast', async () => {
    const f = await forecastOf(planOf(28, (k) => 36 - k, () => 1000));
    assert.equal(f.reason, 'beyond-horizon');
    assert.equal(f.daysToLimit, null);
    assert.equal(f.trendPerWeek, 7);
  });

  test('Retell: whether buying the rest covers the peak expected in 4 weeks', async () => {
    const covers = await forecastOf(rising(), { snapshot: retell(50, 20) });
    assert.deepEqual(covers.purchase, { remaining: 20, maxLimit: 70, coversProjectedPeak: true });
    const short = await forecastOf(rising(), { snapshot: retell(50, 10) });
    assert.deepEqual(short.purchase, { remaining: 10, maxLimit: 60, coversProjectedPeak: false });
    const flat = await forecastOf(planOf(28, () => 30), { snapshot: retell(50, 10) });
    assert.deepEqual(flat.purchase, { remaining: 10, maxLimit: 60, coversProjectedPeak: null }, 'nothing projected, nothing to cover');
  });
});

describe('forecast rules on hourly buckets', () => {
  const today = Math.floor(NOW / DAY);
  function hourly(peaks: Array<[daysAgo: number, peak: number, hours?: number]>, limit: number | null = 50): HistoryPoint[] {
    return peaks.flatMap(([k, peak, hours = 24]) => Array.from({ length: hours }, (_, h) => ({ t: (today - k) * DAY + h * HOUR, current: 1, min: 0, max: h === 0 ? peak : 1, limit })));
  }

  test(`days seen for fewer than ${MIN_HOURS_PER_DAY} hours do not count; days without data are gaps, not zeros`, () => {
    const days: Array<[number, number, number?]> = [];
    for (let k = 28; k >= 1; k--) if (k % 3 !== 0) days.push([k, 36 - k, k === 1 ? 2 : 24]);
    const f = computeForecast({ accountId: 'a', now: NOW, hourly: hourly(days) });
    assert.equal(f.days, days.length - 1, 'yesterday (2 hours) left out');
    assert.equal(f.reason, 'rising');
    assert.equal(f.daysToLimit, 14, 'gaps leave the slope alone');
  });

  test('today so far counts in this week\'s peak, never in the trend', () => {
    const days: Array<[number, number]> = [];
    for (let k = 28; k >= 1; k--) days.push([k, 36 - k]);
    const f = computeForecast({ accountId: 'a', now: NOW, hourly: [...hourly(days), ...hourly([[0, 2, 12]])] });
    assert.equal(f.daysToLimit, 14);
    const hot = computeForecast({ accountId: 'a', now: NOW, hourly: [...hourly(days), ...hourly([[0, 41, 12]])] });
    assert.equal(hot.peakDaily, 41);
    assert.equal(hot.daysToLimit, 14);
  });

  test('no data this week: not enough history, even with older data', () => {
    const days: Array<[number, number]> = [];
    for (let k = 28; k >= 8; k--) days.push([k, 36 - k]);
    const f = computeForecast({ accountId: 'a', now: NOW, hourly: hourly(days) });
    assert.equal(f.peakDaily, null);
    assert.equal(f.reason, 'not-enough-history');
  });

  test('a weekly pattern (quiet weekends) with no trend does not cry wolf, whatever the window', () => {
    let forecasts = 0;
    for (let len = 7; len <= 28; len++) {
      for (let shift = 0; shift < 7; shift++) {
        const rnd = seeded(len * 10 + shift);
        const now = NOW + shift * DAY;
        const t = Math.floor(now / DAY);
        const points: HistoryPoint[] = [];
        for (let k = len; k >= 1; k--) {
          const weekday = new Date((t - k) * DAY).getUTCDay();
          const peak = (weekday === 0 || weekday === 6 ? 15 : 40) + Math.round(rnd() * 6 - 3);
          for (let h = 0; h < 24; h++) points.push({ t: (t - k) * DAY + h * HOUR, current: 1, min: 0, max: h === 14 ? peak : 5, limit: 50 });
        }
        if (computeForecast({ accountId: 'a', now, hourly: points }).reason === 'rising') forecasts++;
      }
    }
    assert.equal(forecasts, 0);
  });
});

describe('forecast service', () => {
  test('computed at most once an hour, again at once when the limit or the purchasable capacity changes', async () => {
    const dir = tmpDataDir();
    await writeDailyPeaks(dir, 'acct', rising(), { now: NOW });
    const store = await openHistory({ dataDir: dir, now: () => NOW, readOnly: true });
    let reads = 0;
    const history = { hourly: (id: string, start: number, end: number) => (reads++, store.hourly(id, start, end)) };
    const clock = { t: NOW };
    let snapshot: Snapshot | undefined = retell(50, 20);
    const service = createForecastService({ history, snapshot: () => snapshot, now: () => clock.t });
    const first = service.get('acct');
    clock.t += 59 * 60_000;
    assert.equal(service.get('acct'), first);
    assert.equal(reads, 1);
    clock.t += 60_000;
    assert.notEqual(service.get('acct'), first);
    assert.equal(reads, 2);
    snapshot = retell(60, 10);
    assert.equal(service.get('acct').limit, 60);
    assert.equal(reads, 3);
    snapshot = retell(60, 5);
    assert.equal(service.get('acct').purchase?.remaining, 5);
    service.forget('acct');
    service.get('acct');
    assert.equal(reads, 5);
    await store.close();
  });
});

test('no reading yet (no live limit, no history): not enough history, never "no cap"', () => {
  const f = computeForecast({ accountId: 'new', now: Date.UTC(2026, 5, 1), hourly: [], limit: undefined, purchasable: null });
  assert.equal(f.reason, 'not-enough-history');
  assert.equal(describeForecast(f), 'No history this week: not enough for a forecast yet.');
});
