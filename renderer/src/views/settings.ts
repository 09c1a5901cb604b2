/**
 * Settings: polling, alert rules, quiet hours, badge, launch at login, theme, team mode, test
 * notification. Before saving, the settings schema checks the whole form (problemsOf) and every
 * problem is shown at once, each under its field in words; what main still rejects comes back by
 * field too (the error's `fields`) and is shown the same way. A field's problem goes away as soon
 * as that field changes.
 */
import { problemsByField, problemsOf } from '../../../main/model/check.ts';
import { LIMITS } from '../../../main/model/limits.ts';
import { settingsSchema, type Settings } from '../../../main/model/settings.ts';
import type { ApiErrorShape } from '../../../main/model/errors.ts';
import { api, errorText } from '../api.ts';
import { store } from '../store.ts';
import { h, setText } from '../ui/dom.ts';
import { applyTheme } from '../ui/theme.ts';
import type { View } from './view.ts';

type Input = HTMLInputElement | HTMLSelectElement;

/** Where each input's problem is shown. */
const errorOf = new WeakMap<Input, HTMLElement>();

/** An input with its label and the place its problem is shown. */
function fieldRow(id: string, label: string, input: Input, className = 'field'): HTMLElement {
  const error = h('p', { class: 'field-error', id: `${id}-error` });
  input.setAttribute('aria-describedby', error.id);
  errorOf.set(input, error);
  const text = h('label', { for: id }, label);
  return className === 'field check' ? h('div', { class: className }, input, text, error) : h('div', { class: className }, text, input, error);
}

function numberField(id: string, label: string, value: number, min: number, max: number, step: number | 'any' = 1): [HTMLElement, HTMLInputElement] {
  const input = h('input', { id, type: 'number', min, max, step, value, required: true });
  return [fieldRow(id, label, input), input];
}

function checkField(id: string, label: string, checked: boolean): [HTMLElement, HTMLInputElement] {
  const input = h('input', { id, type: 'checkbox', checked });
  return [fieldRow(id, label, input, 'field check'), input];
}

function selectField(id: string, label: string, options: Array<[string, string]>, value: string): [HTMLElement, HTMLSelectElement] {
  const select = h('select', { id }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return [fieldRow(id, label, select), select];
}

function getPath(from: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown> | undefined)?.[key], from);
}

function setPath(into: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce<Record<string, unknown> | undefined>((o, key) => o?.[key] as Record<string, unknown> | undefined, into);
  if (parent && typeof parent === 'object') parent[last] = value;
}

/** How a message from the schema names another threshold: "must be below criticalPct". */
const LEVEL_NAMES: Record<string, string> = { warnPct: 'the warn level', criticalPct: 'the critical level', limitPct: 'the "at limit" level' };

