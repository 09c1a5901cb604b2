import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { badgeFor, badgeText, MENU_LABEL_MAX, trayModel, trayTooltip, WIN_TOOLTIP_MAX, type MenuItemModel } from '../../../main/core/tray/model.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../main/model/settings.ts';
import type { AccountState } from '../../../main/model/state.ts';
import { accountState, appState } from '../../helpers/state.ts';

const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...over });
const labels = (menu: MenuItemModel[]) => menu.map((i) => (i.type === 'separator' ? '---' : i.label));

const busy = accountState('prod', { current: 19, limit: 20, level: 'critical' });
const calm = accountState('staging', { current: 2, limit: 20, level: 'normal' });
const uncapped = accountState('enterprise', { current: 40, limit: null });
const burst = accountState('retell', { provider: 'retell', current: 22, limit: 20, level: 'in-burst', snapshot: { current: 22, limit: 20, utilization: 1.1, sampledAt: 1, extras: { provider: 'retell', inBurst: true } } });
const broken: AccountState = accountState('broken', { status: 'error', errorKind: 'auth', message: "Vobiz 'broken': credentials rejected (HTTP 401)" });

describe('tray model', () => {
  test('worst account by default: critical ring, "95", a tooltip line and a menu row per account', () => {
    const m = trayModel(appState([calm, busy, uncapped, broken]), settings(), 'linux');
    assert.deepEqual(m.icon, { kind: 'critical', text: '95', fraction: 0.95 });
    assert.equal(m.title, null);
    // Both facts in words, most in need of attention first: failing, then the fullest.
    assert.equal(m.tooltip, ['broken: failing: credentials rejected', 'prod: 19/20 (95%) · critical · live', 'staging: 2/20 (10%) · normal · live', 'enterprise: 40 calls, no cap · live'].join('\n'));
    assert.deepEqual(labels(m.menu), [
      'broken: failing: credentials rejected',
      'prod: 19/20 (95%) · critical · live',
      'staging: 2/20 (10%) · normal · live',
      'enterprise: 40 calls, no cap · live',
      '---',
      'Refresh now',
      'Pause 15 min',
      'Pause 1 h',
      'Pause until resumed',
      '---',
      'Open Headroom',
      'Settings…',
      '---',
      'Quit',
    ]);
    assert.deepEqual(m.menu.slice(0, 4).map((i) => i.action), ['broken', 'prod', 'staging', 'enterprise'].map((accountId) => ({ kind: 'open', accountId, view: 'account' })));
    assert.equal(m.menu[0].toolTip, "Vobiz 'broken': credentials rejected (HTTP 401)", 'the full error on hover');
    const byId = Object.fromEntries(m.menu.map((i) => [i.id, i.action]));
    assert.deepEqual(
      [byId.refresh, byId['pause-15'], byId['pause-60'], byId['pause-forever'], byId.open, byId.settings, byId.quit],
      [{ kind: 'refresh' }, { kind: 'pause', minutes: 15 }, { kind: 'pause', minutes: 60 }, { kind: 'pause', minutes: null }, { kind: 'open', view: 'overview' }, { kind: 'open', view: 'settings' }, { kind: 'quit' }],
    );
  });

  test('levels follow the account\'s level, else the user\'s thresholds', () => {
    assert.equal(trayModel(appState([calm]), settings(), 'linux').icon.kind, 'ok');
    assert.equal(trayModel(appState([accountState('a', { current: 17, limit: 20, level: 'high' })]), settings(), 'linux').icon.kind, 'warn');
    const strict = settings({ alerts: { ...DEFAULT_SETTINGS.alerts, warnPct: 5, criticalPct: 50 } });
    assert.equal(trayModel(appState([calm, busy, uncapped]), { ...strict, badgeMode: 'total' }, 'linux').icon.kind, 'critical', 'total 21/40 is critical at a 50 % threshold');
    assert.equal(trayModel(appState([accountState('b', { current: 19, limit: 20, level: 'at-limit' })]), settings(), 'linux').icon.kind, 'critical', 'at limit and in burst are red too');
  });

  test('numbers: 0..99, "99+" at or above 100 %, "-" without data; rounded down so 99.6 % is 99', () => {
    assert.deepEqual([0, 0.07, 0.996, 1, 1.1].map(badgeText), ['0', '7', '99', '99+', '99+']);
    assert.equal(badgeText(null), '-');
    const m = trayModel(appState([burst]), settings(), 'darwin');
    assert.deepEqual(m.icon, { kind: 'critical', text: '99+', fraction: 1 });
    assert.equal(m.title, '110%', 'the title is not clamped');
    assert.equal(m.menu[0].label, 'retell: 22/20 (110%) · in burst · live');
  });

  test('badge modes: worst, total (uncapped left out), pinned (falls back to worst when gone)', () => {
    const state = appState([busy, calm, uncapped]);
    assert.deepEqual(badgeFor(state, settings()), { utilization: 0.95, accountId: 'prod' });
    assert.deepEqual(badgeFor(state, settings({ badgeMode: 'total' })), { utilization: 21 / 40, accountId: null });
    assert.deepEqual(badgeFor(state, settings({ badgeMode: 'pinned', pinnedAccountId: 'staging' })), { utilization: 0.1, accountId: 'staging' });
    assert.deepEqual(badgeFor(state, settings({ badgeMode: 'pinned', pinnedAccountId: 'enterprise' })), { utilization: null, accountId: 'enterprise' });
    assert.deepEqual(badgeFor(state, settings({ badgeMode: 'pinned', pinnedAccountId: 'gone' })), { utilization: 0.95, accountId: 'prod' });
    assert.deepEqual(trayModel(state, settings({ badgeMode: 'total' }), 'darwin').icon, { kind: 'ok', text: '52', fraction: 21 / 40 });
    assert.deepEqual(trayModel(state, settings({ badgeMode: 'pinned', pinnedAccountId: 'staging' }), 'darwin').title, '10%');
    assert.deepEqual(trayModel(state, settings({ badgeMode: 'pinned', pinnedAccountId: 'enterprise' }), 'darwin').icon, { kind: 'none', text: '-', fraction: null });
  });

  test('paused: pause mark, "paused" title, Resume instead of the pause items, numbers do not matter', () => {
    const paused = (accounts: AccountState[]) => trayModel(appState(accounts.map((a) => ({ ...a, status: 'paused' as const })), { pause: { until: null } }), settings(), 'darwin');
    const m = paused([busy]);
    assert.deepEqual(m.icon, { kind: 'paused', text: '', fraction: null });
    assert.equal(m.title, 'paused');
    assert.equal(m.tooltip, 'Paused until resumed\nprod: 19/20 (95%) · critical', 'paused is said once, at the top');
    assert.deepEqual(labels(m.menu).slice(2, 4), ['Refresh now', 'Resume (paused until resumed)']);
    assert.deepEqual(m.menu.find((i) => i.id === 'resume')?.action, { kind: 'resume' });
    assert.ok(!m.menu.some((i) => i.id.startsWith('pause-')));
    assert.deepEqual(paused([calm]).icon, m.icon);
    const until = new Date(2026, 0, 2, 14, 30).getTime();
    const timed = trayModel(appState([calm], { pause: { until } }), settings(), 'linux', until - 3_600_000);
    assert.equal(timed.menu.find((i) => i.id === 'resume')?.label, 'Resume (paused until 14:30)');
  });

  test('offline: hollow icon with the last number, said once at the top of tooltip and menu', () => {
    const m = trayModel(appState([{ ...busy, status: 'offline' }], { offline: true }), settings(), 'linux');
    assert.deepEqual(m.icon, { kind: 'offline', text: '95', fraction: null });
    assert.equal(m.tooltip, 'Offline\nprod: 19/20 (95%) · critical');
    assert.deepEqual(m.menu[0], { id: 'offline', label: 'Offline: showing the last numbers', enabled: false });
  });

  test('stale: grey when the badge account is stale, or every account in the total', () => {
    const stale = { ...busy, status: 'stale' as const };
    assert.deepEqual(trayModel(appState([stale, calm]), settings(), 'linux').icon, { kind: 'stale', text: '95', fraction: 0.95 });
    assert.equal(trayModel(appState([stale, calm]), settings({ badgeMode: 'total' }), 'linux').icon.kind, 'ok');
    assert.equal(trayModel(appState([stale, { ...calm, status: 'stale' }]), settings({ badgeMode: 'total' }), 'linux').icon.kind, 'stale');
    const since = new Date(2026, 0, 2, 14, 2).getTime();
    assert.equal(trayModel(appState([{ ...stale, lastSuccessAt: since }]), settings(), 'linux', since + 6 * 60_000).menu[0].label, 'prod: 19/20 (95%) · critical · stale since 14:02');
  });

  test('error: "!" when the badge account failed or nothing has numbers and something failed', () => {
    assert.deepEqual(trayModel(appState([broken]), settings(), 'darwin').icon, { kind: 'error', text: '!', fraction: null });
    assert.equal(trayModel(appState([broken]), settings(), 'darwin').title, '!');
    const failedWithOld = { ...busy, status: 'error' as const, errorKind: 'network' as const, message: 'Ultravox prod: unreachable' };
    const m = trayModel(appState([failedWithOld, calm]), settings(), 'darwin');
    assert.equal(m.icon.kind, 'error');
    assert.equal(m.title, '95%');
    assert.equal(m.menu[0].label, 'prod: failing: unreachable · last 19/20 (95%) · critical');
    assert.equal(trayModel(appState([broken, calm]), settings(), 'linux').icon.kind, 'ok', 'another account\'s error does not hide the worst number');
    const creds = accountState('c', { status: 'needs-credentials', message: 'Credentials missing' });
    assert.equal(trayModel(appState([creds]), settings(), 'linux').icon.kind, 'error');
    assert.equal(trayModel(appState([creds]), settings(), 'linux').menu[0].label, 'c: needs credentials');
    const noKind = accountState('x', { status: 'error', message: 'something odd' });
    assert.equal(trayModel(appState([noKind]), settings(), 'linux').menu[0].label, 'x: failing: something odd');
  });

  test('no accounts, pending and disabled accounts', () => {
    const empty = trayModel(appState([]), settings(), 'darwin');
    assert.deepEqual(empty.icon, { kind: 'none', text: '-', fraction: null });
    assert.equal(empty.title, '');
    assert.equal(empty.tooltip, 'Headroom: no accounts yet');
    assert.deepEqual(empty.menu[0], { id: 'no-accounts', label: 'No accounts yet', enabled: false });
    const m = trayModel(appState([accountState('new'), accountState('off', { current: 3, limit: 10, status: 'disabled' })]), settings(), 'linux');
    assert.deepEqual(labels(m.menu).slice(0, 2), ['new: waiting for the first poll', 'off: disabled']);
    assert.equal(m.icon.kind, 'none');
  });

  test('long menu labels are cut with the full text as the item tooltip', () => {
    const long = accountState('a'.repeat(80), { current: 1, limit: 2, level: 'normal' });
    const row = trayModel(appState([long]), settings(), 'darwin').menu[0];
    assert.equal(row.label.length, MENU_LABEL_MAX);
    assert.ok(row.label.endsWith('…'));
    assert.equal(row.toolTip, `${'a'.repeat(80)}: 1/2 (50%) · normal · live`);
  });

  test('Windows tooltips keep whole lines within 127 characters and count the rest', () => {
    const many = appState(Array.from({ length: 12 }, (_, i) => accountState(`account-${i}`, { current: i, limit: 20, level: 'normal' })));
    const win = trayTooltip(many, 'win32');
    assert.ok(win.length <= WIN_TOOLTIP_MAX);
    const lines = win.split('\n');
    assert.equal(lines.at(-1), `+${12 - (lines.length - 1)} more`);
    assert.deepEqual(lines.slice(0, -1), trayTooltip(many, 'linux').split('\n').slice(0, lines.length - 1));
    assert.equal(trayTooltip(many, 'linux').split('\n').length, 11, 'ten accounts and "+2 more" everywhere');
    assert.equal(trayTooltip(appState([calm]), 'win32'), 'staging: 2/20 (10%) · normal · live');
    const huge = trayTooltip(appState([accountState('x'.repeat(200), { current: 1, limit: 2 })]), 'win32');
    assert.equal(huge.length, WIN_TOOLTIP_MAX);
  });

  test('the model is plain data: JSON round trip keeps it whole', () => {
    const m = trayModel(appState([calm, busy, uncapped, broken, burst]), settings(), 'darwin');
    assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  });

  test('200 accounts: the worst few at the top, every account in a submenu per provider, worst first', () => {
    const providers = ['retell', 'vobiz', 'puretalk', 'ultravox'] as const;
    const accounts = Array.from({ length: 200 }, (_, i) => accountState(`acct-${String(i).padStart(3, '0')}`, { provider: providers[i % 4], current: i % 100, limit: 100 }));
    accounts[7] = { ...accounts[7], status: 'error', errorKind: 'network', message: 'down' };
    const m = trayModel(appState(accounts), settings(), 'linux');
    const top = m.menu.slice(0, 8);
    assert.deepEqual(top[0], { id: 'worst-heading', label: 'Needing attention first (5 of 200)', enabled: false });
    assert.deepEqual(
      top.slice(1, 6).map((i) => i.id),
      ['account:acct-007', 'account:acct-099', 'account:acct-199', 'account:acct-098', 'account:acct-198'],
      'the failing account, then the fullest',
    );
    assert.deepEqual(top[6], { id: 'all-heading', label: 'All accounts', enabled: false });
    const subs = m.menu.filter((i) => i.id.startsWith('provider:'));
    assert.deepEqual(subs.map((i) => i.label), ['Retell AI (50)', 'Vobiz (50)', 'Puretalk AI (50)', 'Ultravox (50)']);
    assert.equal(subs.reduce((n, i) => n + (i.submenu?.length ?? 0), 0), 200, 'every account reachable');
    assert.ok(m.menu.length < 30, `a short menu (${m.menu.length} items)`);
    const lines = m.tooltip.split('\n');
    assert.equal(lines.length, 11);
    assert.equal(lines.at(-1), '+190 more');
  });
});
