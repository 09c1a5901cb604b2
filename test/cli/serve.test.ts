/**
 * `headroom serve` as people run it: bin/headroom.cjs in a child process, the provider simulator in
 * another, accounts from a file with secret references. Needs a build (npm test builds first).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../helpers/core.ts';
import { runHeadroom, startServe, waitFor, type Finished } from '../helpers/headroom-process.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.ts';

const TOKEN = 'serve-test-token-0123456789abcdef';
const OPENMETRICS = 'application/openmetrics-text; version=1.0.0';
const PROMTOOL = '/usr/bin/promtool';
/** Every secret any test hands to serve: none may appear in any output. */
const SECRETS: string[] = [];
const secret = (name: string) => {
  const s = `${name}_SECRET_${Math.random().toString(36).slice(2, 10)}`;
  SECRETS.push(s);
  return s;
};

let sim: SimulatorProcess;
const root = tempDir('headroom-serve-');
before(async () => {
  sim = await startSimulatorProcess();
});
after(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

let dirs = 0;
/** A fresh folder with a data dir and HOME for one test. */
function workspace(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = join(root, `t${++dirs}`);
  mkdirSync(join(dir, 'home'), { recursive: true });
  return { dir, env: { HEADROOM_DATA_DIR: join(dir, 'data'), HOME: join(dir, 'home') } };
}

function writeAccounts(dir: string, accounts: unknown[]): string {
  const path = join(dir, 'accounts.json');
  writeFileSync(path, JSON.stringify({ accounts }, null, 2));
  return path;
}

async function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`${url}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The value of one sample line of the text format, or undefined. */
function sample(metrics: string, name: string, account: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`account="${account}"`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Fails naming the output and the secret if any secret handed out so far appears in it. */
function assertNoSecrets(what: string, text: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${what} contains a secret`);
}

function assertNoSecretsInFiles(dir: string): void {
  const files = filesUnder(dir);
  assert.ok(files.length > 0, `no files under ${dir}`);
  for (const f of files) assertNoSecrets(f, readFileSync(f).toString('latin1'));
}

function assertUsage(r: Finished, message: RegExp): void {
  assert.equal(r.code, 64, r.stderr);
  assert.match(r.stderr, message);
  assert.equal(r.stdout, '');
}

