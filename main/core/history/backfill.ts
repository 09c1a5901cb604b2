/**
 * Filling a gap in an account's history from the provider's own history (Ultravox's
 * /api/accounts/me/usage/concurrency): after Headroom was not running, or when the account is new.
 */
import type { HistoryBucket, ProviderHistoryPoint } from '../providers/types.ts';
import type { HistoryStore } from './store.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Shorter gaps are ordinary poll spacing. */
export const MIN_GAP_MS = 2 * MINUTE;
/** Furthest back a backfill reaches (also for a new account). */
export const MAX_BACKFILL_MS = 30 * DAY;

/** Finest bucket per gap length: about 360 to 860 buckets per request at most. */
const BUCKETS: ReadonlyArray<{ upTo: number; bucket: HistoryBucket; bucketMs: number }> = [
  { upTo: 6 * HOUR, bucket: 'minute', bucketMs: MINUTE },
  { upTo: 3 * DAY, bucket: '5min', bucketMs: 5 * MINUTE },
  { upTo: Infinity, bucket: 'hour', bucketMs: HOUR },
];

export interface BackfillPlan {
  start: number;
  end: number;
  bucket: HistoryBucket;
  bucketMs: number;
}

/** Whole buckets from the last sample (or 30 days back) to now; null when the gap is too short. */
export function backfillPlan(lastSampleAt: number | null, now: number): BackfillPlan | null {
  const from = lastSampleAt === null ? now - MAX_BACKFILL_MS : Math.max(lastSampleAt, now - MAX_BACKFILL_MS);
  const gap = now - from;
  if (gap < MIN_GAP_MS) return null;
  const { bucket, bucketMs } = BUCKETS.find((b) => gap <= b.upTo)!;
  const start = Math.ceil(from / bucketMs) * bucketMs;
  const end = Math.floor(now / bucketMs) * bucketMs;
  return end > start ? { start, end, bucket, bucketMs } : null;
}

/**
 * Fetches the account's gap from the provider and writes it, provider-sourced. Returns points written.
 * `since`: the newest sample when the gap was measured (by default the store's newest now); a caller
 * that polled once meanwhile (to learn the limit) passes the one from before that poll.
 */
export async function backfillAccount(
  store: HistoryStore,
  accountId: string,
  fetchHistory: (o: { bucket: HistoryBucket; start: number; end: number }) => Promise<ProviderHistoryPoint[]>,
  limit: number | null,
  now: number,
  since: number | null = store.lastSampleAt(accountId),
): Promise<number> {
  if (store.mode !== 'writer') return 0;
  const plan = backfillPlan(since, now);
  if (!plan) return 0;
  const points = await fetchHistory({ bucket: plan.bucket, start: plan.start, end: plan.end });
  const inPlan = points.filter((p) => p.at >= plan.start && p.at + plan.bucketMs <= plan.end);
  return store.appendProvider(accountId, inPlan, plan.bucketMs, limit);
}
