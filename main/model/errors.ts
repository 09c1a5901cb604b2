/** The five ways a provider fetch can fail. Everything odd becomes one of these, never a gauge. */
export const ERROR_KINDS = ['auth', 'rate-limited', 'server', 'network', 'bad-response'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ErrorKind,
    /** Short human message naming the account; never contains a secret. */
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

export const API_ERROR_CODES = ['invalid-argument', 'not-found', 'conflict', 'keychain-unavailable', 'provider', 'forbidden', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Error shape every failed window call resolves to across the bridge. */
export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  /** invalid-argument: what is wrong, by dotted field path inside the argument ("alerts.warnPct"). */
  fields?: Record<string, string>;
}

/** A failed API call with a code the window understands; the message is written for people. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** invalid-argument: problems by field path, in a person's words, for forms to show at the field. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

