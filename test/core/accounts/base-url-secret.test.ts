/**
 * Changing an account's base URL to another host never silently sends its saved secret there: the
 * account service (behind both the window and the CLI) asks for every secret again. The "other host"
 * is a second simulator on another port (another origin), which counts every request it gets.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createAccountService } from '../../../main/core/accounts/service.ts';
import { openConfig } from '../../../main/core/config/store.ts';
import { getProvider } from '../../../main/core/providers/registry.ts';
import { MemoryKeychain } from '../../../main/core/secrets/keychain.ts';
import { createSecretStore } from '../../../main/core/secrets/secret-store.ts';
import { startProviderSimulator, type ProviderSimulator } from '../../../main/core/simulator/server.ts';
import type { Credentials, ProviderId } from '../../../main/model/provider.ts';
import { secretsMustBeReentered } from '../../../main/model/secret-host.ts';
import { tempDir } from '../../helpers/core.ts';

let home: ProviderSimulator;
let other: ProviderSimulator;
const dirs: string[] = [];
before(async () => {
  [home, other] = await Promise.all([startProviderSimulator(), startProviderSimulator()]);
});
after(async () => {
  await Promise.all([home.close(), other.close()]);
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function setup() {
  const dir = tempDir();
  dirs.push(dir);
  const keychain = new MemoryKeychain();
  const probes: Array<{ provider: ProviderId; credentials: Credentials; baseUrl?: string }> = [];
  const service = createAccountService({
    config: openConfig({ dataDir: dir }),
    secrets: createSecretStore(keychain),
    probe: (provider, credentials, baseUrl) => {
      probes.push({ provider, credentials, baseUrl });
      return getProvider(provider).fetch(credentials, { baseUrl });
    },
  });
  return { service, keychain, probes };
}

/** The refusal, in one line and at the secret field (`fields.<name>`, where the window's form shows it). */
const refusal = (field: string, host: string) => (e: Error & { code?: string; fields?: Record<string, string> }) => {
  const text = `enter the ${field === 'apiKey' ? 'API key' : 'Auth Token'} again: the base URL now points to another host (${host}), and a saved secret is never sent to a new host`;
  return e.code === 'invalid-argument' && e.message === `${field}: ${text}` && JSON.stringify(e.fields) === JSON.stringify({ [`fields.${field}`]: text[0].toUpperCase() + text.slice(1) });
};

