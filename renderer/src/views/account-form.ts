/**
 * Add and edit forms, generated from the provider's credential fields. Secret inputs are masked and
 * never filled back: on edit, an empty secret keeps the one in the keychain (unless the base URL
 * moves to another host: then the secret field says it must be entered again).
 *
 * Every problem is shown once, at its field, in a person's words: the model's schemas
 * (problemsOf accountInputSchema / accountPatchSchema) and the provider's field rules run before
 * anything is sent, and what main still refuses comes back with `fields` by the same paths
 * ("label", "baseUrl", "fields.apiKey", "alerts.warnPct", …). A field's error goes when that field
 * changes, all of them when the provider does. "Test connection" answers once, beside its button,
 * and that answer goes at any change.
 */
import { accountInputSchema, accountPatchSchema, type AccountInput, type AccountPatch, type TestResult } from '../../../main/model/account.ts';
import { problemsOf } from '../../../main/model/check.ts';
import type { ApiErrorShape } from '../../../main/model/errors.ts';
import { LIMITS } from '../../../main/model/limits.ts';
import type { CredentialField, ProviderId, ProviderInfo } from '../../../main/model/provider.ts';
import { reenterSecretText, secretsMustBeReentered } from '../../../main/model/secret-host.ts';
import type { AlertOverrides } from '../../../main/model/settings.ts';
import { api, errorText } from '../api.ts';
import { go, href } from '../router.ts';
import { reloadAccounts, store } from '../store.ts';
import { h, replaceChildren, setText } from '../ui/dom.ts';
import type { View } from './view.ts';

type ThresholdKey = 'warnPct' | 'criticalPct' | 'limitPct';
const THRESHOLDS: Array<[ThresholdKey, string, string]> = [
  ['warnPct', 'Warn %', 'Warn level'],
  ['criticalPct', 'Critical %', 'Critical level'],
  ['limitPct', 'At limit %', 'At-limit level'],
];

/** Schema words for keys, in a person's words ("must be below criticalPct" → "must be below the critical level"). */
const KEY_WORDS: Record<string, string> = { warnPct: 'the warn level', criticalPct: 'the critical level', limitPct: 'the at-limit level', pollIntervalSec: 'the poll interval', baseUrl: 'the base URL' };

/** What a failed test says to do next, by kind. */
const NEXT_STEP: Record<string, string> = {
  auth: 'Check the credentials.',
  network: 'Check the base URL and the connection.',
  'rate-limited': 'The provider asks to wait: try again in a minute.',
  server: 'The provider has a problem: try again later.',
  'bad-response': 'Check the base URL: the answer was not what this provider sends.',
};

interface Slot {
  /** Where focus goes when this field has a problem. */
  input: HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
  /** The field named in a sentence: "Base URL must be …". */
  name: string;
  /** In the "Advanced" section (opened to show a problem). */
  advanced?: boolean;
}

/** "Base URL must be an absolute URL …" from a schema fragment; a message that is already a sentence stays. */
function sentence(name: string, message: string): string {
  const words = message.replace(/\b(warnPct|criticalPct|limitPct|pollIntervalSec|baseUrl)\b/g, (key) => KEY_WORDS[key] ?? key);
  return /^[a-z]/.test(words) ? `${name} ${words}` : words;
}

