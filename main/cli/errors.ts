import { ProviderError, type ErrorKind } from '../model/errors.ts';
import { EXIT } from './types.ts';

const EXIT_USAGE = EXIT.usage;

const EXIT_BY_KIND: Record<ErrorKind, number> = {
  auth: EXIT.auth,
  'rate-limited': EXIT.rateLimited,
  server: EXIT.server,
  network: EXIT.network,
  'bad-response': EXIT.badResponse,
};

/** The exit code for a failure: provider errors by kind, anything else 1. */
export function exitCodeFor(err: unknown): number {
  return err instanceof ProviderError ? EXIT_BY_KIND[err.kind] : EXIT.failure;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Splits `--name value`, `--name=value` and bare flags from positional arguments. */
export function parseArgs(args: string[], valued: readonly string[]): { positional: string[]; options: Map<string, string[]>; flags: Set<string> } {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!valued.includes(name)) {
      flags.add(name);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positional, options, flags };
}

export class UsageError extends Error {}

/** For commands that take only these flags and no positional arguments. */
export function onlyFlags(args: string[], allowed: readonly string[]): Set<string> {
  const { positional, flags } = parseArgs(args, []);
  const unknown = [...flags].find((f) => !allowed.includes(f));
  if (unknown) throw new UsageError(`unknown option --${unknown}`);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  return flags;
}

/** Runs a command body: any failure is printed as `headroom <name>: <message>` with its exit code. */
export async function guarded(name: string, io: { stderr: (t: string) => void }, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    io.stderr(`headroom ${name}: ${messageOf(err)}\n`);
    return err instanceof UsageError ? EXIT_USAGE : exitCodeFor(err);
  }
}
