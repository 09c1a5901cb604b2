import { createCore } from '../../core/app-core.ts';
import { dataDir } from '../../core/paths.ts';
import { getProvider } from '../../core/providers/registry.ts';
import type { AccountState } from '../../model/state.ts';
import { expectPositionals, parseArguments } from '../arguments.ts';
import { EXIT, EXIT_CODE_TABLE } from '../exit-codes.ts';
import { guarded } from '../failures.ts';
import type { CliCommand, CliIO } from '../types.ts';

const HELP = `usage: headroom status [--json] [--demo]

Polls every enabled account once and prints a table (label, provider, current/limit,
%, state), or with --json an array of the same. Exits 1 if any account failed
or needs credentials.

${EXIT_CODE_TABLE}`;

function pctText(u: number | null | undefined): string {
  return u === null || u === undefined ? '' : `${Math.round(u * 100)}%`;
}

function row(a: AccountState): string[] {
  const s = a.snapshot;
  const numbers = !s ? '' : s.limit === null ? `${s.current} (no cap)` : `${s.current}/${s.limit}`;
  return [a.label, getProvider(a.provider).displayName, numbers, pctText(s?.utilization), a.status === 'ok' ? 'ok' : `${a.status}${a.message ? `: ${a.message}` : ''}`];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

async function status(io: CliIO, json: boolean, demo: boolean): Promise<number> {
  const core = await createCore({ dataDir: dataDir(io.env), demo, poll: false });
  try {
    await core.api.refreshNow();
    const accounts = core.state().accounts.filter((a) => a.status !== 'disabled');
    if (json) {
      io.stdout(JSON.stringify(accounts.map((a) => ({ account: a.label, provider: a.provider, status: a.status, current: a.snapshot?.current ?? null, limit: a.snapshot?.limit ?? null, utilization: a.snapshot?.utilization ?? null, message: a.message ?? null }))) + '\n');
    } else if (accounts.length === 0) io.stdout('no enabled accounts (headroom accounts add …)\n');
    else io.stdout(table([['ACCOUNT', 'PROVIDER', 'CALLS', '%', 'STATE'], ...accounts.map(row)]));
    return accounts.some((a) => a.status !== 'ok') ? EXIT.failure : EXIT.ok;
  } finally {
    await core.stop();
  }
}

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'poll every enabled account once and print a table (or JSON)',
  help: HELP,
  run: (args, io) =>
    guarded('status', io, () => {
      const { values, positionals } = parseArguments(args, { json: { type: 'boolean' }, demo: { type: 'boolean' } });
      expectPositionals(positionals, []);
      return status(io, values.json ?? false, values.demo ?? false);
    }),
};
