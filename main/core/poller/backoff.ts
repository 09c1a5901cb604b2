/** Delays between polls: the interval with a little jitter, and capped exponential backoff with full jitter. */
export const BACKOFF_CAP_MS = 10 * 60_000;
const BACKOFF_FLOOR_MS = 5_000;
const INTERVAL_JITTER = 0.1;

/** The interval ±10 %, so accounts on the same interval drift apart instead of firing in lockstep. */
export function nextIntervalMs(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (1 - INTERVAL_JITTER + 2 * INTERVAL_JITTER * random()));
}

/**
 * After the n-th consecutive failure (n >= 1): a uniform delay in [floor, min(cap, interval x 2^(n-1))].
 * Full jitter spreads retries of many failing accounts; the floor keeps a tight loop impossible.
 */
export function backoffMs(failures: number, intervalMs: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, intervalMs * 2 ** Math.min(failures - 1, 20));
  return Math.round(BACKOFF_FLOOR_MS + (Math.max(ceiling, BACKOFF_FLOOR_MS) - BACKOFF_FLOOR_MS) * random());
}

/** A 429's Retry-After wins when it asks for longer than our own backoff would. */
export function rateLimitedMs(retryAfterMs: number | undefined, failures: number, intervalMs: number, random: () => number): number {
  const own = backoffMs(failures, intervalMs, random);
  return retryAfterMs === undefined ? own : Math.min(BACKOFF_CAP_MS * 6, Math.max(retryAfterMs, BACKOFF_FLOOR_MS));
}
