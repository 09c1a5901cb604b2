/** Bounds on what a person or a file may give Headroom: checked in main, shown in forms. */
export const LIMITS = {
  idLength: 64,
  labelLength: 64,
  fieldNameLength: 64,
  fieldValueLength: 4096,
  fieldCount: 32,
  urlLength: 2048,
  /** Providers ask for no faster polling than this (seconds). */
  minPollIntervalSec: 10,
  maxPollIntervalSec: 86_400,
  maxParallelism: 64,
  maxPct: 1000,
  maxSustainPolls: 100,
  maxHysteresisPct: 50,
  maxRenotifyMin: 1440,
  /** alerts.forecastDays, and as far ahead as a forecast reaches (FORECAST_HORIZON_DAYS). */
  maxForecastDays: 180,
  /** Ports below 1024 need privileges on most systems. */
  minMetricsPort: 1024,
  maxPort: 65_535,
  /** One week. */
  maxPauseMinutes: 10_080,
} as const;


/**
 * The longest a Retry-After is followed or promised: a bogus far-future value must neither silence an
 * account for days nor show "retry in 3 years". The poller's scheduler waits at most this long too.
 */
export const RETRY_AFTER_CAP_MS = 60 * 60_000;
