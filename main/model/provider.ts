/**
 * What a provider is to the rest of Headroom: its id, the fields a person enters for an account,
 * and the normalized reading (Snapshot) every adapter turns its response into.
 */
/** Every provider, in display order; adding one starts here. */
export const PROVIDER_IDS = ['retell', 'vobiz', 'puretalk', 'ultravox'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** How each provider is named to people. */
export const PROVIDER_NAMES: Record<ProviderId, string> = { retell: 'Retell AI', vobiz: 'Vobiz', puretalk: 'Puretalk AI', ultravox: 'Ultravox' };

/** One field the user enters for an account. Secret fields live only in the OS keychain. */
export interface CredentialField {
  name: string;
  label: string;
  secret: boolean;
  required: boolean;
  placeholder?: string;
  help?: string;
  /** Regular expression source the whole value must match (checked in main and shown in forms). */
  pattern?: string;
  /** Message shown when the pattern does not match. */
  patternMessage?: string;
}

/** Field values by field name: secret and non-secret together, only ever inside main. */
export type Credentials = Record<string, string>;

export interface RetellExtras {
  provider: 'retell';
  base?: number;
  purchased?: number;
  purchaseLimit?: number;
  remainingPurchase?: number;
  burstEnabled?: boolean;
  /** 0 or missing when burst is disabled. */
  burstLimit?: number;
  reservedInbound?: number;
  /** current > limit: calls above the normal limit cost a surcharge. */
  inBurst: boolean;
}

export interface VobizExtras {
  provider: 'vobiz';
  accountId: string;
  /** The server's own utilization_pct (integer or float form), kept as a cross-check. */
  serverUtilizationPct?: number;
  /** From GET /api/v1/auth/me; undefined when not available (e.g. 403 for sub-accounts). */
  cpsLimit?: number;
}

export interface PuretalkExtras {
  provider: 'puretalk';
  /** The server timestamp exactly as sent (no timezone): for display only. */
  serverTime?: string;
}

export interface UltravoxExtras {
  provider: 'ultravox';
  /** allowedConcurrentCalls was null: paid plans have no hard cap. */
  noCap: boolean;
}

export type ProviderExtras = RetellExtras | VobizExtras | PuretalkExtras | UltravoxExtras;

/** The normalized reading every provider is turned into. */
export interface Snapshot {
  current: number;
  /** null = no cap. */
  limit: number | null;
  /** current / limit; null when there is no cap or the limit is 0 (model/usage.ts); may exceed 1 (never clamped). */
  utilization: number | null;
  /** Client receive time, epoch ms (authoritative). */
  sampledAt: number;
  extras: ProviderExtras;
}

/** A label/value pair for showing provider extras; the renderer shows these as they are. */
export interface DetailRow {
  label: string;
  value: string;
}

/** What the renderer may know about a provider (no functions). */
export interface ProviderInfo {
  id: ProviderId;
  displayName: string;
  defaultBaseUrl: string;
  fields: CredentialField[];
  hasHistory: boolean;
}

