import { ApiError, ERROR_KINDS, type ErrorKind, ProviderError } from '../../model/errors.ts';
import type { Account, AccountView } from '../../model/account.ts';
import { hostOf, originOf, secretsMustBeReentered } from '../../model/secret-host.ts';
import { getProvider, isProviderId, PROVIDER_IDS } from '../../core/providers/registry.ts';
import type { ProviderId } from '../../model/provider.ts';
import { openAccountContext, type AccountContext, type AccountContextOptions } from '../account-context.ts';
import { exitCodeFor, guarded, parseArgs, UsageError } from '../errors.ts';
import { EXIT, type CliCommand, type CliIO } from '../types.ts';

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
account to another host: then --secrets is needed and every secret is entered again. Secrets go to the OS keychain only.
`;

const VALUED = ['provider', 'label', 'field', 'base-url'];

type Parsed = ReturnType<typeof parseArgs>;

interface Subcommand {
  /** Options with a value, bare flags, and how many positional arguments after the subcommand. */
  options: string[];
  flags: string[];
  positional: 0 | 1;
  run(ctx: AccountContext, p: Parsed, io: CliIO): Promise<number>;
}

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
  if (missing.length === 0) return out;
  if (io.isTTY && io.promptSecret) {
    for (const f of missing) out[f.name] = (await io.promptSecret(`${getProvider(provider).displayName} ${f.label}: `)).trim();
    return out;
  }
  const lines = (await io.readStdin()).split(/\r?\n/);
  missing.forEach((f, i) => (out[f.name] = (lines[i] ?? '').trim()));
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

const last = (p: Parsed, name: string) => p.options.get(name)?.at(-1);

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: {
    options: [],
    flags: ['json'],
    positional: 0,
    async run(ctx, p, io) {
      const list = await ctx.accounts.list();
      if (p.flags.has('json')) io.stdout(JSON.stringify(list, null, 2) + '\n');
      else if (list.length === 0) io.stdout('no accounts yet: headroom accounts add --provider … --label …\n');
      else io.stdout(list.map(row).join('\n') + '\n');
      return EXIT.ok;
    },
  },
  add: {
    options: ['provider', 'label', 'field', 'base-url'],
    flags: ['no-test'],
    positional: 0,
    async run(ctx, p, io) {
      const provider = last(p, 'provider');
      const label = last(p, 'label');
      if (!provider || !isProviderId(provider)) throw new UsageError(`--provider must be one of ${PROVIDER_IDS.join(', ')}`);
      if (!label) throw new UsageError('--label is required');
      const plain = fieldsFrom(p.options.get('field'));
      const secrets = await readSecrets(provider, io, plain);
      const view = await ctx.accounts.add({ provider, label, fields: { ...plain, ...secrets }, baseUrl: last(p, 'base-url') }, { skipTest: p.flags.has('no-test') });
      io.stdout(`added ${row(view)}\n`);
      return EXIT.ok;
    },
  },
  edit: {
    options: ['label', 'field', 'base-url'],
    flags: ['secrets'],
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positional[1]);
      const plain = fieldsFrom(p.options.get('field'));
      refuseSecretsOnArgv(account.provider, plain);
      requireSecretsForNewHost(account, last(p, 'base-url'), p.flags.has('secrets'));
      const secrets = p.flags.has('secrets') ? await readSecrets(account.provider, io, plain) : {};
      const view = await ctx.accounts.update(account.id, { label: last(p, 'label'), fields: { ...plain, ...secrets }, baseUrl: last(p, 'base-url') });
      io.stdout(`updated ${row(view)}\n`);
      return EXIT.ok;
    },
  },
  remove: {
    options: [],
    flags: ['keep-history', 'delete-history'],
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positional[1]);
      const deleteHistory = p.flags.has('delete-history');
      if (deleteHistory && p.flags.has('keep-history')) throw new UsageError('--keep-history and --delete-history contradict each other');
      await ctx.accounts.remove(account.id);
      const note = (await ctx.onRemove(account.id, deleteHistory)) ?? (deleteHistory ? 'history deleted' : 'history kept');
      io.stdout(`removed '${account.label}' (${note})\n`);
      return EXIT.ok;
    },
  },
  test: {
    options: [],
    flags: [],
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positional[1]);
      const result = await ctx.accounts.test({ id: account.id });
      (result.ok ? io.stdout : io.stderr)(`${account.label}: ${result.message}\n`);
      if (result.ok) return EXIT.ok;
      const kind = ERROR_KINDS.find((k: ErrorKind) => k === result.errorKind);
      return kind ? exitCodeFor(new ProviderError(kind, result.message)) : EXIT.failure;
    },
  },
  enable: {
    options: [],
    flags: [],
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positional[1]);
      await ctx.accounts.setEnabled(account.id, true);
      io.stdout(`enabled '${account.label}'\n`);
      return EXIT.ok;
    },
  },
  disable: {
    options: [],
    flags: [],
    positional: 1,
    async run(ctx, p, io) {
      const account = find(ctx, p.positional[1]);
      await ctx.accounts.setEnabled(account.id, false);
      io.stdout(`disabled '${account.label}'\n`);
      return EXIT.ok;
    },
  },
};

function checkUsage(name: string, sub: Subcommand, p: Parsed): void {
  const unknownOption = [...p.options.keys()].find((o) => !sub.options.includes(o));
  const unknownFlag = [...p.flags].find((f) => !sub.flags.includes(f));
  const bad = unknownOption ?? unknownFlag;
  if (bad) throw new UsageError(`accounts ${name}: unknown option --${bad}`);
  if (p.positional.length > 1 + sub.positional) throw new UsageError(`accounts ${name}: unexpected argument '${p.positional[1 + sub.positional]}'`);
}

/** A failed credentials test exits with its provider error's code (auth 2, network 5, …). */
function withProviderExit(err: unknown): unknown {
  return err instanceof ApiError && err.code === 'provider' && err.cause instanceof ProviderError ? err.cause : err;
}

/** The accounts command; tests and hosts may give it their own keychain or removal hook. */
export function createAccountsCommand(opts: AccountContextOptions = {}): CliCommand {
  return {
    name: 'accounts',
    summary: 'list, add, edit, remove, test, enable or disable accounts',
    help: HELP,
    run: (args, io) =>
      guarded('accounts', io, async () => {
        const parsed = parseArgs(args, VALUED);
        const name = parsed.positional[0] ?? '';
        const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
        if (!sub) throw new UsageError(`name a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}`);
        checkUsage(name, sub, parsed);
        const ctx = await openAccountContext(io.env, opts);
        const notices = ctx.config.notices(); // repaired files: printed here, so no longer kept for later
        for (const notice of notices) io.stderr(`headroom: ${notice.message}\n`);
        ctx.config.noticesSeen(notices.map((n) => n.id));
        try {
          return await sub.run(ctx, parsed, io);
        } catch (err) {
          throw withProviderExit(err);
        }
      }),
  };
}

export const accountsCommand: CliCommand = createAccountsCommand();
