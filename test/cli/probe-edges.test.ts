/**
 * `headroom probe` against provider answers seen in the audit, run as users run it: bin/headroom.cjs
 * in a child process, the provider simulator in a process of its own. Each case checks the exit code
 * (0 ok, 2 auth, 3 rate limited, 4 provider error, 6 bad response) and what a person reads.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runHeadroom } from '../helpers/headroom-process.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.ts';

let sim: SimulatorProcess;
before(async () => {
  sim = await startSimulatorProcess();
});
after(async () => {
  await sim?.close();
});

/** Characters that must never reach a terminal from provider text: controls, ESC, C1 CSI, bidi, zero-width. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/;

function probe(provider: string, base: string, env: NodeJS.ProcessEnv) {
  return runHeadroom(['probe', provider, '--base-url', base], { env });
}

describe('headroom probe: provider edge cases (child processes)', () => {
  test('an HTML error page with a 5xx status is a provider error: exit 4', async () => {
    const key = await sim.addAccount('retell', { apiKey: 'edge_html502' }, { current: 1, limit: 5 });
    await sim.fail(key, { kind: 'html', status: 502 });
    const r = await probe('retell', sim.baseUrls.retell, { RETELL_API_KEY: 'edge_html502' });
    assert.equal(r.code, 4, r.stderr);
    assert.equal(r.stderr, 'headroom probe: Retell AI: provider error (HTTP 502): got an HTML error page\n');
    await sim.fail(key, { kind: 'html', status: 404 });
    const notFound = await probe('retell', sim.baseUrls.retell, { RETELL_API_KEY: 'edge_html502' });
    assert.equal(notFound.code, 6, 'an HTML page with a 4xx is still a bad response');
  });

  test('a malformed Location header is a bad response naming the provider: exit 6, never "Invalid URL"', async () => {
    const key = await sim.addAccount('ultravox', { apiKey: 'edge_location' }, { current: 1, limit: 5 });
    await sim.fail(key, { kind: 'status', status: 302, body: '', headers: { Location: 'http://[::1' } });
    const r = await probe('ultravox', sim.baseUrls.ultravox, { ULTRAVOX_API_KEY: 'edge_location' });
    assert.equal(r.code, 6, r.stderr);
    assert.equal(r.stderr, 'headroom probe: Ultravox: redirect (HTTP 302) to a malformed address\n');
    assert.doesNotMatch(r.stderr, /Invalid URL/);
  });

  test('Vobiz: a malformed Location on the optional auth/me call does not fail the poll', async () => {
    const creds = { authId: 'MA_EDGELOC', authToken: 'edge_vobiz_tok' };
    const key = await sim.addAccount('vobiz', creds, { current: 2, limit: 8 });
    await sim.failAuthMe(key, { kind: 'status', status: 301, body: '', headers: { Location: 'https://exa mple.com/x' } });
    const r = await runHeadroom(['probe', 'vobiz', '--json', '--base-url', sim.baseUrls.vobiz], { env: { VOBIZ_AUTH_ID: creds.authId, VOBIZ_AUTH_TOKEN: creds.authToken } });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual([out.current, out.limit, out.extras.accountId, out.extras.cpsLimit], [2, 8, 'MA_EDGELOC', undefined], 'the numbers, without the CPS limit');
  });

  test('an absurd Retry-After is shown capped (seconds and far-future date): exit 3', async () => {
    const key = await sim.addAccount('puretalk', { apiKey: 'edge_retry' }, { current: 1, limit: 5 });
    for (const retryAfter of ['94608000', 'Fri, 01 Jan 2100 00:00:00 GMT', '9'.repeat(400)]) {
      await sim.fail(key, { kind: 'status', status: 429, retryAfter });
      const r = await probe('puretalk', sim.baseUrls.puretalk, { PURETALK_API_KEY: 'edge_retry' });
      assert.equal(r.code, 3, r.stderr);
      assert.equal(r.stderr, 'headroom probe: Puretalk AI: rate limited (HTTP 429, retry in 60 min)\n', retryAfter.slice(0, 20));
    }
    await sim.fail(key, { kind: 'status', status: 429, retryAfter: '150' });
    assert.match((await probe('puretalk', sim.baseUrls.puretalk, { PURETALK_API_KEY: 'edge_retry' })).stderr, /retry in 3 min\)/);
  });

  test('a limit of 0 reads "limit 0, no calls possible", never a percentage; --json has utilization null', async () => {
    await sim.addAccount('puretalk', { apiKey: 'edge_zero' }, { current: 0, limit: 0 });
    const idle = await probe('puretalk', sim.baseUrls.puretalk, { PURETALK_API_KEY: 'edge_zero' });
    assert.equal(idle.code, 0, idle.stderr);
    assert.equal(idle.stdout, 'Puretalk AI: limit 0, no calls possible\n');
    await sim.addAccount('retell', { apiKey: 'edge_zero_busy' }, { current: 3, limit: 0 });
    const busy = await probe('retell', sim.baseUrls.retell, { RETELL_API_KEY: 'edge_zero_busy' });
    assert.equal(busy.stdout, 'Retell AI: limit 0, no calls possible (3 still active)\n');
    const json = JSON.parse((await runHeadroom(['probe', 'retell', '--json', '--base-url', sim.baseUrls.retell], { env: { RETELL_API_KEY: 'edge_zero_busy' } })).stdout);
    assert.deepEqual([json.current, json.limit, json.utilization, json.extras.inBurst], [3, 0, null, false]);
  });

  test('Puretalk: a 404 with a base URL lacking /api says so: exit 6', async () => {
    await sim.addAccount('puretalk', { apiKey: 'edge_noapi' }, { current: 1, limit: 5 });
    const root = sim.baseUrls.puretalk.replace(/\/api$/, '');
    const r = await probe('puretalk', root, { PURETALK_API_KEY: 'edge_noapi' });
    assert.equal(r.code, 6, r.stderr);
    assert.equal(r.stderr, `headroom probe: Puretalk AI: not found (HTTP 404): the base URL probably lacks /api (try ${root}/api)\n`);
  });

  test('provider text reaches the terminal without control, escape or bidi characters', async () => {
    const key = await sim.addAccount('retell', { apiKey: 'edge_ansi' }, { current: 1, limit: 5 });
    const message = '\u001b[2J\u001b]0;owned\u0007Disk \u009b31m full\u202e\u2066 txet desrever\u2069\r\nretry\u200b later\u0000';
    await sim.fail(key, { kind: 'status', status: 500, body: JSON.stringify({ status: 'error', message }) });
    const r = await probe('retell', sim.baseUrls.retell, { RETELL_API_KEY: 'edge_ansi' });
    assert.equal(r.code, 4, r.stderr);
    assert.doesNotMatch(r.stderr.slice(0, -1), UNSAFE);
    assert.equal(r.stderr, 'headroom probe: Retell AI: provider error (HTTP 500): [2J]0;ownedDisk 31m full txet desrever retry later\n');
  });

  test('a secret echoed back in upper case, URL-encoded or base64 never reaches the terminal', async () => {
    const creds = { authId: 'MA_ECHO', authToken: 'tok/Echo+Secret=42' };
    const key = await sim.addAccount('vobiz', creds, { current: 1, limit: 5 });
    const basic = Buffer.from(`${creds.authId}:${creds.authToken}`).toString('base64');
    const echoes = [creds.authToken.toUpperCase(), encodeURIComponent(creds.authToken), Buffer.from(creds.authToken).toString('base64'), `Basic ${basic}`];
    await sim.fail(key, { kind: 'status', status: 401, body: JSON.stringify({ error: 'unauthorized', message: `token ${echoes.join(' / ')} rejected` }) });
    const r = await runHeadroom(['probe', 'vobiz', '--base-url', sim.baseUrls.vobiz], { env: { VOBIZ_AUTH_ID: creds.authId, VOBIZ_AUTH_TOKEN: creds.authToken } });
    assert.equal(r.code, 2, r.stderr);
    for (const e of [creds.authToken, ...echoes]) assert.ok(!r.stderr.toLowerCase().includes(e.toLowerCase()), `${e} leaked: ${r.stderr}`);
    assert.match(r.stderr, /^headroom probe: Vobiz: credentials rejected \(HTTP 401\): token … \/ … \/ … \/ Basic .* rejected\n$/);
  });
});
