/** What the window and the CLI read of an account's history. */
/** The ranges the window offers, shortest first. */
export const RANGE_KEYS = ['1h', '24h', '7d', '30d'] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];

const HOUR_MS = 3_600_000;
/** How far back each range reaches from now: the chart's x axis spans exactly this. */
export const RANGE_MS: Record<RangeKey, number> = { '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };

export interface HistoryPoint {
  /** epoch ms */
  t: number;
  /** avg current in the bucket (raw samples: the sample) */
  current: number;
  min: number;
  max: number;
  limit: number | null;
}

export interface HistorySeries {
  accountId: string;
  resolution: 'raw' | '5min' | 'hour';
  points: HistoryPoint[];
}

export interface RangeStats {
  peak: number | null;
  average: number | null;
  p95: number | null;
  /** milliseconds at or above the warn / critical threshold */
  msAboveWarn: number;
  msAboveCritical: number;
}

