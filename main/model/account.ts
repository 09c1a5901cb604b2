import type { ProviderId } from './provider.ts';
import type { AlertOverrides } from './settings.ts';

/** An account as persisted in config: never any secret. */
export interface Account {
  /** Stable id (random UUID); also the keychain entry's account name. */
  id: string;
  provider: ProviderId;
  /** Unique, user-chosen. */
  label: string;
  /** Non-secret credential fields by name (e.g. Vobiz authId). */
  fields: Record<string, string>;
  /** Overrides the provider's default base URL. */
  baseUrl?: string;
  enabled: boolean;
  /** Seconds; overrides the default poll interval. */
  pollIntervalSec?: number;
  alerts?: AlertOverrides;
  /** Simulated account of demo mode. */
  demo?: boolean;
  /** ISO times */
  createdAt: string;
  updatedAt: string;
}

/** What the window and the CLI may see of an account. */
export interface AccountView extends Account {
  /** The keychain entry is missing: show "needs credentials", never drop the account. */
  needsCredentials: boolean;
}

/** Input for add and for "test connection" of unsaved credentials. */
export interface AccountInput {
  provider: ProviderId;
  label: string;
  /** All credential fields by name, secret ones included (sent in, never read out). */
  fields: Record<string, string>;
  baseUrl?: string;
  pollIntervalSec?: number;
  alerts?: AlertOverrides;
}

/** Update: a secret field is replaced only when a new non-empty value is given. */
export interface AccountPatch {
  label?: string;
  fields?: Record<string, string>;
  baseUrl?: string | null;
  enabled?: boolean;
  pollIntervalSec?: number | null;
  alerts?: AlertOverrides | null;
}

/** Unsaved input (add form), or a saved account by id with optional new field values (edit form). */
export type TestTarget = { input: AccountInput } | { id: string; fields?: Record<string, string> };

export interface TestResult {
  ok: boolean;
  /** On success: "12 / 100 (12%)"; on failure: the error message. */
  message: string;
  errorKind?: string;
  current?: number;
  limit?: number | null;
  utilization?: number | null;
}

