import { openConfig } from '../../core/config/store.ts';
import { openHistory } from '../../core/history/store.ts';
import { dataDir } from '../../core/paths.ts';
import { parseArguments, UsageError } from '../arguments.ts';
import { EXIT, EXIT_CODE_TABLE } from '../exit-codes.ts';
import { guarded } from '../failures.ts';
import type { CliCommand, CliIO } from '../types.ts';

const HELP = `usage: headroom history export <label|id> [--since 7d] [--until TIME]

Prints an account's history as CSV on stdout, with the header
time,current,limit,utilization,resolution (time in UTC, ISO 8601).

  --since  a duration back from now (30m, 12h, 7d, 2w) or a date/time; default 7d
  --until  a duration back from now or a date/time; default now

${EXIT_CODE_TABLE}`;

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "7d" (back from now) or anything Date.parse understands. */
export function parseWhen(text: string, now: number, flag: string): number {
  const m = /^(\d+)([mhdw])$/.exec(text.trim());
  if (m) return now - Number(m[1]) * UNIT_MS[m[2]];
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`--${flag}: '${text}' is neither a duration like 7d nor a date`);
  return t;
}

async function exportCsv(io: CliIO, account: string, since: string, until: string | undefined): Promise<number> {
  const now = Date.now();
  const start = parseWhen(since, now, 'since');
  const end = until === undefined ? now : parseWhen(until, now, 'until');
  if (end <= start) throw new UsageError('--until must be after --since');
  const dir = dataDir(io.env);
  const config = openConfig({ dataDir: dir });
  const found = config.accounts().find((a) => a.id === account) ?? config.accounts().find((a) => a.label.toLowerCase() === account.toLowerCase());
  if (!found) {
    io.stderr(`headroom history: no account '${account}' (see \`headroom accounts list\`)\n`);
    return EXIT.failure;
  }
  const history = await openHistory({ dataDir: dir, readOnly: true });
  try {
    io.stdout(history.exportCsv(found.id, start, end));
  } finally {
    await history.close();
  }
  return EXIT.ok;
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'export an account\'s history as CSV',
  help: HELP,
  run: (args, io) =>
    guarded('history', io, () => {
      const { values, positionals } = parseArguments(args, { since: { type: 'string', default: '7d' }, until: { type: 'string' } });
      if (positionals[0] !== 'export' || positionals.length !== 2) throw new UsageError('usage: headroom history export <label|id> [--since 7d] [--until TIME]');
      return exportCsv(io, positionals[1], values.since, values.until);
    }),
};