describe('headroom serve --accounts FILE', () => {
  test('every account of the file in both formats from the latest state (a scrape calls no provider); exit 0 on SIGTERM', async () => {
    const { dir, env } = workspace();
    const keys = {
      retell: secret('retell'),
      vobiz: secret('vobiz'),
      puretalk: secret('puretalk'),
      ultravox: secret('ultravox'),
    };
    const sims = {
      retell: await sim.addAccount('retell', { apiKey: keys.retell }, { current: 12, limit: 40, concurrency_burst_enabled: true }),
      vobiz: await sim.addAccount('vobiz', { authId: 'MA_SERVE1', authToken: keys.vobiz }, { current: 3, limit: 10 }),
      puretalk: await sim.addAccount('puretalk', { apiKey: keys.puretalk }, { current: 5, limit: 20 }),
      ultravox: await sim.addAccount('ultravox', { apiKey: keys.ultravox }, { current: 2, limit: null }),
    };
    writeFileSync(join(dir, 'vobiz.token'), `${keys.vobiz}\n`);
    writeFileSync(join(dir, 'ultravox.key'), keys.ultravox);
    // A day between polls: after the first poll of each account, only a scrape could call a provider.
    const file = writeAccounts(dir, [
      { provider: 'retell', label: 'Retell prod', baseUrl: sim.baseUrls.retell, secrets: { apiKey: { env: 'RETELL_KEY' } }, pollIntervalSec: 86_400 },
      { provider: 'vobiz', label: 'vobiz "main"', baseUrl: sim.baseUrls.vobiz, fields: { authId: 'MA_SERVE1' }, secrets: { authToken: { file: 'vobiz.token' } }, pollIntervalSec: 86_400 },
      { provider: 'puretalk', label: 'puretalk', baseUrl: sim.baseUrls.puretalk, secrets: { apiKey: { env: 'PURETALK_KEY' } }, pollIntervalSec: 86_400 },
      { provider: 'ultravox', label: 'ultravox', baseUrl: sim.baseUrls.ultravox, secrets: { apiKey: { file: join(dir, 'ultravox.key') } }, pollIntervalSec: 86_400 },
    ]);
    const serve = await startServe(['--accounts', file, '--listen', '127.0.0.1:0', '--no-notify'], { ...env, RETELL_KEY: keys.retell, PURETALK_KEY: keys.puretalk });
    try {
      assert.match(serve.stdout(), /listening on http:\/\/127\.0\.0\.1:\d+ \(4 accounts from accounts\.json; no token\)/);
      const text = await waitFor('every account up', async () => {
        const r = await get(serve.url, '/metrics');
        return ['Retell prod', 'vobiz \\"main\\"', 'puretalk', 'ultravox'].every((a) => sample(r.body, 'headroom_account_up', a) === 1) ? r : undefined;
      });
      assert.equal(text.type, 'text/plain; version=0.0.4; charset=utf-8');
      const m = text.body;
      assert.deepEqual(
        [sample(m, 'headroom_concurrent_calls', 'Retell prod'), sample(m, 'headroom_concurrent_calls_limit', 'Retell prod'), sample(m, 'headroom_utilization_ratio', 'Retell prod'), sample(m, 'headroom_burst_limit', 'Retell prod')],
        [12, 40, 0.3, 120],
      );
      assert.deepEqual([sample(m, 'headroom_concurrent_calls', 'vobiz \\"main\\"'), sample(m, 'headroom_utilization_ratio', 'vobiz \\"main\\"')], [3, 0.3]);
      assert.deepEqual([sample(m, 'headroom_concurrent_calls', 'ultravox'), sample(m, 'headroom_concurrent_calls_limit', 'ultravox'), sample(m, 'headroom_utilization_ratio', 'ultravox')], [2, undefined, undefined]);
      assert.match(m, /^headroom_poll_errors_total\{provider="puretalk",account="puretalk",account_id="[0-9a-f-]{36}",kind="auth"\} 0$/m);
      assert.match(m, /^headroom_build_info\{version="\d+\.\d+\.\d+[^"]*"\} 1$/m);
      assert.ok((sample(m, 'headroom_last_success_timestamp_seconds', 'puretalk') ?? 0) > Date.now() / 1000 - 600);

      const om = await get(serve.url, '/metrics', { Accept: OPENMETRICS });
      assert.equal(om.type, 'application/openmetrics-text; version=1.0.0; charset=utf-8');
      assert.ok(om.body.endsWith('\n# EOF\n'));
      assert.match(om.body, /^# TYPE headroom_poll_errors counter$/m);
      const state = await get(serve.url, '/api/v1/state');
      assert.deepEqual(
        JSON.parse(state.body).map((a: Record<string, unknown>) => [a.account, a.provider, a.status, a.current, a.limit, a.message]),
        [
          ['Retell prod', 'retell', 'ok', 12, 40, null],
          ['vobiz "main"', 'vobiz', 'ok', 3, 10, null],
          ['puretalk', 'puretalk', 'ok', 5, 20, null],
          ['ultravox', 'ultravox', 'ok', 2, null, null],
        ],
      );
      assert.equal((await get(serve.url, '/healthz')).status, 200);

      const before = await Promise.all(Object.values(sims).map((k) => sim.stats(k)));
      for (let i = 0; i < 5; i++) {
        await get(serve.url, '/metrics');
        await get(serve.url, '/metrics', { Accept: OPENMETRICS });
        await get(serve.url, '/api/v1/state');
      }
      assert.deepEqual(await Promise.all(Object.values(sims).map((k) => sim.stats(k))), before, 'scrapes made no provider calls');

      if (existsSync(PROMTOOL)) {
        const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: m, encoding: 'utf8' });
        assert.equal(check.status, 0, check.stdout + check.stderr);
        assert.equal((check.stdout + check.stderr).trim(), '', 'promtool check metrics reports nothing');
      } else console.log('promtool is not installed (apt install prometheus): the promtool check of the exposition was skipped');
      for (const [what, body] of [['/metrics', m], ['OpenMetrics', om.body], ['/api/v1/state', state.body]]) assertNoSecrets(what, body);
    } finally {
      const end = await serve.stop('SIGTERM');
      assert.equal(end.code, 0, end.stderr);
      assert.match(end.stdout, /headroom serve: stopped\n$/);
      assertNoSecrets('stdout', end.stdout);
      assertNoSecrets('stderr', end.stderr);
    }
    assertNoSecretsInFiles(env.HEADROOM_DATA_DIR!);
  });

  test('a missing variable or unreadable file fails that account only, with a clear message; provider text never shows', async () => {
    const { dir, env } = workspace();
    const good = secret('good');
    const failing = secret('failing');
    await sim.addAccount('puretalk', { apiKey: good }, { current: 4, limit: 8 });
    const failingKey = await sim.addAccount('ultravox', { apiKey: failing }, { current: 1, limit: 10 });
    await sim.fail(failingKey, { kind: 'status', status: 500, body: JSON.stringify({ detail: 'PROVIDER-TEXT-MARKER internal trouble' }) });
    writeFileSync(join(dir, 'failing.key'), failing);
    const file = writeAccounts(dir, [
      { provider: 'retell', label: 'no-env', baseUrl: sim.baseUrls.retell, secrets: { apiKey: { env: 'HEADROOM_TEST_UNSET_VARIABLE' } } },
      { provider: 'vobiz', label: 'no-file', baseUrl: sim.baseUrls.vobiz, fields: { authId: 'MA_NOFILE' }, secrets: { authToken: { file: 'does-not-exist.token' } } },
      { provider: 'puretalk', label: 'good', baseUrl: sim.baseUrls.puretalk, secrets: { apiKey: { env: 'GOOD_KEY' } } },
      { provider: 'ultravox', label: 'provider-down', baseUrl: sim.baseUrls.ultravox, secrets: { apiKey: { file: 'failing.key' } } },
    ]);
    const serve = await startServe(['--accounts', file, '--listen', '127.0.0.1:0', '--no-notify'], { ...env, GOOD_KEY: good });
    try {
      assert.match(serve.stderr(), /account 'no-env': apiKey: environment variable HEADROOM_TEST_UNSET_VARIABLE is not set \(secret reference of the accounts file\); it shows as failing until this is fixed/);
      assert.match(serve.stderr(), /account 'no-file': authToken: cannot read file .*does-not-exist\.token: no such file/);
      const state = await waitFor('every account polled once', async () => {
        const list = JSON.parse((await get(serve.url, '/api/v1/state')).body) as Array<Record<string, unknown>>;
        return list.every((a) => a.status !== 'pending') ? list : undefined;
      });
      assert.deepEqual(
        state.map((a) => [a.account, a.status, a.message]),
        [
          ['no-env', 'error', 'apiKey: environment variable HEADROOM_TEST_UNSET_VARIABLE is not set (secret reference of the accounts file)'],
          ['no-file', 'error', `authToken: cannot read file ${join(dir, 'does-not-exist.token')}: no such file (secret reference of the accounts file)`],
          ['good', 'ok', null],
          ['provider-down', 'error', 'the provider reported a server error'],
        ],
      );
      const metrics = await waitFor('the server error counted', async () => {
        const body = (await get(serve.url, '/metrics')).body;
        return /kind="server"\} [1-9]/.test(body) ? body : undefined;
      });
      assert.deepEqual(['no-env', 'no-file', 'good', 'provider-down'].map((a) => sample(metrics, 'headroom_account_up', a)), [0, 0, 1, 0]);
      const om = (await get(serve.url, '/metrics', { Accept: OPENMETRICS })).body;
      for (const [what, body] of [['/metrics', metrics], ['OpenMetrics', om], ['/api/v1/state', JSON.stringify(state)]]) {
        assertNoSecrets(what, body);
        assert.doesNotMatch(body, /PROVIDER-TEXT-MARKER/, `${what} carries provider text`);
      }
    } finally {
      const end = await serve.stop('SIGTERM');
      assert.equal(end.code, 0, end.stderr);
      assertNoSecrets('stdout', end.stdout);
      assertNoSecrets('stderr', end.stderr);
    }
    assertNoSecretsInFiles(env.HEADROOM_DATA_DIR!);
  });

  test('a literal secret is refused with exit 64, without printing it', async () => {
    const { dir, env } = workspace();
    const literal = secret('literal');
    const inSecrets = writeAccounts(dir, [{ provider: 'retell', label: 'prod', secrets: { apiKey: literal } }]);
    const r = await runHeadroom(['serve', '--accounts', inSecrets, '--listen', '127.0.0.1:0'], { env });
    assertUsage(r, /^headroom serve: accounts\[0\] \("prod"\)\.secrets\.apiKey is a literal secret, which Headroom refuses: write \{"env": "VARIABLE"\} or \{"file": "\/path\/to\/secret"\} instead/);
    assertNoSecrets('stderr', r.stderr);
    const inFields = writeAccounts(dir, [{ provider: 'vobiz', label: 'v', fields: { authId: 'MA_X', authToken: literal }, secrets: { authToken: { env: 'T' } } }]);
    const f = await runHeadroom(['serve', '--accounts', inFields, '--listen', '127.0.0.1:0'], { env });
    assertUsage(f, /fields\.authToken is a secret field given as a literal, which Headroom refuses/);
    assertNoSecrets('stderr', f.stderr);
    assert.ok(!existsSync(env.HEADROOM_DATA_DIR!), 'refused before anything was written');
  });
});

