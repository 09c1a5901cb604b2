/**
 * Account detail: status and gauge, every provider extra, the history chart with its range and
 * stats, the alert log, and the account's actions (refresh, edit, remove, export, snooze).
 */
import type uPlot from 'uplot';
import type { AlertEvent } from '../../../main/model/alerts.ts';
import { RANGE_KEYS, type RangeKey } from '../../../main/model/history.ts';
import type { AccountState } from '../../../main/model/state.ts';
import { effectiveRules } from '../../../main/model/settings.ts';
import { api, errorText } from '../api.ts';
import { go, href } from '../router.ts';
import { reloadAccounts, store } from '../store.ts';
import { h, replaceChildren, setText } from '../ui/dom.ts';
import { createChart, historyData } from '../ui/chart.ts';
import { ago, dateTime, duration, statusText } from '../ui/format.ts';
import { PROVIDER_NAMES } from '../../../main/model/provider.ts';
import { gauge, updateGauge } from '../ui/gauge.ts';
import type { View } from './view.ts';

const RANGES = RANGE_KEYS;
const CHART_REFRESH_MS = 30_000;

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

function endOfToday(): number {
  const d = new Date();
  d.setHours(24, 0, 0, 0);
  return d.getTime() + 7 * 3_600_000; // tomorrow 07:00
}

