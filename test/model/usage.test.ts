/**
 * A limit of 0 read one way everywhere (main/model/usage.ts): "limit 0, no calls possible", never
 * "3/0 (300%)", Infinity or NaN. The rule itself, then every view that formats current/limit.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluatePoll, type AccountAlertMemory } from '../../main/core/alerts/rules.ts';
import { accountState as pollerAccountState } from '../../main/core/poller/account-state.ts';
import { aggregate } from '../../main/core/state/aggregate.ts';
import { accountSummary, trayModel } from '../../main/core/tray/model.ts';
import type { Account } from '../../main/model/account.ts';
import type { Snapshot } from '../../main/model/provider.ts';
import { DEFAULT_SETTINGS } from '../../main/model/settings.ts';
import { levelOf } from '../../main/model/glance.ts';
import { noCallsText, usageText, utilizationOf, wholePercent } from '../../main/model/usage.ts';
import { numbers as windowNumbers, pct as windowPct } from '../../renderer/src/ui/format.ts';
import { accountState, appState } from '../helpers/state.ts';

const FAKE = /Infinity|NaN|\/ ?0\b|\d%/;
const T = { warnPct: 70, criticalPct: 90, limitPct: 100 };

function zero(current: number, provider: 'retell' | 'ultravox' = 'retell'): Snapshot {
  const extras = provider === 'retell' ? { provider, inBurst: false } : { provider, noCap: false };
  return { current, limit: 0, utilization: utilizationOf(current, 0), sampledAt: 1, extras } as Snapshot;
}

describe('the rule', () => {
  test('utilization: a fraction only with a positive limit', () => {
    assert.equal(utilizationOf(3, 0), null);
    assert.equal(utilizationOf(0, 0), null);
    assert.equal(utilizationOf(3, null), null);
    assert.equal(utilizationOf(30, 20), 1.5, 'over 100 % is real, never clamped');
    assert.equal(utilizationOf(Number.NaN, 5), null);
  });
  test('words', () => {
    assert.equal(usageText({ current: 0, limit: 0 }), 'limit 0, no calls possible');
    assert.equal(usageText({ current: 3, limit: 0 }, { spaced: true, unit: 'concurrent calls' }), 'limit 0, no calls possible (3 still active)');
    assert.equal(noCallsText(3), 'limit 0, no calls possible (3 still active)');
    assert.equal(usageText({ current: 12, limit: 20 }), '12/20 (60%)');
    assert.equal(usageText({ current: 12, limit: 20 }, { spaced: true, unit: 'concurrent calls' }), '12 / 20 concurrent calls (60%)');
    assert.equal(usageText({ current: 199, limit: 200 }), '199/200 (99%)', 'one percent rule: rounded down, 100% only at the limit');
    assert.equal(usageText({ current: 4, limit: null }), '4 calls, no cap');
    assert.equal(usageText({ current: 4, limit: null }, { unit: 'concurrent calls' }), '4 concurrent calls, no cap');
    assert.equal(wholePercent(0.996), 99);
    assert.equal(wholePercent(0.57), 57, 'no floating-point slip below a whole percent');
  });
  test('level: no headroom at all is at limit; no cap is its own level', () => {
    const ux = { provider: 'ultravox', noCap: false } as const;
    assert.equal(levelOf(zero(0), T), 'at-limit');
    assert.equal(levelOf({ current: 5, limit: null, utilization: null, extras: ux }, T), 'no-cap');
    assert.equal(levelOf({ current: 8, limit: 10, utilization: 0.8, extras: ux }, T), 'high');
    assert.equal(levelOf(undefined, T), 'no-data');
  });
});

describe('every view formats a limit of 0 by the rule', () => {
  const account: Account = { id: 'z', provider: 'retell', label: 'zero', fields: {}, enabled: true, createdAt: 't', updatedAt: 't' };

  test('tray: tooltip, menu row and summary; no badge percentage from it', () => {
    const state = appState([accountState('zero', { current: 3, limit: 0, level: 'at-limit' }), accountState('other', { current: 5, limit: 10 })]);
    assert.equal(accountSummary(state.accounts[0]), 'limit 0, no calls possible (3 still active) · live');
    const tray = trayModel(state, DEFAULT_SETTINGS, 'linux');
    assert.equal(tray.tooltip, 'zero: limit 0, no calls possible (3 still active) · live\nother: 5/10 (50%) · normal · live');
    assert.equal(tray.menu.find((m) => m.id === 'account:zero')?.label, 'zero: limit 0, no calls possible (3 still active) · live');
    assert.equal(tray.icon.text, '50', 'the badge shows the accounts that have a percentage');
    const mac = trayModel(appState([accountState('zero', { current: 0, limit: 0 })]), DEFAULT_SETTINGS, 'darwin');
    assert.doesNotMatch(`${mac.title} ${mac.icon.text} ${mac.tooltip}`, /Infinity|NaN|\d%/);
  });

  test('aggregate: no Infinity in the worst or the total', () => {
    const agg = aggregate([accountState('zero', { current: 3, limit: 0 }), accountState('other', { current: 5, limit: 10 })]);
    assert.equal(agg.worstAccountId, 'other');
    assert.equal(agg.worstUtilization, 0.5);
    assert.ok(Number.isFinite(agg.totalUtilization!));
    assert.equal(aggregate([accountState('zero', { current: 3, limit: 0 })]).totalUtilization, null);
  });

  test('account state: level at limit, the snapshot kept as it is', () => {
    const s = pollerAccountState(
      { account, outcome: { status: 'ok' }, snapshot: zero(3), details: [], lastSuccessAt: 1 },
      { now: 2, paused: false, offline: false, intervalMs: 30_000, alerts: DEFAULT_SETTINGS.alerts },
    );
    assert.equal(s.level, 'at-limit');
    assert.equal(s.snapshot?.utilization, null);
  });

  test('alerts: no utilization alert with a fake percentage, no burst alert, nothing NaN in memory', () => {
    let memory: AccountAlertMemory | undefined;
    const bodies: string[] = [];
    for (const [i, snapshot] of [zero(0), zero(3), zero(3)].entries()) {
      const r = evaluatePoll(memory, { accountId: 'z', at: i, snapshot }, account, DEFAULT_SETTINGS.alerts, i);
      memory = r.memory;
      bodies.push(...r.drafts.map((d) => d.body));
    }
    assert.deepEqual(bodies, []);
    assert.ok(Object.values(memory!.levels).every((l) => !l.active && l.streak === 0), 'no level counts towards an alert');
    assert.equal(memory!.inBurst, false);
  });

  test('window: the numbers and the percentage', () => {
    const a = accountState('zero', { current: 3, limit: 0 });
    assert.equal(windowNumbers(a), 'limit 0, no calls possible (3 still active)');
    assert.equal(windowPct(a.snapshot!.utilization), '—');
    assert.doesNotMatch(windowNumbers(accountState('idle', { current: 0, limit: 0 })), FAKE);
    assert.equal(windowNumbers(accountState('capped', { current: 12, limit: 20 })), '12 / 20');
  });
});
