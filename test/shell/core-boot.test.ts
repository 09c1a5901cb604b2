import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NotifierOptions } from '../../main/core/alerts/notifier.ts';
import type { CoreOptions } from '../../main/core/core-types.ts';
import { type Keychain, MemoryKeychain } from '../../main/core/secrets/keychain.ts';
import type { StoreClass } from '../../main/core/config/store.ts';
import { bootCore, type CoreBootDeps } from '../../main/shell/core-boot.ts';
import { MockApp } from '../mocks/electron.ts';
import { fakeCore } from './helpers/fake-core.ts';

class NoStore {}

function boot(opts: { demo?: boolean; loadKeychain?: () => Promise<Keychain> } = {}) {
  const app = new MockApp('/app');
  const seen: { core?: CoreOptions; notifier?: NotifierOptions; clicked: Array<string | null>; logged: string[]; keychainLoads: number } = { clicked: [], logged: [], keychainLoads: 0 };
  const deps: CoreBootDeps = {
    app,
    dataDir: '/data',
    demo: opts.demo ?? false,
    argv: ['/opt/Headroom/headroom', '--account', 'a1'],
    StoreClass: NoStore as unknown as StoreClass,
    iconPath: '/app/dist/assets/icon.png',
    onNotificationClick: (id) => seen.clicked.push(id),
    log: (m) => seen.logged.push(m),
    createCore: async (o) => {
      seen.core = o;
      return fakeCore();
    },
    loadKeychain: async () => {
      seen.keychainLoads++;
      return (opts.loadKeychain ?? (async () => new MemoryKeychain()))();
    },
    createNotifier: (o = {}) => {
      seen.notifier = o;
      return { notify: async () => undefined };
    },
  };
  return { app, seen, run: () => bootCore(deps) };
}

describe('booting the core for the app', () => {
  test('the core gets the data dir, store class, the loaded keychain and a notifier that opens the clicked account', async () => {
    const keychain = new MemoryKeychain();
    const { seen, run } = boot({ loadKeychain: async () => keychain });
    await run();
    assert.equal(seen.core!.dataDir, '/data');
    assert.equal(seen.core!.demo, false);
    assert.equal(seen.core!.StoreClass, NoStore);
    assert.equal(seen.core!.keychain, keychain);
    assert.ok(seen.core!.notifier);
    assert.equal(seen.notifier!.iconPath, '/app/dist/assets/icon.png');
    seen.notifier!.onClick!('acct-7');
    assert.deepEqual(seen.clicked, ['acct-7']);
  });

  test('when keytar cannot load, the core gets no keychain (it reports the problem itself) and the reason is logged', async () => {
    const { seen, run } = boot({
      loadKeychain: async () => {
        throw new Error('No Secret Service (keyring) is running');
      },
    });
    await run();
    assert.ok(seen.core);
    assert.equal('keychain' in seen.core, false);
    assert.deepEqual(seen.logged, ['keychain unavailable: No Secret Service (keyring) is running']);
  });

  test('demo mode never loads keytar', async () => {
    const { seen, run } = boot({ demo: true });
    await run();
    assert.equal(seen.core!.demo, true);
    assert.equal(seen.keychainLoads, 0);
    assert.equal('keychain' in seen.core!, false);
  });

  test('"Try demo data" relaunches with --demo (keeping the other arguments) and quits through the normal path', async () => {
    const { app, seen, run } = boot();
    await run();
    await seen.core!.onStartDemo!();
    assert.deepEqual(app.callsOf('relaunch'), [[{ args: ['--account', 'a1', '--demo'] }]]);
    assert.deepEqual(app.callsOf('quit'), [[]]);
    assert.deepEqual(app.callsOf('exit'), []);
  });
});