export function accountView(id: string): View {
  let range: RangeKey = '24h';
  let chart: uPlot | null = null;
  let chartTimer: number | undefined;
  let lastChartAt = 0;
  const status = h('p', { class: 'status' });
  const updated = h('span', { class: 'muted updated' });
  const g = gauge();
  const details = h('dl', { class: 'details' });
  const rangeTabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'History range' });
  const chartBox = h('div', { class: 'chart' });
  const stats = h('dl', { class: 'stats' });
  const log = h('ol', { class: 'alert-log' });
  const message = h('p', { class: 'form-error', role: 'alert' });
  const snoozeNote = h('span', { class: 'muted' });
  const clearSnooze = h('button', { class: 'link', type: 'button', hidden: true, onclick: () => act(() => snooze(null)) }, 'Clear snooze');
  const removeButton = h('button', { class: 'button danger', type: 'button', 'aria-haspopup': 'dialog', onclick: () => openRemove() }, 'Remove…');
  const retryButton = h('button', { class: 'button', type: 'button', hidden: true, onclick: () => act(() => api().retryAccount(id)) }, 'Retry now');
  const enableButton = h('button', { class: 'button', type: 'button', onclick: () => act(async () => {
    const acct = store.accounts.find((a) => a.id === id);
    await api().setEnabled(id, !(acct?.enabled ?? true));
    await reloadAccounts();
    update();
  }) });

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

  function openRemove(): void {
    removeDialog.hidden = false;
    removeDialog.querySelector('button')!.focus();
  }

  function closeRemove(): void {
    removeDialog.hidden = true;
    removeButton.focus();
  }

  const header = h('div', { class: 'toolbar' }, h('h1', { class: 'account-title' }), h('span', { class: 'muted provider' }));
  const root = h(
    'section',
    { class: 'account' },
    header,
    status,
    g,
    h('div', { class: 'row meta' }, updated, h('span', {}, snoozeNote, ' ', clearSnooze)),
    message,
    h(
      'div',
      { class: 'row actions' },
      h('button', { class: 'button', type: 'button', onclick: () => act(() => api().refreshNow(id)) }, 'Refresh now'),
      retryButton,
      h('a', { class: 'button', href: href({ name: 'edit', id }) }, 'Edit'),
      enableButton,
      h('button', { class: 'button', type: 'button', onclick: () => act(() => exportCsv()) }, 'Export CSV'),
      h('button', { class: 'button', type: 'button', onclick: () => act(() => snooze(Date.now() + 3_600_000)) }, 'Snooze 1 h'),
      h('button', { class: 'button', type: 'button', onclick: () => act(() => snooze(endOfToday())) }, 'Snooze until tomorrow'),
      removeButton,
    ),
    removeDialog,
    h('h2', {}, 'Details'),
    details,
    h('h2', {}, 'History'),
    rangeTabs,
    chartBox,
    stats,
    h('h2', {}, 'Alerts'),
    log,
  );

  async function act(fn: () => Promise<unknown>): Promise<void> {
    setText(message, '');
    try {
      await fn();
    } catch (err) {
      setText(message, errorText(err));
    }
  }

  async function remove(deleteHistory: boolean): Promise<void> {
    closeRemove();
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
    setText(snoozeNote, until ? `Alerts snoozed until ${dateTime(until)}` : '');
    clearSnooze.hidden = until === null;
  }

  function account(): AccountState | undefined {
    return store.state.accounts.find((a) => a.id === id);
  }

  function update(): void {
    const a = account();
    if (!a) {
      replaceChildren(root, h('p', {}, 'This account no longer exists. '), h('a', { href: href({ name: 'overview' }) }, 'Back to the overview'));
      return;
    }
    setText(header.querySelector('.account-title')!, a.label);
    setText(header.querySelector('.provider')!, PROVIDER_NAMES[a.provider] + (a.demo ? ' · demo' : ''));
    status.dataset.status = a.status;
    setText(status, statusText(a));
    updateGauge(g, a);
    updated.dataset.since = a.lastSuccessAt ? String(a.lastSuccessAt) : '';
    setText(updated, a.lastSuccessAt ? `Updated ${ago(a.lastSuccessAt)}` : '');
    retryButton.hidden = a.errorKind !== 'auth';
    const view = store.accounts.find((v) => v.id === id);
    setText(enableButton, view?.enabled === false ? 'Enable' : 'Disable');
    const rows = a.details.map((d) => [d.label, d.value] as const);
    if (a.snapshot?.limit === null) rows.unshift(['Limit', 'No cap']);
    const key = JSON.stringify(rows);
    if (details.dataset.key !== key) {
      details.dataset.key = key;
      replaceChildren(details, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    }
    if (!document.hidden && Date.now() - lastChartAt > CHART_REFRESH_MS) void loadHistory();
  }

  function renderTabs(): void {
    replaceChildren(
      rangeTabs,
      ...RANGES.map((r) =>
        h('button', { type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(r === range), onclick: () => {
          range = r;
          renderTabs();
          void loadHistory();
        } }, r),
      ),
    );
  }

  async function loadHistory(): Promise<void> {
    lastChartAt = Date.now();
    try {
      const [series, s, alerts] = await Promise.all([api().getHistory(id, range), api().getStats(id, range), api().getAlertLog(id)]);
      const width = Math.max(280, chartBox.clientWidth || root.clientWidth - 8);
      chart ??= createChart(chartBox, width);
      chart.setData(historyData(series, thresholds(id)));
      renderStats(s);
      renderLog(alerts);
    } catch (err) {
      setText(message, errorText(err));
    }
  }

  function renderStats(s: Awaited<ReturnType<ReturnType<typeof api>['getStats']>>): void {
    const fmt = (v: number | null, digits = 0) => (v === null ? '—' : v.toFixed(digits));
    replaceChildren(
      stats,
      ...[
        ['Peak', fmt(s.peak)],
        ['Average', fmt(s.average, 1)],
        ['p95', fmt(s.p95)],
        ['Above warn', duration(s.msAboveWarn)],
        ['Above critical', duration(s.msAboveCritical)],
      ].map(([k, v]) => h('div', { class: 'stat' }, h('dt', {}, k), h('dd', {}, v))),
    );
  }

  function renderLog(events: AlertEvent[]): void {
    if (events.length === 0) return replaceChildren(log, h('li', { class: 'muted' }, 'No alerts yet.'));
    replaceChildren(log, ...events.slice(0, 50).map((e) => h('li', { 'data-type': e.type }, h('time', {}, dateTime(e.at)), ' ', e.body, e.delivered ? '' : h('span', { class: 'muted' }, ` (not shown: ${e.deliveryError ?? 'held back'})`))));
  }

  const onResize = () => chart?.setSize({ width: Math.max(280, chartBox.clientWidth), height: 180 });

  return {
    root,
    title: store.state.accounts.find((a) => a.id === id)?.label ?? 'Account',
    update,
    alert(event) {
      if (event.accountId === id && !document.hidden) void api().getAlertLog(id).then(renderLog, () => undefined);
    },
    tick: () => {
      if (updated.dataset.since) setText(updated, `Updated ${ago(Number(updated.dataset.since))}`);
    },
    show() {
      renderTabs();
      update();
      void loadHistory();
      chartTimer = window.setInterval(() => void loadHistory(), CHART_REFRESH_MS);
      window.addEventListener('resize', onResize);
    },
    hide() {
      window.clearInterval(chartTimer);
      window.removeEventListener('resize', onResize);
    },
  };
}
