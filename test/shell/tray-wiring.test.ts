import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { E2EHooks } from '../../main/shell/e2e-hooks.ts';
import type { TrayActions } from '../../main/shell/tray-contract.ts';
import { SETTLE_MS as TRAY_SETTLE_MS } from '../../main/shell/settled.ts';
import { wireTray, type TrayElectron } from '../../main/shell/tray-wiring.ts';
import { createElectronMock, MockTray, type MockMenu } from '../mocks/electron.ts';
import { emptyState, fakeCore } from './helpers/fake-core.ts';

function actions(log: string[]): TrayActions {
  return {
    openWindow: (to) => void log.push(`open ${JSON.stringify(to ?? null)}`),
    refreshNow: () => void log.push('refresh'),
    pause: (m) => void log.push(`pause ${m}`),
    resume: () => void log.push('resume'),
    quit: () => void log.push('quit'),
  };
}

function hooks(): E2EHooks {
  return { demo: true, dataDir: '/d', trays: [], trayActions: null, trayUpdates: 0, lastTrayState: null, lastTraySettings: null, windowVisible: () => false };
}

describe('the tray wiring', () => {
  test('one tray, drawn at once, with a menu whose items reach the actions; a click opens the window', () => {
    const electron = createElectronMock();
    const log: string[] = [];
    wireTray({ electron: electron as unknown as TrayElectron, core: fakeCore(), platform: 'linux', actions: actions(log), hooks: null });
    assert.equal(MockTray.instances.length, 1);
    const tray = MockTray.instances[0];
    const menu = tray.callsOf('setContextMenu').at(-1)![0] as MockMenu;
    const labels = menu.items.map((i) => i.label ?? '---');
    const item = (re: RegExp) => menu.items.find((i) => i.label && re.test(i.label));
    assert.ok(item(/^Open Headroom/), `menu: ${labels.join(', ')}`);
    assert.ok(item(/^Quit/), `menu: ${labels.join(', ')}`);
    item(/^Open Headroom/)!.click!();
    item(/^Quit/)!.click!();
    tray.emit('click');
    assert.deepEqual(log, ['open {"view":"overview"}', 'quit', 'open null']);
  });

  test('redrawn on state events and settings changes; the e2e hooks see the tray and count updates', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const electron = createElectronMock();
    const core = fakeCore();
    const h = hooks();
    const { dispose } = wireTray({ electron: electron as unknown as TrayElectron, core, platform: 'linux', actions: actions([]), hooks: h });
    assert.equal(h.trays.length, 1);
    assert.equal(h.trays[0], MockTray.instances[0]);
    assert.equal(h.trayUpdates, 1);
    core.emit('state', emptyState());
    core.changeSettings({ badgeMode: 'total' });
    assert.equal(h.trayUpdates, 3);
    assert.equal(h.lastTraySettings!.badgeMode, 'total');
    t.mock.timers.tick(TRAY_SETTLE_MS);
    dispose();
    core.emit('state', emptyState());
    assert.equal(h.trayUpdates, 3);
  });

  test('a burst of state events (one per account as a burst of polls ends) is drawn at once, then once per settle window', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const core = fakeCore();
    const h = hooks();
    const { dispose } = wireTray({ electron: createElectronMock() as unknown as TrayElectron, core, platform: 'linux', actions: actions([]), hooks: h });
    for (let i = 0; i < 50; i++) core.emit('state', emptyState());
    assert.equal(h.trayUpdates, 2, 'the first event drawn at once');
    t.mock.timers.tick(TRAY_SETTLE_MS);
    assert.equal(h.trayUpdates, 3, 'the other 49 drawn once, at the end of the window');
    t.mock.timers.tick(TRAY_SETTLE_MS * 4);
    assert.equal(h.trayUpdates, 3, 'nothing owed: no redraw');
    core.emit('state', emptyState());
    assert.equal(h.trayUpdates, 4, 'after a quiet spell, drawn at once again');
    dispose();
  });
});
