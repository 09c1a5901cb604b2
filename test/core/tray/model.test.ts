import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { badgeFor, trayModel } from '../../../main/core/tray/model.ts';
import { createTrayPresenter, type TraySink } from '../../../main/core/tray/presenter.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../main/core/settings/types.ts';
import { accountState, appState } from '../../helpers/state.ts';

const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...over });

describe('tray model', () => {
  const busy = accountState('prod', { current: 19, limit: 20, level: 'critical' });
  const calm = accountState('staging', { current: 2, limit: 20, level: 'ok' });
  const uncapped = accountState('enterprise', { current: 40, limit: null });
  const burst = accountState('retell', { provider: 'retell', current: 22, limit: 20, level: 'critical', snapshot: { current: 22, limit: 20, utilization: 1.1, sampledAt: 1, extras: { provider: 'retell', inBurst: true } } });
  const broken = accountState('broken', { status: 'error', message: "Vobiz 'broken': credentials rejected (HTTP 401)" });

  test('worst account by default: critical ring, "95", tooltip and menu rows for every account', () => {
    const m = trayModel(appState([calm, busy, uncapped, broken]), settings(), 'linux');
    assert.deepEqual(m.icon, { kind: 'critical', text: '95', fraction: 0.95 });
    assert.equal(m.title, null);
    assert.equal(m.tooltip, ['Headroom', 'staging: 2/20 (10%)', 'prod: 19/20 (95%)', 'enterprise: 40 calls, no cap', "broken: Vobiz 'broken': credentials rejected (HTTP 401)"].join('\n'));
    assert.deepEqual(m.menu.slice(0, 4).map((i) => [i.label, i.action]), [
      ['staging: 2/20 (10%)', { kind: 'open', accountId: 'staging', view: 'account' }],
      ['prod: 19/20 (95%)', { kind: 'open', accountId: 'prod', view: 'account' }],
      ['enterprise: 40 calls, no cap', { kind: 'open', accountId: 'enterprise', view: 'account' }],
      ["broken: Vobiz 'broken': credentials rejected (HTTP 401)", { kind: 'open', accountId: 'broken', view: 'account' }],
    ]);
    assert.deepEqual(m.menu.filter((i) => i.type !== 'separator').slice(4).map((i) => i.label), ['Refresh now', 'Pause 15 min', 'Pause 1 h', 'Pause until resumed', 'Open Headroom', 'Settings…', 'Quit Headroom']);
  });

  test('99+ at or above 100 %, in burst said in the row, not clamped in the title', () => {
    const m = trayModel(appState([burst]), settings(), 'darwin');
    assert.equal(m.icon.text, '99+');
    assert.equal(m.icon.fraction, 1);
    assert.equal(m.title, '110%');
    assert.match(m.menu[0].label, /22\/20 \(110%\), in burst/);
  });

  test('badge modes: total leaves uncapped accounts out; pinned shows that account', () => {
    const state = appState([busy, calm, uncapped]);
    assert.deepEqual(badgeFor(state, settings({ badgeMode: 'total' })), { utilization: 21 / 40, accountId: null });
    assert.deepEqual(badgeFor(state, settings({ badgeMode: 'pinned', pinnedAccountId: 'staging' })), { utilization: 0.1, accountId: 'staging' });
    assert.equal(trayModel(state, settings({ badgeMode: 'total' }), 'linux').icon.kind, 'ok');
    assert.equal(badgeFor(state, settings({ badgeMode: 'pinned', pinnedAccountId: 'gone' })).accountId, 'prod', 'a pinned account that is gone falls back to the worst');
  });

  test('paused, offline, stale, error, no data', () => {
    const paused = trayModel(appState([busy], { pause: { until: null } }), settings(), 'darwin');
    assert.equal(paused.icon.kind, 'paused');
    assert.equal(paused.title, 'paused');
    assert.deepEqual(paused.menu.find((i) => i.id === 'resume')?.action, { kind: 'resume' });
    assert.equal(paused.menu.some((i) => i.id === 'pause-15'), false);
    assert.equal(trayModel(appState([busy], { offline: true }), settings(), 'linux').icon.kind, 'offline');
    assert.equal(trayModel(appState([{ ...busy, status: 'stale' }]), settings(), 'linux').icon.kind, 'stale');
    assert.deepEqual(trayModel(appState([broken]), settings(), 'linux').icon, { kind: 'error', text: '!', fraction: null });
    const empty = trayModel(appState([]), settings(), 'linux');
    assert.deepEqual(empty.icon, { kind: 'none', text: '-', fraction: null });
    assert.equal(empty.menu[0].label, 'No accounts yet');
  });
});

describe('tray presenter', () => {
  function recorder(): TraySink & { calls: string[] } {
    const calls: string[] = [];
    return { calls, setImage: () => void calls.push('image'), setTitle: (t) => void calls.push(`title:${t}`), setToolTip: () => void calls.push('tooltip'), setMenu: () => void calls.push('menu') };
  }

  test('first update sets everything; the same numbers again set nothing; a change sets only what changed', () => {
    const sink = recorder();
    const p = createTrayPresenter(sink, 'darwin');
    const a = accountState('prod', { current: 10, limit: 20, level: 'ok' });
    p.update(appState([a]), settings());
    assert.deepEqual(sink.calls, ['image', 'title:50%', 'tooltip', 'menu']);
    sink.calls.length = 0;
    p.update(appState([{ ...a, lastSuccessAt: 99, snapshot: { ...a.snapshot!, sampledAt: 99 } }]), settings());
    assert.deepEqual(sink.calls, [], 'a poll with the same numbers changes nothing');
    p.update(appState([accountState('prod', { current: 10, limit: 20, level: 'ok', status: 'stale' })]), settings());
    assert.deepEqual(sink.calls, ['image', 'tooltip', 'menu']);
  });

  test('Linux never sets a title', () => {
    const sink = recorder();
    createTrayPresenter(sink, 'linux').update(appState([accountState('a', { current: 1, limit: 2 })]), settings());
    assert.ok(!sink.calls.some((c) => c.startsWith('title')));
  });
});
