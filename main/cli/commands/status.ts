import { createCore } from '../../core/app-core.ts';
import { dataDir } from '../../core/paths.ts';
import { getProvider } from '../../core/providers/registry.ts';
import { statusReport } from '../../core/state/status-report.ts';
import { describeForecast } from '../../model/forecast.ts';
import type { AccountState } from '../../model/state.ts';
import { freshnessOf, lastDataText, LEVEL_WORDS } from '../../model/glance.ts';
import { percentText, usageText } from '../../model/usage.ts';
import { expectPositionals, parseArguments } from '../arguments.ts';
import { EXIT, EXIT_CODE_TABLE } from '../exit-codes.ts';
import { guarded } from '../failures.ts';
import type { CliCommand, CliIO } from '../types.ts';

const HELP = `usage: headroom status [--json] [--demo]

Polls every enabled account once and prints a table (label, provider, current/limit,
%, level: normal/high/critical/at limit/in burst/no cap, data: live/stale/failing…)
and each account's forecast (when its daily peak reaches the limit, from
history), or with --json an array of the same (the JSON of 'headroom serve' at
/api/v1/state; its message is Headroom's own wording, never provider text).
Exits 1 if any account failed or needs credentials. Notices about repaired files
(settings, alert memory) are printed on stderr once.

${EXIT_CODE_TABLE}`;

/** Both facts in words: how full (LEVEL) and whether the numbers are current (DATA); never "ok" on a full account. */
function row(a: AccountState, now: number): string[] {
  const s = a.snapshot;
  const numbers = !s ? '' : s.limit === null ? `${s.current} (no cap)` : usageText(s, { percent: false });
  const level = s ? LEVEL_WORDS[a.level] : '';
  const fresh = a.status === 'error' && a.message ? `failing: ${a.message}` : freshnessOf(a, now).text;
  const old = lastDataText(a, now);
  return [a.label, getProvider(a.provider).displayName, numbers, percentText(s?.utilization), level, old ? `${fresh} (${old})` : fresh];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

async function status(io: CliIO, json: boolean, demo: boolean): Promise<number> {
  const core = await createCore({ dataDir: dataDir(io.env), demo, poll: false });
  try {
    // A repaired settings file or alert memory waits in the data dir until a person has seen it: here.
    const pending = core.pendingNotices();
    for (const n of pending) io.stderr(`headroom: ${n.message}\n`);
    core.noticesSeen(pending.map((n) => n.id));
    await core.api.refreshNow();
    const accounts = core.state().accounts.filter((a) => a.status !== 'disabled');
    if (json) io.stdout(JSON.stringify(statusReport(core.state(), core.forecast)) + '\n');
    else if (accounts.length === 0) io.stdout('no enabled accounts (headroom accounts add …)\n');
    else {
      io.stdout(table([['ACCOUNT', 'PROVIDER', 'CALLS', '%', 'LEVEL', 'DATA'], ...accounts.map((a) => row(a, Date.now()))]));
      io.stdout(`\nFORECAST\n${accounts.map((a) => `${a.label}: ${describeForecast(core.forecast(a.id))}\n`).join('')}`);
    }
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
