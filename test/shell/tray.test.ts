import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as Electron from 'electron';
import { drawIcon, drawTemplateIcon } from '../../main/core/icon/draw.ts';
import { createTray, type TrayDeps } from '../../main/shell/tray.ts';
import type { OpenTarget } from '../../main/shell/tray-contract.ts';
import { DEFAULT_SETTINGS } from '../../main/model/settings.ts';
import { createElectronMock, MockMenu, MockNativeImage, MockTray } from '../mocks/electron.ts';
import { accountState, appState } from '../helpers/state.ts';

/** Compile-time check (tsc): the real Electron Tray, Menu and nativeImage fit the slices createTray takes. */
type RealElectron = { Tray: typeof Electron.Tray; Menu: typeof Electron.Menu; nativeImage: typeof Electron.nativeImage };
export const _realElectronFits: RealElectron extends Pick<TrayDeps<Electron.NativeImage>, 'Tray' | 'Menu' | 'nativeImage'> ? true : false = true;

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
  const tray = MockTray.instances[0];
  const count = (method: string) => tray.callsOf(method).length;
  const lastMenu = () => tray.callsOf('setContextMenu').at(-1)![0] as MockMenu;
  const item = (label: string) => lastMenu().items.find((i) => i.label === label)!;
  return { tray, handle, did, opened, count, lastMenu, item };
}

const prod = (current: number, over = {}) => accountState('prod', { current, limit: 20, level: current >= 16 ? 'high' : 'normal', ...over });

describe('Electron tray wiring', () => {
  test('starts with a placeholder image; a click on the icon opens the window', () => {
    const { tray, opened } = setup('linux');
    const image = tray.image as MockNativeImage;
    assert.ok(image.buffer.equals(drawIcon({ kind: 'none', text: '-', fraction: null }, 16)));
    tray.emit('click');
    assert.deepEqual(opened, [undefined]);
  });

  test('Linux/Windows: coloured image with a @2x representation, tooltip, menu attached, no title', () => {
    const { tray, handle, lastMenu } = setup('linux');
    handle.update(appState([prod(12)]), DEFAULT_SETTINGS);
    const [image] = tray.callsOf('setImage')[0] as [MockNativeImage];
    const icon = { kind: 'ok', text: '60', fraction: 0.6 } as const;
    assert.ok(image.buffer.equals(drawIcon(icon, 16)));
    assert.deepEqual(image.representations, [{ scaleFactor: 2, buffer: drawIcon(icon, 32) }]);
    assert.equal(image.template, false);
    assert.deepEqual(tray.callsOf('setToolTip'), [['prod: 12/20 (60%) · normal · live']]);
    assert.equal(tray.callsOf('setTitle').length, 0);
    assert.deepEqual(
      lastMenu().items.map((i) => i.type ?? i.label),
      ['prod: 12/20 (60%) · normal · live', 'separator', 'Refresh now', 'Pause 15 min', 'Pause 1 h', 'Pause until resumed', 'separator', 'Open Headroom', 'Settings…', 'separator', 'Quit'],
    );
  });

  test('macOS: template image at both sizes and the percentage as a monospaced-digit title', () => {
    const { tray, handle } = setup('darwin');
    assert.equal((tray.image as MockNativeImage).template, true, 'the placeholder is a template too');
    handle.update(appState([accountState('prod', { current: 73, limit: 100, level: 'normal' })]), DEFAULT_SETTINGS);
    const [image] = tray.callsOf('setImage')[0] as [MockNativeImage];
    const icon = { kind: 'ok', text: '73', fraction: 0.73 } as const;
    assert.equal(image.template, true);
    assert.ok(image.buffer.equals(drawTemplateIcon(icon, 16)));
    assert.ok(image.representations[0].buffer.equals(drawTemplateIcon(icon, 32)));
    assert.deepEqual(tray.callsOf('setTitle'), [['73%', { fontType: 'monospacedDigit' }]]);
  });

  test('nothing is called again when nothing changed; a change calls only what changed', () => {
    const { tray, handle, count } = setup('darwin');
    handle.update(appState([prod(12)]), DEFAULT_SETTINGS);
    const before = tray.calls.length;
    handle.update(appState([prod(12, { lastSuccessAt: 5 })]), DEFAULT_SETTINGS);
    assert.equal(tray.calls.length, before, 'no calls when nothing changed');
    handle.update(appState([prod(12, { label: 'Production' })]), DEFAULT_SETTINGS);
    assert.deepEqual([count('setImage'), count('setTitle'), count('setToolTip'), count('setContextMenu')], [1, 1, 2, 2]);
    handle.update(appState([prod(17, { label: 'Production' })]), DEFAULT_SETTINGS);
    assert.deepEqual([count('setImage'), count('setTitle'), count('setToolTip'), count('setContextMenu')], [2, 2, 3, 3]);
    assert.deepEqual(tray.callsOf('setTitle').at(-1), ['85%', { fontType: 'monospacedDigit' }]);
  });

  test('menu items run the actions', () => {
    const { handle, did, opened, item, lastMenu } = setup('linux');
    handle.update(appState([prod(12)]), DEFAULT_SETTINGS);
    item('prod: 12/20 (60%) · normal · live').click!();
    item('Pause 15 min').click!();
    item('Pause 1 h').click!();
    item('Pause until resumed').click!();
    item('Refresh now').click!();
    item('Open Headroom').click!();
    item('Settings…').click!();
    item('Quit').click!();
    assert.deepEqual(opened, [{ accountId: 'prod', view: 'account' }, { accountId: undefined, view: 'overview' }, { accountId: undefined, view: 'settings' }]);
    assert.deepEqual(did, ['pause:15', 'pause:60', 'pause:null', 'refresh', 'quit']);
    handle.update(appState([prod(12, { status: 'paused' })], { pause: { until: null } }), DEFAULT_SETTINGS);
    item('Resume (paused until resumed)').click!();
    assert.equal(did.at(-1), 'resume');
    assert.ok(lastMenu().items.every((i) => i.type === 'separator' || i.enabled !== undefined));
  });

  test('an empty state still gets a menu (some Linux trays never deliver clicks), its placeholder row disabled', () => {
    const { handle, lastMenu } = setup('linux');
    handle.update(appState([]), DEFAULT_SETTINGS);
    assert.deepEqual(lastMenu().items[0], { label: 'No accounts yet', enabled: false });
    assert.equal(lastMenu().items.at(-1)!.label, 'Quit');
  });

  test('a shortened account row carries its full text as the item tooltip', () => {
    const { handle, lastMenu } = setup('darwin');
    handle.update(appState([accountState('broken', { status: 'error', errorKind: 'auth', message: "Vobiz 'broken': credentials rejected (HTTP 401)" })]), DEFAULT_SETTINGS);
    assert.equal((lastMenu().items[0] as { toolTip?: string }).toolTip, "Vobiz 'broken': credentials rejected (HTTP 401)");
  });

  test('destroy removes the tray', () => {
    const { tray, handle } = setup('linux');
    handle.destroy();
    assert.equal(tray.destroyed, true);
  });
});
