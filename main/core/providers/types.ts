/** The adapter interface every provider file implements; the shapes it returns are in main/model. */
import type { Credentials, CredentialField, DetailRow, ProviderId, Snapshot } from '../../model/provider.ts';

export interface FetchOptions {
  /** Overrides the provider's default base URL (proxies, regional endpoints, tests). */
  baseUrl?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Used in error messages ("Retell 'prod': ..."). */
  accountLabel?: string;
  /** Injected clock for sampledAt; defaults to Date.now. */
  now?: () => number;
}

export type HistoryBucket = 'minute' | '5min' | 'hour' | 'day';

export interface HistoryOptions extends FetchOptions {
  bucket: HistoryBucket;
  /** epoch ms */
  start: number;
  /** epoch ms */
  end: number;
}

/** One bucket of provider-side history (Ultravox backfill). */
export interface ProviderHistoryPoint {
  /** Start of the bucket, epoch ms. */
  at: number;
  max: number;
  avg: number;
}

export interface ProviderAdapter {
  id: ProviderId;
  displayName: string;
  defaultBaseUrl: string;
  fields: CredentialField[];
  fetch(credentials: Credentials, options?: FetchOptions): Promise<Snapshot>;
  /** Provider-side history, where the provider has it (Ultravox). */
  history?(credentials: Credentials, options: HistoryOptions): Promise<ProviderHistoryPoint[]>;
  /** Human rows for the extras, in display order. */
  describe(snapshot: Snapshot): DetailRow[];
}

