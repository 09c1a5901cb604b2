/**
 * The forecast alert's heartbeat: about once an hour (never per poll: daily peaks move slowly),
 * every enabled account's forecast goes through the alert engine. Nothing is computed while
 * alerts.forecastDays is off.
 */
import type { Account } from '../../model/account.ts';
import type { AlertEngine } from '../alerts/engine.ts';
import type { ForecastService } from './service.ts';

export const FORECAST_CHECK_EVERY_MS = 3_600_000;
/** The first round waits for the first polls, so forecasts see the live limits. */
export const FIRST_CHECK_AFTER_MS = 120_000;

export interface ForecastWatchDeps {
  accounts: () => readonly Account[];
  forecasts: ForecastService;
  alerts: Pick<AlertEngine, 'observeForecast'>;
  forecastDays: () => number | null;
  /** The host is stopping: end the round early. */
  cancelled?: () => boolean;
}

/**
 * One round: each enabled account's forecast through the alert rules. A forecast reads a month of
 * history (a few ms; see forecast_200_accounts_cold_ms in npm run bench): the round yields to the
 * event loop between accounts, so a few hundred of them never hold up polls or the window.
 */
export async function checkForecasts(d: ForecastWatchDeps): Promise<void> {
  if (d.forecastDays() === null) return;
  for (const account of d.accounts()) {
    if (d.cancelled?.()) return;
    if (!account.enabled) continue;
    await d.alerts.observeForecast(d.forecasts.get(account.id), account);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export interface ForecastWatch {
  /** A round now (e.g. after alerts.forecastDays changed); forecasts younger than an hour are reused. */
  check(): Promise<void>;
  /** No more rounds; resolves when a round under way has ended. */
  stop(): Promise<void>;
}

export function startForecastWatch(deps: ForecastWatchDeps, onError: (err: unknown) => void): ForecastWatch {
  let running: Promise<void> | null = null;
  let stopped = false;
  const d: ForecastWatchDeps = { ...deps, cancelled: () => stopped || (deps.cancelled?.() ?? false) };
  const check = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= checkForecasts(d)
      .catch(onError)
      .finally(() => (running = null));
    return running;
  };
  const first = setTimeout(() => void check(), FIRST_CHECK_AFTER_MS);
  const every = setInterval(() => void check(), FORECAST_CHECK_EVERY_MS);
  first.unref?.();
  every.unref?.();
  return {
    check,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
