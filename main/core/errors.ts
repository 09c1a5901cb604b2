/** The five ways a provider fetch can fail. Everything odd becomes one of these, never a gauge. */
export type ErrorKind = 'auth' | 'rate-limited' | 'server' | 'network' | 'bad-response';

export const ERROR_KINDS: readonly ErrorKind[] = ['auth', 'rate-limited', 'server', 'network', 'bad-response'];

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
