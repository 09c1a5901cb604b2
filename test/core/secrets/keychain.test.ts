import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { explainKeychainError, KeychainUnavailableError, loadKeytar, MemoryKeychain } from '../../../main/core/secrets/keychain.ts';
import { createSecretStore } from '../../../main/core/secrets/secret-store.ts';
import type { Keychain } from '../../../main/core/core-types.ts';

/** A keychain that records calls, to prove updates never delete and recreate an entry. */
function recording(inner: Keychain): Keychain & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getPassword: (s, a) => (calls.push('get'), inner.getPassword(s, a)),
    setPassword: (s, a, p) => (calls.push('set'), inner.setPassword(s, a, p)),
    deletePassword: (s, a) => (calls.push('delete'), inner.deletePassword(s, a)),
  };
}

async function realKeychain(): Promise<Keychain | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return null;
  try {
    const k = await loadKeytar();
    await k.getPassword('Headroom-test', 'probe');
    return k;
  } catch {
    return null;
  }
}

const real = await realKeychain();

describe('secret store', () => {
  for (const [name, make] of [['in memory', async () => new MemoryKeychain() as Keychain], ['real Secret Service (gnome-keyring)', async () => real]] as const) {
    test(`${name}: one JSON entry per account, updated in place, deleted on remove`, { skip: name.startsWith('real') && !real ? 'no Secret Service on this session bus (npm test runs these inside dbus-run-session with gnome-keyring)' : false }, async () => {
      const keychain = recording((await make())!);
      const store = createSecretStore(keychain, 'Headroom-test');
      const id = `acct-${process.pid}-${Date.now()}`;
      assert.equal(await store.get(id), null);
      await store.set(id, { apiKey: 'key_one' });
      assert.deepEqual(await store.get(id), { apiKey: 'key_one' });
      await store.set(id, { apiKey: 'key_two' });
      assert.deepEqual(await store.get(id), { apiKey: 'key_two' });
      assert.ok(!keychain.calls.includes('delete'), 'an update never deletes the entry');
      assert.equal(await store.delete(id), true);
      assert.equal(await store.get(id), null);
    });
  }

  test('an entry that is not ours reads as missing', async () => {
    const k = new MemoryKeychain();
    await k.setPassword('Headroom', 'x', 'not json');
    assert.equal(await createSecretStore(k).get('x'), null);
  });
});

describe('keychain unavailable', () => {
  test('messages say what to install or unlock, per cause', () => {
    const noBus = explainKeychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'linux');
    assert.ok(noBus instanceof KeychainUnavailableError);
    assert.match(noBus.message, /No Secret Service is running.*gnome-keyring/);
    const locked = explainKeychainError(new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”'), 'linux');
    assert.match(locked.message, /locked.*Unlock/);
    assert.match(explainKeychainError(new Error('User canceled'), 'darwin').message, /Keychain/);
    assert.match(explainKeychainError(new Error('x'), 'win32').message, /Credential Manager/);
  });

  test('keytar with no session bus fails with the clear message, in a child process', async () => {
    const script = `import { loadKeytar } from './main/core/secrets/keychain.ts';
      const k = await loadKeytar();
      try { await k.setPassword('Headroom-test', 'x', 'secret_value_123'); console.log('stored'); }
      catch (e) { console.log(e.name + ': ' + e.message); }`;
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, cwd: new URL('../../..', import.meta.url).pathname });
    assert.match(stdout, /^KeychainUnavailableError: (No Secret Service is running|The keychain could not be used)/);
    assert.ok(!stdout.includes('secret_value_123'));
  });
});
