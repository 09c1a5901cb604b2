/**
 * One exit-code table for every command: in `headroom --help`, in each command's help where it
 * matters, and in the README. Scripts can rely on it.
 */
import { ApiError, ProviderError, type ErrorKind } from '../model/errors.ts';
import { UsageError } from './arguments.ts';

export const EXIT = {
  ok: 0,
  /** The command ran and something failed: an account (status), no such account, the keychain. */
  failure: 1,
  auth: 2,
  rateLimited: 3,
  server: 4,
  network: 5,
  badResponse: 6,
  /** Unknown command or option, a missing or invalid value: fix the command line and run again. */
  usage: 64,
  /** A bug or a broken install (details are in the log). */
  internal: 70,
} as const;

export const EXIT_CODE_TABLE = `exit codes (every command):
  0    ok; also after Ctrl-C or SIGTERM stopped watch, and when the reader of the output went away
  1    failed: an account failed or needs credentials, no such account, keychain unavailable
  2    credentials rejected by the provider
  3    rate limited by the provider
  4    provider error (the provider's server failed)
  5    network: the provider could not be reached
  6    bad response: the provider answered something Headroom can't read
  64   usage: unknown command or option, missing or invalid value
  70   internal error or broken install (details are in the log)
  130, 143  ended by Ctrl-C (130) or SIGTERM (143): a second one while stopping, a stop stuck 10 s, a silent keychain
`;

const EXIT_BY_KIND: Record<ErrorKind, number> = {
  auth: EXIT.auth,
  'rate-limited': EXIT.rateLimited,
  server: EXIT.server,
  network: EXIT.network,
  'bad-response': EXIT.badResponse,
};

export function exitCodeForKind(kind: ErrorKind): number {
  return EXIT_BY_KIND[kind];
}

/**
 * The exit code for a failure: usage and validation errors 64, provider errors by kind (also when
 * they come wrapped in an ApiError, as from an account's credentials test), anything else 1.
 */
export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof ProviderError) return EXIT_BY_KIND[err.kind];
  if (err instanceof ApiError) {
    if (err.code === 'invalid-argument') return EXIT.usage;
    if (err.code === 'provider' && err.cause instanceof ProviderError) return EXIT_BY_KIND[err.cause.kind];
    if (err.code === 'internal') return EXIT.internal;
  }
  return EXIT.failure;
}
