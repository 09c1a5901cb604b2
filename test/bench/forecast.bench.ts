/**
 * Forecast figures: 200 accounts with a month of history each, as a running app has it (5-minute
 * buckets rolled up into hours by the store's maintenance, and the last 50 minutes of 30 s poll
 * samples not yet rolled up), a fake clock, a throwaway directory:
 *   forecast_200_accounts_cold_ms   every account's forecast on a freshly opened store
 *   forecast_200_accounts_warm_ms   the same again, median of 5 (decoded segments cached)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forecastFromHistory } from '../../main/core/forecast/service.ts';
import { openHistory } from '../../main/core/history/store.ts';

const ACCOUNTS = 200;
const DAYS = 30;
const FIVE_MIN = 300_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 12:50 UTC: 50 minutes of raw samples since the last hourly rollup. */
const NOW = Date.UTC(2025, 5, 30, 12, 50);

/** Calls at time t for account i: a daily wave on a level rising a little per day. */
function calls(i: number, t: number): number {
  const day = (t - (NOW - DAYS * DAY)) / DAY;
  return Math.max(0, Math.round(20 + (i % 10) + 0.2 * day * (i % 3) + 15 * Math.sin((2 * Math.PI * (t % DAY)) / DAY)));
}

async function writeMonth(dir: string): Promise<void> {
  const clock = { t: NOW };
  const store = await openHistory({ dataDir: dir, now: () => clock.t });
  const tailFrom = Math.floor(NOW / HOUR) * HOUR;
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = `acct-${i}`;
    const points = [];
    for (let t = NOW - DAYS * DAY; t < tailFrom; t += FIVE_MIN) points.push({ at: t, avg: calls(i, t), max: calls(i, t) + 2 });
    store.appendProvider(id, points, FIVE_MIN, 60);
  }
  store.maintain();
  for (let i = 0; i < ACCOUNTS; i++) {
    for (let t = tailFrom; t < NOW; t += 30_000) store.append({ accountId: `acct-${i}`, sampledAt: t, current: calls(i, t), limit: 60 });
  }
  await store.close();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-forecast-bench-'));
  try {
    await writeMonth(dir);
    const store = await openHistory({ dataDir: dir, now: () => NOW, readOnly: true });
    const all = () => {
      const started = performance.now();
      let rising = 0;
      for (let i = 0; i < ACCOUNTS; i++) if (forecastFromHistory(store, `acct-${i}`, NOW).reason === 'rising') rising++;
      if (rising === 0) throw new Error('no account rising: the bench history is not what it should be');
      return performance.now() - started;
    };
    const cold = all();
    const warm = median(Array.from({ length: 5 }, all));
    await store.close();
    return { forecast_200_accounts_cold_ms: Number(cold.toFixed(1)), forecast_200_accounts_warm_ms: Number(warm.toFixed(1)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
