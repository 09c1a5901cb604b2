/**
 * How an account's current/limit reads, decided once for every view (CLI, tray, alerts, the window):
 * the utilization as a fraction, and words for the two cases where a fraction means nothing: no cap
 * (limit null) and a limit of 0, where no calls are possible at all. Never Infinity, NaN or a made-up
 * percentage such as "3/0 (300%)".
 */
export interface Usage {
  current: number;
  /** null = no cap. */
  limit: number | null;
}

/** current / limit; null without a cap and with a limit of 0. May exceed 1 (never clamped). */
export function utilizationOf(current: number, limit: number | null): number | null {
  if (limit === null || !(limit > 0) || !Number.isFinite(limit) || !Number.isFinite(current)) return null;
  return current / limit;
}

/** A limit of 0: the provider allows no calls at all. */
export function noCallsPossible(u: Usage | undefined): boolean {
  return u?.limit === 0;
}

/** "limit 0, no calls possible", and how many still run when some do (a limit lowered under calls). */
export function noCallsText(current: number): string {
  return current > 0 ? `limit 0, no calls possible (${current} still active)` : 'limit 0, no calls possible';
}

/**
 * The one percent rule, for every view: whole percent, rounded down. So "100%" is shown only when
 * the calls have really reached the limit: 249 of 250 reads 99 %, never a full account that isn't.
 */
export function wholePercent(utilization: number): number {
  return Math.floor(utilization * 100 + 1e-9);
}

/** "60%", or '' without a cap. */
export function percentText(utilization: number | null | undefined): string {
  return utilization === null || utilization === undefined || !Number.isFinite(utilization) ? '' : `${wholePercent(utilization)}%`;
}

export interface UsageStyle {
  /** "12 / 20" rather than "12/20". */
  spaced?: boolean;
  /** After the numbers: "concurrent calls" gives "12 / 20 concurrent calls". */
  unit?: string;
  /** Append " (60%)" (default true). */
  percent?: boolean;
}

/**
 * The numbers in words: "12/20 (60%)", "12 / 20 concurrent calls (60%)", "40 calls, no cap",
 * "limit 0, no calls possible".
 */
export function usageText(u: Usage, style: UsageStyle = {}): string {
  const unit = style.unit ? ` ${style.unit}` : '';
  if (u.limit === null) return `${u.current} ${style.unit ?? 'calls'}, no cap`;
  if (u.limit === 0) return noCallsText(u.current);
  const utilization = utilizationOf(u.current, u.limit);
  const pct = style.percent === false || utilization === null ? '' : ` (${wholePercent(utilization)}%)`;
  return `${u.current}${style.spaced ? ' / ' : '/'}${u.limit}${unit}${pct}`;
}
