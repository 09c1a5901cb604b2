import { readFileSync } from 'node:fs';
import { AccountsFileError, loadAccountsFile, type AccountsFromFile } from '../../core/accounts/accounts-file.ts';
import { createCore } from '../../core/app-core.ts';
import { createNodeNotifierSink } from '../../core/alerts/notifier.ts';
import type { Core } from '../../core/core-types.ts';
import { AccessError, assertSafeAccess, DEFAULT_HOST, DEFAULT_PORT, parseListen, type ListenAddress } from '../../core/metrics/access.ts';
import { startMetricsServer } from '../../core/metrics/server.ts';
import { dataDir } from '../../core/paths.ts';
import { createReferenceKeychain, defaultReferenceIO, type ReferenceKeychain } from '../../core/secrets/references.ts';
import type { Notice } from '../../model/alerts.ts';
import { closeLog, log, openLog } from '../../core/log/logger.ts';
import { testPollIntervalMs, TEST_POLL_INTERVAL_VARIABLE } from '../../core/test-overrides.ts';
import { VERSION } from '../../core/version.ts';
import { expectPositionals, parseArguments, UsageError } from '../arguments.ts';
import { EXIT, EXIT_CODE_TABLE } from '../exit-codes.ts';
import { guarded } from '../failures.ts';
import type { CliCommand, CliIO } from '../types.ts';

const HELP = `usage: headroom serve [--listen HOST:PORT] [--accounts FILE] [--token-file FILE] [--no-notify] [--demo]

Runs Headroom headless for a team: polls every account like the app (history, alerts)
and serves the numbers to Prometheus until Ctrl-C or SIGTERM (then exits 0).

  GET /metrics        Prometheus text format 0.0.4, or OpenMetrics 1.0 when Accept asks
  GET /api/v1/state   the JSON of 'headroom status --json'
  GET /healthz        200 while running (never needs the token)

  --listen HOST:PORT  where to listen (default ${DEFAULT_HOST}:${DEFAULT_PORT}); any address but
                      loopback (e.g. 0.0.0.0:${DEFAULT_PORT}) needs a token
  --accounts FILE     the accounts from a JSON file instead of the data dir and keychain, for
                      servers without a keychain. Secrets are references, never literals:
                      {"accounts": [{"provider": "retell", "label": "prod",
                        "secrets": {"apiKey": {"env": "RETELL_PROD_KEY"}}}]}
                      or {"file": "/run/secrets/retell-prod"}; Vobiz's authId goes in "fields"
  --token-file FILE   /metrics and /api/* then need "Authorization: Bearer <token>";
                      the token is FILE's content, or else the HEADROOM_TOKEN variable
  --no-notify         no desktop notifications (alerts are Prometheus's job on a server)
  --demo              serve the simulated demo accounts

A literal secret in the accounts file, or a public address without a token, is a
usage error (64); an address it can't listen on exits 1.

${EXIT_CODE_TABLE}`;

interface ServeOptions {
  listen: ListenAddress;
  accountsFile: string | null;
  token: string | null;
  notify: boolean;
  demo: boolean;
}

