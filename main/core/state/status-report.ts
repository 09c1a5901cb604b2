/**
 * The machine-readable account report: what `headroom status --json` prints and what
 * `GET /api/v1/state` of `headroom serve` answers. One function, so both always say the same;
 * add a field here and both follow.
 *
 * Its message is Headroom's own wording only. A provider's error text (kept in the account state
 * for the window and `headroom watch`) could echo something secret the scrubber does not know,
 * and this report leaves the machine (scraped, logged, piped), so a provider failure is described
 * by its kind alone.
 */
import type { ErrorKind } from '../../model/errors.ts';
import { forecastJson, type Forecast } from '../../model/forecast.ts';
import { freshnessOf } from '../../model/glance.ts';
import type { AccountState, AccountStatus, AppState, Level } from '../../model/state.ts';
import type { ProviderId } from '../../model/provider.ts';

export interface StatusEntry {
  account: string;
  provider: ProviderId;
  status: AccountStatus;
  current: number | null;
  limit: number | null;
  utilization: number | null;
  /** How full, by the account's thresholds: one of main/model/state.ts LEVELS ('no-data' before any reading). */
  level: Level;
  /** Whether the numbers are current, in words: 'live', 'stale since 14:02', 'failing: unreachable', … */
  freshness: string;
  message: string | null;
  /** When the daily peak reaches the limit (see main/model/forecast.ts). */
  forecast: ReturnType<typeof forecastJson>;
}

const KIND_MESSAGE: Record<ErrorKind, string> = {
  auth: 'credentials rejected by the provider',
  'rate-limited': 'rate limited by the provider',
  server: 'the provider reported a server error',
  network: 'the provider could not be reached',
  'bad-response': 'the provider sent a response Headroom could not read',
};

/** Headroom's words for the account's problem; a message without an error kind is Headroom's own (keychain, references). */
export function safeMessage(a: AccountState): string | null {
  if (a.errorKind) return KIND_MESSAGE[a.errorKind];
  return a.message ?? null;
}

/** Every enabled account, in the state's order, with its forecast. */
export function statusReport(state: AppState, forecast: (accountId: string) => Forecast, now: number = Date.now()): StatusEntry[] {
  return state.accounts
    .filter((a) => a.status !== 'disabled')
    .map((a) => ({
      account: a.label,
      provider: a.provider,
      status: a.status,
      current: a.snapshot?.current ?? null,
      limit: a.snapshot?.limit ?? null,
      utilization: a.snapshot?.utilization ?? null,
      level: a.level,
      freshness: freshnessOf(a, now).text,
      message: safeMessage(a),
      forecast: forecastJson(forecast(a.id)),
    }));
}
