import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTray } from '../../main/shell/tray.ts';
import type { OpenTarget } from '../../main/shell/tray-contract.ts';
import { DEFAULT_SETTINGS } from '../../main/core/settings/types.ts';
import { createElectronMock, MockMenu, MockNativeImage, MockTray } from '../mocks/electron.ts';
import { accountState, appState } from '../helpers/state.ts';

function setup(platform: NodeJS.Platform) {
  const electron = createElectronMock();
  const did: string[] = [];
  const opened: Array<OpenTarget | undefined> = [];
  const handle = createTray({
    Tray: electron.Tray,
    Menu: electron.Menu,
    nativeImage: electron.nativeImage,
    platform,
    actions: { openWindow: (t) => void opened.push(t), refreshNow: () => void did.push('refresh'), pause: (m) => void did.push(`pause:${m}`), resume: () => void did.push('resume'), quit: () => void did.push('quit') },
  });
  return { tray: MockTray.instances[0], handle, did, opened };
}

test('Electron tray wiring: image with a @2x representation, tooltip, menu attached, nothing again when nothing changed', () => {
  const { tray, handle, did, opened } = setup('linux');
  const state = appState([accountState('prod', { current: 12, limit: 20, level: 'ok' })]);
  handle.update(state, DEFAULT_SETTINGS);
  const [image] = tray.callsOf('setImage')[0] as [MockNativeImage];
  assert.deepEqual(image.representations.map((r) => r.scaleFactor), [2]);
  assert.equal(image.template, false);
  assert.equal(tray.callsOf('setToolTip')[0][0], 'Headroom\nprod: 12/20 (60%)');
  assert.equal(tray.callsOf('setTitle').length, 0);
  const menu = tray.callsOf('setContextMenu')[0][0] as MockMenu;
  assert.equal(menu.items[0].label, 'prod: 12/20 (60%)');
  const before = tray.calls.length;
  handle.update(appState([accountState('prod', { current: 12, limit: 20, level: 'ok' })]), DEFAULT_SETTINGS);
  assert.equal(tray.calls.length, before, 'no calls when nothing changed');

  menu.items[0].click!();
  menu.items.find((i) => i.label === 'Pause 1 h')!.click!();
  menu.items.find((i) => i.label === 'Refresh now')!.click!();
  menu.items.find((i) => i.label === 'Quit Headroom')!.click!();
  tray.emit('click');
  assert.deepEqual(opened, [{ accountId: 'prod', view: 'account' }, undefined]);
  assert.deepEqual(did, ['pause:60', 'refresh', 'quit']);
});

test('macOS: template image and the percentage as a monospaced-digit title', () => {
  const { tray, handle } = setup('darwin');
  handle.update(appState([accountState('prod', { current: 73, limit: 100, level: 'ok' })]), DEFAULT_SETTINGS);
  const [image] = tray.callsOf('setImage')[0] as [MockNativeImage];
  assert.equal(image.template, true);
  assert.deepEqual(tray.callsOf('setTitle')[0], ['73%', { fontType: 'monospacedDigit' }]);
});
