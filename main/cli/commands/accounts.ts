import { ApiError, ERROR_KINDS, type ErrorKind } from '../../model/errors.ts';
import type { Account, AccountView } from '../../model/account.ts';
import { hostOf, originOf, secretsMustBeReentered } from '../../model/secret-host.ts';
import { getProvider, isProviderId, PROVIDER_IDS } from '../../core/providers/registry.ts';
import type { ProviderId } from '../../model/provider.ts';
import { openAccountContext, type AccountContext, type AccountContextOptions } from '../account-context.ts';
import { rememberSecret } from '../../core/log/logger.ts';
import { parseArguments, UsageError, type OptionSpecs } from '../arguments.ts';
import { EXIT, EXIT_CODE_TABLE, exitCodeForKind } from '../exit-codes.ts';
import { guarded } from '../failures.ts';
import type { CliCommand, CliIO } from '../types.ts';

const HELP = `usage: headroom accounts <list|add|edit|remove|test|enable|disable> [options]

  list [--json]                                  every account (never a secret)
  add --provider P --label L [--field name=value …] [--base-url URL] [--no-test]
                                                 tests the credentials with one fetch, then saves
  edit <label|id> [--label L] [--field name=value …] [--base-url URL] [--secrets]
  remove <label|id> [--keep-history | --delete-history]   (history is kept unless asked)
  test <label|id>                                one fetch with the saved credentials
  enable <label|id> | disable <label|id>

Providers: ${PROVIDER_IDS.join(', ')}. Secret fields are never taken from the command line:
they are asked for without echo on a terminal, read one per line (in field order) from stdin
otherwise, or taken from HEADROOM_SECRET_<FIELD> (e.g. HEADROOM_SECRET_APIKEY). Edit asks for
secrets only with --secrets; an empty answer keeps the saved one, except when --base-url moves the
account to another host: then --secrets is needed and every secret is entered again. Secrets go to
the OS keychain only.

${EXIT_CODE_TABLE}`;

/** What node's parseArgs gives for a subcommand's options. */
interface Parsed {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  /** The positional arguments after the subcommand's name. */
  positionals: string[];
}

interface Subcommand {
  options: OptionSpecs;
  /** How many positional arguments (an account) after the subcommand. */
  positional: 0 | 1;
  run(ctx: AccountContext, p: Parsed, io: CliIO): Promise<number>;
}

const STRING = { type: 'string' } as const;
const FLAG = { type: 'boolean' } as const;
const FIELDS = { type: 'string', multiple: true } as const;

function fieldsFrom(values: string[] = []): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of values) {
    const eq = pair.indexOf('=');
    // The value is not repeated: a pasted key without its name would otherwise be printed back.
    if (eq <= 0) throw new UsageError('--field wants name=value (e.g. --field authId=MA_…)');
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return fields;
}

/** Secrets never come from argv (shell history, `ps`): add and edit refuse a secret --field alike. */
function refuseSecretsOnArgv(provider: ProviderId, given: Record<string, string>): void {
  for (const f of getProvider(provider).fields.filter((field) => field.secret)) {
    if (f.name in given) throw new UsageError(`${f.label} is secret: don't pass it on the command line (it would stay in your shell history)`);
  }
}

/** A --base-url on another host needs --secrets: the saved secret is never sent there (the service's rule). */
function requireSecretsForNewHost(account: Account, baseUrl: string | undefined, withSecrets: boolean): void {
  const provider = getProvider(account.provider);
  if (withSecrets || !baseUrl || originOf(baseUrl) === null) return;
  if (!secretsMustBeReentered(account.baseUrl ?? provider.defaultBaseUrl, baseUrl)) return;
  const labels = provider.fields.filter((f) => f.secret).map((f) => f.label).join(' and ');
  throw new UsageError(`--base-url points to another host (${hostOf(baseUrl)}): add --secrets to enter the ${labels} again (a saved secret is never sent to a new host)`);
}

/** Secret fields from HEADROOM_SECRET_<NAME>, else a no-echo prompt on a TTY, else stdin (one line per field). */
async function readSecrets(provider: ProviderId, io: CliIO, given: Record<string, string>): Promise<Record<string, string>> {
  refuseSecretsOnArgv(provider, given);
  const secretFields = getProvider(provider).fields.filter((f) => f.secret);
  const out: Record<string, string> = {};
  const fromEnv = (name: string) => io.env[`HEADROOM_SECRET_${name.toUpperCase()}`];
  for (const f of secretFields) if (fromEnv(f.name)) out[f.name] = fromEnv(f.name)!.trim();
  const missing = secretFields.filter((f) => !(f.name in out));
  if (missing.length > 0 && io.isTTY && io.promptSecret) {
    for (const f of missing) out[f.name] = (await io.promptSecret(`${getProvider(provider).displayName} ${f.label}: `)).trim();
  } else if (missing.length > 0) {
    const lines = (await io.readStdin()).split(/\r?\n/);
    missing.forEach((f, i) => (out[f.name] = (lines[i] ?? '').trim()));
  }
  Object.values(out).forEach(rememberSecret);
  return out;
}

