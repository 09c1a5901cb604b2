/** Settings: polling, alert rules, quiet hours, badge, launch at login, theme, test notification. */
import { problemsOf } from '../../../main/model/check.ts';
import { LIMITS } from '../../../main/model/limits.ts';
import { settingsSchema, type Settings } from '../../../main/model/settings.ts';
import { api, errorText } from '../api.ts';
import { store } from '../store.ts';
import { h, setText } from '../ui/dom.ts';
import { applyTheme } from '../ui/theme.ts';
import type { View } from './view.ts';

type Input = HTMLInputElement | HTMLSelectElement;

function numberField(id: string, label: string, value: number, min: number, max: number, step: number | 'any' = 1): [HTMLElement, HTMLInputElement] {
  const input = h('input', { id, type: 'number', min, max, step, value, required: true });
  return [h('div', { class: 'field' }, h('label', { for: id }, label), input), input];
}

function checkField(id: string, label: string, checked: boolean): [HTMLElement, HTMLInputElement] {
  const input = h('input', { id, type: 'checkbox', checked });
  return [h('div', { class: 'field check' }, input, h('label', { for: id }, label)), input];
}

function selectField(id: string, label: string, options: Array<[string, string]>, value: string): [HTMLElement, HTMLSelectElement] {
  const select = h('select', { id }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return [h('div', { class: 'field' }, h('label', { for: id }, label), select), select];
}

export function settingsView(): View {
  const s = store.settings;
  const a = s.alerts;
  const [pollRow, poll] = numberField('s-poll', 'Poll every (seconds)', s.pollIntervalSec, LIMITS.minPollIntervalSec, LIMITS.maxPollIntervalSec);
  const [warnRow, warn] = numberField('s-warn', 'Warn at (%)', a.warnPct, 1, LIMITS.maxPct, 'any');
  const [critRow, crit] = numberField('s-critical', 'Critical at (%)', a.criticalPct, 1, LIMITS.maxPct, 'any');
  const [limitRow, limit] = numberField('s-limit', '"At limit" at (%)', a.limitPct, 1, LIMITS.maxPct, 'any');
  const [sustainRow, sustain] = numberField('s-sustain', 'Fire after consecutive polls', a.sustainPolls, 1, LIMITS.maxSustainPolls);
  const [hystRow, hyst] = numberField('s-hysteresis', 'Clear below the level minus (points)', a.hysteresisPct, 0, LIMITS.maxHysteresisPct, 'any');
  const [renotifyRow, renotify] = numberField('s-renotify', 'Repeat critical every (minutes, 0 = never)', a.renotifyMin, 0, LIMITS.maxRenotifyMin);
  const [recoveryRow, recovery] = checkField('s-recovery', 'Notify when an account recovers', a.notifyRecovery);
  const [burstRow, burst] = checkField('s-burst', 'Notify when a Retell account goes into burst', a.burstAlert);
  const [quietRow, quiet] = checkField('s-quiet', 'Quiet hours', a.quietHours.enabled);
  const quietStart = h('input', { id: 's-quiet-start', type: 'time', value: a.quietHours.start, required: true });
  const quietEnd = h('input', { id: 's-quiet-end', type: 'time', value: a.quietHours.end, required: true });
  const [allowRow, allowCritical] = checkField('s-quiet-critical', 'Let critical alerts through during quiet hours', a.quietHours.allowCritical);
  const [badgeRow, badge] = selectField('s-badge', 'Tray badge shows', [['worst', 'The worst account'], ['total', 'The total of all accounts'], ['pinned', 'One account']], s.badgeMode);
  const [pinnedRow, pinned] = selectField('s-pinned', 'Account in the badge', store.state.accounts.map((x) => [x.id, x.label]), s.pinnedAccountId ?? store.state.accounts[0]?.id ?? '');
  const [loginRow, login] = checkField('s-login', 'Launch Headroom at login', s.launchAtLogin);
  const [metricsRow, metricsOn] = checkField('s-metrics', 'Serve metrics for Prometheus on this computer (127.0.0.1 only)', s.metrics.enabled);
  const [metricsPortRow, metricsPort] = numberField('s-metrics-port', 'Metrics port', s.metrics.port, LIMITS.minMetricsPort, LIMITS.maxPort);
  const [themeRow, theme] = selectField('s-theme', 'Theme', [['system', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']], s.theme);
  const message = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const testResult = h('p', { class: 'test-result', role: 'status' });

  const syncVisibility = () => {
    pinnedRow.hidden = badge.value !== 'pinned';
    metricsPort.disabled = !metricsOn.checked;
    for (const el of [quietStart, quietEnd, allowCritical]) el.disabled = !quiet.checked;
  };
  badge.addEventListener('change', syncVisibility);
  metricsOn.addEventListener('change', syncVisibility);
  quiet.addEventListener('change', syncVisibility);
  syncVisibility();

  /** The inputs by settings path, with the name a person knows them by. */
  const named: Record<string, [Input, string]> = {
    pollIntervalSec: [poll, 'Poll interval'],
    'alerts.warnPct': [warn, 'Warn'],
    'alerts.criticalPct': [crit, 'Critical'],
    'alerts.limitPct': [limit, '"At limit"'],
    'alerts.sustainPolls': [sustain, 'Consecutive polls'],
    'alerts.hysteresisPct': [hyst, 'Hysteresis'],
    'alerts.renotifyMin': [renotify, 'Repeat interval'],
    'alerts.quietHours.start': [quietStart, 'Quiet hours start'],
    'alerts.quietHours.end': [quietEnd, 'Quiet hours end'],
    'metrics.port': [metricsPort, 'Metrics port'],
  };

  /** The first problem the settings schema finds in the form (main checks again on save). */
  function problem(): { input: Input; text: string } | null {
    const first = problemsOf(settingsSchema, { ...store.settings, ...patch() })[0];
    if (!first) return null;
    const [input, name] = named[first.path] ?? [poll, first.path];
    // Messages may name another field by its key ("must be below criticalPct"): say it as the form does.
    const text = first.message.replace(/\b(\w+Pct)\b/g, (key) => named[`alerts.${key}`]?.[1].toLowerCase() ?? key);
    return { input, text: `${name} ${text}` };
  }
  theme.addEventListener('change', () => applyTheme(theme.value as Settings['theme']));

  /** Everything the form edits (alerts whole), laid over the saved settings on save. */
  function patch(): Omit<Settings, 'parallelism'> {
    const n = (i: Input) => (i.value.trim() === '' ? Number.NaN : Number(i.value));
    return {
      pollIntervalSec: n(poll),
      alerts: {
        warnPct: n(warn),
        criticalPct: n(crit),
        limitPct: n(limit),
        sustainPolls: n(sustain),
        hysteresisPct: n(hyst),
        renotifyMin: n(renotify),
        notifyRecovery: recovery.checked,
        burstAlert: burst.checked,
        forecastDays: a.forecastDays,
        quietHours: { enabled: quiet.checked, start: quietStart.value, end: quietEnd.value, allowCritical: allowCritical.checked },
      },
      badgeMode: badge.value as Settings['badgeMode'],
      pinnedAccountId: badge.value === 'pinned' && pinned.value ? pinned.value : null,
      launchAtLogin: login.checked,
      theme: theme.value as Settings['theme'],
      metrics: { enabled: metricsOn.checked, port: n(metricsPort) },
    };
  }

  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('h2', {}, 'Polling'),
    pollRow,
    h('h2', {}, 'Alerts'),
    h('div', { class: 'grid-3' }, warnRow, critRow, limitRow),
    sustainRow,
    hystRow,
    renotifyRow,
    recoveryRow,
    burstRow,
    quietRow,
    h('div', { class: 'grid-2' }, h('div', { class: 'field' }, h('label', { for: 's-quiet-start' }, 'From'), quietStart), h('div', { class: 'field' }, h('label', { for: 's-quiet-end' }, 'To'), quietEnd)),
    allowRow,
    h('div', { class: 'row' }, h('button', { class: 'button', type: 'button', onclick: () => void sendTest() }, 'Send test notification'), testResult),
    h('h2', {}, 'Tray and app'),
    badgeRow,
    pinnedRow,
    loginRow,
    themeRow,
    h('h2', {}, 'Team mode'),
    metricsRow,
    metricsPortRow,
    h('p', { class: 'muted' }, 'Prometheus then scrapes 127.0.0.1 at this port, path /metrics; for a server, see headroom serve in the README.'),
    error,
    message,
    h('div', { class: 'row' }, h('button', { class: 'button primary', type: 'submit' }, 'Save settings')),
  );

  async function sendTest(): Promise<void> {
    setText(testResult, 'Sending…');
    try {
      const e = await api().sendTestNotification();
      setText(testResult, e.delivered ? 'Sent: check your notifications.' : `Could not be shown: ${e.deliveryError ?? 'unknown reason'}`);
    } catch (err) {
      setText(testResult, errorText(err));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setText(error, '');
    setText(message, '');
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const bad = problem();
    if (bad) {
      setText(error, bad.text);
      bad.input.setAttribute('aria-invalid', 'true');
      bad.input.focus();
      return;
    }
    void api()
      .updateSettings(patch())
      .then((saved) => {
        store.settings = saved;
        applyTheme(saved.theme);
        setText(message, 'Saved.');
      })
      .catch((err: unknown) => setText(error, errorText(err)));
  });

  const root = h('section', { class: 'settings' }, h('div', { class: 'toolbar' }, h('h1', {}, 'Settings')), form);
  return { root, title: 'Settings', update: () => undefined, show: () => poll.focus() };
}
