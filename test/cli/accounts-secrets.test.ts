/**
 * Secrets through the CLI as users type it: bin/headroom.cjs in child processes, the real keyring
 * (gnome-keyring in the D-Bus session `npm test` starts), providers simulated in processes of their
 * own. A secret is never taken from argv, and never sent to a host it was not entered for.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exitCodeFor } from '../../main/cli/exit-codes.ts';
import { loadKeytar } from '../../main/core/secrets/keychain.ts';
import { ApiError } from '../../main/model/errors.ts';
import { tempDir } from '../helpers/core.ts';
import { runHeadroom, type ProcessResult } from '../helpers/headroom-process.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.ts';
import { skipWithoutKeyring } from '../helpers/keyring.ts';

const skip = await skipWithoutKeyring();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('headroom accounts: secrets (child processes, real keyring)', { skip }, () => {
  let home: SimulatorProcess;
  let other: SimulatorProcess;
  const dir = tempDir();
  const env = { HEADROOM_DATA_DIR: dir };
  const outputs: ProcessResult[] = [];
  const headroom = async (args: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const r = await runHeadroom(args, { stdin: opts.stdin, env: { ...env, ...opts.env } });
    outputs.push(r);
    return r;
  };
  const SECRETS = { saved: `key_cli_saved_${process.pid}`, argv: `key_cli_argv_${process.pid}`, moved: `key_cli_moved_${process.pid}`, vobiz: `tok_cli_vobiz_${process.pid}` };
  const keychainOf = async (label: string) => {
    const list = JSON.parse((await headroom(['accounts', 'list', '--json'])).stdout) as Array<{ id: string; label: string; baseUrl?: string }>;
    const view = list.find((v) => v.label === label)!;
    return { view, secret: JSON.parse((await (await loadKeytar()).getPassword('Headroom', view.id)) ?? 'null') };
  };

  before(async () => {
    [home, other] = await Promise.all([startSimulatorProcess(), startSimulatorProcess()]);
    await home.addAccount('retell', { apiKey: SECRETS.saved }, { current: 2, limit: 10 });
    await home.addAccount('vobiz', { authId: 'MA_CLISEC', authToken: SECRETS.vobiz }, { current: 1, limit: 4 });
    const add = await headroom(['accounts', 'add', '--provider', 'retell', '--label', 'Prod', '--base-url', home.baseUrls.retell], { stdin: `${SECRETS.saved}\n` });
    assert.equal(add.code, 0, add.stderr);
    const vobiz = await headroom(['accounts', 'add', '--provider', 'vobiz', '--label', 'Voice', '--field', 'authId=MA_CLISEC', '--base-url', home.baseUrls.vobiz], { env: { HEADROOM_SECRET_AUTHTOKEN: SECRETS.vobiz } });
    assert.equal(vobiz.code, 0, vobiz.stderr);
  });

  after(async () => {
    for (const label of ['Prod', 'Voice']) await runHeadroom(['accounts', 'remove', label, '--delete-history'], { env });
    await Promise.all([home?.close(), other?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('edit refuses a secret --field exactly like add: exit 64, same message, nothing saved', async () => {
    const add = await headroom(['accounts', 'add', '--provider', 'retell', '--label', 'Other', '--field', `apiKey=${SECRETS.argv}`]);
    assert.equal(add.code, 64);
    assert.equal(add.stderr, "headroom accounts: API key is secret: don't pass it on the command line (it would stay in your shell history)\n");
    for (const args of [
      ['accounts', 'edit', 'Prod', '--field', `apiKey=${SECRETS.argv}`],
      ['accounts', 'edit', 'Prod', `--field=apiKey=${SECRETS.argv}`],
      ['accounts', 'edit', 'Prod', '--secrets', '--field', `apiKey=${SECRETS.argv}`],
      ['accounts', 'edit', 'Prod', '--label', 'Renamed', '--field', `apiKey=${SECRETS.argv}`],
    ]) {
      const r = await headroom(args, { stdin: `${SECRETS.argv}\n` });
      assert.equal(r.code, 64, args.join(' '));
      assert.equal(r.stderr, add.stderr, 'the same words as add');
      assert.equal(r.stdout, '');
    }
    const vobiz = await headroom(['accounts', 'edit', 'Voice', '--field', `authToken=${SECRETS.argv}`]);
    assert.equal(vobiz.code, 64);
    assert.equal(vobiz.stderr, "headroom accounts: Auth Token is secret: don't pass it on the command line (it would stay in your shell history)\n");
    const { view, secret } = await keychainOf('Prod');
    assert.deepEqual([view.label, secret], ['Prod', { apiKey: SECRETS.saved }], 'label and secret unchanged');
  });

  test('--field without a value does not print what was typed', async () => {
    const r = await headroom(['accounts', 'edit', 'Prod', '--field', SECRETS.argv]);
    assert.equal(r.code, 64);
    assert.ok(!r.stderr.includes(SECRETS.argv));
  });

  test('a base URL on another host needs --secrets; the saved secret is never sent there', async () => {
    const host = new URL(other.baseUrls.retell).host;
    const moved = await headroom(['accounts', 'edit', 'Prod', '--base-url', other.baseUrls.retell]);
    assert.equal(moved.code, 64);
    assert.equal(moved.stderr, `headroom accounts: --base-url points to another host (${host}): add --secrets to enter the API key again (a saved secret is never sent to a new host)\n`);
    const empty = await headroom(['accounts', 'edit', 'Prod', '--base-url', other.baseUrls.retell, '--secrets'], { stdin: '\n' });
    assert.equal(empty.code, exitCodeFor(new ApiError('invalid-argument', '')), empty.stderr);
    assert.equal(empty.stderr, `headroom accounts: apiKey: enter the API key again: the base URL now points to another host (${host}), and a saved secret is never sent to a new host\n`);
    assert.equal(await other.rejected('retell'), 0, 'the other host got no request');
    const { view, secret } = await keychainOf('Prod');
    assert.deepEqual([view.baseUrl, secret], [home.baseUrls.retell, { apiKey: SECRETS.saved }]);
  });

  test('with the secret entered again (stdin or HEADROOM_SECRET_*) the account moves; same host needs nothing', async () => {
    const key = await other.addAccount('retell', { apiKey: SECRETS.moved }, { current: 3, limit: 10 });
    const moved = await headroom(['accounts', 'edit', 'Prod', '--base-url', other.baseUrls.retell, '--secrets'], { stdin: `${SECRETS.moved}\n` });
    assert.equal(moved.code, 0, moved.stderr);
    assert.equal((await other.stats(key)).requests, 1, 'tested there once, with the new secret');
    assert.equal(await other.rejected('retell'), 0);
    assert.deepEqual((await keychainOf('Prod')).secret, { apiKey: SECRETS.moved });
    const test = await headroom(['accounts', 'test', 'Prod']);
    assert.equal(test.stdout, 'Prod: 3 / 10 concurrent calls (30%)\n');
    const back = await headroom(['accounts', 'edit', 'Prod', '--base-url', home.baseUrls.retell, '--secrets'], { env: { HEADROOM_SECRET_APIKEY: SECRETS.saved } });
    assert.equal(back.code, 0, back.stderr);
    const samePath = await headroom(['accounts', 'edit', 'Prod', '--base-url', `${home.baseUrls.retell}/`]);
    assert.equal(samePath.code, 0, samePath.stderr);
  });

  test('status shows a limit of 0 by the rule', async () => {
    await home.addAccount('retell', { apiKey: `${SECRETS.saved}_zero` }, { current: 0, limit: 0 });
    const add = await headroom(['accounts', 'add', '--provider', 'retell', '--label', 'Zero', '--base-url', home.baseUrls.retell], { stdin: `${SECRETS.saved}_zero\n` });
    assert.equal(add.code, 0, add.stderr);
    await headroom(['accounts', 'disable', 'Voice']);
    const status = await headroom(['status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^Zero +Retell AI +limit 0, no calls possible +at limit +live$/m);
    assert.match(status.stdout, /^Prod +Retell AI +2\/10 +20% +normal +live$/m);
    const json = JSON.parse((await headroom(['status', '--json'])).stdout) as Array<{ account: string; utilization: number | null; limit: number; forecast?: unknown }>;
    const { forecast: _, ...zero } = json.find((a) => a.account === 'Zero')!;
    assert.deepEqual(zero, { account: 'Zero', provider: 'retell', status: 'ok', current: 0, limit: 0, utilization: null, level: 'at-limit', freshness: 'live', message: null });
    await headroom(['accounts', 'remove', 'Zero', '--delete-history']);
  });

  test('no secret in any output or any file under the data dir', () => {
    const seen = [...outputs.flatMap((r) => [r.stdout, r.stderr]), ...filesUnder(dir).map((f) => readFileSync(f, 'latin1'))].join('\n');
    for (const s of Object.values(SECRETS)) assert.ok(!seen.includes(s), `secret ${s} leaked`);
    assert.ok(seen.includes('MA_CLISEC'), 'the scan sees non-secret fields');
  });
});
