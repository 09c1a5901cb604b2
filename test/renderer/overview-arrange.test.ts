import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountState, AccountStatus, Level } from '../../main/model/state.ts';
import type { ProviderId } from '../../main/model/provider.ts';
import { arrange, filterWords, matches, needsAttention } from '../../renderer/src/views/overview-arrange.ts';

function account(label: string, provider: ProviderId, status: AccountStatus, level: Level, utilization: number | null = null): AccountState {
  const snapshot =
    utilization === null
      ? undefined
      : { provider, current: utilization * 10, limit: 10, utilization, sampledAt: 0, extras: { provider: 'puretalk' as const } };
  return { id: label.toLowerCase().replace(/\W+/g, '-'), label, provider, demo: false, status, level, details: [], snapshot } as AccountState;
}

const accounts = [
  account('Calm sales', 'vobiz', 'ok', 'normal', 0.3),
  account('Hot support', 'retell', 'ok', 'critical', 0.96),
  account('Broken clinic', 'puretalk', 'error', 'normal', 0.2),
  account('Off agents', 'ultravox', 'disabled', 'high', 0.85),
  account('Warm sales', 'retell', 'ok', 'high', 0.82),
];

test('worst first by attention (failing, then fuller), disabled last; or by name', () => {
  const worst = arrange(accounts, { byName: false, filter: '', groupByProvider: false });
  assert.equal(worst.length, 1);
  assert.equal(worst[0].provider, null);
  assert.deepEqual(worst[0].accounts.map((a) => a.label), ['Broken clinic', 'Hot support', 'Warm sales', 'Calm sales', 'Off agents']);
  const byName = arrange(accounts, { byName: true, filter: '', groupByProvider: false });
  assert.deepEqual(byName[0].accounts.map((a) => a.label), ['Broken clinic', 'Calm sales', 'Hot support', 'Off agents', 'Warm sales']);
});

test('the filter: every word in the label or the provider (name or id), any case', () => {
  assert.deepEqual(filterWords('  Retell   SALES '), ['retell', 'sales']);
  const labels = (filter: string) => arrange(accounts, { byName: true, filter, groupByProvider: false })[0].accounts.map((a) => a.label);
  assert.deepEqual(labels('sales'), ['Calm sales', 'Warm sales']);
  assert.deepEqual(labels('retell sales'), ['Warm sales']);
  assert.deepEqual(labels('Retell AI'), ['Hot support', 'Warm sales']);
  assert.deepEqual(labels('puretalk'), ['Broken clinic']);
  assert.deepEqual(labels('nothing'), []);
  assert.equal(matches(accounts[0], []), true);
});

test('grouped: providers in their fixed order, empty groups left out, totals before filtering', () => {
  const groups = arrange(accounts, { byName: false, filter: '', groupByProvider: true });
  assert.deepEqual(groups.map((g) => g.provider), ['retell', 'vobiz', 'puretalk', 'ultravox']);
  assert.deepEqual(groups[0].accounts.map((a) => a.label), ['Hot support', 'Warm sales']);
  const sales = arrange(accounts, { byName: false, filter: 'sales', groupByProvider: true });
  assert.deepEqual(sales.map((g) => [g.provider, g.accounts.length, g.total]), [['retell', 1, 2], ['vobiz', 1, 1]]);
});

test('needs attention: failing, without credentials, stale, or critical and fuller', () => {
  assert.deepEqual(accounts.filter(needsAttention).map((a) => a.label), ['Hot support', 'Broken clinic']);
  assert.equal(needsAttention(account('No key', 'retell', 'needs-credentials', 'no-data')), true);
  assert.equal(needsAttention(account('Burst', 'retell', 'ok', 'in-burst', 1.2)), true);
  assert.equal(needsAttention(account('Old numbers', 'retell', 'stale', 'normal', 0.3)), true, 'stale: its numbers may no longer be true');
  assert.equal(needsAttention(account('Warm', 'retell', 'ok', 'high', 0.85)), false, 'high is worth a colour, not a count');
});
