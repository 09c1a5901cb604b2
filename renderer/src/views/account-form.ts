/**
 * Add and edit forms, generated from the provider's credential fields. Secret inputs are masked and
 * never filled back: on edit, an empty secret keeps the one in the keychain. "Test connection"
 * shows the real result before anything is saved.
 */
import type { AccountInput, TestResult } from '../../../main/model/account.ts';
import { LIMITS } from '../../../main/model/limits.ts';
import type { AlertOverrides } from '../../../main/model/settings.ts';
import type { CredentialField, ProviderId, ProviderInfo } from '../../../main/model/provider.ts';
import { api, errorText } from '../api.ts';
import { go, href } from '../router.ts';
import { reloadAccounts, store } from '../store.ts';
import { h, replaceChildren, setText } from '../ui/dom.ts';
import { reenterSecretText, secretsMustBeReentered } from '../../../main/model/secret-host.ts';
import type { View } from './view.ts';

interface FieldRow {
  field: CredentialField;
  input: HTMLInputElement;
  error: HTMLElement;
}

/**
 * Why a field's value can't be saved, or ''. On edit an empty secret keeps the saved one, unless the
 * base URL moved to another host (`newHost`, the new base URL): then it must be entered again.
 */
function fieldProblem(f: CredentialField, value: string, editing: boolean, newHost?: string): string {
  const v = value.trim();
  if (!v && editing && f.secret && newHost) {
    const text = reenterSecretText(f.label, newHost);
    return text[0].toUpperCase() + text.slice(1);
  }
  if (!v) return f.required && !(editing && f.secret) ? `${f.label} is required` : '';
  if (f.pattern && !new RegExp(f.pattern).test(v)) return f.patternMessage ?? `${f.label} is not valid`;
  return '';
}

type ThresholdKey = 'warnPct' | 'criticalPct' | 'limitPct';
const THRESHOLDS: Array<[ThresholdKey, string]> = [['warnPct', 'Warn %'], ['criticalPct', 'Critical %'], ['limitPct', 'At limit %']];

/** Why these per-account thresholds (empty = the default) can't be saved, or ''. */
function thresholdProblem(inputs: Record<ThresholdKey, HTMLInputElement>): string {
  const defaults = store.settings.alerts;
  const eff = {} as Record<ThresholdKey, number>;
  for (const [key, label] of THRESHOLDS) {
    const raw = inputs[key].value.trim();
    const n = Number(raw);
    if (raw && (!Number.isFinite(n) || n < 1 || n > LIMITS.maxPct)) return `${label} must be between 1 and ${LIMITS.maxPct}`;
    eff[key] = raw ? n : defaults[key];
  }
  if (eff.warnPct >= eff.criticalPct) return `Warn (${eff.warnPct}%) must be below critical (${eff.criticalPct}%)`;
  if (eff.criticalPct > eff.limitPct) return `Critical (${eff.criticalPct}%) must not exceed at limit (${eff.limitPct}%)`;
  return '';
}

