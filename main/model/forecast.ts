/**
 * Headroom ahead of time: where an account's daily peak is heading and when it meets the limit.
 * The shape every view reads (window, CLI, alerts) and the one wording of it for people.
 */
import { LIMITS } from './limits.ts';
import { noCallsText } from './usage.ts';

/**
 * Why there is (or is not) a forecast:
 * - 'rising': a clearly upward trend; daysToLimit says when the daily peak meets the limit.
 * - 'at-limit': this week's daily peak already reached the limit: nothing left to forecast.
 * - 'beyond-horizon': rising, but the limit is further away than a forecast can honestly reach.
 * - 'flat': no clear rise (the trend may wobble either way within the noise).
 * - 'falling': a clearly downward trend.
 * - 'not-enough-history': fewer days of data than a trend needs, or none this week.
 * - 'no-cap': the account has no limit: nothing to reach, never a forecast.
 */
export const FORECAST_REASONS = ['rising', 'at-limit', 'beyond-horizon', 'flat', 'falling', 'not-enough-history', 'no-cap'] as const;
export type ForecastReason = (typeof FORECAST_REASONS)[number];

/** Complete days of data a trend needs. */
export const MIN_FORECAST_DAYS = 7;
/** Days of daily peaks a trend is fitted on (four whole weeks, so each weekday counts alike). */
export const FORECAST_WINDOW_DAYS = 28;
/** Furthest ahead a forecast reaches: past this, "rising slowly" is all that can honestly be said. */
export const FORECAST_HORIZON_DAYS = LIMITS.maxForecastDays;
/** How far ahead projectedPeak looks. */
export const PROJECTION_DAYS = 28;

/** What buying the rest of the purchasable capacity would do (Retell tells how much is left). */
export interface PurchaseOutlook {
  /** Capacity that can still be bought. */
  remaining: number;
  /** The limit after buying all of it. */
  maxLimit: number;
  /** Whether maxLimit is at or above projectedPeak; null without a projection. */
  coversProjectedPeak: boolean | null;
}

export interface Forecast {
  accountId: string;
  /** epoch ms */
  computedAt: number;
  /** The limit compared against: the current one (a limit raised mid-series counts from now on). */
  limit: number | null;
  /** This week's daily peak: the highest of the last 7 UTC days, today so far included; null without data. */
  peakDaily: number | null;
  /** Robust (Theil–Sen) trend of the daily peaks in calls per week; null with too little history or no cap. */
  trendPerWeek: number | null;
  /** Days until the daily peak reaches the limit (at least 1); null when there is no forecast. */
  daysToLimit: number | null;
  reason: ForecastReason;
  /** Complete days of data the trend was fitted on. */
  days: number;
  /** The trend's daily peak PROJECTION_DAYS from now (with a 'rising' forecast only). */
  projectedPeak: number | null;
  /** Null when the provider does not tell what more can be bought. */
  purchase: PurchaseOutlook | null;
}

function num(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** "~3 a week" (whole calls from 2 a week up, one decimal below). */
function perWeek(trend: number): string {
  const size = Math.abs(trend);
  return `~${size >= 2 ? Math.round(size) : num(size)} a week`;
}

/** "about 12 days", "about 5 weeks", "about 4 months"; "within a day" for 1 or less. */
export function inAbout(days: number): string {
  if (days <= 1) return 'within a day';
  if (days < 14) return `in about ${Math.round(days)} days`;
  if (days < 56) return `in about ${Math.round(days / 7)} weeks`;
  return `in about ${Math.round(days / 30.4)} months`;
}

function peakOf(f: Forecast): string {
  const peak = `Daily peak ${num(f.peakDaily ?? 0)}`;
  return f.limit === null ? peak : `${peak} of ${num(f.limit)}`;
}

/** The limit-0 wording of usage.ts, opening a sentence. */
const sentence = (text: string) => text[0].toUpperCase() + text.slice(1);

function purchaseText(f: Forecast): string {
  const p = f.purchase;
  if (!p || f.limit === null) return '';
  if (f.reason === 'at-limit') return p.remaining > 0 ? ` Buying the remaining ${num(p.remaining)} would raise it to ${num(p.maxLimit)}.` : ' No more capacity can be bought.';
  if (f.projectedPeak === null || f.projectedPeak <= f.limit) return '';
  const expected = `~${Math.ceil(f.projectedPeak)} expected in ${PROJECTION_DAYS / 7} weeks`;
  if (p.remaining <= 0) return ` No more capacity can be bought; ${expected}.`;
  return p.coversProjectedPeak
    ? ` Buying the remaining ${num(p.remaining)} (limit ${num(p.maxLimit)}) would cover the ${expected}.`
    : ` Even the remaining ${num(p.remaining)} (limit ${num(p.maxLimit)}) would not cover the ${expected}.`;
}

/** The forecast in one line for people: "Daily peak 46 of 50, rising ~3 a week: limit in about 12 days." */
export function describeForecast(f: Forecast): string {
  if (f.peakDaily === null) return f.reason === 'no-cap' ? 'No cap: nothing to forecast.' : `No history this week: not enough for a forecast yet.`;
  const peak = peakOf(f);
  const trend = f.trendPerWeek;
  switch (f.reason) {
    case 'no-cap':
      return `${peak}, no cap: nothing to forecast.`;
    case 'at-limit':
      // "Daily peak 0 of 0: the limit was reached" would be true and meaningless.
      if (f.limit === 0) return `${sentence(noCallsText(0))}: nothing to forecast.${purchaseText(f)}`;
      return `${peak}: the limit was reached this week.${purchaseText(f)}`;
    case 'not-enough-history':
      // Whole days are counted: on an account's first day "0 of 7 days" would read as no data at all.
      return `${peak}: not enough history for a forecast yet (${f.days === 0 ? 'under a day' : `${f.days} ${f.days === 1 ? 'day' : 'days'}`} of the ${MIN_FORECAST_DAYS} needed).`;
    case 'falling':
      return `${peak}, falling ${perWeek(trend ?? 0)}.`;
    case 'flat':
      return `${peak}, no clear rise: no limit in sight.`;
    case 'beyond-horizon':
      return `${peak}, rising ${perWeek(trend ?? 0)}: limit not within ${Math.round(FORECAST_HORIZON_DAYS / 30.4)} months.`;
    case 'rising':
      return `${peak}, rising ${perWeek(trend ?? 0)}: limit ${inAbout(f.daysToLimit ?? 0)}.${purchaseText(f)}`;
  }
}

/** What `headroom status --json` (and other machine readers) get of a forecast. */
export function forecastJson(f: Forecast): {
  peakDaily: number | null;
  limit: number | null;
  trendPerWeek: number | null;
  daysToLimit: number | null;
  reason: ForecastReason;
  days: number;
  projectedPeak: number | null;
  purchase: PurchaseOutlook | null;
  summary: string;
} {
  return {
    peakDaily: f.peakDaily,
    limit: f.limit,
    trendPerWeek: f.trendPerWeek,
    daysToLimit: f.daysToLimit,
    reason: f.reason,
    days: f.days,
    projectedPeak: f.projectedPeak,
    purchase: f.purchase,
    summary: describeForecast(f),
  };
}
