/**
 * Command-line arguments through node:util's parseArgs, strict: an unknown option, a value given to
 * a flag (`--json=x`) or a missing value is a UsageError (exit 64) with a short message.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The command line can't be right: the command prints it and exits 64. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Node's messages, made short: "Unknown option '--x'. To specify a positional…" → "unknown option '--x'". */
function usageMessage(err: Error): string {
  const first = err.message.split(/\.\s/)[0].replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function isParseArgsError(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** Options (typed from the specs) and positional arguments; `--` ends the options. */
export function parseArguments<const O extends OptionSpecs>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    if (isParseArgsError(err)) throw new UsageError(usageMessage(err));
    throw err;
  }
}

/** Exactly `count` positional arguments (named in the message), or a UsageError. */
export function expectPositionals(positionals: string[], names: string[]): string[] {
  if (positionals.length > names.length) throw new UsageError(`unexpected argument '${positionals[names.length]}'`);
  if (positionals.length < names.length) throw new UsageError(`missing ${names.slice(positionals.length).join(' and ')}`);
  return positionals;
}
