/** Delays after a failure: capped exponential backoff with full jitter (regular polls: cadence.ts). */
import { RETRY_AFTER_CAP_MS } from '../../model/limits.ts';

/** The longest a Retry-After is followed (defined beside its parser, which also caps what is shown). */
export const BACKOFF_CAP_MS = 10 * 60_000;
const BACKOFF_FLOOR_MS = 5_000;
/**
 * After the n-th consecutive failure (n >= 1): a uniform delay in [floor, min(cap, interval x 2^(n-1))].
 * Full jitter spreads retries of many failing accounts; the floor keeps a tight loop impossible.
 */
export function backoffMs(failures: number, intervalMs: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, intervalMs * 2 ** Math.min(Math.max(failures, 1) - 1, 20));
  return Math.round(BACKOFF_FLOOR_MS + (Math.max(ceiling, BACKOFF_FLOOR_MS) - BACKOFF_FLOOR_MS) * random());
}

/**
 * After a 429: never sooner than the provider's Retry-After (up to an hour), and never sooner than
 * our own backoff either, so a provider that keeps answering "retry after 1 s" is still backed off.
 */
export function rateLimitedMs(retryAfterMs: number | undefined, failures: number, intervalMs: number, random: () => number): number {
  const own = backoffMs(failures, intervalMs, random);
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return own;
  return Math.max(own, Math.min(RETRY_AFTER_CAP_MS, Math.max(0, retryAfterMs)));
}
