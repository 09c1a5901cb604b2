/**
 * History store figures, all with a fake clock on a throwaway directory:
 *   history_append_per_s             appends per second (30 s samples, one account, over day files)
 *   history_query_30d_ms             a 30-day query on a freshly reopened store (cold), after maintenance
 *   history_query_30d_warm_ms        the same query again, median of 20 (decoded segments cached)
 *   history_bytes_per_account_year   bytes on disk after a simulated year at 30 s polling, after retention
 *   history_day_heap_mb_200          live heap a writer holds after a simulated day of 200 accounts at
 *                                    30 s with maintenance every minute, as the app runs it (after GC)
 *   history_day_maintain_ms_200      the time that day's 1,440 maintenance runs took in all
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistory, type HistoryStore } from '../../main/core/history/store.ts';
import { gc } from './fixtures/gc.ts';

const STEP = 30_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 1);

function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return total;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Polls every 30 s from T0 for `days`, running maintenance every hour as the store's timer would. */
function simulate(store: HistoryStore, clock: { t: number }, days: number): void {
  for (let t = T0; t < T0 + days * DAY; t += STEP) {
    clock.t = t;
    store.append({ accountId: 'acct', sampledAt: t, current: Math.round(40 + 30 * Math.sin(t / 7_200_000)), limit: 100 });
    if (t % HOUR === 0) store.maintain();
  }
  store.maintain();
}

async function appendRate(dir: string): Promise<number> {
  const clock = { t: T0 };
  const store = await openHistory({ dataDir: dir, now: () => clock.t });
  const n = 200_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) store.append({ accountId: 'rate', sampledAt: T0 + i * STEP, current: i % 50, limit: 100 });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return Math.round(n / seconds);
}

async function query30d(dir: string): Promise<{ cold: number; warm: number }> {
  const clock = { t: T0 };
  const writer = await openHistory({ dataDir: dir, now: () => clock.t });
  simulate(writer, clock, 30);
  await writer.close();
  const store = await openHistory({ dataDir: dir, now: () => clock.t });
  const started = performance.now();
  const first = store.query('acct', clock.t - 30 * DAY, clock.t);
  const cold = performance.now() - started;
  if (first.points.length < 700) throw new Error(`30-day query returned ${first.points.length} points`);
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    store.query('acct', clock.t - 30 * DAY, clock.t);
    warm.push(performance.now() - t);
  }
  await store.close();
  return { cold, warm: median(warm) };
}

async function bytesPerYear(dir: string): Promise<number> {
  const clock = { t: T0 };
  const store = await openHistory({ dataDir: dir, now: () => clock.t });
  simulate(store, clock, 365);
  await store.close();
  return bytesUnder(join(dir, 'history'));
}

/** 200 accounts polled every 30 s for a day, maintenance every minute (the store's own timer). */
async function dayOf200(dir: string): Promise<{ heapMb: number; maintainMs: number }> {
  const clock = { t: T0 };
  gc();
  const before = process.memoryUsage().heapUsed;
  const store = await openHistory({ dataDir: dir, now: () => clock.t });
  let maintainMs = 0;
  for (let t = T0; t < T0 + DAY; t += STEP) {
    clock.t = t;
    for (let a = 0; a < 200; a++) store.append({ accountId: `a${a}`, sampledAt: t + a, current: (a + Math.round(t / STEP)) % 50, limit: 100 });
    if (t % 60_000 === 0) {
      const started = performance.now();
      store.maintain();
      maintainMs += performance.now() - started;
    }
  }
  gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1048576;
  await store.close();
  return { heapMb: Math.round(heapMb * 10) / 10, maintainMs: Math.round(maintainMs) };
}

export async function run(): Promise<Record<string, number>> {
  const dirs = [0, 1, 2, 3].map(() => mkdtempSync(join(tmpdir(), 'headroom-history-bench-')));
  try {
    const rate = await appendRate(dirs[0]);
    const q = await query30d(dirs[1]);
    const bytes = await bytesPerYear(dirs[2]);
    const day = await dayOf200(dirs[3]);
    return {
      history_append_per_s: rate,
      history_query_30d_ms: Number(q.cold.toFixed(3)),
      history_query_30d_warm_ms: Number(q.warm.toFixed(3)),
      history_bytes_per_account_year: bytes,
      history_day_heap_mb_200: day.heapMb,
      history_day_maintain_ms_200: day.maintainMs,
    };
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
