/**
 * Add and edit forms, generated from the provider's credential fields. Secret inputs are masked and
 * never filled back: on edit, an empty secret keeps the one in the keychain. "Test connection"
 * shows the real result before anything is saved.
 */
import type { TestResult } from '../../../main/api/contract.ts';
import type { AccountInput } from '../../../main/core/accounts/types.ts';
import type { CredentialField, ProviderId, ProviderInfo } from '../../../main/core/providers/types.ts';
import { api, errorText } from '../api.ts';
import { go, href } from '../router.ts';
import { reloadAccounts, store } from '../store.ts';
import { h, replaceChildren, setText } from '../ui/dom.ts';
import type { View } from './view.ts';

interface FieldRow {
  field: CredentialField;
  input: HTMLInputElement;
  error: HTMLElement;
}

function fieldProblem(f: CredentialField, value: string, editing: boolean): string {
  const v = value.trim();
  if (!v) return f.required && !(editing && f.secret) ? `${f.label} is required` : '';
  if (f.pattern && !new RegExp(f.pattern).test(v)) return f.patternMessage ?? `${f.label} is not valid`;
  return '';
}

export function accountFormView(editId?: string): View {
  const editing = editId ? store.accounts.find((a) => a.id === editId) : undefined;
  let provider: ProviderInfo = store.providers.find((p) => p.id === editing?.provider) ?? store.providers[0];
  let rows: FieldRow[] = [];
  const providerSelect = h('select', { id: 'f-provider', name: 'provider', disabled: Boolean(editing) }, ...store.providers.map((p) => h('option', { value: p.id, selected: p.id === provider.id }, p.displayName)));
  const label = h('input', { id: 'f-label', name: 'label', required: true, maxlength: 64, autocomplete: 'off', value: editing?.label ?? '' });
  const labelError = h('p', { class: 'field-error', id: 'f-label-error' });
  const fieldsBox = h('div', { class: 'fields' });
  const baseUrl = h('input', { id: 'f-base-url', name: 'baseUrl', type: 'url', placeholder: '', value: editing?.baseUrl ?? '', autocomplete: 'off' });
  const interval = h('input', { id: 'f-interval', name: 'pollIntervalSec', type: 'number', min: 10, max: 86400, placeholder: String(store.settings.pollIntervalSec), value: editing?.pollIntervalSec ?? '' });
  const result = h('p', { class: 'test-result', role: 'status', 'aria-live': 'polite' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const testButton = h('button', { class: 'button', type: 'button' }, 'Test connection');
  const saveButton = h('button', { class: 'button primary', type: 'submit' }, editing ? 'Save' : 'Add account');

  function renderFields(): void {
    rows = provider.fields.map((field) => {
      const input = h('input', {
        id: `f-${field.name}`,
        name: field.name,
        type: field.secret ? 'password' : 'text',
        autocomplete: field.secret ? 'new-password' : 'off',
        spellcheck: 'false',
        placeholder: field.secret && editing ? 'Unchanged (leave empty to keep)' : (field.placeholder ?? ''),
        value: !field.secret && editing ? (editing.fields[field.name] ?? '') : '',
        'aria-describedby': `f-${field.name}-error`,
      });
      const error = h('p', { class: 'field-error', id: `f-${field.name}-error` });
      const check = () => {
        const problem = fieldProblem(field, input.value, Boolean(editing));
        setText(error, problem);
        input.setAttribute('aria-invalid', String(Boolean(problem)));
      };
      input.addEventListener('blur', check);
      input.addEventListener('input', () => error.textContent && check());
      return { field, input, error };
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
    for (const r of rows) {
      const problem = fieldProblem(r.field, r.input.value, Boolean(editing));
      setText(r.error, problem);
      r.input.setAttribute('aria-invalid', String(Boolean(problem)));
      if (problem) ok = false;
    }
    const labelProblem = !label.value.trim() ? 'Label is required' : store.accounts.some((a) => a.id !== editId && a.label.toLowerCase() === label.value.trim().toLowerCase()) ? 'Another account already has this label' : '';
    setText(labelError, labelProblem);
    label.setAttribute('aria-invalid', String(Boolean(labelProblem)));
    const first = [labelProblem ? label : null, ...rows.filter((r) => r.error.textContent).map((r) => r.input)].find(Boolean);
    first?.focus();
    return ok && !labelProblem;
  }

  function input(): AccountInput {
    const poll = Number(interval.value);
    return { provider: provider.id as ProviderId, label: label.value.trim(), fields: values(), ...(baseUrl.value.trim() ? { baseUrl: baseUrl.value.trim() } : {}), ...(poll ? { pollIntervalSec: poll } : {}) };
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
      showResult(await api().testConnection(editing ? { id: editing.id, fields: values() } : { input: input() }));
    });
  });

  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-provider' }, 'Provider'), providerSelect),
    h('div', { class: 'field' }, h('label', { for: 'f-label' }, 'Label'), label, labelError),
    fieldsBox,
    h('details', { class: 'advanced' }, h('summary', {}, 'Advanced'), h('div', { class: 'field' }, h('label', { for: 'f-base-url' }, 'Base URL (proxy or regional endpoint)'), baseUrl), h('div', { class: 'field' }, h('label', { for: 'f-interval' }, 'Poll interval, seconds (empty: the default)'), interval)),
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
        ? await api().updateAccount(editing.id, { label: i.label, fields: i.fields, baseUrl: i.baseUrl ?? null, pollIntervalSec: i.pollIntervalSec ?? null })
        : await api().addAccount(i);
      await reloadAccounts();
      go({ name: 'account', id: view.id });
    });
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
