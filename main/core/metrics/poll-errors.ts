/** Failed polls per account and error kind, counted from the core's poll events since start. */
import { ERROR_KINDS, type ErrorKind } from '../../model/errors.ts';
import type { PollEvent } from '../../model/state.ts';

export type ErrorCounts = Record<ErrorKind, number>;

export interface PollErrorCounter {
  observe(e: PollEvent): void;
  /** Every kind, zeros included (a series exists before its first error, so rate() sees the first one). */
  of(accountId: string): ErrorCounts;
}

const zeros = (): ErrorCounts => Object.fromEntries(ERROR_KINDS.map((k) => [k, 0])) as ErrorCounts;

export function createPollErrorCounter(): PollErrorCounter {
  const counts = new Map<string, ErrorCounts>();
  return {
    observe(e) {
      if (!e.error) return;
      let c = counts.get(e.accountId);
      if (!c) counts.set(e.accountId, (c = zeros()));
      c[e.error.kind]++;
    },
    of: (accountId) => ({ ...(counts.get(accountId) ?? zeros()) }),
  };
}