function capitalized(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/**
 * A provider field's own rules (required, format), as main's registry checks them. On edit an empty
 * secret keeps the saved one, unless the base URL moved to another host (`newHost`).
 */
function fieldProblem(f: CredentialField, value: string, editing: boolean, newHost?: string): string {
  const v = value.trim();
  if (!v && editing && f.secret && newHost) return capitalized(reenterSecretText(f.label, newHost));
  if (!v) return f.required && !(editing && f.secret) ? `${f.label} is required` : '';
  if (/[\r\n\0]/.test(v)) return `${f.label} must be a single line`;
  if (f.pattern && !new RegExp(f.pattern).test(v)) return f.patternMessage ?? `${f.label} is not valid`;
  return '';
}

export function accountFormView(editId?: string): View {
  const editing = editId ? store.accounts.find((a) => a.id === editId) : undefined;
  let provider: ProviderInfo = store.providers.find((p) => p.id === editing?.provider) ?? store.providers[0];
  const slots = new Map<string, Slot>();
  const errorEl = (id: string) => h('p', { class: 'field-error', id });

  const providerSelect = h('select', { id: 'f-provider', name: 'provider', disabled: Boolean(editing), 'aria-describedby': 'f-provider-error' }, ...store.providers.map((p) => h('option', { value: p.id, selected: p.id === provider.id }, p.displayName)));
  const label = h('input', { id: 'f-label', name: 'label', required: true, maxlength: LIMITS.labelLength, autocomplete: 'off', value: editing?.label ?? '', 'aria-describedby': 'f-label-error' });
  const fieldsBox = h('div', { class: 'fields' });
  const baseUrl = h('input', { id: 'f-base-url', name: 'baseUrl', type: 'url', value: editing?.baseUrl ?? '', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'f-base-url-error' });
  const interval = h('input', { id: 'f-interval', name: 'pollIntervalSec', type: 'number', min: LIMITS.minPollIntervalSec, max: LIMITS.maxPollIntervalSec, placeholder: String(store.settings.pollIntervalSec), value: editing?.pollIntervalSec ?? '', 'aria-describedby': 'f-interval-error' });
  const thresholdInputs = Object.fromEntries(
    THRESHOLDS.map(([key]) => [key, h('input', { id: `f-${key}`, name: key, type: 'number', min: 1, max: LIMITS.maxPct, step: 'any', placeholder: String(store.settings.alerts[key]), value: editing?.alerts?.[key] ?? '', 'aria-describedby': `f-${key}-error` })]),
  ) as Record<ThresholdKey, HTMLInputElement>;

  slots.set('provider', { input: providerSelect, error: errorEl('f-provider-error'), name: 'Provider' });
  slots.set('label', { input: label, error: errorEl('f-label-error'), name: 'Label' });
  slots.set('baseUrl', { input: baseUrl, error: errorEl('f-base-url-error'), name: 'Base URL', advanced: true });
  slots.set('pollIntervalSec', { input: interval, error: errorEl('f-interval-error'), name: 'Poll interval', advanced: true });
  for (const [key, , name] of THRESHOLDS) slots.set(`alerts.${key}`, { input: thresholdInputs[key], error: errorEl(`f-${key}-error`), name, advanced: true });
  const slot = (path: string) => slots.get(path)!;

  /** The answer of "Test connection" (or a save that could not connect), beside the buttons. */
  const connection = h('p', { class: 'test-result', role: 'status', 'aria-live': 'polite' });
  /** What belongs to no field (keychain unavailable, an unexpected failure). */
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const testButton = h('button', { class: 'button', type: 'button' }, 'Test connection');
  const saveButton = h('button', { class: 'button primary', type: 'submit' }, editing ? 'Save' : 'Add account');
  const field = (path: string, text: string, input: HTMLElement, help?: HTMLElement) => h('div', { class: 'field' }, h('label', { for: input.id }, text), input, help, slot(path).error);

  const advanced = h(
    'details',
    { class: 'advanced', open: Boolean(editing?.baseUrl || editing?.pollIntervalSec || editing?.alerts) },
    h('summary', {}, 'Advanced'),
    field('baseUrl', 'Base URL (proxy or regional endpoint)', baseUrl),
    field('pollIntervalSec', 'Poll interval, seconds (empty: the default)', interval),
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', {}, 'Alert thresholds for this account (empty: the defaults)'),
      h('div', { class: 'grid-3' }, ...THRESHOLDS.map(([key, text]) => field(`alerts.${key}`, text, thresholdInputs[key]))),
    ),
  );

  /** On edit, the new base URL when it points to another host than the saved secrets were entered for. */
  function newHost(): string | undefined {
    if (!editing) return undefined;
    const next = baseUrl.value.trim() || provider.defaultBaseUrl;
    return secretsMustBeReentered(editing.baseUrl ?? provider.defaultBaseUrl, next) ? next : undefined;
  }

  function secretPlaceholder(): string {
    return newHost() ? 'Enter it again for the new host' : 'Unchanged (leave empty to keep)';
  }

  function setError(path: string, text: string): void {
    const s = slots.get(path);
    if (!s) return;
    setText(s.error, text);
    s.input.setAttribute('aria-invalid', String(Boolean(text)));
    if (text && s.advanced) advanced.open = true;
  }

  function clearAnswers(): void {
    setText(connection, '');
    delete connection.dataset.ok;
    setText(formError, '');
  }

  function clearAll(): void {
    for (const path of slots.keys()) setError(path, '');
    clearAnswers();
  }

  /** A credential field's own check, shown (or cleared) at once. */
  function checkField(name: string): void {
    const f = provider.fields.find((x) => x.name === name);
    const input = slots.get(`fields.${name}`)?.input;
    if (f && input) setError(`fields.${name}`, fieldProblem(f, input.value, Boolean(editing), newHost()));
  }

  /** A base URL on another host makes the secret fields required at once, and says why beside them. */
  function onBaseUrlChange(): void {
    if (!editing) return;
    for (const f of provider.fields.filter((x) => x.secret)) {
      const s = slots.get(`fields.${f.name}`);
      if (!s) continue;
      (s.input as HTMLInputElement).placeholder = secretPlaceholder();
      if (newHost() || s.error.textContent) checkField(f.name);
    }
  }

  function renderFields(): void {
    for (const path of [...slots.keys()]) if (path.startsWith('fields.')) slots.delete(path);
    const rows = provider.fields.map((f) => {
      const input = h('input', {
        id: `f-${f.name}`,
        name: f.name,
        type: f.secret ? 'password' : 'text',
        autocomplete: f.secret ? 'new-password' : 'off',
        spellcheck: 'false',
        placeholder: f.secret && editing ? secretPlaceholder() : (f.placeholder ?? ''),
        value: !f.secret && editing ? (editing.fields[f.name] ?? '') : '',
        'aria-describedby': `f-${f.name}-error`,
      });
      const path = `fields.${f.name}`;
      // Checked when sending, not when left: an error appearing on blur moves the form under the pointer.
      slots.set(path, { input, error: errorEl(`f-${f.name}-error`), name: f.label });
      return h(
        'div',
        { class: 'field' },
        h('label', { for: input.id }, f.label, f.secret ? h('span', { class: 'muted' }, ' (kept in the keychain)') : ''),
        input,
        f.help ? h('p', { class: 'help' }, f.help) : '',
        slot(path).error,
      );
    });
    replaceChildren(fieldsBox, ...rows);
    baseUrl.placeholder = provider.defaultBaseUrl;
  }

  function values(): Record<string, string> {
    return Object.fromEntries(
      provider.fields.map((f) => [f.name, (slots.get(`fields.${f.name}`)?.input.value ?? '').trim()] as const).filter(([, v]) => v !== '' || !editing),
    );
  }

  /** A number field as entered: undefined when empty (the default), NaN when not a number (the schema says so). */
  function numberOf(input: HTMLInputElement): number | undefined {
    const raw = input.value.trim();
    if (raw === '') return input.validity.badInput ? Number.NaN : undefined;
    return Number(raw);
  }

  /** The thresholds entered here over any other overrides the account already has; undefined when none. */
  function alertOverrides(): AlertOverrides | undefined {
    const merged: AlertOverrides = { ...editing?.alerts };
    for (const [key] of THRESHOLDS) {
      const n = numberOf(thresholdInputs[key]);
      if (n === undefined) delete merged[key];
      else merged[key] = n;
    }
    return Object.keys(merged).length ? merged : undefined;
  }

  function input(): AccountInput {
    const poll = numberOf(interval);
    const alerts = alertOverrides();
    const url = baseUrl.value.trim();
    return { provider: provider.id as ProviderId, label: label.value.trim(), fields: values(), ...(url ? { baseUrl: url } : {}), ...(poll !== undefined ? { pollIntervalSec: poll } : {}), ...(alerts ? { alerts } : {}) };
  }

  function patch(): AccountPatch {
    const i = input();
    return { label: i.label, fields: i.fields, baseUrl: i.baseUrl ?? null, pollIntervalSec: i.pollIntervalSec ?? null, alerts: i.alerts ?? null };
  }

  /**
   * Every problem before sending, first one per field: the provider's field rules, the label's
   * uniqueness, the thresholds against each other with the defaults filled in, then the schema.
   */
  function localProblems(): Record<string, string> {
    const out: Record<string, string> = {};
    const put = (path: string, text: string) => {
      if (text) out[path] ??= text;
    };
    const name = label.value.trim();
    put('label', !name ? 'Label is required' : store.accounts.some((a) => a.id !== editId && a.label.toLowerCase() === name.toLowerCase()) ? 'Another account already has this label' : '');
    for (const f of provider.fields) put(`fields.${f.name}`, fieldProblem(f, slots.get(`fields.${f.name}`)?.input.value ?? '', Boolean(editing), newHost()));
    const given = Object.fromEntries(THRESHOLDS.map(([key]) => [key, numberOf(thresholdInputs[key])])) as Record<ThresholdKey, number | undefined>;
    const eff = Object.fromEntries(THRESHOLDS.map(([key]) => [key, given[key] ?? store.settings.alerts[key]])) as Record<ThresholdKey, number>;
    const valid = (n: number) => Number.isFinite(n) && n >= 1 && n <= LIMITS.maxPct;
    if ((given.warnPct !== undefined || given.criticalPct !== undefined) && valid(eff.warnPct) && valid(eff.criticalPct) && eff.warnPct >= eff.criticalPct) {
      put(given.warnPct !== undefined ? 'alerts.warnPct' : 'alerts.criticalPct', `Warn (${eff.warnPct}%) must be below critical (${eff.criticalPct}%)`);
    }
    if ((given.criticalPct !== undefined || given.limitPct !== undefined) && valid(eff.criticalPct) && valid(eff.limitPct) && eff.criticalPct > eff.limitPct) {
      put(given.criticalPct !== undefined ? 'alerts.criticalPct' : 'alerts.limitPct', `Critical (${eff.criticalPct}%) must not exceed at limit (${eff.limitPct}%)`);
    }
    const problems = editing ? problemsOf(accountPatchSchema, patch()) : problemsOf(accountInputSchema, input());
    for (const p of problems) put(p.path, sentence(slots.get(p.path)?.name ?? p.path, p.message));
    return out;
  }

  /** Shows problems at their fields (the rest as one form-level line) and focuses the first. Returns whether there were any. */
  function showProblems(problems: Record<string, string>): boolean {
    const paths = Object.keys(problems);
    if (!paths.length) return false;
    const elsewhere: string[] = [];
    for (const [path, text] of Object.entries(problems)) {
      if (slots.has(path)) setError(path, text);
      else elsewhere.push(text);
    }
    setText(formError, elsewhere.join(' '));
    // The first in the form's order.
    const first = [...slots.values()].filter((s) => s.error.textContent).sort((a, b) => (a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
    first?.input.focus();
    return true;
  }

  function check(): boolean {
    for (const path of slots.keys()) setError(path, '');
    clearAnswers();
    return !showProblems(localProblems());
  }

  function showConnection(r: TestResult): void {
    connection.dataset.ok = String(r.ok);
    const next = !r.ok && r.errorKind ? ` ${NEXT_STEP[r.errorKind]}` : '';
    setText(connection, r.ok ? `Connected: ${r.message}` : `Could not connect: ${r.message.replace(/\.$/, '')}.${next}`);
  }

  /** What main refused, at its place: by field, a clashing label at the label, a failed connection beside the buttons, the rest under them. */
  function showFailure(err: unknown): void {
    const e = err as Partial<ApiErrorShape>;
    if (e.fields && Object.keys(e.fields).length) {
      const byPath = Object.fromEntries(Object.entries(e.fields).map(([path, text]) => [path.replace(/^input\./, ''), text]));
      showProblems(Object.fromEntries(Object.entries(byPath).map(([path, text]) => [path, sentence(slots.get(path)?.name ?? path, text)])));
      return;
    }
    if (e.code === 'conflict') {
      showProblems({ label: 'Another account already has this label' });
      return;
    }
    if (e.code === 'provider') {
      connection.dataset.ok = 'false';
      setText(connection, `Could not connect: ${errorText(err)}`);
      return;
    }
    setText(formError, errorText(err));
  }

  async function busy(button: HTMLButtonElement, text: string, fn: () => Promise<void>): Promise<void> {
    const before = button.textContent ?? '';
    testButton.disabled = saveButton.disabled = true;
    setText(button, text);
    try {
      await fn();
    } catch (err) {
      showFailure(err);
    } finally {
      testButton.disabled = saveButton.disabled = false;
      setText(button, before);
    }
  }

  testButton.addEventListener('click', () => {
    if (!check()) return;
    void busy(testButton, 'Testing…', async () => {
      // On another host the test uses only what was entered here, never the saved secret.
      showConnection(await api().testConnection(editing && !newHost() ? { id: editing.id, fields: values() } : { input: input() }));
      connection.scrollIntoView({ block: 'nearest' });
    });
  });

  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-provider' }, 'Provider'), providerSelect, slot('provider').error),
    field('label', 'Label', label),
    fieldsBox,
    advanced,
    h('div', { class: 'row form-buttons' }, testButton, saveButton, h('a', { class: 'button', href: editing ? href({ name: 'account', id: editing.id }) : href({ name: 'overview' }) }, 'Cancel')),
    connection,
    formError,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!check()) return;
    void busy(saveButton, 'Saving…', async () => {
      const view = editing ? await api().updateAccount(editing.id, patch()) : await api().addAccount(input());
      await reloadAccounts();
      go({ name: 'account', id: view.id });
    });
  });

  // Any change makes the last answer of main out of date; a field's own error goes when it changes.
  form.addEventListener('input', (event) => {
    clearAnswers();
    const target = event.target as HTMLElement;
    if (target === providerSelect) return;
    const path = [...slots.entries()].find(([, s]) => s.input === target)?.[0];
    if (!path) return;
    if (path.startsWith('alerts.')) for (const [key] of THRESHOLDS) setError(`alerts.${key}`, '');
    else setError(path, '');
  });
  baseUrl.addEventListener('change', onBaseUrlChange);
  baseUrl.addEventListener('input', () => {
    if (provider.fields.some((f) => f.secret && slots.get(`fields.${f.name}`)?.error.textContent)) onBaseUrlChange();
  });

  providerSelect.addEventListener('change', () => {
    provider = store.providers.find((p) => p.id === providerSelect.value) ?? provider;
    clearAll();
    renderFields();
  });

  renderFields();
  const root = h('section', { class: 'account-form' }, h('div', { class: 'toolbar' }, h('h1', {}, editing ? `Edit ${editing.label}` : 'Add account')), form);
  return { root, title: editing ? 'Edit account' : 'Add account', update: () => undefined, show: () => label.focus() };
}
