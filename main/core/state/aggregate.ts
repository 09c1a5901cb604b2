import type { AccountState, AccountStatus, Aggregate } from '../../model/state.ts';

export const ALL_STATUSES: readonly AccountStatus[] = ['pending', 'ok', 'stale', 'error', 'offline', 'paused', 'needs-credentials', 'disabled'];

/** Worst utilization among capped accounts with a snapshot, the total, and counts by status. */
export function aggregate(accounts: AccountState[]): Aggregate {
  const counts = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<AccountStatus, number>;
  let worst: AccountState | null = null;
  let sumCurrent = 0;
  let sumLimit = 0;
  for (const a of accounts) {
    counts[a.status]++;
    const s = a.snapshot;
    if (!s || s.limit === null || a.status === 'disabled') continue;
    sumCurrent += s.current;
    sumLimit += s.limit;
    if (s.utilization !== null && (worst === null || s.utilization > (worst.snapshot!.utilization ?? -1))) worst = a;
  }
  return {
    worstUtilization: worst?.snapshot?.utilization ?? null,
    worstAccountId: worst?.id ?? null,
    totalUtilization: sumLimit > 0 ? sumCurrent / sumLimit : null,
    counts,
  };
}
