/**
 * Forecasts of the core's accounts: history read from the store, the current limit and what can
 * still be bought from the last good snapshot, each result kept for up to an hour (daily peaks move
 * slowly) unless the limit or the purchasable capacity changed meanwhile.
 */
import { FORECAST_WINDOW_DAYS, type Forecast } from '../../model/forecast.ts';
import type { Snapshot } from '../../model/provider.ts';
import type { HistoryStore } from '../history/store.ts';
import { DAY_MS, dayOf } from './daily-peaks.ts';
import { computeForecast } from './forecast.ts';
import { purchasableOf } from './purchase.ts';

export const FORECAST_MAX_AGE_MS = 3_600_000;

/** One account's forecast now, straight from the store. */
export function forecastFromHistory(history: Pick<HistoryStore, 'hourly'>, accountId: string, now: number, snapshot?: Snapshot): Forecast {
  const start = (dayOf(now) - FORECAST_WINDOW_DAYS) * DAY_MS;
  return computeForecast({
    accountId,
    now,
    hourly: history.hourly(accountId, start, now + 1),
    limit: snapshot ? snapshot.limit : undefined,
    purchasable: purchasableOf(snapshot),
  });
}

export interface ForecastService {
  /** The account's forecast, at most FORECAST_MAX_AGE_MS old. */
  get(accountId: string): Forecast;
  /** The account was removed. */
  forget(accountId: string): void;
}

export interface ForecastServiceOptions {
  history: Pick<HistoryStore, 'hourly'>;
  /** The account's last good snapshot, if any. */
  snapshot: (accountId: string) => Snapshot | undefined;
  now: () => number;
  maxAgeMs?: number;
}

export function createForecastService(opts: ForecastServiceOptions): ForecastService {
  const maxAge = opts.maxAgeMs ?? FORECAST_MAX_AGE_MS;
  const cache = new Map<string, { forecast: Forecast; inputs: string }>();
  return {
    get(accountId) {
      const now = opts.now();
      const snapshot = opts.snapshot(accountId);
      const inputs = JSON.stringify([snapshot?.limit, purchasableOf(snapshot)]);
      const kept = cache.get(accountId);
      if (kept && kept.inputs === inputs && now >= kept.forecast.computedAt && now - kept.forecast.computedAt < maxAge) return kept.forecast;
      const forecast = forecastFromHistory(opts.history, accountId, now, snapshot);
      cache.set(accountId, { forecast, inputs });
      return forecast;
    },
    forget: (accountId) => void cache.delete(accountId),
  };
}
