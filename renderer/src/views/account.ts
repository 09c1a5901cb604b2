/**
 * Account detail, compact: a header with the number, its level and its freshness in words (old
 * numbers look old: grey, a hatched bar and "last data 6 min ago"); the two or three actions used
 * most, the rest in a menu; the history chart above the fold at 360x480, the forecast line under
 * it; then the range's stats, the provider's details and the alert log.
 */
import type { AccountView } from '../../../main/model/account.ts';
import type { AlertEvent } from '../../../main/model/alerts.ts';
import { describeForecast, type Forecast } from '../../../main/model/forecast.ts';
import { agoText, clockText, freshnessOf, lastDataText, LEVEL_WORDS, toneOf } from '../../../main/model/glance.ts';
import { RANGE_KEYS, RANGE_MS, type HistoryPoint, type RangeKey, type RangeStats } from '../../../main/model/history.ts';
import { PROVIDER_NAMES } from '../../../main/model/provider.ts';
import { effectiveRules } from '../../../main/model/settings.ts';
import type { AccountState } from '../../../main/model/state.ts';
import { noCallsText, percentText, wholePercent } from '../../../main/model/usage.ts';
import { api, errorText } from '../api.ts';
import { go, href } from '../router.ts';
import { reloadAccounts, store } from '../store.ts';
import { historyChart } from '../ui/chart.ts';
import { h, replaceChildren, setText } from '../ui/dom.ts';
import { ago, dateTime, duration } from '../ui/format.ts';
import { menuButton, type MenuEntry } from '../ui/menu.ts';
import type { View } from './view.ts';

