import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { closedPort, useSimulator } from '../helpers/simulator.ts';

const box = useSimulator();

describe('headroom probe', () => {
  test('prints one readable line and exits 0', async () => {
    box.sim.addAccount('retell', { apiKey: 'probe_ok' }, { current: 12, limit: 20 });
    const r = await runCli(['probe', 'retell', '--base-url', box.sim.baseUrls.retell], { env: { RETELL_API_KEY: 'probe_ok' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Retell AI: 12 / 20 concurrent calls (60%)\n');
  });

  test('--json prints one object with the normalized fields', async () => {
    box.sim.addAccount('vobiz', { authId: 'MA_PROBE', authToken: 'probe_v' }, { current: 3, limit: 10 });
    const r = await runCli(['probe', 'vobiz', '--json', `--base-url=${box.sim.baseUrls.vobiz}`], { env: { VOBIZ_AUTH_ID: 'MA_PROBE', VOBIZ_AUTH_TOKEN: 'probe_v' } });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['provider', 'current', 'limit', 'utilization', 'sampledAt', 'extras']);
    assert.equal(out.provider, 'vobiz');
    assert.equal(out.current, 3);
    assert.equal(out.limit, 10);
    assert.equal(out.utilization, 0.3);
    assert.equal(out.extras.accountId, 'MA_PROBE');
    assert.ok(!Number.isNaN(Date.parse(out.sampledAt)));
  });

  test('an uncapped Ultravox account says no cap', async () => {
    box.sim.addAccount('ultravox', { apiKey: 'probe_u' }, { current: 4, limit: null });
    const r = await runCli(['probe', 'ultravox', '--base-url', box.sim.baseUrls.ultravox], { env: { ULTRAVOX_API_KEY: 'probe_u' } });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'Ultravox: 4 concurrent calls, no cap\n');
  });

  const failures = [
    { name: 'auth', code: 2, key: 'wrong', failure: null },
    { name: 'rate-limited', code: 3, key: 'probe_f', failure: { kind: 'status', status: 429, retryAfter: '7' } },
    { name: 'server', code: 4, key: 'probe_f', failure: { kind: 'status', status: 503 } },
    { name: 'bad-response', code: 6, key: 'probe_f', failure: { kind: 'non-json' } },
  ] as const;
  for (const f of failures) {
    test(`${f.name} exits ${f.code} with the message on stderr`, async () => {
      const secret = `probe_${f.name}`;
      const key = box.sim.addAccount('puretalk', { apiKey: secret }, { current: 1, limit: 5 });
      box.sim.fail(key, f.failure);
      const r = await runCli(['probe', 'puretalk', '--base-url', box.sim.baseUrls.puretalk], { env: { PURETALK_API_KEY: f.key === 'wrong' ? 'wrong_key' : secret } });
      box.sim.fail(key, null);
      assert.equal(r.code, f.code, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^headroom probe: Puretalk AI: /);
      assert.ok(!r.stderr.includes(f.key === 'wrong' ? 'wrong_key' : secret), 'no secret in the message');
      if (f.name === 'rate-limited') assert.match(r.stderr, /retry in 7 s/);
    });
  }

  test('network failure exits 5', async () => {
    const r = await runCli(['probe', 'retell', '--base-url', `http://127.0.0.1:${await closedPort()}/retell`], { env: { RETELL_API_KEY: 'k' } });
    assert.equal(r.code, 5);
    assert.match(r.stderr, /connection refused/);
  });

  test('usage errors exit 64', async () => {
    assert.equal((await runCli(['probe'])).code, 64);
    const unknown = await runCli(['probe', 'twilio']);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /unknown provider 'twilio'/);
    const missing = await runCli(['probe', 'vobiz'], { env: { VOBIZ_AUTH_ID: 'MA_1' } });
    assert.equal(missing.code, 64);
    assert.match(missing.stderr, /set VOBIZ_AUTH_TOKEN in the environment/);
    assert.equal((await runCli(['probe', 'retell', '--bogus'], { env: { RETELL_API_KEY: 'k' } })).code, 64);
  });

  test('--help for the command and the program', async () => {
    const help = await runCli(['probe', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /RETELL_API_KEY/);
    const top = await runCli(['--help']);
    assert.match(top.stdout, /probe/);
    assert.equal((await runCli(['nope'])).code, 64);
  });

  test('the packaged bin runs the built CLI', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin', 'headroom.cjs'), '--version']);
    assert.match(stdout, /^\d+\.\d+\.\d+/);
  });
});