describe('headroom serve access', () => {
  test('any address but loopback needs a token, and serve says why', async () => {
    const { env } = workspace();
    assertUsage(await runHeadroom(['serve', '--demo', '--listen', '0.0.0.0:0'], { env }), /refusing to listen on 0\.0\.0\.0:0 without a token: every account's usage would be open to anyone who can reach that address\. Give a token with --token-file FILE or HEADROOM_TOKEN/);
    assertUsage(await runHeadroom(['serve', '--demo', '--listen', '[::]:0'], { env }), /refusing to listen on \[::\]:0 without a token/);
    assertUsage(await runHeadroom(['serve', '--demo', '--listen', '0.0.0.0:0'], { env: { ...env, HEADROOM_TOKEN: 'short' } }), /the token is too short \(at least 16 characters/);
    assertUsage(await runHeadroom(['serve', '--demo', '--token-file', '/nonexistent/token'], { env }), /cannot read the token file \/nonexistent\/token \(ENOENT\)/);
  });

  test('with a token, /metrics and /api/* need it (401 otherwise), /healthz stays open', async () => {
    const { dir, env } = workspace();
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const serve = await startServe(['--demo', '--no-notify', '--listen', '0.0.0.0:0', '--token-file', tokenFile], env);
    try {
      assert.match(serve.stdout(), /token required/);
      const url = serve.url.replace('0.0.0.0', '127.0.0.1');
      for (const path of ['/metrics', '/api/v1/state']) {
        assert.equal((await get(url, path)).status, 401, path);
        assert.equal((await get(url, path, { Authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status, 401, path);
        assert.equal((await get(url, path, { Authorization: TOKEN })).status, 401, path);
        assert.equal((await get(url, path, { Authorization: `Bearer ${TOKEN}` })).status, 200, path);
      }
      assert.equal((await get(url, '/healthz')).status, 200);
    } finally {
      const end = await serve.stop('SIGTERM');
      assert.equal(end.code, 0, end.stderr);
      assert.ok(!(end.stdout + end.stderr).includes(TOKEN), 'the token is never printed');
    }
  });

  test('HEADROOM_TOKEN applies on loopback too', async () => {
    const { env } = workspace();
    const serve = await startServe(['--demo', '--no-notify', '--listen', '127.0.0.1:0'], { ...env, HEADROOM_TOKEN: TOKEN });
    try {
      assert.equal((await get(serve.url, '/metrics')).status, 401);
      assert.equal((await get(serve.url, '/metrics', { Authorization: `Bearer ${TOKEN}` })).status, 200);
    } finally {
      assert.equal((await serve.stop('SIGTERM')).code, 0);
    }
  });
});

describe('headroom serve', () => {
  test('/api/v1/state is the JSON of headroom status --json; SIGINT exits 0', async () => {
    const { env } = workspace();
    const serve = await startServe(['--demo', '--no-notify', '--listen', '127.0.0.1:0'], env);
    let served: Array<Record<string, unknown>>;
    try {
      served = await waitFor('every demo account ok', async () => {
        const list = JSON.parse((await get(serve.url, '/api/v1/state')).body) as Array<Record<string, unknown>>;
        return list.length === 7 && list.every((a) => a.status === 'ok') ? list : undefined;
      });
    } finally {
      const end = await serve.stop('SIGINT');
      assert.equal(end.code, 0, end.stderr);
    }
    const status = await runHeadroom(['status', '--demo', '--json'], { env });
    assert.equal(status.code, 0, status.stderr);
    const printed = JSON.parse(status.stdout) as Array<Record<string, unknown>>;
    // Demo numbers move with time: the same accounts, in the same order, with the same fields.
    assert.deepEqual(
      printed.map((a) => [Object.keys(a), a.account, a.provider, a.status]),
      served.map((a) => [Object.keys(a), a.account, a.provider, a.status]),
    );
  });

  test('usage errors exit 64; a port in use exits 1 saying so', async () => {
    const { env } = workspace();
    assertUsage(await runHeadroom(['serve', '--bogus'], { env }), /unknown option '--bogus'/);
    assertUsage(await runHeadroom(['serve', 'extra'], { env }), /unexpected argument 'extra'/);
    assertUsage(await runHeadroom(['serve', '--demo', '--accounts', 'x.json'], { env }), /--demo and --accounts exclude each other/);
    assertUsage(await runHeadroom(['serve', '--listen', ':9479'], { env }), /give the address too/);
    assertUsage(await runHeadroom(['serve', '--accounts', '/nonexistent/accounts.json'], { env }), /cannot read the accounts file \/nonexistent\/accounts\.json: no such file/);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as { port: number };
      const r = await runHeadroom(['serve', '--demo', '--no-notify', '--listen', `127.0.0.1:${port}`], { env });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`headroom serve: 127\\.0\\.0\\.1:${port} is already in use \\(another headroom serve\\?\\): choose another port with --listen`));
    } finally {
      blocker.close();
    }
  });
});
