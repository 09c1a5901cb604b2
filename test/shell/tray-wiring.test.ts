import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { E2EHooks } from '../../main/shell/e2e-hooks.ts';
import type { TrayActions } from '../../main/shell/tray-contract.ts';
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

  test('redrawn on every state event and settings change; the e2e hooks see the tray and count updates', () => {
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
    dispose();
    core.emit('state', emptyState());
    assert.equal(h.trayUpdates, 3);
  });
});