function row(a: AccountView): string {
  const flags = [a.enabled ? '' : 'disabled', a.needsCredentials ? 'needs credentials' : ''].filter(Boolean).join(', ');
  const plain = Object.entries(a.fields).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${a.label}\t${getProvider(a.provider).displayName}\t${a.id}${plain ? `\t${plain}` : ''}${flags ? `\t(${flags})` : ''}`;
}

function find(ctx: AccountContext, ref: string | undefined) {
  if (!ref) throw new UsageError('name an account (label or id)');
  const account = ctx.accounts.resolve(ref);
  if (!account) throw new ApiError('not-found', `no account '${ref}' (see \`headroom accounts list\`)`);
  return account;
}

const text = (p: Parsed, name: string) => {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
};
const flag = (p: Parsed, name: string) => p.values[name] === true;
const fieldArgs = (p: Parsed) => (p.values.field as string[] | undefined) ?? [];

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: {
    options: { json: FLAG },
    positional: 0,
    async run(ctx, p, io) {
      const list = await ctx.accounts.list();
      if (flag(p, 'json')) io.stdout(JSON.stringify(list, null, 2) + '\n');
      else if (list.length === 0) io.stdout('no accounts yet: headroom accounts add --provider … --label …\n');
      else io.stdout(list.map(row).join('\n') + '\n');
      return EXIT.ok;
    },
  },
  add: {
    options: { provider: STRING, label: STRING, field: FIELDS, 'base-url': STRING, 'no-test': FLAG },
    positional: 0,
    async run(ctx, p, io) {
      const provider = text(p, 'provider');
      const label = text(p, 'label');
      if (!provider || !isProviderId(provider)) throw new UsageError(`--provider must be one of ${PROVIDER_IDS.join(', ')}`);
      if (!label) throw new UsageError('--label is required');
      const plain = fieldsFrom(fieldArgs(p));
      const secrets = await readSecrets(provider, io, plain);
      const view = await ctx.accounts.add({ provider, label, fields: { ...plain, ...secrets }, baseUrl: text(p, 'base-url') }, { skipTest: flag(p, 'no-test') });
      io.stdout(`added ${row(view)}\n`);
      return EXIT.ok;
    },
  },
  edit: {
    options: { label: STRING, field: FIELDS, 'base-url': STRING, secrets: FLAG },
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positionals[0]);
      const plain = fieldsFrom(fieldArgs(p));
      refuseSecretsOnArgv(account.provider, plain);
      requireSecretsForNewHost(account, text(p, 'base-url'), flag(p, 'secrets'));
      const secrets = flag(p, 'secrets') ? await readSecrets(account.provider, io, plain) : {};
      const view = await ctx.accounts.update(account.id, { label: text(p, 'label'), fields: { ...plain, ...secrets }, baseUrl: text(p, 'base-url') });
      io.stdout(`updated ${row(view)}\n`);
      return EXIT.ok;
    },
  },
  remove: {
    options: { 'keep-history': FLAG, 'delete-history': FLAG },
    positional: 1,
    async run(ctx, p, io) {
      const deleteHistory = flag(p, 'delete-history');
      if (deleteHistory && flag(p, 'keep-history')) throw new UsageError('--keep-history and --delete-history contradict each other');
      const account = find(ctx, p.positionals[0]);
      await ctx.accounts.remove(account.id);
      const note = (await ctx.onRemove(account.id, deleteHistory)) ?? (deleteHistory ? 'history deleted' : 'history kept');
      io.stdout(`removed '${account.label}' (${note})\n`);
      return EXIT.ok;
    },
  },
  test: {
    options: {},
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positionals[0]);
      const result = await ctx.accounts.test({ id: account.id });
      (result.ok ? io.stdout : io.stderr)(`${account.label}: ${result.message}\n`);
      if (result.ok) return EXIT.ok;
      const kind = ERROR_KINDS.find((k: ErrorKind) => k === result.errorKind);
      return kind ? exitCodeForKind(kind) : EXIT.failure;
    },
  },
  enable: {
    options: {},
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positionals[0]);
      await ctx.accounts.setEnabled(account.id, true);
      io.stdout(`enabled '${account.label}'\n`);
      return EXIT.ok;
    },
  },
  disable: {
    options: {},
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positionals[0]);
      await ctx.accounts.setEnabled(account.id, false);
      io.stdout(`disabled '${account.label}'\n`);
      return EXIT.ok;
    },
  },
};

/** The subcommand's own options only (strict), and at most its positional arguments. */
function parseSubcommand(name: string, sub: Subcommand, args: string[]): Parsed {
  try {
    const { values, positionals } = parseArguments(args, sub.options);
    if (positionals.length > sub.positional) throw new UsageError(`unexpected argument '${positionals[sub.positional]}'`);
    return { values, positionals };
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${name}: ${err.message}`);
    throw err;
  }
}

/** The accounts command; tests and hosts may give it their own keychain or removal hook. */
export function createAccountsCommand(opts: AccountContextOptions = {}): CliCommand {
  return {
    name: 'accounts',
    summary: 'list, add, edit, remove, test, enable or disable accounts',
    help: HELP,
    run: (args, io) =>
      guarded('accounts', io, async () => {
        const [name = '', ...rest] = args;
        const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
        if (!sub) throw new UsageError(`name a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}`);
        const parsed = parseSubcommand(name, sub, rest);
        const ctx = await openAccountContext(io.env, opts);
        const notices = ctx.config.notices(); // repaired files: printed here, so no longer kept for later
        for (const notice of notices) io.stderr(`headroom: ${notice.message}\n`);
        ctx.config.noticesSeen(notices.map((n) => n.id));
        return await sub.run(ctx, parsed, io);
      }),
  };
}

export const accountsCommand: CliCommand = createAccountsCommand();
