import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createAccountService } from '../../../main/core/accounts/service.ts';
import { openConfig } from '../../../main/core/config/store.ts';
import { getProvider } from '../../../main/core/providers/registry.ts';
import { KeychainUnavailableError, MemoryKeychain } from '../../../main/core/secrets/keychain.ts';
import { createSecretStore } from '../../../main/core/secrets/secret-store.ts';
import type { Keychain } from '../../../main/core/core-types.ts';
import { tempDir } from '../../helpers/core.ts';
import { useSimulator } from '../../helpers/simulator.ts';

const box = useSimulator();
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(keychain: Keychain = new MemoryKeychain()) {
  const dir = tempDir();
  dirs.push(dir);
  const config = openConfig({ dataDir: dir });
  const secrets = createSecretStore(keychain);
  const service = createAccountService({ config, secrets, probe: (p, c, baseUrl) => getProvider(p).fetch(c, { baseUrl }) });
  return { dir, config, secrets, service, keychain };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('account service', () => {
  test('add validates, tests with one fetch, saves; any number per provider; labels unique', async () => {
    const { service } = setup();
    box.sim.addAccount('vobiz', { authId: 'MA_SVC1', authToken: 'tok_svc_main' }, { current: 1, limit: 10 });
    box.sim.addAccount('vobiz', { authId: 'SA_SVC2', authToken: 'tok_svc_sub' }, { current: 1, limit: 5 });
    const base = box.sim.baseUrls.vobiz;
    await assert.rejects(service.add({ provider: 'vobiz', label: 'x', fields: { authId: 'nope', authToken: 't' }, baseUrl: base }), (e: Error & { code?: string }) => e.code === 'invalid-argument' && /MA_/.test(e.message));
    await assert.rejects(service.add({ provider: 'vobiz', label: 'x', fields: { authId: 'MA_SVC1', authToken: 'wrong' }, baseUrl: base }), (e: Error & { code?: string }) => e.code === 'provider');
    assert.equal(service.all().length, 0, 'nothing saved after a failed test');
    const main = await service.add({ provider: 'vobiz', label: 'Main', fields: { authId: 'MA_SVC1', authToken: 'tok_svc_main' }, baseUrl: base });
    await service.add({ provider: 'vobiz', label: 'Sub', fields: { authId: 'SA_SVC2', authToken: 'tok_svc_sub' }, baseUrl: base });
    assert.deepEqual(main.fields, { authId: 'MA_SVC1' }, 'the non-secret Auth ID is in config, the token is not');
    await assert.rejects(service.add({ provider: 'vobiz', label: 'main', fields: { authId: 'MA_SVC1', authToken: 'tok_svc_main' }, baseUrl: base }), (e: Error & { code?: string }) => e.code === 'conflict');
    assert.equal(service.resolve('SUB')?.label, 'Sub');
    assert.deepEqual(await service.credentials(main.id), { authId: 'MA_SVC1', authToken: 'tok_svc_main' });
  });

  test('update replaces a secret only when a new one is given, in place; a bad new secret changes nothing', async () => {
    const { service, keychain } = setup();
    const key = box.sim.addAccount('retell', { apiKey: 'key_upd_1' }, { current: 2, limit: 4 });
    const a = await service.add({ provider: 'retell', label: 'prod', fields: { apiKey: 'key_upd_1' }, baseUrl: box.sim.baseUrls.retell });
    await service.update(a.id, { label: 'production', fields: { apiKey: '' } });
    assert.deepEqual(await service.credentials(a.id), { apiKey: 'key_upd_1' }, 'empty secret keeps the current one');
    await assert.rejects(service.update(a.id, { fields: { apiKey: 'key_wrong' } }), (e: Error & { code?: string }) => e.code === 'provider');
    assert.deepEqual(await service.credentials(a.id), { apiKey: 'key_upd_1' });
    box.sim.addAccount('retell', { apiKey: 'key_upd_2' }, { current: 2, limit: 4 });
    let deleted = 0;
    const del = keychain.deletePassword.bind(keychain);
    keychain.deletePassword = async (s, acc) => (deleted++, del(s, acc));
    await service.update(a.id, { fields: { apiKey: 'key_upd_2' } });
    assert.equal(deleted, 0, 'never delete + recreate');
    assert.deepEqual(await service.credentials(a.id), { apiKey: 'key_upd_2' });
    assert.equal(service.get(a.id)?.label, 'production');
    void key;
  });

  test('a missing keychain entry shows as needs credentials, never dropped; remove deletes config and entry', async () => {
    const { service, secrets } = setup();
    box.sim.addAccount('puretalk', { apiKey: 'pt_needs' }, { current: 0, limit: 3 });
    const a = await service.add({ provider: 'puretalk', label: 'pt', fields: { apiKey: 'pt_needs' }, baseUrl: box.sim.baseUrls.puretalk });
    await secrets.delete(a.id);
    const [view] = await service.list();
    assert.equal(view.needsCredentials, true);
    assert.equal(await service.credentials(a.id), null);
    await service.setEnabled(a.id, false);
    assert.equal(service.get(a.id)?.enabled, false);
    await service.remove(a.id);
    assert.deepEqual(await service.list(), []);
  });

  test('test connection: unsaved input, saved account, saved account with a new secret', async () => {
    const { service } = setup();
    box.sim.addAccount('ultravox', { apiKey: 'uv_test_a' }, { current: 3, limit: null });
    const input = { provider: 'ultravox' as const, label: 'uv', fields: { apiKey: 'uv_test_a' }, baseUrl: box.sim.baseUrls.ultravox };
    assert.deepEqual(await service.test({ input }), { ok: true, message: '3 concurrent calls, no cap', current: 3, limit: null, utilization: null });
    const bad = await service.test({ input: { ...input, fields: { apiKey: 'uv_nope' } } });
    assert.equal(bad.ok, false);
    assert.equal(bad.errorKind, 'auth');
    const a = await service.add(input);
    assert.equal((await service.test({ id: a.id })).ok, true);
    assert.equal((await service.test({ id: a.id, fields: { apiKey: 'uv_nope' } })).ok, false);
  });

  test('no keychain: a clear keychain-unavailable error, and no secret written anywhere', async () => {
    const fail = async (): Promise<never> => {
      throw new KeychainUnavailableError('No Secret Service is running', 'install gnome-keyring');
    };
    const { service, dir } = setup({ getPassword: fail, setPassword: fail, deletePassword: fail });
    box.sim.addAccount('retell', { apiKey: 'key_nokeychain_77' }, { current: 0, limit: 1 });
    await assert.rejects(service.add({ provider: 'retell', label: 'r', fields: { apiKey: 'key_nokeychain_77' }, baseUrl: box.sim.baseUrls.retell }), (e: Error & { code?: string }) => e.code === 'keychain-unavailable' && /gnome-keyring/.test(e.message));
    assert.equal(service.all().length, 0);
    for (const f of filesUnder(dir)) assert.ok(!readFileSync(f, 'latin1').includes('key_nokeychain_77'));
  });

  test('secrets never leak: config, every file, list output, errors', async () => {
    const { service, dir } = setup();
    const secrets = ['key_leak_AAAA1111', 'tok_leak_BBBB2222', 'pt_leak_CCCC3333'];
    box.sim.addAccount('retell', { apiKey: secrets[0] }, { current: 1, limit: 2 });
    box.sim.addAccount('vobiz', { authId: 'MA_LEAK', authToken: secrets[1] }, { current: 1, limit: 2 });
    box.sim.addAccount('puretalk', { apiKey: secrets[2] }, { current: 1, limit: 2 });
    const a = await service.add({ provider: 'retell', label: 'r', fields: { apiKey: secrets[0] }, baseUrl: box.sim.baseUrls.retell });
    await service.add({ provider: 'vobiz', label: 'v', fields: { authId: 'MA_LEAK', authToken: secrets[1] }, baseUrl: box.sim.baseUrls.vobiz });
    await service.add({ provider: 'puretalk', label: 'p', fields: { apiKey: secrets[2] }, baseUrl: box.sim.baseUrls.puretalk });
    const messages: string[] = [];
    for (const s of secrets) {
      await service.update(a.id, { fields: { apiKey: `${s}_wrong` } }).catch((e: Error) => messages.push(e.message));
      messages.push((await service.test({ id: a.id, fields: { apiKey: `${s}_bad` } })).message);
    }
    const seen = [JSON.stringify(await service.list()), ...messages, ...filesUnder(dir).map((f) => readFileSync(f, 'latin1'))].join('\n');
    for (const s of secrets) assert.ok(!seen.includes(s), `secret ${s} leaked`);
  });
});
