/** What the poller knows of each account and of the whole app: one state, read by every view. */
import type { ErrorKind, ProviderError } from './errors.ts';
import type { DetailRow, ProviderId, Snapshot } from './provider.ts';

export type AccountStatus =
  | 'pending'
  | 'ok'
  | 'stale'
  | 'error'
  | 'offline'
  | 'paused'
  | 'needs-credentials'
  | 'disabled';

/** How full an account is by its own thresholds (words and tone in main/model/glance.ts). */
export const LEVELS = ['no-data', 'no-cap', 'normal', 'high', 'critical', 'at-limit', 'in-burst'] as const;
export type Level = (typeof LEVELS)[number];

export interface AccountState {
  id: string;
  label: string;
  provider: ProviderId;
  demo: boolean;
  status: AccountStatus;
  /** With status 'error' (and kept while stale/offline for context). */
  errorKind?: ErrorKind;
  message?: string;
  /** The last good snapshot, kept through errors. */
  snapshot?: Snapshot;
  /** Level of the last snapshot by this account's thresholds. */
  level: Level;
  /** Provider extras as display rows. */
  details: DetailRow[];
  /** epoch ms */
  lastSuccessAt?: number;
  nextPollAt?: number;
}

export interface PauseState {
  /** epoch ms; null = until resumed */
  until: number | null;
}

export interface Aggregate {
  /** Highest utilization among accounts with a cap and a snapshot; null when none. */
  worstUtilization: number | null;
  worstAccountId: string | null;
  /** Sum of current over sum of limit, uncapped accounts left out. */
  totalUtilization: number | null;
  counts: Record<AccountStatus, number>;
}

export interface AppState {
  accounts: AccountState[];
  aggregate: Aggregate;
  pause: PauseState | null;
  offline: boolean;
}

/** One finished poll of one account, as the poller reports it to alerts and history. */
export interface PollEvent {
  accountId: string;
  /** epoch ms when the poll finished */
  at: number;
  /** On success. */
  snapshot?: Snapshot;
  /** On failure. */
  error?: ProviderError;
  /** Last successful poll before or at this one, epoch ms. */
  lastSuccessAt?: number;
}
