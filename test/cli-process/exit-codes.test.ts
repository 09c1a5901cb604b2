/**
 * Every command's exit codes as scripts see them (bin/headroom.cjs in a child process, the provider
 * simulator in its own process), and output into a closed pipe.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { openConfig } from '../../main/core/config/store.ts';
import { openHistory } from '../../main/core/history/store.ts';
import { cleanEnv, runCliProcess, runPipeline } from '../helpers/headroom-process.ts';
import { tempDir } from '../helpers/core.ts';
import { closedPort } from '../helpers/simulator.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.ts';
import { keyringProblem } from '../helpers/keyring.ts';

const dirs: string[] = [];
let sim: SimulatorProcess;
let keyring: string | null;

function dataDir(): string {
  const d = tempDir('headroom-exit-');
  dirs.push(d);
  return d;
}

const NO_STACK = /^\s+at |Error:|node:internal/m;

/** Runs `headroom <args>`; every run also checks that nothing was printed as a stack trace. */
async function headroom(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string) {
  const r = await runCliProcess(args, { env: cleanEnv({ HEADROOM_DATA_DIR: dirs[0], ...env }), stdin });
  assert.doesNotMatch(r.stderr, NO_STACK, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

before(async () => {
  dataDir();
  keyring = await keyringProblem();
  sim = await startSimulatorProcess();
});
after(async () => {
  await sim.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('headroom', () => {
  test('--help shows the exit-code table; no command is a usage error (64) on stderr; so is an unknown one', async () => {
    const help = await headroom(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /exit codes \(every command\):\n\s+0\s+ok/);
    for (const code of ['1', '2', '3', '4', '5', '6', '64', '70', '130, 143']) assert.match(help.stdout, new RegExp(`^  ${code}\\s`, 'm'), code);
    const none = await headroom([]);
    assert.equal(none.code, 64);
    assert.match(none.stderr, /^Headroom .*\n\nusage: headroom <command>/);
    assert.equal((await headroom(['frobnicate'])).code, 64);
    for (const command of ['probe', 'status', 'watch', 'accounts', 'history']) {
      const r = await headroom([command, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /exit codes \(every command\)/, `${command} --help`);
    }
  });
});

describe('headroom probe', () => {
  const key = 'key_probe_exit_9z8y7x';
  let simKey = '';
  before(async () => {
    simKey = await sim.addAccount('retell', { apiKey: key }, { current: 2, limit: 10 });
  });
  const probe = (args: string[], apiKey = key) => headroom(['probe', 'retell', ...args], { RETELL_API_KEY: apiKey });

  test('0 ok, 2 rejected, 3 rate limited, 4 provider error, 5 network, 6 bad response', async () => {
    const ok = await probe(['--base-url', sim.baseUrls.retell]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'Retell AI: 2 / 10 concurrent calls (20%)');
    assert.equal((await probe(['--base-url', sim.baseUrls.retell], 'key_wrong_123456')).code, 2);
    await sim.fail(simKey, { kind: 'status', status: 429, retryAfter: '5' });
    assert.equal((await probe(['--base-url', sim.baseUrls.retell])).code, 3);
    await sim.fail(simKey, { kind: 'status', status: 500, body: '{"message":"boom"}' });
    assert.equal((await probe(['--base-url', sim.baseUrls.retell])).code, 4);
    await sim.fail(simKey, { kind: 'non-json' });
    assert.equal((await probe(['--base-url', sim.baseUrls.retell])).code, 6);
    await sim.fail(simKey, null);
    assert.equal((await probe(['--base-url', `http://127.0.0.1:${await closedPort()}`])).code, 5);
  });

  test('64 for usage: a malformed --base-url, a value given to a flag, an unknown option, no credentials, no provider', async () => {
    const badUrl = await probe(['--base-url', 'not a url']);
    assert.equal(badUrl.code, 64, 'was 5 "network"');
    assert.equal(badUrl.stderr, 'headroom probe: --base-url must be an absolute URL such as https://api.example.com');
    const jsonValue = await probe(['--base-url', sim.baseUrls.retell, '--json=x']);
    assert.equal(jsonValue.code, 64, '--json=x is an error, not a flag');
    assert.match(jsonValue.stderr, /^headroom probe: option '--json' does not take an argument$/);
    const unknown = await probe(['--bogus']);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /^headroom probe: unknown option '--bogus'$/);
    assert.equal((await headroom(['probe', 'retell'])).code, 64, 'RETELL_API_KEY missing');
    assert.equal((await headroom(['probe'])).code, 64);
    assert.equal((await headroom(['probe', 'twilio'])).code, 64);
    assert.equal((await probe(['--base-url'])).code, 64, 'a missing value');
  });
});

describe('headroom accounts, status, history', () => {
  const secret = 'key_exit_accounts_5t6y7u';
  let simKey = '';

  test('accounts: 64 for usage and validation errors, 1 for no such account, 2 for rejected credentials, 0 ok', async (t) => {
    if (keyring) return t.skip(keyring);
    simKey = await sim.addAccount('retell', { apiKey: secret }, { current: 1, limit: 4 });
    const add = (args: string[], stdin = `${secret}\n`) => headroom(['accounts', 'add', '--provider', 'retell', ...args], {}, stdin);
    const badUrl = await add(['--label', 'x', '--base-url', 'not a url']);
    assert.equal(badUrl.code, 64, `a validation error (was 1): ${badUrl.stderr}`);
    assert.equal((await add(['--label', 'x', '--bogus'])).code, 64);
    assert.equal((await add(['--label', 'x', '--no-test=yes'])).code, 64);
    assert.equal((await add(['--label', 'x', '--field', `apiKey=${secret}`])).code, 64, 'a secret on the command line');
    assert.equal((await add(['--label', 'x', '--base-url', sim.baseUrls.retell], 'key_wrong_abcdef\n')).code, 2);
    const ok = await add(['--label', 'Main', '--base-url', sim.baseUrls.retell]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((await headroom(['accounts', 'bogus'])).code, 64);
    assert.equal((await headroom(['accounts', 'list', 'extra'])).code, 64);
    assert.equal((await headroom(['accounts', 'test', 'nobody'])).code, 1);
    assert.equal((await headroom(['accounts', 'test', 'main'])).code, 0);
  });

  test('status: 0 when every account is ok, 1 when one fails, 64 for usage', async (t) => {
    if (keyring) return t.skip(keyring);
    const ok = await headroom(['status']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^ACCOUNT\s+PROVIDER\s+CALLS\s+%\s+LEVEL\s+DATA\nMain\s+Retell AI\s+1\/4\s+25%\s+normal\s+live\n/);
    await sim.fail(simKey, { kind: 'status', status: 500 });
    const failed = await headroom(['status', '--json']);
    assert.equal(failed.code, 1);
    assert.equal(JSON.parse(failed.stdout)[0].status, 'error');
    await sim.fail(simKey, null);
    assert.equal((await headroom(['status', '--json=1'])).code, 64);
    assert.equal((await headroom(['status', 'now'])).code, 64);
  });

  test('history export: 0 with CSV, 1 for no such account, 64 for usage; into a closed pipe it ends quietly', async () => {
    const dir = dataDir();
    const config = openConfig({ dataDir: dir });
    config.saveAccount({ id: 'long-1', provider: 'retell', label: 'Long', fields: {}, enabled: true, createdAt: 't', updatedAt: 't' });
    const history = await openHistory({ dataDir: dir });
    const now = Date.now();
    // ~250 KB of CSV: far more than a pipe holds, so the export really writes into a closed pipe.
    for (let i = 5000; i > 0; i--) history.append({ accountId: 'long-1', sampledAt: now - i * 1000, current: i % 17, limit: 20 });
    await history.close();
    const env = cleanEnv({ HEADROOM_DATA_DIR: dir });
    const full = await runCliProcess(['history', 'export', 'Long', '--since', '2h'], { env });
    assert.equal(full.code, 0, full.stderr);
    assert.equal(full.stdout.split('\n').length, 5001);
    assert.equal((await runCliProcess(['history', 'export', 'nobody'], { env })).code, 1);
    assert.equal((await runCliProcess(['history', 'export', 'Long', '--since', 'soon'], { env })).code, 64);
    assert.equal((await runCliProcess(['history', 'export', 'Long', '--bogus'], { env })).code, 64);
    assert.equal((await runCliProcess(['history', 'export'], { env })).code, 64);
    const piped = await runPipeline('"$NODE" "$BIN" history export Long --since 2h | head -2; echo "headroom exited ${PIPESTATUS[0]}" >&2', env);
    assert.equal(piped.stdout, `time,current,limit,utilization,resolution\n${full.stdout.split('\n')[1]}\n`);
    assert.equal(piped.stderr, 'headroom exited 0\n', 'no EPIPE stack trace');
  });

  test('every other command into a closed pipe: status, accounts list, --help', async () => {
    const env = cleanEnv({ HEADROOM_DATA_DIR: dataDir() });
    for (const command of ['status --demo', 'accounts list', '--help', 'probe --help']) {
      const r = await runPipeline(`"$NODE" "$BIN" ${command} | head -0; echo "headroom exited \${PIPESTATUS[0]}" >&2`, env);
      assert.match(r.stderr, /^(headroom: .*\n)*headroom exited 0\n$/, `${command}: ${r.stderr}`);
    }
  });
});
