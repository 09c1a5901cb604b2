import type { Forecast } from '../../main/model/forecast.ts';
import { aggregate } from '../../main/core/state/aggregate.ts';
import type { AccountState, AppState } from '../../main/model/state.ts';
import type { Snapshot } from '../../main/model/provider.ts';
import { utilizationOf } from '../../main/model/usage.ts';
import { levelOf } from '../../main/model/glance.ts';
import { DEFAULT_SETTINGS } from '../../main/model/settings.ts';

/** An account state with sensible defaults, for tray, alert and window tests. */
export function accountState(id: string, over: Partial<AccountState> & { current?: number; limit?: number | null } = {}): AccountState {
  const { current, limit, ...rest } = over;
  const snapshot: Snapshot | undefined =
    current === undefined ? undefined : { current, limit: limit ?? null, utilization: utilizationOf(current, limit ?? null), sampledAt: 1, extras: { provider: 'ultravox', noCap: limit === null } };
  return { id, label: id, provider: 'ultravox', demo: false, status: snapshot ? 'ok' : 'pending', level: levelOf(snapshot, DEFAULT_SETTINGS.alerts), details: [], ...(snapshot ? { snapshot } : {}), ...rest };
}

export function appState(accounts: AccountState[], over: Partial<AppState> = {}): AppState {
  return { accounts, aggregate: aggregate(accounts), pause: null, offline: false, ...over };
}

/** A forecast source for report and metrics tests: no forecast for any account, unless given one. */
export function forecasts(byId: Record<string, Partial<Forecast>> = {}): (accountId: string) => Forecast {
  return (accountId) => ({
    accountId,
    computedAt: 0,
    limit: null,
    peakDaily: null,
    trendPerWeek: null,
    daysToLimit: null,
    reason: 'not-enough-history',
    days: 0,
    projectedPeak: null,
    purchase: null,
    ...byId[accountId],
  });
}
