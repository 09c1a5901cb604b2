import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { explainedKeychain, explainKeychainError, type Keychain, keychainCallsInFlight, KeychainUnavailableError, MemoryKeychain } from '../../../main/core/secrets/keychain.ts';
import { createSecretStore } from '../../../main/core/secrets/secret-store.ts';
import { realKeychain } from '../../helpers/keyring.ts';

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


const real = await realKeychain();

describe('secret store', () => {
  for (const [name, make] of [['in memory', async () => new MemoryKeychain() as Keychain], ['real Secret Service (gnome-keyring)', async () => real]] as const) {
    test(`${name}: one JSON entry per account, updated in place, deleted on remove`, { skip: name.startsWith('real') && !real ? 'no Secret Service on this session bus (npm test runs these inside dbus-run-session with gnome-keyring)' : false }, async () => {
      const keychain = recording((await make())!);
      const store = createSecretStore(keychain, 'Headroom-test');
      const id = `acct-${process.pid}-${Date.now()}`;
      assert.equal(await store.get(id), null);
      await store.set(id, { apiKey: 'key_one' });
      assert.deepEqual(JSON.parse((await keychain.getPassword('Headroom-test', id))!), { apiKey: 'key_one' }, 'one entry: service, account id, JSON of the secret fields');
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

/** Runs a keytar call in a child process with the given environment; prints the error's name and message. */
async function keytarChild(env: NodeJS.ProcessEnv, wrapper: string[] = []): Promise<string> {
  const script = `import { loadKeytar } from './main/core/secrets/keychain.ts';
    try { const k = await loadKeytar(); await k.setPassword('Headroom-test', 'x', 'secret_value_123'); console.log('stored'); }
    catch (e) { console.log(e.name + ': ' + e.message); }`;
  const argv = [...wrapper, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  const { stdout } = await promisify(execFile)(argv[0], argv.slice(1), { env, cwd: new URL('../../..', import.meta.url).pathname, timeout: 60_000 });
  assert.ok(!stdout.includes('secret_value_123'));
  return stdout.trim().split('\n').at(-1) ?? '';
}

const hasDbusRunSession = await promisify(execFile)('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).then(
  () => true,
  () => false,
);

describe('keychain unavailable', () => {
  test('messages say what to install or unlock, per cause and platform', () => {
    const noBus = explainKeychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'linux');
    assert.ok(noBus instanceof KeychainUnavailableError);
    assert.match(noBus.message, /^No Secret Service \(keyring\) is running\. .*apt install gnome-keyring.*KDE Wallet/);
    assert.equal(noBus.message, `No Secret Service (keyring) is running. ${noBus.hint}`);
    assert.match(explainKeychainError(new Error('The name org.freedesktop.secrets was not provided by any .service files'), 'linux').message, /^No Secret Service.*gnome-keyring/);
    assert.match(explainKeychainError(new Error('Could not connect: No such file or directory'), 'linux').message, /^No Secret Service/);
    const locked = explainKeychainError(new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”'), 'linux');
    assert.match(locked.message, /^The keyring is locked\. Unlock your login keyring/);
    assert.match(explainKeychainError(new Error("Cannot find module 'keytar'"), 'linux').message, /keytar\) could not be loaded.*libsecret/);
    assert.match(explainKeychainError(new Error('User interaction is not allowed.'), 'darwin').message, /login keychain is locked.*Unlock/);
    assert.match(explainKeychainError(new Error('User canceled the operation.'), 'darwin').message, /Keychain refused access.*Always Allow/);
    assert.match(explainKeychainError(new Error('Access is denied.'), 'win32').message, /Credential Manager/);
    assert.equal(explainKeychainError(locked), locked, 'an explained error stays as it is');
  });

  test('MemoryKeychain keeps entries per service and account', async () => {
    const k = new MemoryKeychain();
    await k.setPassword('A', 'x', '1');
    await k.setPassword('B', 'x', '2');
    assert.equal(await k.getPassword('A', 'x'), '1');
    assert.equal(await k.deletePassword('A', 'x'), true);
    assert.equal(await k.deletePassword('A', 'x'), false);
    assert.equal(await k.getPassword('B', 'x'), '2');
  });

  test('real keytar with no session bus: the clear "no Secret Service" message (child process)', async () => {
    const line = await keytarChild({ ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' });
    assert.match(line, /^KeychainUnavailableError: No Secret Service \(keyring\) is running\. .*gnome-keyring/);
  });

  test('real keytar with a locked keyring: the clear "unlock" message (child process)', { skip: hasDbusRunSession ? false : 'dbus-run-session or gnome-keyring-daemon not installed' }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'headroom-locked-'));
    try {
      // The daemon runs without --unlock, so there is no unlocked login collection.
      const line = await keytarChild({ ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), DISPLAY: '' }, ['dbus-run-session', '--', 'sh', '-c', 'gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec "$@"', '_']);
      assert.match(line, /^KeychainUnavailableError: The keyring is locked\. Unlock/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

/** A keytar stand-in whose calls answer only when the test says so. */
function heldKeytar() {
  const pending: Array<{ account: string; answer: (v: string | null) => void }> = [];
  const keytar: Keychain = {
    getPassword: (_s, account) => new Promise((answer) => pending.push({ account, answer })),
    setPassword: async () => undefined,
    deletePassword: async () => true,
  };
  return { keytar, pending };
}

describe('a keychain that is slow or silent', () => {
  test('one call at a time: the next goes out when the one before has answered', async () => {
    const { keytar, pending } = heldKeytar();
    const k = explainedKeychain(keytar, 60_000);
    const a = k.getPassword('Headroom', 'a');
    const b = k.getPassword('Headroom', 'b');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(pending.map((p) => p.account), ['a'], 'b waits');
    assert.equal(keychainCallsInFlight(), 1);
    pending[0].answer('A');
    assert.equal(await a, 'A');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(pending.map((p) => p.account), ['a', 'b']);
    pending[1].answer(null);
    assert.equal(await b, null);
    assert.equal(keychainCallsInFlight(), 0);
  });

  test('no answer within the time: the caller is told, in words; calls behind it too; all go on once it answers', async (t) => {
    const { keytar, pending } = heldKeytar();
    const k = explainedKeychain(keytar, 30, 'linux');
    // A real stuck call keeps the process alive (it holds a pool thread); the stand-in does not.
    const keepAlive = setInterval(() => undefined, 1000);
    t.after(() => clearInterval(keepAlive));
    const stuck = k.getPassword('Headroom', 'a');
    const behind = k.getPassword('Headroom', 'b');
    await Promise.all([
      assert.rejects(stuck, (err: Error) => err instanceof KeychainUnavailableError && /^The keychain did not answer within 0\.03 s\. Unlock your login keyring.*a prompt to unlock it may be waiting/.test(err.message)),
      assert.rejects(behind, /did not answer/),
    ]);
    assert.equal(keychainCallsInFlight(), 1, 'the stuck call is still out (Node would wait for it at exit)');
    assert.deepEqual(pending.map((p) => p.account), ['a'], 'nothing else was sent to a keychain that is not answering');
    pending[0].answer('late'); // unlocked at last
    const next = k.getPassword('Headroom', 'c');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(pending.map((p) => p.account), ['a', 'c'], "b's caller had stopped waiting: b is not sent");
    pending[1].answer('C');
    assert.equal(await next, 'C');
    assert.equal(keychainCallsInFlight(), 0);
  });
});