describe('a base URL on another host needs the secret entered again', () => {
  test('the rule compares scheme, host and port; paths and spelling of the same origin do not count', () => {
    assert.equal(secretsMustBeReentered('https://api.retellai.com', 'https://API.retellai.com:443/v2/'), false);
    assert.equal(secretsMustBeReentered('https://api.retellai.com', 'https://proxy.example.com'), true);
    assert.equal(secretsMustBeReentered('http://127.0.0.1:4000/x', 'http://127.0.0.1:4001/x'), true);
    assert.equal(secretsMustBeReentered('https://a.example', 'http://a.example'), true);
    assert.equal(secretsMustBeReentered('https://a.example', 'not a url'), true);
  });

  test('refused without a new secret (none, or empty = keep): nothing is sent to the new host, nothing changes', async () => {
    const { service, keychain, probes } = setup();
    home.addAccount('retell', { apiKey: 'key_home_saved' }, { current: 1, limit: 10 });
    const view = await service.add({ provider: 'retell', label: 'prod', fields: { apiKey: 'key_home_saved' }, baseUrl: home.baseUrls.retell });
    const host = new URL(other.baseUrls.retell).host;
    const before = other.rejected('retell');
    for (const fields of [undefined, {}, { apiKey: '' }, { apiKey: '   ' }] as Array<Record<string, string> | undefined>) {
      await assert.rejects(service.update(view.id, { baseUrl: other.baseUrls.retell, ...(fields ? { fields } : {}) }), refusal('apiKey', host));
    }
    // Back to the provider's default host is another host too: refused before any request.
    await assert.rejects(service.update(view.id, { baseUrl: null }), refusal('apiKey', 'api.retellai.com'));
    assert.equal(other.rejected('retell'), before, 'the other host got no request at all');
    assert.deepEqual(probes.map((p) => p.baseUrl), [home.baseUrls.retell], 'only the add probed');
    assert.equal(service.get(view.id)?.baseUrl, home.baseUrls.retell);
    assert.deepEqual(JSON.parse((await keychain.getPassword('Headroom', view.id))!), { apiKey: 'key_home_saved' });
  });

  test('Vobiz: the Auth ID may change with the host, the Auth Token must be entered again', async () => {
    const { service } = setup();
    home.addAccount('vobiz', { authId: 'MA_HOME', authToken: 'tok_home_saved' }, { current: 1, limit: 10 });
    const view = await service.add({ provider: 'vobiz', label: 'v', fields: { authId: 'MA_HOME', authToken: 'tok_home_saved' }, baseUrl: home.baseUrls.vobiz });
    await assert.rejects(service.update(view.id, { baseUrl: other.baseUrls.vobiz, fields: { authId: 'MA_OTHER' } }), refusal('authToken', new URL(other.baseUrls.vobiz).host));
    other.addAccount('vobiz', { authId: 'MA_OTHER', authToken: 'tok_other_new' }, { current: 2, limit: 10 });
    const moved = await service.update(view.id, { baseUrl: other.baseUrls.vobiz, fields: { authId: 'MA_OTHER', authToken: 'tok_other_new' } });
    assert.deepEqual([moved.baseUrl, moved.fields.authId, moved.needsCredentials], [other.baseUrls.vobiz, 'MA_OTHER', false]);
  });

  test('with the secret entered again: tested there with the new secret only, then saved', async () => {
    const { service, keychain, probes } = setup();
    home.addAccount('puretalk', { apiKey: 'pt_home_saved' }, { current: 1, limit: 10 });
    const view = await service.add({ provider: 'puretalk', label: 'p', fields: { apiKey: 'pt_home_saved' }, baseUrl: home.baseUrls.puretalk });
    const key = other.addAccount('puretalk', { apiKey: 'pt_other_new' }, { current: 4, limit: 10 });
    const rejectedBefore = other.rejected('puretalk');
    await service.update(view.id, { baseUrl: other.baseUrls.puretalk, fields: { apiKey: 'pt_other_new' } });
    assert.deepEqual(probes.at(-1), { provider: 'puretalk', credentials: { apiKey: 'pt_other_new' }, baseUrl: other.baseUrls.puretalk });
    assert.equal(other.stats(key).requests, 1);
    assert.equal(other.rejected('puretalk'), rejectedBefore, 'the saved secret never reached the other host');
    assert.deepEqual(JSON.parse((await keychain.getPassword('Headroom', view.id))!), { apiKey: 'pt_other_new' });
  });

  test('the same host under another path keeps the saved secret (no re-entry)', async () => {
    const { service, probes } = setup();
    home.addAccount('ultravox', { apiKey: 'uv_home_saved' }, { current: 1, limit: 10 });
    const view = await service.add({ provider: 'ultravox', label: 'u', fields: { apiKey: 'uv_home_saved' }, baseUrl: home.baseUrls.ultravox });
    const updated = await service.update(view.id, { baseUrl: `${home.baseUrls.ultravox}/` });
    assert.equal(updated.baseUrl, `${home.baseUrls.ultravox}/`);
    assert.deepEqual(probes.at(-1)?.credentials, { apiKey: 'uv_home_saved' });
  });

  test('the connection test of a saved account reads the limit-0 rule', async () => {
    const { service } = setup();
    home.addAccount('retell', { apiKey: 'key_zero_test' }, { current: 0, limit: 0 });
    const view = await service.add({ provider: 'retell', label: 'zero', fields: { apiKey: 'key_zero_test' }, baseUrl: home.baseUrls.retell });
    assert.deepEqual(await service.test({ id: view.id }), { ok: true, message: 'limit 0, no calls possible', current: 0, limit: 0, utilization: null });
  });
});
