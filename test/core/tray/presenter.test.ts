import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { drawIcon, drawTemplateIcon } from '../../../main/core/icon/draw.ts';
import { createTrayPresenter, type TraySink } from '../../../main/core/tray/presenter.ts';
import type { MenuItemModel } from '../../../main/core/tray/model.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../main/model/settings.ts';
import { accountState, appState } from '../../helpers/state.ts';

function recorder() {
  const calls: string[] = [];
  const images: Array<[Buffer, Buffer, boolean]> = [];
  const menus: MenuItemModel[][] = [];
  const sink: TraySink = {
    setImage: (a, b, t) => void (calls.push('image'), images.push([a, b, t])),
    setTitle: (t) => void calls.push(`title:${t}`),
    setToolTip: (t) => void calls.push(`tooltip:${t}`),
    setMenu: (m) => void (calls.push('menu'), menus.push(m)),
  };
  return { sink, calls, images, menus };
}

const prod = (current: number, over = {}) => accountState('prod', { current, limit: 20, level: current / 20 >= 0.95 ? 'critical' : current / 20 >= 0.8 ? 'high' : 'normal', ...over });

describe('tray presenter', () => {
  test('first update sets everything; the same numbers again set nothing at all', () => {
    const r = recorder();
    const p = createTrayPresenter(r.sink, 'darwin');
    p.update(appState([prod(10)]), DEFAULT_SETTINGS);
    assert.deepEqual(r.calls, ['image', 'title:50%', 'tooltip:prod: 10/20 (50%) · normal · live', 'menu']);
    r.calls.length = 0;
    const later = prod(10, { lastSuccessAt: 99, nextPollAt: 130 });
    p.update(appState([{ ...later, snapshot: { ...later.snapshot!, sampledAt: 99 } }]), { ...DEFAULT_SETTINGS });
    assert.deepEqual(r.calls, [], 'a poll with the same numbers changes nothing');
  });

  test('a change sets only what changed', () => {
    const r = recorder();
    const p = createTrayPresenter(r.sink, 'darwin');
    p.update(appState([prod(10)]), DEFAULT_SETTINGS);
    r.calls.length = 0;
    p.update(appState([prod(11)]), DEFAULT_SETTINGS);
    assert.deepEqual(r.calls, ['image', 'title:55%', 'tooltip:prod: 11/20 (55%) · normal · live', 'menu']);
    r.calls.length = 0;
    p.update(appState([prod(11, { status: 'stale' })]), DEFAULT_SETTINGS);
    assert.deepEqual(r.calls, ['image', 'tooltip:prod: 11/20 (55%) · normal · stale', 'menu'], 'same title');
    r.calls.length = 0;
    p.update(appState([prod(11, { status: 'stale', label: 'Production' })]), DEFAULT_SETTINGS);
    assert.deepEqual(r.calls, ['tooltip:Production: 11/20 (55%) · normal · stale', 'menu'], 'a renamed account: same icon');
    r.calls.length = 0;
    p.update(appState([prod(11, { status: 'stale', label: 'Production' })]), { ...DEFAULT_SETTINGS, badgeMode: 'total' });
    assert.deepEqual(r.calls, [], 'a setting that does not change the picture changes nothing');
  });

  test('macOS gets template images at both sizes; other platforms the coloured ones and no title', () => {
    const mac = recorder();
    createTrayPresenter(mac.sink, 'darwin').update(appState([prod(19)]), DEFAULT_SETTINGS);
    const icon = { kind: 'critical', text: '95', fraction: 0.95 } as const;
    assert.deepEqual(mac.images, [[drawTemplateIcon(icon, 16), drawTemplateIcon(icon, 32), true]]);
    for (const platform of ['linux', 'win32'] as const) {
      const r = recorder();
      createTrayPresenter(r.sink, platform).update(appState([prod(19)]), DEFAULT_SETTINGS);
      assert.deepEqual(r.images, [[drawIcon(icon, 16), drawIcon(icon, 32), false]]);
      assert.ok(!r.calls.some((c) => c.startsWith('title')));
    }
  });

  test('pause and resume swap the menu items and the icon', () => {
    const r = recorder();
    const p = createTrayPresenter(r.sink, 'linux');
    const settings: Settings = DEFAULT_SETTINGS;
    p.update(appState([prod(5)]), settings);
    p.update(appState([prod(5, { status: 'paused' })], { pause: { until: null } }), settings);
    assert.ok(r.menus[1].some((i) => i.id === 'resume'));
    p.update(appState([prod(7, { status: 'paused' })], { pause: { until: null } }), settings);
    assert.equal(r.images.length, 2, 'numbers moving under a pause do not redraw the pause mark');
    p.update(appState([prod(7)]), settings);
    assert.ok(r.menus.at(-1)!.some((i) => i.id === 'pause-15'));
    assert.equal(r.images.length, 3);
  });
});