export function settingsView(): View {
  const s = store.settings;
  const a = s.alerts;
  const [pollRow, poll] = numberField('s-poll', 'Poll every (seconds)', s.pollIntervalSec, LIMITS.minPollIntervalSec, LIMITS.maxPollIntervalSec);
  const [warnRow, warn] = numberField('s-warn', 'Warn at (%)', a.warnPct, 1, LIMITS.maxPct, 'any');
  const [critRow, crit] = numberField('s-critical', 'Critical at (%)', a.criticalPct, 1, LIMITS.maxPct, 'any');
  const [limitRow, limit] = numberField('s-limit', '"At limit" at (%)', a.limitPct, 1, LIMITS.maxPct, 'any');
  const [sustainRow, sustain] = numberField('s-sustain', 'Fire after consecutive polls', a.sustainPolls, 1, LIMITS.maxSustainPolls);
  const [hystRow, hyst] = numberField('s-hysteresis', 'An alert clears this many points below its level', a.hysteresisPct, 0, LIMITS.maxHysteresisPct, 'any');
  const [renotifyRow, renotify] = numberField('s-renotify', 'Repeat critical every (minutes, 0 = never)', a.renotifyMin, 0, LIMITS.maxRenotifyMin);
  const [recoveryRow, recovery] = checkField('s-recovery', 'Notify when an account recovers', a.notifyRecovery);
  const [burstRow, burst] = checkField('s-burst', 'Notify when a Retell account goes into burst', a.burstAlert);
  const [forecastRow, forecastOn] = checkField('s-forecast', 'Notify when an account\'s daily peak is forecast to reach its limit', a.forecastDays !== null);
  // Off by default (null); 14 days is only what the field offers when it is turned on.
  const [forecastDaysRow, forecastDays] = numberField('s-forecast-days', 'Within (days)', a.forecastDays ?? 14, 1, LIMITS.maxForecastDays);
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
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const testResult = h('p', { class: 'test-result', role: 'status' });

  const syncVisibility = () => {
    pinnedRow.hidden = badge.value !== 'pinned';
    metricsPort.disabled = !metricsOn.checked;
    forecastDays.disabled = !forecastOn.checked;
    for (const el of [quietStart, quietEnd, allowCritical]) el.disabled = !quiet.checked;
  };
  badge.addEventListener('change', syncVisibility);
  metricsOn.addEventListener('change', syncVisibility);
  forecastOn.addEventListener('change', syncVisibility);
  quiet.addEventListener('change', syncVisibility);
  syncVisibility();
  theme.addEventListener('change', () => applyTheme(theme.value as Settings['theme']));

  /** The inputs by settings path (as the schema and main name them). */
  const fields: Record<string, Input> = {
    pollIntervalSec: poll,
    'alerts.warnPct': warn,
    'alerts.criticalPct': crit,
    'alerts.limitPct': limit,
    'alerts.sustainPolls': sustain,
    'alerts.hysteresisPct': hyst,
    'alerts.renotifyMin': renotify,
    'alerts.notifyRecovery': recovery,
    'alerts.burstAlert': burst,
    'alerts.forecastDays': forecastDays,
    'alerts.quietHours.enabled': quiet,
    'alerts.quietHours.start': quietStart,
    'alerts.quietHours.end': quietEnd,
    'alerts.quietHours.allowCritical': allowCritical,
    badgeMode: badge,
    pinnedAccountId: pinned,
    launchAtLogin: login,
    theme,
    'metrics.enabled': metricsOn,
    'metrics.port': metricsPort,
  };

  /** A schema message as the form says it: "Must be below the critical level (95%)". */
  function inWords(text: string): string {
    const named = text.replace(/\b(warnPct|criticalPct|limitPct)\b/g, (key) => {
      const value = fields[`alerts.${key}`].value.trim();
      return value ? `${LEVEL_NAMES[key]} (${value}%)` : LEVEL_NAMES[key];
    });
    return named.charAt(0).toUpperCase() + named.slice(1);
  }

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
        forecastDays: forecastOn.checked ? n(forecastDays) : null,
        quietHours: { enabled: quiet.checked, start: quietStart.value, end: quietEnd.value, allowCritical: allowCritical.checked },
      },
      badgeMode: badge.value as Settings['badgeMode'],
      pinnedAccountId: badge.value === 'pinned' && pinned.value ? pinned.value : null,
      launchAtLogin: login.checked,
      theme: theme.value as Settings['theme'],
      metrics: { enabled: metricsOn.checked, port: n(metricsPort) },
    };
  }

  /**
   * Every problem of the form as it stands, by settings path. The schema checks the order of the
   * levels (warn < critical <= at limit) only once every alert field is valid, so it looks again
   * with each faulty field at its saved value: an order problem between fields that are fine in
   * themselves is shown now, not after the other fields are fixed.
   */
  function currentProblems(): Record<string, string> {
    const value = { ...store.settings, ...patch() };
    const found = problemsByField(problemsOf(settingsSchema, value));
    if (Object.keys(found).length === 0) return found;
    const repaired = structuredClone(value) as Record<string, unknown>;
    for (const path of Object.keys(found)) setPath(repaired, path, getPath(store.settings, path));
    for (const [path, text] of Object.entries(problemsByField(problemsOf(settingsSchema, repaired)))) {
      // Not about a faulty field, nor naming one ("must be below criticalPct" with critical faulty).
      const names = text.match(/\b\w+Pct\b/g) ?? [];
      if (!(path in found) && !names.some((key) => `alerts.${key}` in found)) found[path] = text;
    }
    return found;
  }

  function clearProblems(): void {
    for (const input of Object.values(fields)) setProblem(input, '');
    setText(formError, '');
  }

  function setProblem(input: Input, text: string): void {
    setText(errorOf.get(input)!, text);
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  /** Shows each problem at its field (once), the rest above the save button; focuses the first field. */
  function showProblems(byPath: Record<string, string>): void {
    clearProblems();
    const elsewhere: string[] = [];
    for (const [path, text] of Object.entries(byPath)) {
      const input = fields[path];
      if (input) setProblem(input, inWords(text));
      else elsewhere.push(inWords(path ? `${path} ${text}` : text));
    }
    const marked = Object.values(fields).filter((i) => i.getAttribute('aria-invalid') === 'true');
    const count = marked.length === 1 ? 'the field marked above' : `the ${marked.length} fields marked above`;
    setText(formError, [...elsewhere, marked.length ? `Nothing was saved: correct ${count}.` : ''].filter(Boolean).join(' '));
    // The first problem in the order of the form, not of the schema.
    const first = [...form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')][0];
    first?.focus();
  }

  /** A changed field drops its own problem, and any other that the change resolved (warn vs critical). */
  function fieldChanged(input: Input): void {
    setText(message, '');
    if (!form.querySelector('[aria-invalid="true"]') && !formError.textContent) return;
    setProblem(input, '');
    const still = currentProblems();
    for (const [path, other] of Object.entries(fields)) if (!(path in still)) setProblem(other, '');
    if (!form.querySelector('[aria-invalid="true"]')) setText(formError, '');
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
    forecastRow,
    forecastDaysRow,
    quietRow,
    h('div', { class: 'grid-2' }, fieldRow('s-quiet-start', 'From', quietStart), fieldRow('s-quiet-end', 'To', quietEnd)),
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
    h('p', { class: 'muted' }, 'Prometheus then scrapes 127.0.0.1 at this port, path /metrics; for a server, see ', h('code', {}, 'headroom serve'), ' in the README.'),
    formError,
    message,
    h('div', { class: 'row' }, h('button', { class: 'button primary', type: 'submit' }, 'Save settings')),
  );
  for (const input of Object.values(fields)) {
    input.addEventListener('input', () => fieldChanged(input));
    input.addEventListener('change', () => fieldChanged(input));
  }

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
    setText(message, '');
    const problems = currentProblems();
    if (Object.keys(problems).length) return showProblems(problems);
    clearProblems();
    void api()
      .updateSettings(patch())
      .then((saved) => {
        store.settings = saved;
        applyTheme(saved.theme);
        setText(message, 'Saved.');
      })
      .catch((err: unknown) => {
        const fieldsFromMain = (err as Partial<ApiErrorShape>)?.fields;
        if (fieldsFromMain && Object.keys(fieldsFromMain).length) showProblems(fieldsFromMain);
        else setText(formError, errorText(err));
      });
  });

  const root = h('section', { class: 'settings' }, h('div', { class: 'toolbar' }, h('h1', {}, 'Settings')), form);
  return { root, title: 'Settings', update: () => undefined, show: () => poll.focus() };
}
