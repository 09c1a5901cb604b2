/** Settings: polling, alert rules, quiet hours, badge, launch at login, theme, test notification. */
import type { Settings } from '../../../main/model/settings.ts';
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
  const [pollRow, poll] = numberField('s-poll', 'Poll every (seconds)', s.pollIntervalSec, 10, 86400);
  const [warnRow, warn] = numberField('s-warn', 'Warn at (%)', a.warnPct, 1, 1000, 'any');
  const [critRow, crit] = numberField('s-critical', 'Critical at (%)', a.criticalPct, 1, 1000, 'any');
  const [limitRow, limit] = numberField('s-limit', '"At limit" at (%)', a.limitPct, 1, 1000, 'any');
  const [sustainRow, sustain] = numberField('s-sustain', 'Fire after consecutive polls', a.sustainPolls, 1, 100);
  const [hystRow, hyst] = numberField('s-hysteresis', 'Clear below the level minus (points)', a.hysteresisPct, 0, 50, 'any');
  const [renotifyRow, renotify] = numberField('s-renotify', 'Repeat critical every (minutes, 0 = never)', a.renotifyMin, 0, 1440);
  const [recoveryRow, recovery] = checkField('s-recovery', 'Notify when an account recovers', a.notifyRecovery);
  const [burstRow, burst] = checkField('s-burst', 'Notify when a Retell account goes into burst', a.burstAlert);
  const [quietRow, quiet] = checkField('s-quiet', 'Quiet hours', a.quietHours.enabled);
  const quietStart = h('input', { id: 's-quiet-start', type: 'time', value: a.quietHours.start, required: true });
  const quietEnd = h('input', { id: 's-quiet-end', type: 'time', value: a.quietHours.end, required: true });
  const [allowRow, allowCritical] = checkField('s-quiet-critical', 'Let critical alerts through during quiet hours', a.quietHours.allowCritical);
  const [badgeRow, badge] = selectField('s-badge', 'Tray badge shows', [['worst', 'The worst account'], ['total', 'The total of all accounts'], ['pinned', 'One account']], s.badgeMode);
  const [pinnedRow, pinned] = selectField('s-pinned', 'Account in the badge', store.state.accounts.map((x) => [x.id, x.label]), s.pinnedAccountId ?? store.state.accounts[0]?.id ?? '');
  const [loginRow, login] = checkField('s-login', 'Launch Headroom at login', s.launchAtLogin);
  const [themeRow, theme] = selectField('s-theme', 'Theme', [['system', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']], s.theme);
  const message = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const testResult = h('p', { class: 'test-result', role: 'status' });

  const syncVisibility = () => {
    pinnedRow.hidden = badge.value !== 'pinned';
    for (const el of [quietStart, quietEnd, allowCritical]) el.disabled = !quiet.checked;
  };
  badge.addEventListener('change', syncVisibility);
  quiet.addEventListener('change', syncVisibility);
  syncVisibility();

  /** The first problem the form can see before asking main (which checks everything again). */
  function problem(): { input: Input; text: string } | null {
    const numbers: Array<[HTMLInputElement, string]> = [[poll, 'Poll interval'], [warn, 'Warn'], [crit, 'Critical'], [limit, '"At limit"'], [sustain, 'Consecutive polls'], [hyst, 'Hysteresis'], [renotify, 'Repeat interval']];
    for (const [input, name] of numbers) {
      const n = Number(input.value);
      const whole = input.step === '1' ? Number.isInteger(n) : true;
      if (input.value.trim() === '' || !whole || n < Number(input.min) || n > Number(input.max)) return { input, text: `${name} must be ${whole ? '' : 'a whole number '}between ${input.min} and ${input.max}` };
    }
    if (Number(warn.value) >= Number(crit.value)) return { input: warn, text: 'Warn must be below critical' };
    if (Number(crit.value) > Number(limit.value)) return { input: crit, text: 'Critical must not exceed "at limit"' };
    if (quiet.checked && (!quietStart.value || !quietEnd.value)) return { input: quietStart, text: 'Quiet hours need a start and an end' };
    return null;
  }
  theme.addEventListener('change', () => applyTheme(theme.value as Settings['theme']));

  function patch(): Partial<Settings> {
    const n = (i: Input) => Number(i.value);
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