const CHART_REFRESH_MS = 30_000;
const RANGE_WORDS: Record<RangeKey, string> = { '1h': 'hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

function thresholds(id: string): { warnPct: number; criticalPct: number } {
  return effectiveRules(store.accounts.find((a) => a.id === id) ?? {}, store.settings.alerts);
}

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Tomorrow 07:00 local time. */
function tomorrowMorning(): number {
  const d = new Date();
  d.setHours(24, 0, 0, 0);
  return d.getTime() + 7 * 3_600_000;
}

/** The reading in the header: "80 / 100" with "80%", "12" calls without a cap, "—" before any. */
function reading(a: AccountState): { number: string; unit: string; pct: string; note: string } {
  const s = a.snapshot;
  if (!s) return { number: '—', unit: '', pct: '', note: '' };
  if (s.limit === null) return { number: String(s.current), unit: s.current === 1 ? 'call' : 'calls', pct: '', note: '' };
  if (s.limit === 0) return { number: `${s.current} / 0`, unit: '', pct: '', note: noCallsText(s.current) };
  return { number: `${s.current} / ${s.limit}`, unit: '', pct: percentText(s.utilization), note: '' };
}

/** Why the chart has nothing to draw (fewer than two points in the range), or ''. */
export function emptyHistoryText(a: AccountState | undefined, createdAt: number, points: readonly HistoryPoint[], range: RangeKey, now: number): string {
  if (points.length >= 2) return '';
  const start = now - RANGE_MS[range];
  const newInRange = !(createdAt < start);
  if (points.length === 1) {
    const at = clockText(points[0].t, now);
    return newInRange ? `No history yet, first sample at ${at}` : `Only one sample in the last ${RANGE_WORDS[range]}, at ${at}`;
  }
  if (a?.lastSuccessAt !== undefined && a.lastSuccessAt < start) return `No data in the last ${RANGE_WORDS[range]}: last data ${agoText(a.lastSuccessAt, now)}`;
  const why: Partial<Record<AccountState['status'], string>> = {
    disabled: 'No history yet: the account is disabled',
    'needs-credentials': 'No history yet: enter its credentials to start polling',
    paused: 'No history yet: polling is paused',
    offline: 'No history yet: this computer is offline',
    error: `No history yet: the polls are failing (${a ? freshnessOf(a, now).text.replace(/^failing: /, '') : ''})`,
  };
  return (a && why[a.status]) ?? 'No history yet: the first poll is on its way';
}

export function accountView(id: string): View {
  let range: RangeKey = '24h';
  let lastChartAt = 0;
  let visible = false;

  // Header: who, the reading, its level and freshness.
  const title = h('h1', { class: 'account-title' });
  const provider = h('span', { class: 'acct-provider muted' });
  const number = h('span', { class: 'acct-number' });
  const unit = h('span', { class: 'acct-unit' });
  const pct = h('span', { class: 'acct-pct' });
  const level = h('span', { class: 'acct-level' });
  const note = h('span', { class: 'acct-note' });
  const fill = h('div', { class: 'acct-fill' });
  const bar = h('div', { class: 'acct-bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100 }, fill);
  const fresh = h('span', { class: 'acct-fresh-text' });
  const since = h('span', { class: 'acct-ago' });
  const snoozeNote = h('span', { class: 'acct-snooze' });
  const problem = h('p', { class: 'acct-problem' });
  const message = h('p', { class: 'form-error', role: 'alert' });

  // The frequent actions, by state, and the rest in a menu.
  const refreshButton = h('button', { class: 'button', type: 'button', onclick: () => act(refresh) }, 'Refresh now');
  const retryButton = h('button', { class: 'button', type: 'button', onclick: () => act(() => api().retryAccount(id)) }, 'Retry now');
  const enableButton = h('button', { class: 'button', type: 'button', onclick: () => act(() => setEnabled(true)) }, 'Enable');
  const editLink = h('a', { class: 'button', href: href({ name: 'edit', id }) }, 'Edit');
  const credentialsLink = h('a', { class: 'button primary', href: href({ name: 'edit', id }) }, 'Enter credentials');
  const more = menuButton('More', menuEntries);

  const removeDialog = h(
    'div',
    { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'remove-title', hidden: true },
    h('h2', { id: 'remove-title' }, 'Remove this account?'),
    h('p', {}, 'Its credentials are deleted from the keychain. What about its history?'),
    h(
      'div',
      { class: 'row' },
      h('button', { class: 'button', type: 'button', onclick: () => remove(false) }, 'Remove, keep history'),
      h('button', { class: 'button danger', type: 'button', onclick: () => remove(true) }, 'Remove and delete history'),
      h('button', { class: 'button', type: 'button', onclick: () => closeRemove() }, 'Cancel'),
    ),
  );
  removeDialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeRemove();
  });

  const head = h(
    'header',
    { class: 'acct-head' },
    h(
      'div',
      { class: 'acct-top' },
      h('div', { class: 'acct-id' }, title, ' ', provider),
      h('div', { class: 'acct-actions' }, refreshButton, retryButton, enableButton, credentialsLink, editLink, more.root),
    ),
    h('div', { class: 'acct-reading' }, number, unit, pct, h('span', { class: 'acct-level-wrap' }, level, note)),
    bar,
    h('p', { class: 'acct-fresh' }, fresh, since, snoozeNote),
    problem,
  );

  const rangeTabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'History range' });
  const chart = historyChart();
  const forecast = h('p', { class: 'forecast', hidden: true }, h('span', { class: 'forecast-label' }, 'Forecast'), ' ', h('span', { class: 'forecast-text' }));
  const stats = h('dl', { class: 'stats' });
  // The stats cover the chosen range while the forecast speaks of daily peaks: say which is which.
  const statsCaption = h('p', { class: 'stats-caption' });
  const details = h('dl', { class: 'details' });
  const log = h('ol', { class: 'alert-log' });
  const root = h(
    'section',
    { class: 'account' },
    head,
    message,
    removeDialog,
    h('h2', { class: 'visually-hidden' }, 'History'),
    rangeTabs,
    chart.root,
    forecast,
    statsCaption,
    stats,
    h('h2', {}, 'Details'),
    details,
    h('h2', {}, 'Alerts'),
    log,
  );

  function account(): AccountState | undefined {
    return store.state.accounts.find((a) => a.id === id);
  }

  /** The account as configured (listAccounts), beside its live state above. */
  function configured(): AccountView | undefined {
    return store.accounts.find((v) => v.id === id);
  }

  function enabled(): boolean {
    return configured()?.enabled !== false;
  }

  /** As main keeps it (so a reload or another window sees it too); past times are no snooze. */
  function snoozedUntil(): number | null {
    const until = configured()?.snoozedUntil ?? null;
    return until !== null && until > Date.now() ? until : null;
  }

  function menuEntries(): MenuEntry[] {
    const entries: MenuEntry[] = [];
    if (enabled()) entries.push({ label: 'Disable', run: () => void act(() => setEnabled(false)) });
    entries.push({ label: `Export CSV (${range})`, run: () => void act(exportCsv) }, 'separator');
    entries.push({ label: 'Snooze alerts 1 h', run: () => void act(() => snooze(Date.now() + 3_600_000)) });
    entries.push({ label: 'Snooze alerts until tomorrow 07:00', run: () => void act(() => snooze(tomorrowMorning())) });
    if (snoozedUntil() !== null) entries.push({ label: 'Clear snooze', run: () => void act(() => snooze(null)) });
    entries.push('separator', { label: 'Remove…', danger: true, run: openRemove });
    return entries;
  }

  async function act(fn: () => Promise<unknown>): Promise<void> {
    setText(message, '');
    try {
      await fn();
    } catch (err) {
      setText(message, errorText(err));
    }
  }

  async function refresh(): Promise<void> {
    await api().refreshNow(id);
    if (visible) void loadHistory();
  }

  async function setEnabled(on: boolean): Promise<void> {
    await api().setEnabled(id, on);
    await reloadAccounts();
    update();
    if (on) more.button.focus();
  }

  function openRemove(): void {
    removeDialog.hidden = false;
    removeDialog.querySelector('button')!.focus();
  }

  function closeRemove(): void {
    removeDialog.hidden = true;
    more.button.focus();
  }

  async function remove(deleteHistory: boolean): Promise<void> {
    removeDialog.hidden = true;
    await act(async () => {
      await api().removeAccount(id, { deleteHistory });
      await reloadAccounts();
      go({ name: 'overview' });
    });
  }

  async function exportCsv(): Promise<void> {
    const { filename, csv } = await api().exportCsv(id, range);
    download(filename, csv);
  }

  async function snooze(until: number | null): Promise<void> {
    await api().snooze(id, until);
    await reloadAccounts();
    renderTimes();
  }

  /** The relative times (each second) and the snooze note. */
  function renderTimes(): void {
    const a = account();
    if (!a) return;
    const now = Date.now();
    const old = lastDataText(a, now);
    setText(since, old ? ` · ${old}` : a.status === 'ok' && a.lastSuccessAt ? ` · updated ${ago(a.lastSuccessAt, now)}` : '');
    const until = snoozedUntil();
    setText(snoozeNote, until === null ? '' : ` · alerts snoozed until ${clockText(until, now)}`);
  }

  function renderHeader(a: AccountState): void {
    const now = Date.now();
    const freshness = freshnessOf(a, now);
    const r = reading(a);
    const capped = a.snapshot !== undefined && a.snapshot.limit !== null;
    setText(title, a.label);
    setText(provider, PROVIDER_NAMES[a.provider] + (a.demo ? ' · demo' : ''));
    head.dataset.freshness = a.status;
    head.dataset.current = String(freshness.current);
    head.dataset.tone = a.snapshot?.limit === null ? 'none' : toneOf(a.level);
    setText(number, r.number);
    setText(unit, r.unit);
    setText(pct, r.pct);
    setText(level, LEVEL_WORDS[a.level]);
    setText(note, r.note ? ` · ${r.note}` : '');
    bar.hidden = !capped;
    const u = a.snapshot?.utilization ?? null;
    fill.style.width = u === null ? (a.snapshot?.limit === 0 ? '100%' : '0%') : `${Math.min(100, u * 100)}%`;
    bar.setAttribute('aria-valuenow', String(u === null ? (a.snapshot?.limit === 0 ? 100 : 0) : wholePercent(u)));
    bar.setAttribute('aria-label', [r.number, r.pct, LEVEL_WORDS[a.level], freshness.text].filter(Boolean).join(', '));
    setText(fresh, freshness.text);
    // The provider's own words where the short freshness can't say everything (failing, credentials).
    setText(problem, a.status === 'error' || a.status === 'needs-credentials' ? (a.message ?? '') : '');
    renderTimes();
  }

  /** Which of the frequent actions fit this state; the menu has the rest. */
  function renderActions(a: AccountState): void {
    const on = enabled();
    const authStopped = a.status === 'error' && a.errorKind === 'auth';
    const needsCredentials = a.status === 'needs-credentials';
    refreshButton.hidden = !on || authStopped || needsCredentials;
    retryButton.hidden = !on || !authStopped;
    enableButton.hidden = on;
    credentialsLink.hidden = !on || !needsCredentials;
    editLink.hidden = on && needsCredentials;
  }

  function renderDetails(a: AccountState): void {
    const rows = a.details.map((d) => [d.label, d.value] as const);
    if (a.snapshot?.limit === null) rows.unshift(['Limit', 'No cap']);
    const key = JSON.stringify(rows);
    if (details.dataset.key === key) return;
    details.dataset.key = key;
    replaceChildren(details, ...(rows.length ? rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]) : [h('dt', {}, 'Provider'), h('dd', {}, PROVIDER_NAMES[a.provider])]));
  }

  function update(): void {
    const a = account();
    if (!a) {
      replaceChildren(root, h('p', {}, 'This account no longer exists. '), h('a', { href: href({ name: 'overview' }) }, 'Back to the overview'));
      return;
    }
    renderHeader(a);
    renderActions(a);
    renderDetails(a);
    if (visible && Date.now() - lastChartAt > CHART_REFRESH_MS) void loadHistory();
  }

  function renderTabs(): void {
    replaceChildren(
      rangeTabs,
      ...RANGE_KEYS.map((r) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: 'tab',
            'aria-selected': String(r === range),
            onclick: () => {
              range = r;
              renderTabs();
              void loadHistory();
            },
          },
          r,
        ),
      ),
    );
  }

  async function loadHistory(): Promise<void> {
    lastChartAt = Date.now();
    const asked = range;
    try {
      const [series, s, alerts, f] = await Promise.all([api().getHistory(id, asked), api().getStats(id, asked), api().getAlertLog(id), api().getForecast(id).catch(() => null)]);
      if (asked !== range || !visible) return; // another range was chosen meanwhile, or the view left
      const end = Date.now();
      const created = Date.parse(configured()?.createdAt ?? '');
      chart.update({ points: series.points, resolution: series.resolution, start: end - RANGE_MS[asked], end, lines: thresholds(id), empty: emptyHistoryText(account(), created, series.points, asked, end) });
      renderForecast(f);
      renderStats(s, asked);
      renderLog(alerts);
    } catch (err) {
      setText(message, errorText(err));
    }
  }

  function renderForecast(f: Forecast | null): void {
    forecast.hidden = f === null;
    if (!f) return;
    // Before the first reading the limit is unknown: the core's "no cap" would be a guess.
    const unread = !account()?.snapshot && f.peakDaily === null;
    forecast.dataset.reason = unread ? 'no-reading' : f.reason;
    forecast.dataset.tone = unread ? 'none' : f.reason === 'at-limit' ? 'critical' : f.reason === 'rising' ? 'warn' : 'none';
    setText(forecast.querySelector('.forecast-text')!, unread ? 'None before the first reading.' : describeForecast(f));
  }

  function renderStats(s: RangeStats, shown: RangeKey): void {
    const fmt = (v: number | null, digits = 0) => (v === null ? '—' : v.toFixed(digits));
    // Without a cap there are no levels to be above.
    const above = (ms: number) => (account()?.snapshot?.limit === null ? '—' : duration(ms));
    setText(statsCaption, `Last ${RANGE_WORDS[shown]}`);
    replaceChildren(
      stats,
      ...[
        ['Peak', fmt(s.peak)],
        ['Average', fmt(s.average, 1)],
        ['p95', fmt(s.p95)],
        ['Above warn', above(s.msAboveWarn)],
        ['Above critical', above(s.msAboveCritical)],
      ].map(([k, v]) => h('div', { class: 'stat' }, h('dt', {}, k), h('dd', {}, v))),
    );
  }

  function renderLog(events: AlertEvent[]): void {
    if (events.length === 0) return replaceChildren(log, h('li', { class: 'muted' }, 'No alerts yet.'));
    replaceChildren(log, ...events.slice(0, 50).map((e) => h('li', { 'data-type': e.type }, h('time', {}, dateTime(e.at)), ' ', e.body, e.delivered ? '' : h('span', { class: 'muted' }, ` (not shown: ${e.deliveryError ?? 'held back'})`))));
  }

  const onResize = () => chart.resize();
  let chartTimer: number | undefined;

  return {
    root,
    title: account()?.label ?? 'Account',
    update,
    alert(event) {
      if (event.accountId === id && !document.hidden) void api().getAlertLog(id).then(renderLog, () => undefined);
    },
    tick: renderTimes,
    show() {
      visible = true;
      renderTabs();
      update();
      void loadHistory();
      chartTimer = window.setInterval(() => void loadHistory(), CHART_REFRESH_MS);
      window.addEventListener('resize', onResize);
    },
    hide() {
      visible = false;
      more.close(false);
      window.clearInterval(chartTimer);
      window.removeEventListener('resize', onResize);
      chart.destroy();
      lastChartAt = 0;
    },
  };
}
