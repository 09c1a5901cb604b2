/** What one account shows: its last outcome, overlaid by disabled, pause, offline and staleness. */
import type { Account } from '../../model/account.ts';
import type { ErrorKind } from '../../model/errors.ts';
import { levelOf } from '../../model/glance.ts';
import type { DetailRow, Snapshot } from '../../model/provider.ts';
import { effectiveRules, type AlertSettings } from '../../model/settings.ts';
import type { AccountState, AccountStatus } from '../../model/state.ts';

/** A snapshot older than this many poll intervals is shown as stale. */
export const STALE_FACTOR = 2.5;

/** What the last attempt left. */
export interface Outcome {
  status: 'pending' | 'ok' | 'error' | 'needs-credentials';
  errorKind?: ErrorKind;
  message?: string;
}

export interface AccountRecord {
  account: Account;
  outcome: Outcome;
  /** The last good snapshot, kept through errors. */
  snapshot?: Snapshot;
  details: DetailRow[];
  lastSuccessAt?: number;
}

export interface Overlay {
  now: number;
  paused: boolean;
  offline: boolean;
  intervalMs: number;
  nextPollAt?: number;
  alerts: Pick<AlertSettings, 'warnPct' | 'criticalPct' | 'limitPct'>;
}

/** Disabled, then pause and offline (which apply to every account), then the account's own outcome. */
export function statusOf(r: AccountRecord, o: Overlay): AccountStatus {
  if (!r.account.enabled) return 'disabled';
  if (o.paused) return 'paused';
  if (o.offline) return 'offline';
  if (r.outcome.status === 'ok' && r.lastSuccessAt !== undefined && o.now - r.lastSuccessAt > STALE_FACTOR * o.intervalMs) return 'stale';
  return r.outcome.status;
}

export function accountState(r: AccountRecord, o: Overlay): AccountState {
  const a = r.account;
  const status = statusOf(r, o);
  const state: AccountState = {
    id: a.id,
    label: a.label,
    provider: a.provider,
    demo: a.demo ?? false,
    status,
    level: levelOf(r.snapshot, effectiveRules(a, o.alerts)),
    details: r.details,
  };
  if (r.outcome.errorKind) state.errorKind = r.outcome.errorKind;
  if (r.outcome.message) state.message = r.outcome.message;
  if (r.snapshot) state.snapshot = r.snapshot;
  if (r.lastSuccessAt !== undefined) state.lastSuccessAt = r.lastSuccessAt;
  if (o.nextPollAt !== undefined && status !== 'paused' && status !== 'disabled') state.nextPollAt = o.nextPollAt;
  return state;
}
