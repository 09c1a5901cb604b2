import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createAccountService } from '../../../main/core/accounts/service.ts';
import { openConfig } from '../../../main/core/config/store.ts';
import { getProvider } from '../../../main/core/providers/registry.ts';
import { type Keychain, KeychainUnavailableError, MemoryKeychain } from '../../../main/core/secrets/keychain.ts';
import { createSecretStore } from '../../../main/core/secrets/secret-store.ts';
import { tempDir } from '../../helpers/core.ts';
import { useSimulator } from '../../helpers/simulator.ts';
import { closeLog, log, openLog, setLogEcho } from '../../../main/core/log/logger.ts';
import { realKeychain } from '../../helpers/keyring.ts';

const box = useSimulator();
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Coded = Error & { code?: string };
const code = (c: string, message?: RegExp) => (e: Coded) => e.code === c && (!message || message.test(e.message));

/** Counts calls per method, to prove an update never deletes and recreates an entry. */
function counting(inner: Keychain): Keychain & { calls: Record<string, number> } {
  const calls: Record<string, number> = { getPassword: 0, setPassword: 0, deletePassword: 0 };
  return {
    calls,
    getPassword: (s, a) => (calls.getPassword++, inner.getPassword(s, a)),
    setPassword: (s, a, p) => (calls.setPassword++, inner.setPassword(s, a, p)),
    deletePassword: (s, a) => (calls.deletePassword++, inner.deletePassword(s, a)),
  };
}