/** The token from --token-file, else HEADROOM_TOKEN; never from argv, where other users could read it. */
function readToken(file: string | null, env: NodeJS.ProcessEnv): string | null {
  if (file === null) return env.HEADROOM_TOKEN?.trim() || null;
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (!token) throw new UsageError(`the token file ${file} is empty`);
    return token;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read the token file ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const OPTIONS = {
  listen: { type: 'string' },
  accounts: { type: 'string' },
  'token-file': { type: 'string' },
  'no-notify': { type: 'boolean' },
  demo: { type: 'boolean' },
} as const;

function parseOptions(args: string[], env: NodeJS.ProcessEnv): ServeOptions {
  const { values, positionals } = parseArguments(args, OPTIONS);
  expectPositionals(positionals, []);
  const accountsFile = values.accounts ?? null;
  if (accountsFile !== null && values.demo) throw new UsageError('--demo and --accounts exclude each other');
  try {
    const opts: ServeOptions = {
      listen: values.listen === undefined ? { host: DEFAULT_HOST, port: DEFAULT_PORT } : parseListen(values.listen),
      accountsFile,
      token: readToken(values['token-file'] ?? null, env),
      notify: !values['no-notify'],
      demo: values.demo ?? false,
    };
    assertSafeAccess(opts.listen, opts.token);
    return opts;
  } catch (err) {
    if (err instanceof AccessError) throw new UsageError(err.message);
    throw err;
  }
}

function loadAccounts(path: string): AccountsFromFile {
  try {
    return loadAccountsFile(path);
  } catch (err) {
    if (err instanceof AccountsFileError) throw new UsageError(err.message);
    throw err;
  }
}

function tellNotices(io: CliIO, list: Notice[], fromFile: boolean): void {
  for (const n of list) {
    io.stderr(`headroom serve: ${n.level}: ${n.message}\n`);
    if (n.id === 'keychain' && !fromFile) io.stderr('headroom serve: on a server without a keychain, give the accounts in a file: --accounts FILE (see --help)\n');
  }
}

/** Accounts whose secret references can't be read now: they show as failing until fixed; the operator hears it at once. */
function tellReferenceProblems(io: CliIO, core: Core, keychain: ReferenceKeychain): void {
  const labels = new Map(core.state().accounts.map((a) => [a.id, a.label]));
  for (const p of keychain.problems()) io.stderr(`headroom serve: account '${labels.get(p.accountId) ?? p.accountId}': ${p.message}; it shows as failing until this is fixed\n`);
}

async function serve(io: CliIO, opts: ServeOptions): Promise<number> {
  // Asked for first: a Ctrl-C during start-up is a stop request too, and the process now stays up.
  const stopRequested = io.interrupted;
  const fromFile = opts.accountsFile === null ? null : loadAccounts(opts.accountsFile);
  const keychain = fromFile ? createReferenceKeychain(fromFile.references, fromFile.source, defaultReferenceIO(io.env)) : undefined;
  const dir = dataDir(io.env);
  const logPath = openLog({ dataDir: dir, name: 'serve' });
  const pollIntervalMs = testPollIntervalMs(io.env);
  if (pollIntervalMs) io.stderr(`headroom serve: test override ${TEST_POLL_INTERVAL_VARIABLE}: polling every ${pollIntervalMs} ms\n`);
  const core = await createCore({
    dataDir: dir,
    demo: opts.demo,
    notifier: opts.notify ? createNodeNotifierSink() : undefined,
    keychain,
    fixedAccounts: fromFile ?? undefined,
    pollIntervalMs,
  });
  try {
    let server;
    try {
      server = await startMetricsServer({ source: core, ...opts.listen, token: opts.token });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`${(err as Error).message} (another headroom serve?): choose another port with --listen`);
      throw err;
    }
    core.on('notices', (list) => tellNotices(io, list, fromFile !== null));
    tellNotices(io, core.notices(), fromFile !== null);
    if (keychain) tellReferenceProblems(io, core, keychain);
    if (!core.hasAccounts()) io.stderr(`headroom serve: no accounts yet: ${fromFile ? `${fromFile.source} lists none` : 'add one with `headroom accounts add`, or give --accounts FILE'}\n`);
    await core.start();
    const count = core.state().accounts.length;
    const source = fromFile ? ` from ${fromFile.source}` : opts.demo ? ', demo' : '';
    log.info(`serve ${VERSION} started (pid ${process.pid}) on ${server.url}: ${count} accounts${source}, log ${logPath}`);
    io.stdout(`headroom serve: listening on ${server.url} (${count} account${count === 1 ? '' : 's'}${source}; ${opts.token ? 'token required' : 'no token'}): /metrics /api/v1/state /healthz\n`);
    await stopRequested;
    await server.close();
  } finally {
    await core.stop();
    log.info('serve stopped: history and alert memory saved, history lock released');
    closeLog();
  }
  io.stdout('headroom serve: stopped\n');
  return EXIT.ok;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'poll every account headless and serve the numbers to Prometheus (/metrics)',
  help: HELP,
  longLived: true,
  run: (args, io) => guarded('serve', io, () => serve(io, parseOptions(args, io.env))),
};
