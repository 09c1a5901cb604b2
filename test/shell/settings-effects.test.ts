import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LoginItemDeps } from '../../main/shell/login-item.ts';
import { wireLoginItem } from '../../main/shell/settings-effects.ts';
import { MockApp } from '../mocks/electron.ts';
import { fakeCore } from './helpers/fake-core.ts';

function mac(app = new MockApp('/Applications/Headroom.app')): LoginItemDeps & { app: MockApp } {
  app.isPackaged = true;
  return { app, platform: 'darwin', env: {}, execPath: '/Applications/Headroom.app/Contents/MacOS/Headroom' };
}

describe('launch at login follows the setting', () => {
  test('nothing is touched at start while the setting is off; turning it on and off applies each once', () => {
    const d = mac();
    const core = fakeCore();
    wireLoginItem(core, d, () => undefined);
    assert.deepEqual(d.app.loginItems, []);
    core.changeSettings({ launchAtLogin: true });
    core.changeSettings({ theme: 'dark' }); // unrelated change: no re-apply
    core.changeSettings({ launchAtLogin: false });
    assert.deepEqual(d.app.loginItems, [{ openAtLogin: true }, { openAtLogin: false }]);
  });

  test('an enabled setting is re-applied at start (the app may have moved)', () => {
    const d = mac();
    wireLoginItem(fakeCore({ settings: { launchAtLogin: true } }), d, () => undefined);
    assert.deepEqual(d.app.loginItems, [{ openAtLogin: true }]);
  });

  test('a failure is logged, not thrown, and retried on the next change', () => {
    const app = new MockApp('/Applications/Headroom.app');
    let fail = true;
    app.setLoginItemSettings = (s) => {
      if (fail) throw new Error('not allowed');
      app.loginItems.push(s);
    };
    const logged: string[] = [];
    const core = fakeCore();
    wireLoginItem(core, mac(app), (m) => logged.push(m));
    core.changeSettings({ launchAtLogin: true });
    assert.deepEqual(logged, ['could not update launch at login: not allowed']);
    fail = false;
    core.changeSettings({ theme: 'light' });
    assert.deepEqual(app.loginItems, [{ openAtLogin: true }]);
  });
});
