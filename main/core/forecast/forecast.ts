/**
 * The forecast of one account from its hourly history: pure, no clock, no I/O.
 *
 * Daily peaks (UTC days) of the last FORECAST_WINDOW_DAYS complete days get a Theil–Sen line. The
 * forecast is careful on purpose: straight-line projections of bursty usage "cry wolf", so a
 * number of days is only given when
 *  - the account has a cap (never a forecast without one),
 *  - at least MIN_FORECAST_DAYS complete days have data (a day counts when MIN_HOURS_PER_DAY of its
 *    hours have any; today, still under way, never does: its peak so far would drag the line down),
 *  - the trend is clearly upward, which takes two things:
 *    1. the lower bound of Sen's confidence interval of the slope is above zero: even the
 *       pessimistic end of the plausible slopes rises, so noise that merely wobbles, or one spike,
 *       does not count. The interval is 90 % (two-sided) from two weeks of days on; below two weeks
 *       99 %, because a weekly pattern (quiet weekends) over one or two weeks looks like a rise
 *       (with 7 days that allows at most 1 of the 21 day pairs to be flat or falling; with 28, about
 *       146 of 378). Over whole weeks a weekly pattern evens out.
 *    2. the newer half of the days still rises on its own (its Theil–Sen slope is above zero): a
 *       step up that has since levelled off (a new customer, a weekend before a busy week) is not
 *       a trend to project.
 *  - and the limit is within FORECAST_HORIZON_DAYS: further out a 4-week line says nothing.
 * The days are counted from the line's level today (not this week's raw peak, which one spike sets)
 * to the current limit: a limit raised mid-series is compared from now on, while the peaks from
 * before the raise stay in the series, as they are real usage.
 * A daily peak that has already reached the current limit this week needs no forecast: reason
 * 'at-limit' and no days (the utilization alerts and gauges already say so), whatever the trend.
 */
import {
  FORECAST_HORIZON_DAYS,
  FORECAST_WINDOW_DAYS,
  MIN_FORECAST_DAYS,
  PROJECTION_DAYS,
  type Forecast,
  type ForecastReason,
  type PurchaseOutlook,
} from '../../model/forecast.ts';
import type { HistoryPoint } from '../../model/history.ts';
import { dailyPeaks, dayOf, newestLimit, type DailyPeak } from './daily-peaks.ts';
import { theilSen, Z_90, Z_99, type SenFit } from './theil-sen.ts';

/** Hours of data a day needs to count in the trend (a quarter of it: a tray app may run only at work, when calls peak). */
export const MIN_HOURS_PER_DAY = 6;
/** Below two weeks of days a rise must be 99 % sure, not 90 % (a weekly pattern is not yet evened out). */
export const STRICT_BELOW_DAYS = 14;

export interface ForecastInput {
  accountId: string;
  now: number;
  /** Hourly buckets covering at least the last FORECAST_WINDOW_DAYS days and today. */
  hourly: readonly HistoryPoint[];
  /** The current limit (from the live snapshot); when undefined, the newest limit in the history. */
  limit?: number | null;
  /** Capacity that can still be bought, when the provider says (Retell). */
  purchasable?: number | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** This week: the last 7 UTC days, today so far included. */
function peakThisWeek(peaks: readonly DailyPeak[], today: number): number | null {
  let peak: number | null = null;
  for (const p of peaks) if (p.day > today - 7 && p.day <= today) peak = Math.max(peak ?? -Infinity, p.peak);
  return peak;
}

/** The complete, well-covered days of the window, as x = days before today (negative), y = peak. */
function trendPoints(peaks: readonly DailyPeak[], today: number): Array<{ x: number; y: number }> {
  return peaks.filter((p) => p.day >= today - FORECAST_WINDOW_DAYS && p.day < today && p.hours >= MIN_HOURS_PER_DAY).map((p) => ({ x: p.day - today, y: p.peak }));
}

interface Outlook {
  reason: ForecastReason;
  daysToLimit: number | null;
  projectedPeak: number | null;
}

/** The newer half of the days still rises on its own: the rise goes on (not a step that has levelled off). */
function stillRising(points: ReadonlyArray<{ x: number; y: number }>): boolean {
  const newer = theilSen(points.slice(Math.floor(points.length / 2)));
  return newer !== null && newer.slope > 0;
}

function outlookOf(fit: SenFit | null, days: number, peakDaily: number | null, limit: number, rising: boolean): Outlook {
  const none = (reason: ForecastReason): Outlook => ({ reason, daysToLimit: null, projectedPeak: null });
  if (peakDaily !== null && peakDaily >= limit) return none('at-limit');
  if (!fit || days < MIN_FORECAST_DAYS || peakDaily === null) return none('not-enough-history');
  if (fit.lower > 0 && rising) {
    // The line's level today is its intercept (x = 0 is today).
    const daysToLimit = Math.max(1, Math.ceil((limit - fit.intercept) / fit.slope));
    if (daysToLimit > FORECAST_HORIZON_DAYS) return none('beyond-horizon');
    return { reason: 'rising', daysToLimit, projectedPeak: round1(fit.intercept + fit.slope * PROJECTION_DAYS) };
  }
  return none(fit.upper < 0 ? 'falling' : 'flat');
}

function purchaseOutlook(purchasable: number | null | undefined, limit: number, projectedPeak: number | null): PurchaseOutlook | null {
  if (purchasable === null || purchasable === undefined || !Number.isFinite(purchasable)) return null;
  const remaining = Math.max(0, purchasable);
  const maxLimit = limit + remaining;
  return { remaining, maxLimit, coversProjectedPeak: projectedPeak === null ? null : maxLimit >= projectedPeak };
}

export function computeForecast(input: ForecastInput): Forecast {
  const today = dayOf(input.now);
  const peaks = dailyPeaks(input.hourly);
  const peakDaily = peakThisWeek(peaks, today);
  // The live limit, else the newest in history; neither (no reading yet): nothing is known, not "no cap".
  const known = input.limit !== undefined ? input.limit : newestLimit(input.hourly);
  const limit = known ?? null;
  const base = { accountId: input.accountId, computedAt: input.now, limit, peakDaily };
  if (known === undefined) {
    return { ...base, trendPerWeek: null, daysToLimit: null, reason: 'not-enough-history', days: 0, projectedPeak: null, purchase: null };
  }
  if (limit === null) {
    return { ...base, trendPerWeek: null, daysToLimit: null, reason: 'no-cap', days: 0, projectedPeak: null, purchase: null };
  }
  const points = trendPoints(peaks, today);
  const fit = points.length >= MIN_FORECAST_DAYS ? theilSen(points, points.length < STRICT_BELOW_DAYS ? Z_99 : Z_90) : null;
  const outlook = outlookOf(fit, points.length, peakDaily, limit, fit !== null && stillRising(points));
  return {
    ...base,
    trendPerWeek: fit ? round1(fit.slope * 7) : null,
    daysToLimit: outlook.daysToLimit,
    reason: outlook.reason,
    days: points.length,
    projectedPeak: outlook.projectedPeak,
    purchase: purchaseOutlook(input.purchasable, limit, outlook.projectedPeak),
  };
}
