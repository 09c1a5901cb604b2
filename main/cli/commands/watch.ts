import type { AlertEvent, Notice } from '../../model/alerts.ts';
import { createCore } from '../../core/app-core.ts';
import { createNodeNotifierSink } from '../../core/alerts/notifier.ts';
import { closeLog, log, openLog } from '../../core/log/logger.ts';
import { dataDir } from '../../core/paths.ts';
import { getProvider } from '../../core/providers/registry.ts';
import { testPollIntervalMs, TEST_POLL_INTERVAL_VARIABLE } from '../../core/test-overrides.ts';
import { VERSION } from '../../core/version.ts';
import type { AccountState, AppState } from '../../model/state.ts';
import { freshnessOf, glanceLine } from '../../model/glance.ts';
import { expectPositionals, parseArguments } from '../arguments.ts';
import { EXIT, EXIT_CODE_TABLE } from '../exit-codes.ts';
import { guarded } from '../failures.ts';
import type { CliCommand, CliIO } from '../types.ts';

const HELP = `usage: headroom watch [--json] [--demo] [--no-notify]

Polls every enabled account like the app does, headless, and prints one line per
change of an account's state, in words: its numbers, its level (normal, high,
critical, at limit, in burst, no cap) and whether they are current (live, stale
since 14:02, failing: reason, paused, …), and each alert, until Ctrl-C or SIGTERM (a second
one exits at once). With no accounts it waits for the first to be added (with
\`headroom accounts add\` or in the app). Sends the same desktop notifications as the
app (unless --no-notify) and writes history (unless the app already does: then
history is read-only here). Problems are logged to <data dir>/logs/watch.log.

  --json       one JSON object per line: {"type":"state",time,account,provider,status,
               level,freshness,current,limit,utilization,message} and {"type":"alert",...}
  --demo       watch the simulated demo accounts instead of yours
  --no-notify  print alerts but don't show desktop notifications

${EXIT_CODE_TABLE}`;

/** What a line says about an account; a new line is printed only when this changes. */
function lineKey(a: AccountState): string {
  return JSON.stringify([a.status, a.level, a.snapshot?.current, a.snapshot?.limit, a.message]);
}

/** Both facts in words ("19/20 (95%) · critical · live"); a failure also with the provider's message. */
function stateLine(a: AccountState, at: number, json: boolean): string {
  const s = a.snapshot;
  const provider = getProvider(a.provider).displayName;
  if (json) {
    return JSON.stringify({ type: 'state', time: new Date(at).toISOString(), account: a.label, provider: a.provider, status: a.status, level: a.level, freshness: freshnessOf(a, at).text, current: s?.current ?? null, limit: s?.limit ?? null, utilization: s?.utilization ?? null, message: a.message ?? null });
  }
  const detail = a.status === 'error' && a.message ? `  (${a.message})` : '';
  return `${new Date(at).toISOString()}  ${a.label} (${provider})  ${glanceLine(a, at)}${detail}`;
}

function alertLine(e: AlertEvent, provider: string | undefined, json: boolean): string {
  if (json) {
    return JSON.stringify({ type: 'alert', time: new Date(e.at).toISOString(), account: e.accountLabel, provider: provider ?? null, alert: e.type, title: e.title, body: e.body, delivered: e.delivered, error: e.deliveryError ?? null });
  }
  const failed = e.delivered ? '' : `  (not shown: ${e.deliveryError ?? 'suppressed'})`;
  return `${new Date(e.at).toISOString()}  ALERT ${e.type}: ${e.body}${failed}`;
}

function noticeLine(n: Notice): string {
  return `notice (${n.level}): ${n.message}`;
}

interface WatchOptions {
  json: boolean;
  demo: boolean;
  notify: boolean;
}

async function watch(io: CliIO, opts: WatchOptions): Promise<number> {
  // Asked for first: a Ctrl-C during start-up is a stop request too, and the process now stays up.
  const stopRequested = io.interrupted;
  const dir = dataDir(io.env);
  const logPath = openLog({ dataDir: dir, name: 'watch' });
  const pollIntervalMs = testPollIntervalMs(io.env);
  if (pollIntervalMs) io.stderr(`headroom watch: test override ${TEST_POLL_INTERVAL_VARIABLE}: polling every ${pollIntervalMs} ms\n`);
  const core = await createCore({ dataDir: dir, demo: opts.demo, notifier: opts.notify ? createNodeNotifierSink() : undefined, pollIntervalMs });
  try {
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
      list.forEach((n) => io.stderr(noticeLine(n) + '\n'));
      core.noticesSeen(list.map((n) => n.id));
    };
    core.on('notices', printNotices);
    printNotices(core.notices());
    if (!core.hasAccounts()) io.stderr('headroom watch: no accounts yet: waiting for the first (add one with `headroom accounts add` or in the app, or try --demo)\n');
    log.info(`watch ${VERSION} started (pid ${process.pid}${opts.demo ? ', demo' : ''}): ${core.state().accounts.length} accounts, log ${logPath}`);
    await core.start();
    onState(core.state());
    await stopRequested;
  } finally {
    await core.stop();
    log.info('watch stopped: history and alert memory saved, history lock released');
    closeLog();
  }
  return EXIT.ok;
}

export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'poll every account headless and print each change (and alert) until interrupted',
  help: HELP,
  longLived: true,
  run: (args, io) =>
    guarded('watch', io, () => {
      const { values, positionals } = parseArguments(args, { json: { type: 'boolean' }, demo: { type: 'boolean' }, 'no-notify': { type: 'boolean' } });
      expectPositionals(positionals, []);
      return watch(io, { json: values.json ?? false, demo: values.demo ?? false, notify: !values['no-notify'] });
    }),
};