export function accountFormView(editId?: string): View {
  const editing = editId ? store.accounts.find((a) => a.id === editId) : undefined;
  let provider: ProviderInfo = store.providers.find((p) => p.id === editing?.provider) ?? store.providers[0];
  let rows: FieldRow[] = [];
  const providerSelect = h('select', { id: 'f-provider', name: 'provider', disabled: Boolean(editing) }, ...store.providers.map((p) => h('option', { value: p.id, selected: p.id === provider.id }, p.displayName)));
  const label = h('input', { id: 'f-label', name: 'label', required: true, maxlength: LIMITS.labelLength, autocomplete: 'off', value: editing?.label ?? '' });
  const labelError = h('p', { class: 'field-error', id: 'f-label-error' });
  const fieldsBox = h('div', { class: 'fields' });
  const baseUrl = h('input', { id: 'f-base-url', name: 'baseUrl', type: 'url', placeholder: '', value: editing?.baseUrl ?? '', autocomplete: 'off' });
  const interval = h('input', { id: 'f-interval', name: 'pollIntervalSec', type: 'number', min: LIMITS.minPollIntervalSec, max: LIMITS.maxPollIntervalSec, placeholder: String(store.settings.pollIntervalSec), value: editing?.pollIntervalSec ?? '' });
  const thresholdInputs = Object.fromEntries(
    THRESHOLDS.map(([key]) => [key, h('input', { id: `f-${key}`, type: 'number', min: 1, max: LIMITS.maxPct, step: 'any', placeholder: String(store.settings.alerts[key]), value: editing?.alerts?.[key] ?? '', 'aria-describedby': 'f-thresholds-error' })]),
  ) as Record<ThresholdKey, HTMLInputElement>;
  const thresholdError = h('p', { class: 'field-error', id: 'f-thresholds-error' });
  const result = h('p', { class: 'test-result', role: 'status', 'aria-live': 'polite' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const testButton = h('button', { class: 'button', type: 'button' }, 'Test connection');
  const advanced = h(
    'details',
    { class: 'advanced', open: Boolean(editing?.baseUrl || editing?.pollIntervalSec || editing?.alerts) },
    h('summary', {}, 'Advanced'),
    h('div', { class: 'field' }, h('label', { for: 'f-base-url' }, 'Base URL (proxy or regional endpoint)'), baseUrl),
    h('div', { class: 'field' }, h('label', { for: 'f-interval' }, 'Poll interval, seconds (empty: the default)'), interval),
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', {}, 'Alert thresholds for this account (empty: the defaults)'),
      h('div', { class: 'grid-3' }, ...THRESHOLDS.map(([key, text]) => h('div', { class: 'field' }, h('label', { for: `f-${key}` }, text), thresholdInputs[key]))),
      thresholdError,
    ),
  );
  const saveButton = h('button', { class: 'button primary', type: 'submit' }, editing ? 'Save' : 'Add account');

  /** On edit, the new base URL when it points to another host than the saved secrets were entered for. */
  function newHost(): string | undefined {
    if (!editing) return undefined;
    const next = baseUrl.value.trim() || provider.defaultBaseUrl;
    return secretsMustBeReentered(editing.baseUrl ?? provider.defaultBaseUrl, next) ? next : undefined;
  }

  function secretPlaceholder(): string {
    return newHost() ? 'Enter it again for the new host' : 'Unchanged (leave empty to keep)';
  }

  function checkRow(r: FieldRow): string {
    const problem = fieldProblem(r.field, r.input.value, Boolean(editing), newHost());
    setText(r.error, problem);
    r.input.setAttribute('aria-invalid', String(Boolean(problem)));
    return problem;
  }

  /** A base URL on another host makes the secret fields required at once, and says why beside them. */
  function onBaseUrlChange(): void {
    if (!editing) return;
    for (const r of rows.filter((row) => row.field.secret)) {
      r.input.placeholder = secretPlaceholder();
      if (newHost() || r.error.textContent) checkRow(r);
    }
  }

  function renderFields(): void {
    rows = provider.fields.map((field) => {
      const input = h('input', {
        id: `f-${field.name}`,
        name: field.name,
        type: field.secret ? 'password' : 'text',
        autocomplete: field.secret ? 'new-password' : 'off',
        spellcheck: 'false',
        placeholder: field.secret && editing ? secretPlaceholder() : (field.placeholder ?? ''),
        value: !field.secret && editing ? (editing.fields[field.name] ?? '') : '',
        'aria-describedby': `f-${field.name}-error`,
      });
      const error = h('p', { class: 'field-error', id: `f-${field.name}-error` });
      const row = { field, input, error };
      input.addEventListener('blur', () => checkRow(row));
      input.addEventListener('input', () => error.textContent && checkRow(row));
      return row;
    });
    replaceChildren(
      fieldsBox,
      ...rows.map((r) => h('div', { class: 'field' }, h('label', { for: r.input.id }, r.field.label, r.field.secret ? h('span', { class: 'muted' }, ' (kept in the keychain)') : ''), r.input, r.field.help ? h('p', { class: 'help' }, r.field.help) : '', r.error)),
    );
    baseUrl.placeholder = provider.defaultBaseUrl;
  }

  function values(): Record<string, string> {
    return Object.fromEntries(rows.map((r) => [r.field.name, r.input.value.trim()]).filter(([, v]) => v !== '' || !editing));
  }

  function validate(): boolean {
    let ok = true;
    for (const r of rows) if (checkRow(r)) ok = false;
    const labelProblem = !label.value.trim() ? 'Label is required' : store.accounts.some((a) => a.id !== editId && a.label.toLowerCase() === label.value.trim().toLowerCase()) ? 'Another account already has this label' : '';
    setText(labelError, labelProblem);
    label.setAttribute('aria-invalid', String(Boolean(labelProblem)));
    const thresholds = thresholdProblem(thresholdInputs);
    setText(thresholdError, thresholds);
    for (const el of Object.values(thresholdInputs)) el.setAttribute('aria-invalid', String(Boolean(thresholds)));
    if (thresholds) advanced.open = true;
    const first = [labelProblem ? label : null, ...rows.filter((r) => r.error.textContent).map((r) => r.input), thresholds ? thresholdInputs.warnPct : null].find(Boolean);
    first?.focus();
    return ok && !labelProblem && !thresholds;
  }

  /** The thresholds entered here over any other overrides the account already has; undefined when none. */
  function alertOverrides(): AlertOverrides | undefined {
    const merged: AlertOverrides = { ...editing?.alerts };
    for (const [key] of THRESHOLDS) {
      const raw = thresholdInputs[key].value.trim();
      if (raw) merged[key] = Number(raw);
      else delete merged[key];
    }
    return Object.keys(merged).length ? merged : undefined;
  }

  function input(): AccountInput {
    const poll = Number(interval.value);
    const alerts = alertOverrides();
    return { provider: provider.id as ProviderId, label: label.value.trim(), fields: values(), ...(baseUrl.value.trim() ? { baseUrl: baseUrl.value.trim() } : {}), ...(poll ? { pollIntervalSec: poll } : {}), ...(alerts ? { alerts } : {}) };
  }

  function showResult(r: TestResult): void {
    result.dataset.ok = String(r.ok);
    setText(result, r.ok ? `Connected: ${r.message}` : `Failed: ${r.message}`);
  }

  async function busy(button: HTMLButtonElement, text: string, fn: () => Promise<void>): Promise<void> {
    const before = button.textContent ?? '';
    button.disabled = true;
    setText(button, text);
    setText(formError, '');
    try {
      await fn();
    } catch (err) {
      setText(formError, errorText(err));
    } finally {
      button.disabled = false;
      setText(button, before);
    }
  }

  testButton.addEventListener('click', () => {
    if (!validate()) return;
    void busy(testButton, 'Testing…', async () => {
      setText(result, '');
      // On another host the test uses only what was entered here, never the saved secret.
      showResult(await api().testConnection(editing && !newHost() ? { id: editing.id, fields: values() } : { input: input() }));
    });
  });

  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-provider' }, 'Provider'), providerSelect),
    h('div', { class: 'field' }, h('label', { for: 'f-label' }, 'Label'), label, labelError),
    fieldsBox,
    advanced,
    result,
    formError,
    h('div', { class: 'row' }, testButton, saveButton, h('a', { class: 'button', href: editing ? href({ name: 'account', id: editing.id }) : href({ name: 'overview' }) }, 'Cancel')),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!validate()) return;
    void busy(saveButton, 'Saving…', async () => {
      const i = input();
      const view = editing
        ? await api().updateAccount(editing.id, { label: i.label, fields: i.fields, baseUrl: i.baseUrl ?? null, pollIntervalSec: i.pollIntervalSec ?? null, alerts: i.alerts ?? null })
        : await api().addAccount(i);
      await reloadAccounts();
      go({ name: 'account', id: view.id });
    });
  });

  baseUrl.addEventListener('change', onBaseUrlChange);
  baseUrl.addEventListener('input', () => {
    if (rows.some((r) => r.field.secret && r.error.textContent)) onBaseUrlChange();
  });

  providerSelect.addEventListener('change', () => {
    provider = store.providers.find((p) => p.id === providerSelect.value) ?? provider;
    setText(result, '');
    renderFields();
  });

  renderFields();
  const root = h('section', { class: 'account-form' }, h('div', { class: 'toolbar' }, h('h1', {}, editing ? `Edit ${editing.label}` : 'Add account')), form);
  return { root, title: editing ? 'Edit account' : 'Add account', update: () => undefined, show: () => label.focus() };
}