function setup(inner: Keychain) {
  const dir = tempDir();
  dirs.push(dir);
  const config = openConfig({ dataDir: dir });
  const keychain = counting(inner);
  const secrets = createSecretStore(keychain);
  const service = createAccountService({ config, secrets, probe: (p, c, baseUrl) => getProvider(p).fetch(c, { baseUrl }), now: () => Date.parse('2026-02-03T04:05:06.000Z') });
  return { dir, config, secrets, service, keychain };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

const real = await realKeychain();

let unique = 0;
/** Simulator credentials unique to this process and test, so runs never share an account. */
const secretValue = (prefix: string) => `${prefix}_${process.pid}_${++unique}`;

const keychains: Array<[string, () => Keychain | null]> = [
  ['in-memory keychain', () => new MemoryKeychain()],
  ['real Secret Service', () => real],
];

for (const [kind, make] of keychains) {
  const skip = make() ? false : 'no Secret Service on this session bus (npm test runs these inside dbus-run-session with gnome-keyring)';
  describe(`account service (${kind})`, { skip }, () => {
    test('add validates, tests with one fetch, saves; any number per provider; labels unique', async () => {
      const { service, config } = setup(make()!);
      const mainToken = secretValue('tok_main');
      box.sim.addAccount('vobiz', { authId: 'MA_SVC1', authToken: mainToken }, { current: 1, limit: 10 });
      box.sim.addAccount('vobiz', { authId: 'SA_SVC2', authToken: 'tok_svc_sub' }, { current: 1, limit: 5 });
      const base = box.sim.baseUrls.vobiz;
      // Writes reach the rest of the core through config.onChange: one per saved account, none for a refused one.
      const changes: string[] = [];
      config.onChange(() => changes.push(config.accounts().at(-1)?.id ?? 'none'));
      await assert.rejects(service.add({ provider: 'vobiz', label: 'x', fields: { authId: 'nope', authToken: 't' }, baseUrl: base }), code('invalid-argument', /^authId: .*MA_/));
      await assert.rejects(service.add({ provider: 'vobiz', label: '  ', fields: { authId: 'MA_SVC1', authToken: 't' }, baseUrl: base }), code('invalid-argument', /^label must not be blank/));
      await assert.rejects(service.add({ provider: 'vobiz', label: 'x', fields: { authId: 'MA_SVC1', authToken: 't' }, baseUrl: 'ftp://x' }), code('invalid-argument', /^baseUrl must be an http or https URL/));
      await assert.rejects(service.add({ provider: 'vobiz', label: 'x', fields: { authId: 'MA_SVC1' }, baseUrl: base }), code('invalid-argument', /^authToken: .*required/));
      await assert.rejects(service.add({ provider: 'vobiz', label: 'x', fields: { authId: 'MA_SVC1', authToken: 'wrong' }, baseUrl: base }), code('provider', /rejected/));
      assert.equal(service.all().length, 0, 'nothing saved after a failed validation or test');
      const main = await service.add({ provider: 'vobiz', label: ' Main ', fields: { authId: 'MA_SVC1', authToken: mainToken }, baseUrl: base });
      const sub = await service.add({ provider: 'vobiz', label: 'Sub', fields: { authId: 'SA_SVC2', authToken: 'tok_svc_sub' }, baseUrl: base });
      assert.equal(main.label, 'Main');
      assert.deepEqual(main.fields, { authId: 'MA_SVC1' }, 'the non-secret Auth ID is in config, the token is not');
      assert.equal(main.needsCredentials, false);
      assert.equal(main.createdAt, '2026-02-03T04:05:06.000Z');
      assert.deepEqual(changes, [main.id, sub.id]);
      await assert.rejects(service.add({ provider: 'vobiz', label: 'MAIN', fields: { authId: 'MA_SVC1', authToken: mainToken }, baseUrl: base }), code('conflict', /'Main' already exists/));
      assert.equal(service.resolve('SUB')?.id, sub.id);
      assert.equal(service.resolve(main.id)?.label, 'Main');
      assert.equal(service.resolve('nobody'), undefined);
      assert.deepEqual(await service.credentials(main.id), { authId: 'MA_SVC1', authToken: mainToken });
      assert.deepEqual(config.accounts().map((a) => a.label), ['Main', 'Sub']);
      const skipped = await service.add({ provider: 'retell', label: 'offline', fields: { apiKey: 'key_untested' }, baseUrl: 'http://127.0.0.1:9' }, { skipTest: true, demo: true });
      assert.equal(skipped.demo, true);
      assert.equal(skipped.needsCredentials, false);
      for (const a of service.all()) await service.remove(a.id);
    });

    test('update: a secret is replaced only when a new one is given, in place; a bad new secret changes nothing', async () => {
      const { service, keychain, config } = setup(make()!);
      const first = secretValue('key_upd');
      const second = secretValue('key_upd');
      const simKey = box.sim.addAccount('retell', { apiKey: first }, { current: 2, limit: 4 });
      const a = await service.add({ provider: 'retell', label: 'prod', fields: { apiKey: first }, baseUrl: box.sim.baseUrls.retell });
      assert.equal(box.sim.stats(simKey).requests, 1, 'add tests the credentials with one real fetch');
      const changes: string[] = [];
      config.onChange(() => changes.push(config.accounts()[0]?.id ?? 'none'));
      const renamed = await service.update(a.id, { label: 'production', fields: { apiKey: '' }, pollIntervalSec: 60, alerts: { warnPct: 50 } });
      assert.equal(renamed.label, 'production');
      assert.equal(renamed.pollIntervalSec, 60);
      assert.deepEqual(await service.credentials(a.id), { apiKey: first }, 'an empty secret keeps the current one');
      assert.equal(box.sim.stats(simKey).requests, 1, 'no re-test when neither credentials nor base URL change');
      await service.update(a.id, { baseUrl: box.sim.baseUrls.retell });
      assert.equal(box.sim.stats(simKey).requests, 1, 'the same base URL is no change');
      await assert.rejects(service.update(a.id, { fields: { apiKey: 'key_wrong' } }), code('provider'));
      assert.deepEqual(await service.credentials(a.id), { apiKey: first }, 'a secret that fails its test is not saved');
      await assert.rejects(service.update(a.id, { pollIntervalSec: 1 }), code('invalid-argument', /pollIntervalSec/));
      box.sim.addAccount('retell', { apiKey: second }, { current: 2, limit: 4 });
      await service.update(a.id, { fields: { apiKey: second } });
      assert.equal(keychain.calls.deletePassword, 0, 'never delete + recreate: the entry is overwritten with setPassword');
      assert.equal(keychain.calls.setPassword, 2, 'one write at add, one at the secret change');
      assert.deepEqual(await service.credentials(a.id), { apiKey: second });
      const cleared = await service.update(a.id, { pollIntervalSec: null, alerts: null, enabled: false });
      assert.equal(cleared.pollIntervalSec, undefined);
      assert.equal(cleared.alerts, undefined);
      assert.equal(cleared.enabled, false);
      assert.deepEqual(changes, [a.id, a.id, a.id, a.id], 'one change per saved update');
      await assert.rejects(service.update('no-such-id', { label: 'x' }), code('not-found'));
      await service.remove(a.id);
    });

    test('a missing keychain entry shows as needs credentials, never dropped; a new secret restores it; remove deletes both', async () => {
      const { service, secrets, config } = setup(make()!);
      const key = secretValue('pt_needs');
      box.sim.addAccount('puretalk', { apiKey: key }, { current: 0, limit: 3 });
      const a = await service.add({ provider: 'puretalk', label: 'pt', fields: { apiKey: key }, baseUrl: box.sim.baseUrls.puretalk });
      assert.equal(await secrets.delete(a.id), true, 'the entry deleted behind Headroom’s back');
      const [view] = await service.list();
      assert.equal(view.id, a.id);
      assert.equal(view.needsCredentials, true);
      assert.equal(await service.credentials(a.id), null);
      await assert.rejects(service.test({ id: a.id }), code('invalid-argument', /'pt' needs credentials: enter its API key again/i));
      // …and at the field, where the edit form shows it.
      await assert.rejects(service.test({ id: a.id }), (e: Coded & { fields?: Record<string, string> }) => e.fields?.['fields.apiKey'] === 'Enter the API key again: it is missing from the keychain');
      await service.update(a.id, { fields: { apiKey: key } });
      assert.equal((await service.list())[0].needsCredentials, false);
      await service.setEnabled(a.id, false);
      assert.equal(service.get(a.id)?.enabled, false);
      await service.remove(a.id);
      assert.deepEqual(await service.list(), []);
      assert.deepEqual(config.accounts(), []);
      assert.equal(await secrets.get(a.id), null, 'the keychain entry is gone too');
      await assert.rejects(service.remove(a.id), code('not-found'));
    });

    test('test connection: unsaved input, saved account, saved account with a new secret', async () => {
      const { service } = setup(make()!);
      const key = secretValue('uv_test');
      box.sim.addAccount('ultravox', { apiKey: key }, { current: 3, limit: null });
      const input = { provider: 'ultravox' as const, label: 'uv', fields: { apiKey: key }, baseUrl: box.sim.baseUrls.ultravox };
      assert.deepEqual(await service.test({ input }), { ok: true, message: '3 concurrent calls, no cap', current: 3, limit: null, utilization: null });
      const bad = await service.test({ input: { ...input, fields: { apiKey: 'uv_nope' } } });
      assert.equal(bad.ok, false);
      assert.equal(bad.errorKind, 'auth');
      await assert.rejects(service.test({ input: { ...input, fields: {} } }), code('invalid-argument'));
      const a = await service.add(input);
      assert.equal(service.all().length, 1, 'testing saved nothing; add did');
      assert.equal((await service.test({ id: a.id })).ok, true);
      assert.equal((await service.test({ id: a.id, fields: { apiKey: 'uv_nope' } })).ok, false);
      assert.deepEqual(await service.credentials(a.id), { apiKey: key }, 'a tested secret is never saved');
      await service.remove(a.id);
    });
  });
}

describe('account service without a keychain', () => {
  test('a clear keychain-unavailable error, nothing saved, no secret written anywhere', async () => {
    const fail = async (): Promise<never> => {
      throw new KeychainUnavailableError('No Secret Service (keyring) is running', 'install gnome-keyring');
    };
    const { service, dir, config } = setup({ getPassword: fail, setPassword: fail, deletePassword: fail });
    box.sim.addAccount('retell', { apiKey: 'key_nokeychain_77' }, { current: 0, limit: 1 });
    await assert.rejects(service.add({ provider: 'retell', label: 'r', fields: { apiKey: 'key_nokeychain_77' }, baseUrl: box.sim.baseUrls.retell }), code('keychain-unavailable', /^No Secret Service \(keyring\) is running\. install gnome-keyring$/));
    assert.equal(service.all().length, 0);
    for (const f of filesUnder(dir)) assert.ok(!readFileSync(f, 'latin1').includes('key_nokeychain_77'));
    // An account saved before the keychain went away stays listed, as needing credentials.
    config.saveAccount({ id: 'kept-1', provider: 'retell', label: 'kept', fields: {}, enabled: true, createdAt: 'x', updatedAt: 'x' });
    assert.deepEqual((await service.list()).map((v) => [v.label, v.needsCredentials]), [['kept', true]]);
    await assert.rejects(service.credentials('kept-1'), KeychainUnavailableError);
    await assert.rejects(service.test({ id: 'kept-1' }), code('keychain-unavailable'));
  });
});

describe('secrets never leak', () => {
  test('config, every file under the data dir (the log too), list output, notices, error messages', async () => {
    const { service, dir, config } = setup(new MemoryKeychain());
    const logPath = openLog({ dataDir: dir, name: 'app' });
    const secrets = ['key_leak_AAAA1111', 'tok_leak_BBBB2222', 'pt_leak_CCCC3333'];
    box.sim.addAccount('retell', { apiKey: secrets[0] }, { current: 1, limit: 2 });
    box.sim.addAccount('vobiz', { authId: 'MA_LEAK', authToken: secrets[1] }, { current: 1, limit: 2 });
    box.sim.addAccount('puretalk', { apiKey: secrets[2] }, { current: 1, limit: 2 });
    const a = await service.add({ provider: 'retell', label: 'r', fields: { apiKey: secrets[0] }, baseUrl: box.sim.baseUrls.retell });
    await service.add({ provider: 'vobiz', label: 'v', fields: { authId: 'MA_LEAK', authToken: secrets[1] }, baseUrl: box.sim.baseUrls.vobiz });
    const p = await service.add({ provider: 'puretalk', label: 'p', fields: { apiKey: secrets[2] }, baseUrl: box.sim.baseUrls.puretalk });
    const messages: string[] = [];
    const collect = (e: Error) => void messages.push(e.message, String(e.stack), JSON.stringify(e));
    for (const s of secrets) {
      await service.update(a.id, { fields: { apiKey: `${s}_wrong` } }).catch(collect);
      messages.push(JSON.stringify(await service.test({ id: a.id, fields: { apiKey: `${s}_bad` } })));
      messages.push(JSON.stringify(await service.test({ input: { provider: 'retell', label: 'r', fields: { apiKey: `${s}_bad` }, baseUrl: box.sim.baseUrls.retell } })));
      await service.add({ provider: 'retell', label: 'r', fields: { apiKey: s }, baseUrl: box.sim.baseUrls.retell }).catch(collect);
      await service.add({ provider: 'retell', label: 'r2', fields: { apiKey: `${s}\n` + 'x'.repeat(5000) } }).catch(collect);
      await service.add({ provider: 'vobiz', label: 'v2', fields: { authId: 'MA_LEAK', authToken: s, bogus: s } }).catch(collect);
    }
    await service.remove(p.id);
    assert.ok(messages.length >= 15);
    // Hosts log the failures they did not expect, with stacks (ipc.ts, the CLI): as if every one was.
    setLogEcho(null); // the file is what this is about
    for (const m of messages) log.error('a call failed', new Error(m));
    setLogEcho(undefined);
    log.info(`accounts: ${JSON.stringify(await service.list())}`);
    closeLog();
    assert.ok(readFileSync(logPath, 'utf8').split('\n').length > messages.length, 'the log holds every failure');
    const seen = [JSON.stringify(await service.list()), JSON.stringify(service.all()), JSON.stringify(config.notices()), ...messages, ...filesUnder(dir).map((f) => readFileSync(f, 'latin1'))].join('\n');
    for (const s of secrets) assert.ok(!seen.includes(s), `secret ${s} leaked`);
    assert.ok(seen.includes('MA_LEAK'), 'the scan does see non-secret fields, so it would see a leaked secret');
    assert.ok(readFileSync(logPath, 'utf8').includes('MA_LEAK'), 'and it sees the log');
  });
});
