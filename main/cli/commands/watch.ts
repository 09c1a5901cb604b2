import type { AlertEvent, Notice } from '../../model/alerts.ts';
import { createCore } from '../../core/app-core.ts';
import { createNodeNotifierSink } from '../../core/alerts/notifier.ts';
import { dataDir } from '../../core/paths.ts';
import { getProvider } from '../../core/providers/registry.ts';
import type { AccountState, AppState } from '../../model/state.ts';
import { usageText } from '../../model/usage.ts';
import { guarded, onlyFlags } from '../errors.ts';
import { EXIT, type CliCommand, type CliIO } from '../types.ts';

const HELP = `usage: headroom watch [--json] [--demo] [--no-notify]

Polls every enabled account like the app does, headless, and prints one line per
change of an account's state, and each alert, until Ctrl-C or SIGTERM.
Sends the same desktop notifications as the app (unless --no-notify) and writes
history (unless the app already does: then history is read-only here).

  --json       one JSON object per line: {"type":"state",time,account,provider,status,
               current,limit,utilization,message} and {"type":"alert",...}
  --demo       watch the simulated demo accounts instead of yours
  --no-notify  print alerts but don't show desktop notifications
`;

/** What a line says about an account; a new line is printed only when this changes. */
function lineKey(a: AccountState): string {
  return JSON.stringify([a.status, a.snapshot?.current, a.snapshot?.limit, a.message]);
}

function stateLine(a: AccountState, at: number, json: boolean): string {
  const s = a.snapshot;
  const provider = getProvider(a.provider).displayName;
  if (json) {
    return JSON.stringify({ type: 'state', time: new Date(at).toISOString(), account: a.label, provider: a.provider, status: a.status, current: s?.current ?? null, limit: s?.limit ?? null, utilization: s?.utilization ?? null, message: a.message ?? null });
  }
  const numbers = s ? usageText(s) : '';
  const detail = [numbers, a.status === 'ok' ? '' : a.message ?? ''].filter(Boolean).join('  ');
  return `${new Date(at).toISOString()}  ${a.label} (${provider})  ${a.status}${detail ? '  ' + detail : ''}`;
}

function alertLine(e: AlertEvent, provider: string | undefined, json: boolean): string {
  if (json) {
    return JSON.stringify({ type: 'alert', time: new Date(e.at).toISOString(), account: e.accountLabel, provider: provider ?? null, alert: e.type, title: e.title, body: e.body, delivered: e.delivered, error: e.deliveryError ?? null });
  }
  const failed = e.delivered ? '' : `  (not shown: ${e.deliveryError ?? 'suppressed'})`;
  return `${new Date(e.at).toISOString()}  ALERT ${e.type}: ${e.body}${failed}`;
}

function noticeLine(n: Notice, json: boolean): string {
  return json ? JSON.stringify({ type: 'notice', level: n.level, message: n.message }) : `notice (${n.level}): ${n.message}`;
}

async function watch(io: CliIO, opts: { json: boolean; demo: boolean; notify: boolean }): Promise<number> {
  const core = await createCore({
    dataDir: dataDir(io.env),
    demo: opts.demo,
    notifier: opts.notify ? createNodeNotifierSink() : undefined,
  });
  const printed = new Map<string, string>();
  const onState = (state: AppState) => {
    const at = Date.now();
    for (const a of state.accounts) {
      const key = lineKey(a);
      if (printed.get(a.id) === key) continue;
      printed.set(a.id, key);
      io.stdout(stateLine(a, at, opts.json) + '\n');
    }
  };
  core.on('state', onState);
  core.on('alert', (e) => io.stdout(alertLine(e, core.state().accounts.find((a) => a.id === e.accountId)?.provider, opts.json) + '\n'));
  // Printed notices have been seen: pending ones (a repaired file) are no longer kept for later.
  const printNotices = (list: Notice[]) => {
    list.forEach((n) => io.stderr(noticeLine(n, false) + '\n'));
    core.noticesSeen(list.map((n) => n.id));
  };
  core.on('notices', printNotices);
  printNotices(core.notices());
  if (!core.hasAccounts()) io.stderr('headroom watch: no accounts yet: add one with `headroom accounts add` or in the app (or try --demo)\n');
  await core.start();
  onState(core.state());
  await io.interrupted;
  await core.stop();
  return EXIT.ok;
}

export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'poll every account headless and print each change (and alert) until interrupted',
  help: HELP,
  run: (args, io) =>
    guarded('watch', io, () => {
      const flags = onlyFlags(args, ['json', 'demo', 'no-notify']);
      return watch(io, { json: flags.has('json'), demo: flags.has('demo'), notify: !flags.has('no-notify') });
    }),
};
