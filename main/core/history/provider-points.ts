/** Which provider-side history points (Ultravox backfill) are worth writing. */
import type { ProviderHistoryPoint } from '../providers/types.ts';

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/**
 * Points in time order, one per bucket start, that are well-formed and whose bucket has ended by
 * `now` (the running bucket is left to polling).
 */
export function providerPointsToWrite(points: readonly ProviderHistoryPoint[], bucketMs: number, now: number): ProviderHistoryPoint[] {
  const usable = points
    .filter((p) => Number.isFinite(p.at) && isCount(p.avg) && isCount(p.max) && p.at + bucketMs <= now)
    .sort((a, b) => a.at - b.at);
  return usable.filter((p, i) => i === 0 || p.at !== usable[i - 1].at);
}
