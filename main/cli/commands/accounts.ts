import { ApiError } from '../../api/validate.ts';
import type { AccountView } from '../../core/accounts/types.ts';
import { openHistory } from '../../core/history/store.ts';
import { getProvider, isProviderId, PROVIDER_IDS } from '../../core/providers/registry.ts';
import type { ProviderId } from '../../core/providers/types.ts';
import { openAccountContext, type AccountContext } from '../account-context.ts';
import { guarded, parseArgs, UsageError } from '../errors.ts';
import { EXIT, type CliCommand, type CliIO } from '../types.ts';

const HELP = `usage: headroom accounts <list|add|edit|remove|test|enable|disable> [options]

  list [--json]                                  every account (never a secret)
  add --provider P --label L [--field name=value …] [--base-url URL] [--no-test]
  edit <label|id> [--label L] [--field name=value …] [--base-url URL] [--secrets]
  remove <label|id> (--keep-history | --delete-history)
  test <label|id>                                one fetch with the saved credentials
  enable <label|id> | disable <label|id>

Providers: ${PROVIDER_IDS.join(', ')}. Secret fields are never taken from the command line:
they are asked for without echo on a terminal, read one per line from stdin otherwise, or taken
from HEADROOM_SECRET_<FIELD> (e.g. HEADROOM_SECRET_APIKEY). Edit asks for secrets only with --secrets.
Secrets go to the OS keychain only.
`;

const VALUED = ['provider', 'label', 'field', 'base-url'];

function fieldsFrom(values: string[] = []): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of values) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field wants name=value, got '${pair}'`);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return fields;
}

async function readSecrets(provider: ProviderId, io: CliIO, given: Record<string, string>): Promise<Record<string, string>> {
  const secretFields = getProvider(provider).fields.filter((f) => f.secret);
  for (const f of secretFields) {
    if (f.name in given) throw new UsageError(`${f.label} is secret: don't pass it on the command line (it would stay in your shell history)`);
  }
  const out: Record<string, string> = {};
  const fromEnv = (name: string) => io.env[`HEADROOM_SECRET_${name.toUpperCase()}`];
  const missing = secretFields.filter((f) => !fromEnv(f.name));
  for (const f of secretFields) if (fromEnv(f.name)) out[f.name] = fromEnv(f.name)!.trim();
  if (missing.length === 0) return out;
  if (io.promptSecret) {
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

type Parsed = ReturnType<typeof parseArgs>;

const SUBCOMMANDS: Record<string, (ctx: AccountContext, p: Parsed, io: CliIO) => Promise<number>> = {
  async list(ctx, p, io) {
    const list = await ctx.accounts.list();
    if (p.flags.has('json')) io.stdout(JSON.stringify(list) + '\n');
    else if (list.length === 0) io.stdout('no accounts yet: headroom accounts add --provider … --label …\n');
    else io.stdout(list.map(row).join('\n') + '\n');
    return EXIT.ok;
  },
  async add(ctx, p, io) {
    const provider = p.options.get('provider')?.at(-1);
    const label = p.options.get('label')?.at(-1);
    if (!provider || !isProviderId(provider)) throw new UsageError(`--provider must be one of ${PROVIDER_IDS.join(', ')}`);
    if (!label) throw new UsageError('--label is required');
    const plain = fieldsFrom(p.options.get('field'));
    const secrets = await readSecrets(provider, io, plain);
    const view = await ctx.accounts.add({ provider, label, fields: { ...plain, ...secrets }, baseUrl: p.options.get('base-url')?.at(-1) }, { skipTest: p.flags.has('no-test') });
    io.stdout(`added ${row(view)}\n`);
    return EXIT.ok;
  },
  async edit(ctx, p, io) {
    const account = find(ctx, p.positional[1]);
    const plain = fieldsFrom(p.options.get('field'));
    const secrets = p.flags.has('secrets') ? await readSecrets(account.provider, io, plain) : {};
    const view = await ctx.accounts.update(account.id, { label: p.options.get('label')?.at(-1), fields: { ...plain, ...secrets }, baseUrl: p.options.get('base-url')?.at(-1) });
    io.stdout(`updated ${row(view)}\n`);
    return EXIT.ok;
  },
  async remove(ctx, p, io) {
    const account = find(ctx, p.positional[1]);
    const keep = p.flags.has('keep-history');
    const drop = p.flags.has('delete-history');
    if (keep === drop) throw new UsageError('say what happens to its history: --keep-history or --delete-history');
    await ctx.accounts.remove(account.id);
    let note = keep ? 'history kept' : 'history deleted';
    if (drop) {
      const history = await openHistory({ dataDir: ctx.dataDir });
      history.remove(account.id);
      if (history.mode !== 'writer') note = `history kept: ${history.readOnlyReason}`;
      await history.close();
    }
    io.stdout(`removed '${account.label}' (${note})\n`);
    return EXIT.ok;
  },
  async test(ctx, p, io) {
    const account = find(ctx, p.positional[1]);
    const result = await ctx.accounts.test({ id: account.id });
    (result.ok ? io.stdout : io.stderr)(`${account.label}: ${result.message}\n`);
    return result.ok ? EXIT.ok : EXIT.failure;
  },
  async enable(ctx, p, io) {
    const account = find(ctx, p.positional[1]);
    await ctx.accounts.setEnabled(account.id, true);
    io.stdout(`enabled '${account.label}'\n`);
    return EXIT.ok;
  },
  async disable(ctx, p, io) {
    const account = find(ctx, p.positional[1]);
    await ctx.accounts.setEnabled(account.id, false);
    io.stdout(`disabled '${account.label}'\n`);
    return EXIT.ok;
  },
};

export const accountsCommand: CliCommand = {
  name: 'accounts',
  summary: 'list, add, edit, remove, test, enable or disable accounts',
  help: HELP,
  run: (args, io) =>
    guarded('accounts', io, async () => {
      const parsed = parseArgs(args, VALUED);
      const sub = SUBCOMMANDS[parsed.positional[0] ?? ''];
      if (!sub) throw new UsageError(`name a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}`);
      return sub(await openAccountContext(io.env), parsed, io);
    }),
};
