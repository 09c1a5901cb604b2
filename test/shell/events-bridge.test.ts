import assert from 'node:assert/strict';
import { beforeEach, describe, test, type TestContext } from 'node:test';
import type { BrowserWindowCtor } from '../../main/shell/electron-types.ts';
import { forwardCoreEvents } from '../../main/shell/events-bridge.ts';
import type { AppState } from '../../main/model/state.ts';
import { rendererTarget } from '../../main/shell/renderer-target.ts';
import { SETTLE_MS } from '../../main/shell/settled.ts';
import { createWindowController, type WindowController } from '../../main/shell/windows.ts';
import { MockBrowserWindow } from '../mocks/electron.ts';
import { emptyState, fakeCore } from './helpers/fake-core.ts';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function windowsFor(quitting: { value: boolean }): WindowController {
  return createWindowController({
    BrowserWindow: MockBrowserWindow as unknown as BrowserWindowCtor,
    target: rendererTarget({ appPath: '/opt/headroom', isPackaged: true, env: {} }),
    preloadPath: '/opt/headroom/dist/preload.cjs',
    isQuitting: () => quitting.value,
  });
}

describe('core events to the window', () => {
  beforeEach(() => {
    MockBrowserWindow.instances = [];
  });

  test('state, alerts and notices reach a visible window on their channels', async () => {
    const core = fakeCore();
    const windows = windowsFor({ value: false });
    windows.show();
    forwardCoreEvents(core, windows);
    await settle();
    core.emit('state', emptyState());
    core.emit('notices', [{ id: 'keychain', level: 'error', message: 'locked' }]);
    const sent = MockBrowserWindow.instances[0].webContents.callsOf('send');
    assert.deepEqual(sent.map(([channel]) => channel), ['headroom:event:state', 'headroom:event:notices']);
    assert.deepEqual(sent[1][1], [{ id: 'keychain', level: 'error', message: 'locked' }]);
  });

  /** A shown window forwarded to, with mock timers from here on; the states sent to it so far. */
  async function shownWithMockTimers(t: TestContext) {
    const core = fakeCore();
    const windows = windowsFor({ value: false });
    windows.show();
    forwardCoreEvents(core, windows);
    await settle();
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const web = MockBrowserWindow.instances[0].webContents;
    const sent = () => web.callsOf('send').filter(([channel]) => channel === 'headroom:event:state').map(([, s]) => s as AppState);
    return { core, windows, sent };
  }

  test('a burst of state changes reaches a visible window as the first at once and the latest after the settle window', async (t) => {
    const { core, sent } = await shownWithMockTimers(t);
    const states = () => sent().map((s) => s.offline);
    for (let i = 0; i < 50; i++) core.emit('state', { ...emptyState(), offline: i % 2 === 0 });
    assert.deepEqual(states(), [true], 'the first at once');
    t.mock.timers.tick(SETTLE_MS);
    assert.deepEqual(states(), [true, false], 'then the latest, once');
    t.mock.timers.tick(SETTLE_MS);
    assert.deepEqual(states(), [true, false], 'nothing owed, nothing sent');
  });

  test('hidden and shown again within the settle window: the window ends on the latest state, never an older one', async (t) => {
    const { core, windows, sent } = await shownWithMockTimers(t);
    const pauses = () => sent().map((s) => s.pause?.until);
    const state = (n: number) => ({ ...emptyState(), pause: { until: n } });
    core.emit('state', state(1));
    core.emit('state', state(2));
    windows.hide();
    core.emit('state', state(3));
    windows.show();
    t.mock.timers.tick(SETTLE_MS);
    assert.equal(pauses().at(-1), 3, `sent: ${pauses()}`);
  });

  test('a hidden window is not woken by state changes: it gets the latest one when shown', async () => {
    const core = fakeCore();
    const windows = windowsFor({ value: false });
    windows.ensure();
    forwardCoreEvents(core, windows);
    await settle();
    const web = MockBrowserWindow.instances[0].webContents;
    for (let i = 0; i < 50; i++) core.emit('state', { ...emptyState(), offline: i % 2 === 0 });
    core.emit('notices', []);
    assert.deepEqual(web.callsOf('send').map(([channel]) => channel), ['headroom:event:notices'], 'notices still arrive; 50 states do not');
    assert.equal(windows.isVisible(), false, 'state pushes never show the window');
    windows.show();
    const states = web.callsOf('send').filter(([channel]) => channel === 'headroom:event:state');
    assert.equal(states.length, 1, 'one state on show');
    assert.equal((states[0][1] as { offline: boolean }).offline, false, 'the latest one');
    windows.hide();
    windows.show();
    assert.equal(web.callsOf('send').filter(([channel]) => channel === 'headroom:event:state').length, 1, 'nothing new, nothing sent');
  });

  test('without a window, state pushes are dropped (no window is created for them)', () => {
    const core = fakeCore();
    const quitting = { value: true };
    const windows = windowsFor(quitting);
    MockBrowserWindow.instances.length = 0;
    forwardCoreEvents(core, windows);
    core.emit('state', emptyState());
    assert.equal(MockBrowserWindow.instances.length, 0);
  });

  test('navigate shows the window and delivers the target once the page has loaded', async () => {
    const core = fakeCore();
    const windows = windowsFor({ value: false });
    forwardCoreEvents(core, windows);
    core.navigate({ accountId: 'acct-1', view: 'account' });
    assert.equal(windows.isVisible(), true);
    const win = MockBrowserWindow.instances[0];
    await settle();
    assert.deepEqual(win.webContents.callsOf('send'), [['headroom:event:navigate', { accountId: 'acct-1', view: 'account' }]]);
  });

  test('dispose stops forwarding', async () => {
    const core = fakeCore();
    const windows = windowsFor({ value: false });
    windows.ensure();
    await settle();
    forwardCoreEvents(core, windows)();
    core.emit('state', emptyState());
    assert.deepEqual(MockBrowserWindow.instances[0].webContents.callsOf('send'), []);
  });
});
