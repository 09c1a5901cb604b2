/**
 * One account's polling state machine: what its last attempt left (outcome, snapshot, failures, an
 * auth stop, a Retry-After) and, from each result, when it should be polled next. The poller owns
 * the timer and the requests; every rule about one account's next step is here.
 */
import type { Account } from '../../model/account.ts';
import { ProviderError } from '../../model/errors.ts';
import type { DetailRow, Snapshot } from '../../model/provider.ts';
import type { AccountRecord, Outcome } from './account-state.ts';
import { RETRY_AFTER_CAP_MS } from '../../model/limits.ts';
import { backoffMs, rateLimitedMs } from './backoff.ts';

/** When to poll next: after this many ms, or not until something changes (an auth stop). */
export type Next = { inMs: number } | 'stopped';

const MISSING_CREDENTIALS = 'Credentials missing from the keychain: enter them again';

export class AccountEntry implements AccountRecord {
  outcome: Outcome = { status: 'pending' };
  snapshot?: Snapshot;
  details: DetailRow[] = [];
  lastSuccessAt?: number;
  /** The poll in flight, which a second caller joins; and how to abort it. */
  inFlight: Promise<void> | null = null;
  abort: AbortController | null = null;
  /** Consecutive failures, for backoff. */
  failures = 0;
  /** Stopped on an auth error until the credentials change or the user retries. */
  authStopped = false;
  /** Retry-After: no scheduled poll before this (epoch ms); a manual refresh may still go. */
  notBefore = 0;
  /** Bumped when credentials or enablement change: results of polls started before are dropped. */
  epoch = 0;

  constructor(public account: Account) {}

  /** nextAt: the account's next regular poll (the cadence's grid point). */
  succeeded(snapshot: Snapshot, details: DetailRow[], at: number, nextAt: number): Next {
    this.failures = 0;
    this.notBefore = 0;
    this.snapshot = snapshot;
    this.lastSuccessAt = at;
    this.details = details;
    this.outcome = { status: 'ok' };
    return { inMs: nextAt - at };
  }

  /** A provider error: auth stops, rate limits honour Retry-After (capped), the rest back off. */
  failed(error: ProviderError, at: number, intervalMs: number, random: () => number): Next {
    this.failures++;
    this.outcome = { status: 'error', errorKind: error.kind, message: error.message };
    if (error.kind === 'auth') {
      this.authStopped = true;
      return 'stopped';
    }
    if (error.kind === 'rate-limited') {
      const retryAfter = error.details.retryAfterMs;
      if (retryAfter !== undefined && Number.isFinite(retryAfter)) this.notBefore = at + Math.min(RETRY_AFTER_CAP_MS, retryAfter);
      return { inMs: rateLimitedMs(retryAfter, this.failures, intervalMs, random) };
    }
    return { inMs: backoffMs(this.failures, intervalMs, random) };
  }

  /** The keychain could not be read: the account shows the reason and is tried again with backoff. */
  credentialsUnreadable(err: unknown, intervalMs: number, random: () => number): Next {
    this.failures++;
    this.outcome = { status: 'error', message: err instanceof Error ? err.message : String(err) };
    return { inMs: backoffMs(this.failures, intervalMs, random) };
  }

  /** No keychain entry: nothing to poll with until the account is edited. */
  credentialsMissing(): Next {
    this.outcome = { status: 'needs-credentials', message: MISSING_CREDENTIALS };
    return 'stopped';
  }

  /**
   * The account as config now has it. Returns true when its credentials (updatedAt) or enablement
   * changed: then an auth stop is lifted, backoff forgotten and a poll in flight aborted and dropped.
   */
  replace(account: Account): boolean {
    const before = this.account;
    this.account = account;
    if (before.updatedAt === account.updatedAt && before.enabled === account.enabled) return false;
    this.authStopped = false;
    this.failures = 0;
    this.notBefore = 0;
    this.epoch++;
    this.abort?.abort();
    return true;
  }

  /** The user asks to try again after an auth stop. */
  retry(): void {
    this.authStopped = false;
    this.failures = 0;
  }
}

/** Anything thrown by an adapter becomes a ProviderError naming the account (bad-response when it was not one). */
export function asProviderError(err: unknown, account: Account): ProviderError {
  return err instanceof ProviderError ? err : new ProviderError('bad-response', `${account.label}: ${err instanceof Error ? err.message : String(err)}`);
}
