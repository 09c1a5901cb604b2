/**
 * The forecast alert as a pure rule, like the poll rules in rules.ts: one forecast in, the
 * account's next memory and what to notify. Off while alerts.forecastDays is null.
 *
 * It tells once per episode: when a 'rising' forecast first says the limit is fewer than
 * forecastDays days away. It is told again only after the episode ended: the limit changed (capacity
 * was bought, or cut), or no forecast was under the days for REARM_AFTER_MS (a forecast that
 * wobbles around the threshold, or drops out for a day, does not notify twice). 'at-limit' does
 * not end an episode: the limit alerts speak for that.
 */
import type { Account } from '../../model/account.ts';
import type { Forecast } from '../../model/forecast.ts';
import type { AlertSettings } from '../../model/settings.ts';
import { ALERT_TITLE, forecastBody } from './messages.ts';
import { copyMemory, freshMemory, type AccountAlertMemory, type AlertDraft } from './rules.ts';

/** A week without a forecast under the days ends an episode. */
export const REARM_AFTER_MS = 7 * 86_400_000;

/** Whether the forecast says the limit is fewer than `days` away. */
export function forecastUnder(forecast: Forecast, days: number): boolean {
  return forecast.reason === 'rising' && forecast.daysToLimit !== null && forecast.daysToLimit < days;
}

export function evaluateForecast(
  memory: AccountAlertMemory | undefined,
  forecast: Forecast,
  account: Account,
  settings: AlertSettings,
  now: number,
): { memory: AccountAlertMemory; drafts: AlertDraft[] } {
  const m = memory ? copyMemory(memory) : freshMemory();
  const days = settings.forecastDays;
  if (days === null || days === undefined) return { memory: m, drafts: [] };
  const f = m.forecast;
  const under = forecastUnder(forecast, days);
  if (f.warned && (forecast.limit !== f.limit || (!under && now - (f.underAt ?? -Infinity) >= REARM_AFTER_MS))) {
    m.forecast = { warned: false, limit: null, underAt: null };
  }
  if (!under) return { memory: m, drafts: [] };
  const first = !m.forecast.warned;
  m.forecast = { warned: true, limit: forecast.limit, underAt: now };
  return { memory: m, drafts: first ? [{ type: 'forecast', title: ALERT_TITLE, body: forecastBody(account, forecast), accountId: account.id, critical: false }] : [] };
}
