import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hideDockIcon, setAppIdentity } from '../../../main/shell/lifecycle/identity.ts';
import { MockApp } from '../../mocks/electron.ts';

test('name everywhere; the Windows app id only on Windows; the Dock icon hidden only on macOS', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    const app = new MockApp('/app');
    setAppIdentity(app, platform);
    hideDockIcon(app, platform);
    assert.deepEqual(app.callsOf('setName'), [['Headroom']], platform);
    assert.deepEqual(app.callsOf('setAppUserModelId'), platform === 'win32' ? [['ai.headroom.app']] : [], platform);
    assert.equal(app.dock.hidden, platform === 'darwin', platform);
  }
  assert.doesNotThrow(() => hideDockIcon({ dock: undefined }, 'darwin'), 'an app without a Dock object (older macOS setups) is fine');
});
