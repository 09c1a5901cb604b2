// How a command's failure reaches people: one line on stderr, the exit code from the table.
import { detailsInLog, log } from '../core/log/logger.ts';
import { KeychainUnavailableError } from '../core/secrets/keychain.ts';
import { ApiError, ProviderError } from '../model/errors.ts';
import { UsageError } from './arguments.ts';
import { exitCodeFor } from './exit-codes.ts';

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Failures written for people (usage, validation, provider, keychain); anything else is unexpected. */
function isExpected(err: unknown): boolean {
  return err instanceof UsageError || err instanceof ApiError || err instanceof ProviderError || err instanceof KeychainUnavailableError;
}

/** Runs a command body: a failure is printed as `headroom <name>: <message>` and exits with its code. */
export async function guarded(name: string, io: { stderr: (t: string) => void }, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (isExpected(err)) {
      io.stderr(`headroom ${name}: ${messageOf(err)}\n`);
    } else {
      // A file system error or a bug: the stack goes to the log, a line to the terminal.
      log.record('error', `headroom ${name} failed`, err);
      const details = detailsInLog();
      io.stderr(`headroom ${name}: ${messageOf(err)}${details ? ` (${details})` : ''}\n`);
    }
    return exitCodeFor(err);
  }
}
